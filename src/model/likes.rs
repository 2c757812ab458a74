//! A like, as the likes firehose and likes sample10 streams send it (`data`).
//!
//! Schema: `LikeWithPostAuthor` (OpenAPI 2.167; `LikeWithTweetAuthor` in 2.159). The spec's
//! field list (`like_with_tweet_author.fields`) names the author `liked_tweet_author_id`
//! while the schema calls it `tweet_author_id`; both decode here.

use serde::{Deserialize, Serialize};

use super::{Timestamp, TweetId, UserId};

/// One like event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Like {
    /// The like's own id (`[A-Za-z0-9_]{1,40}`, e.g. `8ba4f34e6235d905a46bac021d98e923`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// When the like happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// The post that was liked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liked_tweet_id: Option<TweetId>,
    /// Milliseconds since the Unix epoch (the spec says int32, which cannot hold them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_ms: Option<u64>,
    /// The author of the liked post.
    #[serde(
        default,
        alias = "liked_tweet_author_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub tweet_author_id: Option<UserId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_spec_example_and_the_field_list_name() {
        let l: Like = serde_json::from_str(
            r#"{"id":"8ba4f34e6235d905a46bac021d98e923","created_at":"2021-01-06T18:40:40.000Z",
               "liked_tweet_id":"1346889436626259968","timestamp_ms":1609958440000,
               "liked_tweet_author_id":"2244994945"}"#,
        )
        .unwrap();
        assert_eq!(l.id.as_deref(), Some("8ba4f34e6235d905a46bac021d98e923"));
        assert_eq!(l.tweet_author_id, Some(UserId(2244994945)));
        assert_eq!(l.timestamp_ms, Some(1_609_958_440_000));
    }
}
