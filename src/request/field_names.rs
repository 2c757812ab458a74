//! Checking `expansions` and `*.fields` names against the typed lists before any request, so
//! a misspelt name (`expansions(["author"])`) is refused up front, naming it, instead of
//! becoming a fatal 400 later. Names X adds after this crate's lists go through
//! [`StreamParams::allow_unknown_fields`](crate::StreamParams::allow_unknown_fields).

use crate::model::{Expansion, MediaField, PlaceField, PollField, TweetField, UserField};
use crate::request::endpoint::FieldSet;

/// `like_with_tweet_author.fields` values (OpenAPI 2.167).
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{Emulator, LIKE_FIELDS};
/// # use tweetstream::prelude::*;
/// # use tweetstream::StreamEndpoint;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let params = StreamParams::new().like_fields(LIKE_FIELDS).partition(1);
/// let mut stream = client.stream(StreamEndpoint::LikesSample10, params).unwrap();
/// let like = loop {
///     match stream.next().await.expect("the stream ended") {
///         StreamEvent::Like(like) => break like,
///         _ => continue,
///     }
/// };
/// assert!(like.created_at.is_some() && like.liked_tweet_id.is_some());
/// # }
/// ```
pub const LIKE_FIELDS: &[&str] = &[
    "attachments_media_keys",
    "created_at",
    "id",
    "liked_tweet_author_id",
    "liked_tweet_id",
    "timestamp_ms",
];
/// `expansions` values of the likes streams (OpenAPI 2.167).
///
/// ```
/// # use tweetstream::StreamParams;
/// # use tweetstream::emulator::{LIKE_EXPANSIONS, LIKE_FIELDS};
/// let client = tweetstream::StreamingClient::new("token").unwrap();
/// let params = StreamParams::new().like_fields(LIKE_FIELDS).expansions(LIKE_EXPANSIONS).partition(1);
/// // Taken by the likes streams; the posts streams refuse these expansions by name.
/// assert!(client.stream(tweetstream::StreamEndpoint::LikesFirehose, params.clone()).is_ok());
/// let err = client.sample(StreamParams::new().expansions(["liked_tweet_id"])).unwrap_err();
/// assert_eq!(err.parameter_name(), Some("expansions"));
/// ```
pub const LIKE_EXPANSIONS: &[&str] = &[
    "attachments.media_keys",
    "liked_tweet_author_id",
    "liked_tweet_id",
];

/// The names this crate knows for a query parameter (`expansions`, `tweet.fields`, ...) of a
/// stream taking `set` (the likes streams have their own expansions).
fn known_names(set: FieldSet, parameter: &str) -> &'static [&'static str] {
    match (set, parameter) {
        (FieldSet::Likes, Expansion::PARAMETER) => LIKE_EXPANSIONS,
        (FieldSet::Likes, "like_with_tweet_author.fields") => LIKE_FIELDS,
        (_, parameter) => posts_names(parameter),
    }
}

fn posts_names(parameter: &str) -> &'static [&'static str] {
    match parameter {
        Expansion::PARAMETER => Expansion::NAMES,
        TweetField::PARAMETER => TweetField::NAMES,
        UserField::PARAMETER => UserField::NAMES,
        MediaField::PARAMETER => MediaField::NAMES,
        PollField::PARAMETER => PollField::NAMES,
        PlaceField::PARAMETER => PlaceField::NAMES,
        _ => &[],
    }
}

/// Only characters a name can have, so nothing needs percent-encoding (checked always).
pub(crate) fn well_formed(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// Whether `name` is a known value of `parameter`.
pub(crate) fn is_known(set: FieldSet, parameter: &str, name: &str) -> bool {
    known_names(set, parameter).contains(&name)
}

/// Why an unknown name is refused: the closest known name when one is near, and the way out.
pub(crate) fn unknown_reason(set: FieldSet, parameter: &str, name: &str) -> String {
    let hint = known_names(set, parameter)
        .iter()
        .filter(|k| k.contains(name) || name.contains(*k))
        .min_by_key(|k| k.len().abs_diff(name.len()));
    let mut why = format!("{name:?} is not a known {parameter} value");
    if let Some(k) = hint {
        why.push_str(&format!(" (did you mean {k:?}?)"));
    }
    why.push_str(
        "; if X added it after this crate's lists, send it anyway with \
         StreamParams::allow_unknown_fields()",
    );
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_name_is_known_under_its_parameter_only() {
        let posts = FieldSet::Posts;
        assert!(is_known(posts, "expansions", "author_id"));
        assert!(is_known(posts, "tweet.fields", "created_at"));
        assert!(is_known(posts, "place.fields", "country_code"));
        assert!(!is_known(posts, "expansions", "author"));
        assert!(!is_known(posts, "expansions", "liked_tweet_id"));
        assert!(!is_known(posts, "poll.fields", "created_at"));
        assert!(!is_known(posts, "backfill_minutes", "1"));
        let likes = FieldSet::Likes;
        assert!(is_known(likes, "expansions", "liked_tweet_id"));
        assert!(!is_known(likes, "expansions", "author_id"));
        assert!(is_known(
            likes,
            "like_with_tweet_author.fields",
            "timestamp_ms"
        ));
        assert!(is_known(likes, "tweet.fields", "created_at"));
    }

    #[test]
    fn the_reason_names_the_value_and_suggests_a_near_name() {
        let why = unknown_reason(FieldSet::Posts, "expansions", "author");
        assert!(
            why.contains("\"author\" is not a known expansions value"),
            "{why}"
        );
        assert!(why.contains("did you mean \"author_id\""), "{why}");
        assert!(why.contains("allow_unknown_fields"), "{why}");
        assert!(!unknown_reason(FieldSet::Posts, "media.fields", "zzz").contains("did you mean"));
    }
}
