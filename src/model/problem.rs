//! Problems: RFC 7807 problem details as X sends them in `errors`.

use crate::model::codec::lossless::lossless_object;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::enums::{
    ConnectionIssue, DisconnectType, ForbiddenReason, ResourceType, Section, UsagePeriod,
    UsageScope,
};

lossless_object! {
    /// One problem (`errors[]`): the RFC 7807 members plus every type-specific
    /// member X defines, as optional fields of one struct (no flattening, so
    /// decoding stays cheap).
    ///
    /// ```
    /// use tweetstream::model::enums::ConnectionIssue;
    /// use tweetstream::model::{Problem, ProblemKind};
    /// // What X sends when a second connection is opened on a one-connection plan.
    /// let p: Problem = serde_json::from_str(r#"{"title":"ConnectionException",
    ///   "detail":"This stream is currently at the maximum allowed connection limit.",
    ///   "connection_issue":"TooManyConnections",
    ///   "type":"https://api.twitter.com/2/problems/streaming-connection"}"#).unwrap();
    /// assert_eq!(p.problem_kind(), ProblemKind::StreamingConnection);
    /// assert_eq!(p.connection_issue, Some(ConnectionIssue::TooManyConnections));
    /// assert_eq!(p.to_string(), "ConnectionException: This stream is currently at the maximum allowed connection limit.");
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct Problem {
        /// The problem type URI; see [`ProblemType::kind`].
        ess kind: ProblemType = "type";
        /// A short summary.
        ess title: String = "title";
        /// A longer explanation.
        opt detail: String = "detail";
        /// The HTTP status this problem corresponds to.
        opt status: u16 = "status";
        /// `streaming-connection`: what is wrong with the connection.
        opt connection_issue: ConnectionIssue = "connection_issue";
        /// `operational-disconnect`: why X closed the stream.
        opt disconnect_type: DisconnectType = "disconnect_type";
        /// `client-forbidden`: why the client is forbidden.
        opt reason: ForbiddenReason = "reason";
        /// `client-forbidden`: where to enrol the App.
        opt registration_url: String = "registration_url";
        /// `usage-capped`: the cap's period.
        opt period: UsagePeriod = "period";
        /// `usage-capped`: what the cap applies to.
        opt scope: UsageScope = "scope";
        /// Resource problems: the kind of resource.
        opt resource_type: ResourceType = "resource_type";
        /// Resource problems: the resource's id.
        opt resource_id: String = "resource_id";
        /// The request parameter at fault.
        opt parameter: String = "parameter";
        /// The offending value (or, for `duplicate-rules`, the rule value).
        opt value: String = "value";
        /// Whether the problem concerns `data` or `includes`.
        opt section: Section = "section";
        /// `not-authorized-for-field`: the field.
        opt field: String = "field";
        /// `duplicate-rules`: the id of the existing rule.
        opt id: String = "id";
        /// `client-forbidden`: the App's client id.
        opt client_id: String = "client_id";
        /// `client-forbidden`: the access level the request needs.
        opt required_enrollment: String = "required_enrollment";
        /// `invalid-request`: the individual errors.
        opt errors: Vec<RequestError> = "errors";
    }
}

impl Problem {
    /// A problem with a type and title only.
    ///
    /// ```
    /// use tweetstream::model::{Problem, ProblemKind};
    /// let p = Problem::new(ProblemKind::UsageCapped.into(), "Usage cap exceeded");
    /// assert_eq!(p.kind.as_str(), "https://api.twitter.com/2/problems/usage-capped");
    /// assert_eq!(p.detail, None);
    /// assert_eq!(
    ///     serde_json::to_string(&p).unwrap(),
    ///     r#"{"type":"https://api.twitter.com/2/problems/usage-capped","title":"Usage cap exceeded"}"#,
    /// );
    /// ```
    pub fn new(kind: ProblemType, title: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            detail: None,
            status: None,
            connection_issue: None,
            disconnect_type: None,
            reason: None,
            registration_url: None,
            period: None,
            scope: None,
            resource_type: None,
            resource_id: None,
            parameter: None,
            value: None,
            section: None,
            field: None,
            id: None,
            client_id: None,
            required_enrollment: None,
            errors: None,
            extra: Default::default(),
        }
    }
}

impl Problem {
    /// Which documented problem this is (the `kind` field holds the `type` URI as sent).
    ///
    /// ```
    /// use tweetstream::model::{Problem, ProblemKind};
    /// let p = Problem::new(ProblemKind::RuleCap.into(), "Rule cap exceeded");
    /// assert_eq!(p.problem_kind(), ProblemKind::RuleCap);
    /// ```
    pub fn problem_kind(&self) -> ProblemKind {
        self.kind.kind()
    }
}

impl fmt::Display for Problem {
    /// `title: detail`, then the specifics of `errors[].message` in parentheses (where a
    /// misspelt expansion is named).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.title)?;
        if let Some(detail) = &self.detail {
            write!(f, ": {detail}")?;
        }
        specifics(f, self.errors.as_deref().unwrap_or_default())
    }
}

impl std::error::Error for Problem {}

lossless_object! {
    /// One error of an `invalid-request` problem.
    ///
    /// ```
    /// use tweetstream::model::{ParameterError, Problem};
    /// let p: Problem = serde_json::from_str(r#"{"title":"Invalid Request",
    ///   "detail":"One or more parameters to your request was invalid.",
    ///   "type":"https://api.twitter.com/2/problems/invalid-request",
    ///   "errors":[{"parameters":{"expansions":["author"]},
    ///     "message":"The `expansions` query parameter value [author] is not one of [author_id,geo.place_id]"}]}"#).unwrap();
    /// let e: &ParameterError = &p.errors.as_ref().unwrap()[0];
    /// assert_eq!(e.parameters.as_ref().unwrap()["expansions"], ["author"]);
    /// assert!(e.message.as_deref().unwrap().contains("[author]"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct RequestError {
        /// What is wrong.
        opt message: String = "message";
        /// The parameters at fault and their values.
        opt parameters: BTreeMap<String, Vec<String>> = "parameters";
    }
}

/// The problem types X documents, by the last segment of their URI.
///
/// ```
/// use tweetstream::model::{ProblemKind, ProblemUri};
/// let kind = ProblemUri::new("https://api.x.com/2/problems/rule-cap").kind();
/// assert_eq!(kind, ProblemKind::RuleCap);
/// assert_eq!(ProblemUri::new("about:blank").kind(), ProblemKind::Generic);
/// assert_eq!(ProblemUri::new("https://api.x.com/2/problems/added-in-2030").kind(), ProblemKind::Other);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// `about:blank`: nothing beyond the HTTP status.
    Generic,
    /// The client went away.
    ClientDisconnected,
    /// The client may not make this request.
    ClientForbidden,
    /// A job is already in progress.
    Conflict,
    /// The resource violates the API's precepts.
    DisallowedResource,
    /// A submitted rule duplicates an existing one.
    DuplicateRules,
    /// A field could not be hydrated.
    FieldHydrationFailure,
    /// A field may not be seen.
    FieldUnauthorized,
    /// An internal error at X.
    InternalError,
    /// The request is invalid.
    InvalidRequest,
    /// A submitted rule is invalid.
    InvalidRules,
    /// The rule set is not compliant.
    NoncompliantRules,
    /// A field may not be seen.
    NotAuthorizedForField,
    /// A resource may not be seen.
    NotAuthorizedForResource,
    /// X closed the stream for operational reasons.
    OperationalDisconnect,
    /// The resource does not exist.
    ResourceNotFound,
    /// The resource is not available to you.
    ResourceUnavailable,
    /// Too many rules.
    RuleCap,
    /// Something is wrong with the streaming connection.
    StreamingConnection,
    /// The authentication method is not supported.
    UnsupportedAuthentication,
    /// A usage cap was exceeded.
    UsageCapped,
    /// A type this version does not know.
    Other,
}

const KINDS: &[(&str, ProblemKind)] = &[
    ("client-disconnected", ProblemKind::ClientDisconnected),
    ("client-forbidden", ProblemKind::ClientForbidden),
    ("conflict", ProblemKind::Conflict),
    ("disallowed-resource", ProblemKind::DisallowedResource),
    ("duplicate-rules", ProblemKind::DuplicateRules),
    (
        "field-hydration-failure",
        ProblemKind::FieldHydrationFailure,
    ),
    ("field-unauthorized", ProblemKind::FieldUnauthorized),
    ("internal-error", ProblemKind::InternalError),
    ("invalid-request", ProblemKind::InvalidRequest),
    ("invalid-rules", ProblemKind::InvalidRules),
    ("noncompliant-rules", ProblemKind::NoncompliantRules),
    (
        "not-authorized-for-field",
        ProblemKind::NotAuthorizedForField,
    ),
    (
        "not-authorized-for-resource",
        ProblemKind::NotAuthorizedForResource,
    ),
    ("operational-disconnect", ProblemKind::OperationalDisconnect),
    ("resource-not-found", ProblemKind::ResourceNotFound),
    ("resource-unavailable", ProblemKind::ResourceUnavailable),
    ("rule-cap", ProblemKind::RuleCap),
    ("streaming-connection", ProblemKind::StreamingConnection),
    (
        "unsupported-authentication",
        ProblemKind::UnsupportedAuthentication,
    ),
    ("usage-capped", ProblemKind::UsageCapped),
];

const TWITTER_PREFIX: &str = "https://api.twitter.com/2/problems/";
const X_PREFIX: &str = "https://api.x.com/2/problems/";

/// A problem type URI, kept exactly as sent (X uses both
/// `https://api.twitter.com/2/problems/…` and `https://api.x.com/2/problems/…`).
/// Known URIs are stored without allocating; any other text is kept as is.
///
/// (Exported as [`ProblemUri`](crate::model::ProblemUri).)
///
/// ```
/// use tweetstream::model::{Problem, ProblemKind};
/// let p: Problem = serde_json::from_str(
///     r#"{"type":"https://api.x.com/2/problems/resource-not-found","title":"Not Found Error"}"#,
/// ).unwrap();
/// assert_eq!(p.kind.as_str(), "https://api.x.com/2/problems/resource-not-found"); // as sent
/// assert_eq!(p.kind.kind(), ProblemKind::ResourceNotFound);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProblemType(Cow<'static, str>);

impl ProblemType {
    /// The type for a kind, with the `api.twitter.com` prefix the stream uses.
    ///
    /// ```
    /// use tweetstream::model::{ProblemKind, ProblemUri};
    /// assert_eq!(
    ///     ProblemUri::of(ProblemKind::OperationalDisconnect).as_str(),
    ///     "https://api.twitter.com/2/problems/operational-disconnect",
    /// );
    /// assert_eq!(ProblemUri::of(ProblemKind::Generic).as_str(), "about:blank");
    /// ```
    pub fn of(kind: ProblemKind) -> Self {
        match kind {
            ProblemKind::Generic => Self(Cow::Borrowed("about:blank")),
            ProblemKind::Other => Self(Cow::Borrowed("")),
            k => {
                let (suffix, _) = KINDS.iter().find(|(_, kk)| *kk == k).expect("listed");
                Self(Cow::Owned(format!("{TWITTER_PREFIX}{suffix}")))
            }
        }
    }

    /// Wraps any type URI.
    ///
    /// ```
    /// use tweetstream::model::{ProblemKind, ProblemUri};
    /// let uri = ProblemUri::new("https://api.twitter.com/2/problems/client-forbidden");
    /// assert_eq!(uri.kind(), ProblemKind::ClientForbidden);
    /// assert_eq!(uri, ProblemUri::of(ProblemKind::ClientForbidden));
    /// ```
    pub fn new(uri: &str) -> Self {
        Self::intern(uri).unwrap_or_else(|| Self(Cow::Owned(uri.to_owned())))
    }

    /// The URI as sent.
    ///
    /// ```
    /// use tweetstream::model::ProblemUri;
    /// let uri = ProblemUri::new("https://example.com/problems/teapot");
    /// assert_eq!(uri.as_str(), "https://example.com/problems/teapot");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Which documented problem this is, whichever host the URI names.
    ///
    /// ```
    /// use tweetstream::model::{ProblemKind, ProblemUri};
    /// for host in ["api.twitter.com", "api.x.com"] {
    ///     let uri = ProblemUri::new(&format!("https://{host}/2/problems/duplicate-rules"));
    ///     assert_eq!(uri.kind(), ProblemKind::DuplicateRules);
    /// }
    /// assert_eq!(ProblemUri::new("https://example.com/2/problems/duplicate-rules").kind(), ProblemKind::Other);
    /// ```
    pub fn kind(&self) -> ProblemKind {
        let s: &str = &self.0;
        if s == "about:blank" {
            return ProblemKind::Generic;
        }
        let suffix = s
            .strip_prefix(TWITTER_PREFIX)
            .or_else(|| s.strip_prefix(X_PREFIX));
        match suffix {
            Some(suffix) => KINDS
                .iter()
                .find(|(k, _)| *k == suffix)
                .map_or(ProblemKind::Other, |(_, kind)| *kind),
            None => ProblemKind::Other,
        }
    }

    fn intern(uri: &str) -> Option<Self> {
        // Static strings for every documented URI, so decoding them allocates nothing.
        macro_rules! table {
            ($($suffix:literal),*) => {
                match uri {
                    "about:blank" => Some("about:blank"),
                    $(
                        concat!("https://api.twitter.com/2/problems/", $suffix) =>
                            Some(concat!("https://api.twitter.com/2/problems/", $suffix)),
                        concat!("https://api.x.com/2/problems/", $suffix) =>
                            Some(concat!("https://api.x.com/2/problems/", $suffix)),
                    )*
                    _ => None,
                }
            };
        }
        table!(
            "client-disconnected",
            "client-forbidden",
            "conflict",
            "disallowed-resource",
            "duplicate-rules",
            "field-hydration-failure",
            "field-unauthorized",
            "internal-error",
            "invalid-request",
            "invalid-rules",
            "noncompliant-rules",
            "not-authorized-for-field",
            "not-authorized-for-resource",
            "operational-disconnect",
            "resource-not-found",
            "resource-unavailable",
            "rule-cap",
            "streaming-connection",
            "unsupported-authentication",
            "usage-capped"
        )
        .map(|s| Self(Cow::Borrowed(s)))
    }
}

impl fmt::Display for ProblemType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for ProblemType {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<ProblemKind> for ProblemType {
    fn from(kind: ProblemKind) -> Self {
        Self::of(kind)
    }
}

impl Serialize for ProblemType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProblemType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ProblemType;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a problem type URI")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ProblemType, E> {
                Ok(ProblemType::new(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// ` (message; message)`, or nothing when no error has a message.
fn specifics(f: &mut fmt::Formatter<'_>, errors: &[RequestError]) -> fmt::Result {
    let mut messages = errors.iter().filter_map(|e| e.message.as_deref());
    if let Some(first) = messages.next() {
        write!(f, " ({first}")?;
        for m in messages {
            write!(f, "; {m}")?;
        }
        f.write_str(")")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::{ParameterError, Problem, ProblemKind};

    #[test]
    fn display_names_the_bad_parameter_from_errors() {
        // X's answer to `expansions=author` (shape from X's API reference, invalid-request).
        let body = r#"{"errors":[{"parameters":{"expansions":["author"]},"message":"The `expansions` query parameter value [author] is not one of [author_id,referenced_tweets.id]"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#;
        let p: Problem = serde_json::from_str(body).unwrap();
        assert_eq!(p.problem_kind(), ProblemKind::InvalidRequest);
        assert_eq!(
            p.to_string(),
            "Invalid Request: One or more parameters to your request was invalid. \
             (The `expansions` query parameter value [author] is not one of [author_id,referenced_tweets.id])"
        );
        let mut p = Problem::new(ProblemKind::InvalidRequest.into(), "Invalid Request");
        p.errors = Some(vec![ParameterError::default()]);
        assert_eq!(p.to_string(), "Invalid Request");
    }
}
