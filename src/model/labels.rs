//! Post labels: the `data` of the label stream (`/2/tweets/label/stream`).
//!
//! Schemas (OpenAPI 2.167): `PostLabelData`, one of `PostNoticeSchema`
//! (`public_tweet_notice`) and `PostUnviewableSchema` (`public_tweet_unviewable`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Timestamp;
use super::compliance::{PostRef, one_member, write_member};

/// `public_tweet_notice`: a notice label applied to or removed from a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostNotice {
    /// The post.
    pub tweet: PostRef,
    /// The kind of label, e.g. `misleading`.
    pub event_type: String,
    /// When it happened.
    pub event_at: Timestamp,
    /// `apply` or `remove`.
    pub application: String,
    /// The text shown on the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The label's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_title: Option<String>,
    /// A link to more about this kind of label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_details_url: Option<String>,
}

/// `public_tweet_unviewable`: a post made unviewable, or viewable again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostUnviewable {
    /// The post.
    pub tweet: PostRef,
    /// When it happened.
    pub event_at: Timestamp,
    /// `apply` or `remove`.
    pub application: String,
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
        /// Its value, whole.
        value: serde_json::Value,
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
        let (kind, value) = one_member(d)?;
        let typed = match kind.as_str() {
            "public_tweet_notice" => serde_json::from_value(value.clone()).map(Label::Notice),
            "public_tweet_unviewable" => {
                serde_json::from_value(value.clone()).map(Label::Unviewable)
            }
            _ => return Ok(Label::Other { kind, value }),
        };
        Ok(typed.unwrap_or(Label::Other { kind, value }))
    }
}

impl Serialize for Label {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Label::Notice(n) => write_member(s, self.kind(), n),
            Label::Unviewable(u) => write_member(s, self.kind(), u),
            Label::Other { kind, value } => write_member(s, kind, value),
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
            let back = serde_json::to_value(&l).unwrap();
            assert_eq!(
                back,
                serde_json::from_str::<serde_json::Value>(json).unwrap()
            );
        }
    }
}
