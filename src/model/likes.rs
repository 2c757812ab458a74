//! A like, as the likes firehose and likes sample10 streams send it (`data`).
//!
//! Schema: `LikeWithPostAuthor` (OpenAPI 2.167; `LikeWithTweetAuthor` in 2.159). The spec's
//! field list (`like_with_tweet_author.fields`) names the author `liked_tweet_author_id`
//! while the schema calls it `tweet_author_id`; both decode here, each re-encoding under
//! its own name, and [`Like::author_id`] reads either.

use super::{Timestamp, TweetId, UserId};
use crate::model::codec::lossless::lossless_object;

lossless_object! {
    /// One like event. The schema requires no member, so every field is optional.
    ///
    /// ```
    /// use tweetstream::model::{Like, UserId};
    /// // The spec's example values, the author under the field list's name.
    /// let like: Like = serde_json::from_str(r#"{"id":"8ba4f34e6235d905a46bac021d98e923",
    ///   "created_at":"2021-01-06T18:40:40.000Z","liked_tweet_id":"1346889436626259968",
    ///   "timestamp_ms":1609958440000,"liked_tweet_author_id":"2244994945","source":"web"}"#).unwrap();
    /// assert_eq!(like.liked_tweet_id.unwrap(), 1346889436626259968);
    /// assert_eq!(like.author_id(), Some(UserId(2244994945)));
    /// assert_eq!(like.created_at.as_ref().unwrap().get().unwrap().unix_timestamp() * 1000,
    ///            like.timestamp_ms.unwrap() as i64);
    /// // A member the schema does not name is kept, and re-encoded.
    /// assert_eq!(like.extra.get("source").unwrap().get(), r#""web""#);
    /// let back = serde_json::to_string(&like).unwrap();
    /// assert!(back.contains(r#""liked_tweet_author_id":"2244994945""#) && back.contains(r#""source":"web""#));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Like {
        /// The like's own id (`[A-Za-z0-9_]{1,40}`, e.g. `8ba4f34e6235d905a46bac021d98e923`).
        opt id: String = "id";
        /// When the like happened.
        opt created_at: Timestamp = "created_at";
        /// The post that was liked.
        opt liked_tweet_id: TweetId = "liked_tweet_id";
        /// Milliseconds since the Unix epoch (the spec says int32, which cannot hold them).
        opt timestamp_ms: u64 = "timestamp_ms";
        /// The author of the liked post, under the schema's name (see [`author_id`](Self::author_id)).
        opt tweet_author_id: UserId = "tweet_author_id";
        /// The author of the liked post, under the field list's name (as X's X Activity
        /// examples send it); kept apart so that the like re-encodes under the name it came with.
        opt liked_tweet_author_id: UserId = "liked_tweet_author_id";
    }
}

impl Like {
    /// The liked post's author, under either name X uses.
    ///
    /// ```
    /// use tweetstream::model::{Like, UserId};
    /// let a: Like = serde_json::from_str(r#"{"tweet_author_id":"7"}"#).unwrap();
    /// let b: Like = serde_json::from_str(r#"{"liked_tweet_author_id":"7"}"#).unwrap();
    /// assert_eq!(a.author_id(), Some(UserId(7)));
    /// assert_eq!(a.author_id(), b.author_id());
    /// ```
    pub fn author_id(&self) -> Option<UserId> {
        self.tweet_author_id.or(self.liked_tweet_author_id)
    }
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
        assert_eq!(l.author_id(), Some(UserId(2244994945)));
        assert_eq!(l.tweet_author_id, None);
        assert_eq!(l.timestamp_ms, Some(1_609_958_440_000));
    }
}
