//! Post labels: the `data` of the label stream (`/2/tweets/label/stream`).
//!
//! Schemas (OpenAPI 2.167): `PostLabelData`, one of `PostNoticeSchema`
//! (`public_tweet_notice`) and `PostUnviewableSchema` (`public_tweet_unviewable`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compliance::PostRef;
use super::{RawJson, Timestamp};
use crate::model::codec::event_member;
use crate::model::codec::lossless::lossless_object;

lossless_object! {
    /// `public_tweet_notice`: a notice label applied to or removed from a post.
    ///
    /// ```
    /// use tweetstream::model::{Label, PostNotice};
    /// let label: Label = serde_json::from_str(r#"{"public_tweet_notice":{
    ///   "tweet":{"id":"1346889436626259968","author_id":"2244994945"},"event_type":"misleading",
    ///   "event_at":"2021-07-06T18:40:40.000Z","application":"apply","label_title":"Stay informed"}}"#).unwrap();
    /// let Label::Notice(n) = label else { panic!("not a notice") };
    /// assert_eq!(n.tweet.id, 1346889436626259968);
    /// assert_eq!(n.event_type, "misleading");
    /// assert_eq!(n.label_title.as_deref(), Some("Stay informed"));
    /// assert_eq!(n.details, None);
    /// // The event's members are required: without `event_type` it is no `PostNotice`.
    /// let bare = r#"{"tweet":{"id":"1","author_id":"2"},"event_at":"2021-07-06T18:40:40.000Z","application":"apply"}"#;
    /// assert!(serde_json::from_str::<PostNotice>(bare).is_err());
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostNotice {
        /// The post.
        ess tweet: PostRef = "tweet";
        /// The kind of label, e.g. `misleading`.
        ess event_type: String = "event_type";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// `apply` or `remove`.
        ess application: String = "application";
        /// The text shown on the label.
        opt details: String = "details";
        /// The label's title.
        opt label_title: String = "label_title";
        /// A link to more about this kind of label.
        opt extended_details_url: String = "extended_details_url";
    }
}

lossless_object! {
    /// `public_tweet_unviewable`: a post made unviewable, or viewable again.
    ///
    /// ```
    /// use tweetstream::model::PostUnviewable;
    /// let u: PostUnviewable = serde_json::from_str(r#"{"tweet":{"id":"1346889436626259968",
    ///   "author_id":"2244994945"},"event_at":"2021-07-06T18:40:40.000Z","application":"remove",
    ///   "event_type":"unviewable"}"#).unwrap();
    /// assert_eq!(u.tweet.author_id.unwrap(), 2244994945);
    /// assert_eq!(u.application, "remove");
    /// // `event_type` is not in this schema: kept in `extra`, and re-encoded.
    /// assert_eq!(u.extra.get("event_type").unwrap().get(), r#""unviewable""#);
    /// assert!(serde_json::to_string(&u).unwrap().contains(r#""event_type":"unviewable""#));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostUnviewable {
        /// The post.
        ess tweet: PostRef = "tweet";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// `apply` or `remove`.
        ess application: String = "application";
    }
}

/// One label event (open: unknown events are kept as [`Label::Other`]).
///
/// ```
/// use tweetstream::model::Label;
/// let unviewable: Label = serde_json::from_str(r#"{"public_tweet_unviewable":{"tweet":{"id":"1",
///   "author_id":"2"},"event_at":"2021-07-06T18:40:40.000Z","application":"apply"}}"#).unwrap();
/// assert!(matches!(unviewable, Label::Unviewable(ref u) if u.tweet.id == 1));
///
/// // A label this crate does not know is kept whole, number text included.
/// let json = r#"{"public_tweet_ghost":{"tweet":{"id":"1"},"score":0.50}}"#;
/// let ghost: Label = serde_json::from_str(json).unwrap();
/// assert!(matches!(ghost, Label::Other { ref kind, .. } if kind == "public_tweet_ghost"));
/// assert_eq!(serde_json::to_string(&ghost).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Label {
    /// `public_tweet_notice`.
    Notice(PostNotice),
    /// `public_tweet_unviewable`.
    Unviewable(PostUnviewable),
    /// An event this crate does not know, or of an unexpected shape.
    Other {
        /// The member name.
        kind: String,
        /// Its value, whole, as received (re-encoded byte for byte).
        value: RawJson,
    },
}

impl Label {
    /// The member name as X sends it.
    ///
    /// ```
    /// use tweetstream::model::Label;
    /// let body = r#"{"tweet":{"id":"1","author_id":"2"},"event_type":"misleading","event_at":"2021-07-06T18:40:40.000Z","application":"apply"}"#;
    /// for kind in ["public_tweet_notice", "public_tweet_unviewable", "public_tweet_ghost"] {
    ///     let label: Label = serde_json::from_str(&format!(r#"{{"{kind}":{body}}}"#)).unwrap();
    ///     assert_eq!(label.kind(), kind);
    /// }
    /// ```
    pub fn kind(&self) -> &str {
        match self {
            Label::Notice(_) => "public_tweet_notice",
            Label::Unviewable(_) => "public_tweet_unviewable",
            Label::Other { kind, .. } => kind,
        }
    }

    /// Whether the label is being applied (`application: "apply"`).
    ///
    /// `None` for a label this crate does not know.
    ///
    /// ```
    /// use tweetstream::model::Label;
    /// let label = |json: &str| serde_json::from_str::<Label>(json).unwrap();
    /// let at = r#""tweet":{"id":"1","author_id":"2"},"event_at":"2021-07-06T18:40:40.000Z""#;
    /// let applied = label(&format!(r#"{{"public_tweet_unviewable":{{{at},"application":"apply"}}}}"#));
    /// let removed = label(&format!(r#"{{"public_tweet_unviewable":{{{at},"application":"remove"}}}}"#));
    /// let unknown = label(&format!(r#"{{"public_tweet_ghost":{{{at},"application":"apply"}}}}"#));
    /// assert_eq!(applied.is_applied(), Some(true));
    /// assert_eq!(removed.is_applied(), Some(false));
    /// assert_eq!(unknown.is_applied(), None);
    /// ```
    pub fn is_applied(&self) -> Option<bool> {
        match self {
            Label::Notice(n) => Some(n.application == "apply"),
            Label::Unviewable(u) => Some(u.application == "apply"),
            Label::Other { .. } => None,
        }
    }
}

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (kind, value) = event_member::read(d)?;
        let typed = match kind.as_str() {
            "public_tweet_notice" => event_member::typed(&value).map(Label::Notice),
            "public_tweet_unviewable" => event_member::typed(&value).map(Label::Unviewable),
            _ => None,
        };
        Ok(typed.unwrap_or(Label::Other { kind, value }))
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Label::Notice(n) => event_member::write(s, self.kind(), n),
            Label::Unviewable(u) => event_member::write(s, self.kind(), u),
            Label::Other { kind, value } => event_member::write(s, kind, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_label_events_round_trip() {
        for json in [
            r#"{"public_tweet_notice":{"tweet":{"id":"1","author_id":"2"},"event_type":"misleading","event_at":"2021-07-06T18:40:40.000Z","application":"apply","details":"d","label_title":"t","extended_details_url":"https://x.com/l"}}"#,
            r#"{"public_tweet_unviewable":{"tweet":{"id":"1","author_id":"2"},"event_at":"2021-07-06T18:40:40.000Z","application":"remove"}}"#,
        ] {
            let l: Label = serde_json::from_str(json).unwrap();
            assert!(!matches!(l, Label::Other { .. }));
            let back = serde_json::to_string(&l).unwrap();
            assert!(
                crate::model::codec::roundtrip::same_json(json, &back),
                "{back}"
            );
        }
    }

    #[test]
    fn unknown_labels_keep_their_number_text() {
        let json = r#"{"public_tweet_ghost":{"score":1.50,"big":12345678901234567890123}}"#;
        let l: Label = serde_json::from_str(json).unwrap();
        assert!(matches!(&l, Label::Other { kind, .. } if kind == "public_tweet_ghost"));
        assert_eq!(serde_json::to_string(&l).unwrap(), json);
    }
}
