//! The X API v2 data model: posts, users, media, polls, places, topics,
//! `includes`, matching rules and problems, as the streaming endpoints send
//! them.
//!
//! Schema source: X's OpenAPI spec 2.167 (the newest, Post-era naming) for
//! the object shapes, cross-checked with 2.160 (Tweet-era naming, which the
//! API sends) for the stream problem types and request names.
//!
//! Design:
//! - **Nothing lost.** Every member the schema knows is a field; decoding a
//!   line and encoding it again yields the same JSON (key order aside), which
//!   [`roundtrip::check_line`] verifies. Members X adds later are ignored by
//!   the typed model (never an error); the raw line, which the stream keeps,
//!   has them.
//! - **Open enums.** Every enumerated value has an `Other(String)` variant.
//! - **Cheap ids and times.** Ids are `u64` newtypes ([`TweetId`], ...),
//!   parsed from their decimal strings without allocating and serialized back
//!   as strings. Timestamps are [`Timestamp`]s backed by
//!   [`time::UtcDateTime`] (see the [`timestamp`] module for why `time`);
//!   text that does not parse is kept.
//! - **Fast decoding.** No `#[serde(flatten)]` or untagged enums on hot
//!   types (both buffer through serde's `Content`); enums, ids and times use
//!   small visitors. See `benches/decode.rs`.
//! - **Aliases.** The Post-era names of the newest spec (`includes.posts`,
//!   `edit_history_post_ids`, `note_post`, `referenced_posts`,
//!   `repost_count`, `post_count`, `pinned_post_id`, `most_recent_post_id`)
//!   decode into the Tweet-era fields, which are what is re-encoded.
//!
//! Members whose shape the spec leaves open (`article`, `article_title`, a
//! place's `properties`) are kept verbatim as [`RawJson`]; that needs
//! `serde_json`'s own deserializer (`from_str`/`from_slice`/`from_reader`),
//! not `from_value`.

mod compliance;
mod entities;
mod enums;
pub mod fields;
mod id;
mod includes;
mod labels;
mod likes;
mod objects;
mod open_enum;
mod payload;
mod problem;
mod raw;
pub mod roundtrip;
pub mod timestamp;
mod tweet;
mod user;

use serde::{Deserialize, Serialize};

pub use compliance::{
    Compliance, FavoriteRef, PostEditEvent, PostEvent, PostRef, PostWithheldEvent,
    ProfileModificationEvent, ScrubGeoEvent, UnlikeEvent, UserEvent, UserRef, UserWithheldEvent,
};
pub use entities::{
    Annotation, Entities, Mention, Tag, UrlEntities, UrlEntity, UrlImage, UserEntities,
};
pub use enums::{
    AnnotationType, ConnectionIssue, ConnectionStatus, DisconnectType, ForbiddenReason, GeoType,
    MediaType, PlaceType, ReferenceType, ReplySettings, ResourceType, Section, SubscriptionType,
    UsagePeriod, UsageScope, VerifiedType, VotingStatus, WithheldScope,
};
pub use fields::{
    Expansion, MediaField, PlaceField, PollField, TweetField, UnknownName, UserField,
};
pub use id::{
    CommunityId, MediaKey, ParseIdError, PlaceId, PollId, RuleId, TopicId, TweetId, UserId,
};
pub use includes::Includes;
pub use labels::{Label, PostNotice, PostUnviewable};
pub use likes::Like;
pub use objects::{Media, MediaMetrics, Place, PlaceGeo, Poll, PollOption, Topic, Variant};
pub use payload::Payload;
pub(crate) use payload::PayloadLine;
pub use problem::{Problem, ProblemKind, ProblemType, RequestError};
pub use raw::RawJson;
pub use timestamp::Timestamp;
pub use tweet::{
    Attachments, ContextAnnotation, ContextEntity, EditControls, Geo, MatchedMediaNote,
    MediaMetadata, NoteRequestSuggestion, NoteTweet, Point, PrivateMetrics, ReferencedTweet,
    Scopes, SourceLink, SourceLinkCount, Tweet, TweetPublicMetrics, Withheld,
};
pub use user::{Affiliation, LenientCount, Subscription, User, UserPublicMetrics, UserWithheld};

/// One rule a post matched (`matching_rules[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchingRule {
    /// The rule id.
    pub id: RuleId,
    /// The rule's tag, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// For embedding (semantic) rules: how similar the post was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding_similarity: Option<f64>,
    /// For embedding rules: the threshold the similarity had to reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub embedding_threshold: Option<f64>,
}

/// One decoded line of a stream: a post with its `includes` and the rules it
/// matched, or `errors` (a stream may also carry both, or problems alone).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StreamLine {
    /// The post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Tweet>,
    /// Objects the requested expansions pulled in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub includes: Option<Includes>,
    /// Problems, such as partial-hydration errors or a disconnect notice.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<Problem>,
    /// The filtered-stream rules the post matched.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub matching_rules: Vec<MatchingRule>,
}

impl StreamLine {
    /// The post's author (needs the `author_id` expansion).
    pub fn author(&self) -> Option<&User> {
        self.includes.as_ref()?.author_of(self.data.as_ref()?)
    }

    /// The post's attached media, in attachment order (needs
    /// `attachments.media_keys`); keys missing from `includes` are skipped.
    pub fn media(&self) -> impl Iterator<Item = &Media> + '_ {
        self.includes
            .as_ref()
            .zip(self.data.as_ref())
            .into_iter()
            .flat_map(|(inc, data)| inc.media_of(data))
    }

    /// The posts the post references, each with the expanded post if
    /// `includes` has it (needs `referenced_tweets.id`).
    pub fn referenced(&self) -> impl Iterator<Item = (&ReferencedTweet, Option<&Tweet>)> + '_ {
        let includes = self.includes.as_ref();
        self.data
            .iter()
            .flat_map(|t| t.referenced_tweets().iter())
            .map(move |r| (r, includes.and_then(|i| i.tweet(r.id))))
    }

    /// The post's attached polls (needs `attachments.poll_ids`).
    pub fn polls(&self) -> impl Iterator<Item = &Poll> + '_ {
        self.includes
            .as_ref()
            .zip(self.data.as_ref())
            .into_iter()
            .flat_map(|(inc, data)| inc.polls_of(data))
    }

    /// The place tagged on the post (needs `geo.place_id`).
    pub fn place(&self) -> Option<&Place> {
        self.includes.as_ref()?.place_of(self.data.as_ref()?)
    }

    /// The ids of the rules the post matched.
    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.matching_rules.iter().map(|r| r.id)
    }

    /// The tags of the rules the post matched (rules without a tag skipped).
    pub fn rule_tags(&self) -> impl Iterator<Item = &str> + '_ {
        self.matching_rules.iter().filter_map(|r| r.tag.as_deref())
    }
}
