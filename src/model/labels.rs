//! Post labels: the `data` of the label stream (`/2/tweets/label/stream`).
//!
//! Schemas (OpenAPI 2.167): `PostLabelData`, one of `PostNoticeSchema`
//! (`public_tweet_notice`) and `PostUnviewableSchema` (`public_tweet_unviewable`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compliance::PostRef;
use super::event_member;
use super::lossless::lossless_object;
use super::{RawJson, Timestamp};

lossless_object! {
    /// `public_tweet_notice`: a notice label applied to or removed from a post.
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
    pub fn kind(&self) -> &str {
        match self {
            Label::Notice(_) => "public_tweet_notice",
            Label::Unviewable(_) => "public_tweet_unviewable",
            Label::Other { kind, .. } => kind,
        }
    }

    /// Whether the label is being applied (`application: "apply"`).
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
            assert!(crate::model::roundtrip::same_json(json, &back), "{back}");
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
