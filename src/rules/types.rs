//! The shapes of the rules endpoints: rules, the typed response and its `meta`.
//!
//! Per X's OpenAPI: `Rule` (`id`, `value`, `tag`), `RuleNoId` (`value`, `tag`),
//! `AddOrDeleteRulesResponse` / `RulesLookupResponse` (`data`, `errors`, `meta`),
//! `RulesResponseMetadata` (`sent`, `result_count`, `next_token`, `summary`) and
//! `RulesRequestSummary` (`created`/`not_created`/`valid`/`invalid`, or
//! `deleted`/`not_deleted`).

use std::fmt;
use std::ops::Deref;

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use crate::connection::rate_limit::RateLimit;
use crate::error::Error;
use crate::model::{Includes, Problem, ProblemKind, RuleId, Timestamp};

/// An active filtered-stream rule (`Rule`).
///
/// ```
/// use tweetstream::rules::Rule;
/// let rule: Rule = serde_json::from_str(r#"{"id":"1166895166390583297","value":"cat has:media","tag":"cats"}"#).unwrap();
/// assert_eq!(rule.id, 1166895166390583297);
/// assert_eq!(rule.tag.as_deref(), Some("cats"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rule {
    /// Its id.
    pub id: RuleId,
    /// The rule text.
    pub value: String,
    /// Its tag, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl Rule {
    /// The rule without its id, as it would be added.
    ///
    /// ```
    /// # use tweetstream::rules::{NewRule, Rule};
    /// let rule: Rule = serde_json::from_str(r#"{"id":"7","value":"cats","tag":"pets"}"#).unwrap();
    /// assert_eq!(rule.to_new(), NewRule::new("cats").tag("pets"));
    /// ```
    pub fn to_new(&self) -> NewRule {
        NewRule {
            value: self.value.clone(),
            tag: self.tag.clone(),
        }
    }
}

impl From<&Rule> for RuleId {
    fn from(rule: &Rule) -> RuleId {
        rule.id
    }
}

impl From<Rule> for RuleId {
    fn from(rule: Rule) -> RuleId {
        rule.id
    }
}

/// A rule to add (`RuleNoId`): a value and an optional tag.
///
/// `"cats"` and `("cats", "tag")` convert into one, so `add_rules(["cats", "dogs"], false)`
/// works.
///
/// ```
/// use tweetstream::rules::NewRule;
/// assert_eq!(NewRule::from("cats"), NewRule::new("cats"));
/// assert_eq!(NewRule::from(("cats", "pets")), NewRule::new("cats").tag("pets"));
/// assert_eq!(serde_json::to_string(&NewRule::new("cats")).unwrap(), r#"{"value":"cats"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NewRule {
    /// The rule text.
    pub value: String,
    /// The tag, sent only when set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
}

impl NewRule {
    /// A rule without a tag.
    ///
    /// ```
    /// # use tweetstream::rules::NewRule;
    /// let rule = NewRule::new("from:XDevelopers -is:retweet");
    /// assert_eq!((rule.value.as_str(), rule.tag), ("from:XDevelopers -is:retweet", None));
    /// ```
    pub fn new(value: impl Into<String>) -> Self {
        NewRule {
            value: value.into(),
            tag: None,
        }
    }

    /// Sets the tag.
    ///
    /// ```
    /// # use tweetstream::rules::NewRule;
    /// let rule = NewRule::new("cats has:images").tag("cat pictures");
    /// assert_eq!(rule.tag.as_deref(), Some("cat pictures"));
    /// assert_eq!(rule.to_string(), "cat pictures: cats has:images");
    /// ```
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Parses one line of a rules file: `tag: value`, or just `value`.
    ///
    /// The tag is what comes before the first `": "` when it has no space, quote or
    /// parenthesis, so operator rules such as `from:jack` or `"a: b"` stay whole values.
    /// `None` for a blank line or a `#` comment.
    ///
    /// ```
    /// # use tweetstream::rules::NewRule;
    /// assert_eq!(NewRule::parse_line("pets: cats OR dogs"), Some(NewRule::new("cats OR dogs").tag("pets")));
    /// assert_eq!(NewRule::parse_line("from:jack"), Some(NewRule::new("from:jack")));
    /// assert_eq!(NewRule::parse_line("\"a: b\" lang:en"), Some(NewRule::new("\"a: b\" lang:en")));
    /// assert_eq!(NewRule::parse_line("# a comment"), None);
    /// assert_eq!(NewRule::parse_line("   "), None);
    /// ```
    pub fn parse_line(line: &str) -> Option<NewRule> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        if let Some((tag, value)) = line.split_once(": ") {
            let tag = tag.trim();
            let plain = !tag.is_empty()
                && !tag
                    .chars()
                    .any(|c| c.is_whitespace() || matches!(c, '"' | '(' | ')'));
            if plain && !value.trim().is_empty() {
                return Some(NewRule::new(value.trim()).tag(tag));
            }
        }
        Some(NewRule::new(line))
    }
}

impl From<&str> for NewRule {
    fn from(value: &str) -> Self {
        NewRule::new(value)
    }
}

impl From<String> for NewRule {
    fn from(value: String) -> Self {
        NewRule::new(value)
    }
}

impl<V: Into<String>, T: Into<String>> From<(V, T)> for NewRule {
    fn from((value, tag): (V, T)) -> Self {
        NewRule::new(value).tag(tag)
    }
}

impl From<&Rule> for NewRule {
    fn from(rule: &Rule) -> Self {
        rule.to_new()
    }
}

impl fmt::Display for NewRule {
    /// `tag: value`, or just `value`: the rules-file line form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.tag {
            Some(tag) => write!(f, "{tag}: {}", self.value),
            None => f.write_str(&self.value),
        }
    }
}

/// One `errors` item of a rules response: a problem (`DuplicateRule`, `invalid-rules`,
/// `rule-cap`, a rule that does not exist, ...) plus the `details` X gives for invalid rules.
///
/// Derefs to its [`Problem`], so `item.value`, `item.id` and `item.kind.kind()` read directly.
///
/// ```
/// use tweetstream::rules::RuleProblem;
/// let item: RuleProblem = serde_json::from_str(
///     r#"{"value":"cats (dogs","details":["Rules must contain balanced parentheses."],"title":"UnprocessableEntity","type":"https://api.twitter.com/2/problems/invalid-rules"}"#,
/// ).unwrap();
/// assert_eq!(item.value.as_deref(), Some("cats (dogs")); // through Deref to the Problem
/// assert_eq!(item.details, ["Rules must contain balanced parentheses."]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleProblem {
    /// The problem.
    #[serde(flatten)]
    pub problem: Problem,
    /// For `invalid-rules`: what is wrong with the value, one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl RuleProblem {
    /// Which documented problem this is.
    ///
    /// ```
    /// # use tweetstream::rules::RuleProblem;
    /// # use tweetstream::prelude::ProblemKind;
    /// let item: RuleProblem = serde_json::from_str(
    ///     r#"{"value":"cats","id":"1","title":"DuplicateRule","type":"https://api.twitter.com/2/problems/duplicate-rules"}"#,
    /// ).unwrap();
    /// assert_eq!(item.problem_kind(), ProblemKind::DuplicateRules);
    /// ```
    pub fn problem_kind(&self) -> ProblemKind {
        self.problem.problem_kind()
    }
}

impl Deref for RuleProblem {
    type Target = Problem;
    fn deref(&self) -> &Problem {
        &self.problem
    }
}

impl fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.problem)?;
        if let Some(value) = &self.problem.value {
            write!(f, " ({value:?})")?;
        }
        // The problem's own `errors[].message` are already in its Display.
        for d in &self.details {
            write!(f, "; {d}")?;
        }
        Ok(())
    }
}

/// `meta.summary` (`RulesRequestSummary`): the counts of an add, or of a delete.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::rules::RulesSummary;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let answer = client.add_rules(["cats", "dogs (puppies"]).await.unwrap();
/// let summary: RulesSummary = answer.summary();
/// assert_eq!((summary.created, summary.invalid), (Some(1), Some(1)));
/// assert_eq!(summary.deleted, None); // an add has no delete counts
/// # }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesSummary {
    /// Add: rules created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<u64>,
    /// Add: rules not created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_created: Option<u64>,
    /// Add: valid rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid: Option<u64>,
    /// Add: invalid rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invalid: Option<u64>,
    /// Delete: rules deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<u64>,
    /// Delete: rules not deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_deleted: Option<u64>,
}

/// `meta` (`RulesResponseMetadata`).
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let page = client.get_rules_page(&tweetstream::rules::RulesQuery::new()).await.unwrap();
/// assert_eq!(page.meta.result_count, Some(2));
/// assert!(page.meta.sent.is_some());
/// assert_eq!(page.meta.next_token, None);
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RulesMeta {
    /// When X answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<Timestamp>,
    /// Lookup: rules in this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_count: Option<u64>,
    /// Lookup: the token of the next page, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// Add or delete: the counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<RulesSummary>,
}

/// The decoded body, as X sends it.
#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    data: Option<Vec<Rule>>,
    #[serde(default)]
    includes: Option<Includes>,
    #[serde(default)]
    errors: Option<Vec<RuleProblem>>,
    #[serde(default)]
    meta: Option<RulesMeta>,
}

/// A successful (2xx) answer of a rules endpoint: tweepy's `Response(data, includes,
/// errors, meta)`, plus the HTTP status, the rate-limit headers and the raw body (tweepy's
/// `return_type`).
///
/// Partial failures are data, not an `Err`: a duplicate or invalid rule in an add, or an
/// id that does not exist in a delete, is an item of [`errors`](Self::errors).
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let answer = client.add_rules([("cats", "pets")]).await.unwrap();
/// assert_eq!(answer.status, 201);
/// assert_eq!(answer.data[0].tag.as_deref(), Some("pets"));
/// assert!(answer.errors.is_empty());
/// assert!(answer.rate_limit.is_some_and(|r| r.limit.is_some()));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RulesResponse {
    /// The rules created (add) or found (lookup).
    pub data: Vec<Rule>,
    /// `includes`, which the rules endpoints do not send today; kept for parity.
    pub includes: Option<Includes>,
    /// Rules not created or not deleted, and why.
    pub errors: Vec<RuleProblem>,
    /// `meta`.
    pub meta: RulesMeta,
    /// The HTTP status (200, or 201 when rules were created).
    pub status: u16,
    /// The `x-rate-limit-*` headers.
    pub rate_limit: Option<RateLimit>,
    /// The body exactly as received.
    pub raw: Bytes,
}

impl RulesResponse {
    pub(crate) fn decode(
        status: u16,
        rate_limit: Option<RateLimit>,
        raw: Bytes,
    ) -> Result<RulesResponse, Error> {
        let wire: Wire = serde_json::from_slice(&raw).map_err(|e| {
            Error::decode(
                format!("HTTP {status}: the rules response did not decode"),
                Some(Box::new(e)),
            )
        })?;
        Ok(RulesResponse {
            data: wire.data.unwrap_or_default(),
            includes: wire.includes,
            errors: wire.errors.unwrap_or_default(),
            meta: wire.meta.unwrap_or_default(),
            status,
            rate_limit,
            raw,
        })
    }

    /// The raw body as text (`None` if it is not UTF-8).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let answer = client.add_rules(["cats"]).await.unwrap();
    /// let raw: serde_json::Value = serde_json::from_str(answer.raw_str().unwrap()).unwrap();
    /// assert_eq!(raw["data"][0]["value"], "cats");
    /// # }
    /// ```
    pub fn raw_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.raw).ok()
    }

    /// The summary (add and delete answers).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().rule("a", None).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let answer = client.delete_rules_by_value(["a", "never-added"]).await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(1));
    /// assert_eq!(answer.summary().not_deleted, Some(1));
    /// # }
    /// ```
    pub fn summary(&self) -> RulesSummary {
        self.meta.summary.unwrap_or_default()
    }

    /// The token of the next page (lookups).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let first = client.get_rules_page(&RulesQuery::new().max_results(1)).await.unwrap();
    /// assert!(first.next_token().is_some());
    /// let all = client.get_rules_page(&RulesQuery::new()).await.unwrap();
    /// assert_eq!(all.next_token(), None);
    /// # }
    /// ```
    pub fn next_token(&self) -> Option<&str> {
        self.meta.next_token.as_deref()
    }
}

/// The parameters of one `GET /2/tweets/search/stream/rules` page.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::rules::RulesQuery;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::builder().rule("a", None).start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let query = RulesQuery::new().max_results(100);
/// let page = client.get_rules_page(&query).await.unwrap();
/// assert_eq!(page.data.len(), 1);
/// assert_eq!(em.requests()[0].query.as_deref(), Some("max_results=100"));
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulesQuery {
    pub(crate) ids: Vec<RuleId>,
    pub(crate) max_results: Option<u32>,
    pub(crate) pagination_token: Option<String>,
}

impl RulesQuery {
    /// Every rule, pages of X's default size.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().rule("a", None).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let page = client.get_rules_page(&RulesQuery::new()).await.unwrap();
    /// assert_eq!(page.data.len(), 1);
    /// assert_eq!(em.requests()[0].query, None); // X's defaults
    /// # }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Only these rules (`ids`); empty means all.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # use tweetstream::model::RuleId;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let b: RuleId = em.rules()[1].0.parse().unwrap();
    /// let page = client.get_rules_page(&RulesQuery::new().ids([b])).await.unwrap();
    /// assert_eq!(page.data[0].value, "b");
    /// assert_eq!(page.data.len(), 1);
    /// # }
    /// ```
    pub fn ids<I>(mut self, ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<RuleId>,
    {
        self.ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// Page size (`max_results`, 1 to 1000).
    ///
    /// ```
    /// # use tweetstream::rules::RulesQuery;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = StreamingClient::new("token").unwrap();
    /// // Out of range: refused before sending.
    /// let err = client.get_rules_page(&RulesQuery::new().max_results(0)).await.unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("max_results"));
    /// # }
    /// ```
    pub fn max_results(mut self, n: u32) -> Self {
        self.max_results = Some(n);
        self
    }

    /// Start at this page (`pagination_token`, a `next_token` of an earlier page).
    ///
    /// ```
    /// # use tweetstream::rules::RulesQuery;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.get_rules_page(&RulesQuery::new().pagination_token("")).await.unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("pagination_token"));
    /// # }
    /// ```
    pub fn pagination_token(mut self, token: impl Into<String>) -> Self {
        self.pagination_token = Some(token.into());
        self
    }

    /// The query string (without `?`), after checking the parameters.
    pub(crate) fn to_query(&self) -> Result<String, Error> {
        let mut parts = Vec::new();
        if !self.ids.is_empty() {
            let ids: Vec<String> = self.ids.iter().map(ToString::to_string).collect();
            parts.push(format!("ids={}", ids.join(",")));
        }
        if let Some(n) = self.max_results {
            if !(1..=1000).contains(&n) {
                return Err(Error::parameter("max_results", "must be 1 to 1000"));
            }
            parts.push(format!("max_results={n}"));
        }
        if let Some(token) = &self.pagination_token {
            if token.is_empty() {
                return Err(Error::parameter("pagination_token", "is empty"));
            }
            parts.push(format!("pagination_token={}", percent_encode(token)));
        }
        Ok(parts.join("&"))
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_rules_serialize_as_rule_no_id() {
        let rules = [
            NewRule::new("cat has:images").tag("cats"),
            NewRule::from("dog"),
        ];
        assert_eq!(
            serde_json::to_string(&rules).unwrap(),
            r#"[{"value":"cat has:images","tag":"cats"},{"value":"dog"}]"#
        );
        assert_eq!(NewRule::from(("a", "b")), NewRule::new("a").tag("b"));
    }

    #[test]
    fn rules_file_lines() {
        assert_eq!(NewRule::parse_line("  "), None);
        assert_eq!(NewRule::parse_line("# comment"), None);
        assert_eq!(NewRule::parse_line("cats"), Some(NewRule::new("cats")));
        assert_eq!(
            NewRule::parse_line("pets: cats OR dogs"),
            Some(NewRule::new("cats OR dogs").tag("pets"))
        );
        assert_eq!(
            NewRule::parse_line("from:jack"),
            Some(NewRule::new("from:jack"))
        );
        assert_eq!(
            NewRule::parse_line("\"a: b\" c"),
            Some(NewRule::new("\"a: b\" c"))
        );
        assert_eq!(
            NewRule::parse_line("cats OR dogs: lol"),
            Some(NewRule::new("cats OR dogs: lol"))
        );
        let r = NewRule::new("x y").tag("t");
        assert_eq!(NewRule::parse_line(&r.to_string()), Some(r));
    }

    #[test]
    fn decodes_a_full_add_answer_with_problems_and_details() {
        let body = Bytes::from_static(
            br#"{"data":[{"id":"1870000000001048577","value":"cat","tag":"t"}],
            "errors":[{"value":"dog","id":"1870000000002097154","title":"DuplicateRule","type":"https://api.twitter.com/2/problems/duplicate-rules"},
                      {"value":"(x","details":["Unmatched parenthesis"],"title":"UnprocessableEntity","type":"https://api.twitter.com/2/problems/invalid-rules"}],
            "meta":{"sent":"2024-01-02T03:04:05.678Z","summary":{"created":1,"not_created":2,"valid":1,"invalid":2}}}"#,
        );
        let r = RulesResponse::decode(201, None, body.clone()).unwrap();
        assert_eq!(r.status, 201);
        assert_eq!(r.raw, body);
        assert_eq!(r.data[0].id, 1_870_000_000_001_048_577);
        assert_eq!(r.data[0].tag.as_deref(), Some("t"));
        assert_eq!(r.errors[0].problem_kind(), ProblemKind::DuplicateRules);
        assert_eq!(r.errors[0].id.as_deref(), Some("1870000000002097154"));
        assert_eq!(r.errors[1].problem_kind(), ProblemKind::InvalidRules);
        assert_eq!(r.errors[1].details, ["Unmatched parenthesis"]);
        assert!(r.errors[1].to_string().contains("Unmatched parenthesis"));
        assert_eq!(
            r.summary(),
            RulesSummary {
                created: Some(1),
                not_created: Some(2),
                valid: Some(1),
                invalid: Some(2),
                ..RulesSummary::default()
            }
        );
        assert!(r.meta.sent.as_ref().unwrap().is_valid());
        let e = RulesResponse::decode(200, None, Bytes::from_static(b"<html>")).unwrap_err();
        assert!(e.kind() == crate::ErrorKind::Decode, "{e}");
    }

    #[test]
    fn queries_are_checked_and_encoded() {
        assert_eq!(RulesQuery::new().to_query().unwrap(), "");
        let q = RulesQuery::new()
            .ids([RuleId(1), RuleId(22)])
            .max_results(2)
            .pagination_token("a b/c");
        assert_eq!(
            q.to_query().unwrap(),
            "ids=1,22&max_results=2&pagination_token=a%20b%2Fc"
        );
        for n in [0, 1001] {
            let e = RulesQuery::new().max_results(n).to_query().unwrap_err();
            assert_eq!(e.parameter_name(), Some("max_results"));
        }
        let e = RulesQuery::new()
            .pagination_token("")
            .to_query()
            .unwrap_err();
        assert_eq!(e.parameter_name(), Some("pagination_token"));
    }
}
