//! The X API v2 data model: posts, users, media, polls, places, topics,
//! `includes`, matching rules and problems, as the streaming endpoints send
//! them.
//!
//! Schema source: X's OpenAPI spec 2.167 (the newest, Post-era naming) for
//! the object shapes, cross-checked with 2.160 (Tweet-era naming, which the
//! API sends) for the stream problem types and request names.
//!
//! Design:
//! - **Nothing lost.** Every member the schema knows is a field; everything
//!   else (unknown members, `null`s, values in an unexpected form) is kept
//!   as raw JSON in the object's [`Extra`] (its `extra` field), so decoding a
//!   line and encoding it again yields the same JSON value, number text
//!   included, which [`roundtrip::check_line`] verifies. Objects are declared
//!   with the `lossless_object!` macro (`lossless.rs`).
//! - **Strict first, tolerant on failure.** [`tolerant::decode`] decodes with
//!   plain serde; only a line that fails is decoded again, tolerantly (see
//!   [`tolerant`]), so one drifted value never costs the post. The strict
//!   pass costs no more than derived `Deserialize` impls did: the tolerant one
//!   is told apart by type (`tolerant_de.rs`), not by a check in every object.
//! - **Open enums.** Every enumerated value has an `Other(String)` variant.
//! - **Cheap ids and times.** Ids are `u64` newtypes ([`TweetId`], ...),
//!   parsed from their decimal strings without allocating and serialized back
//!   as strings (another form X sent is kept in `extra`). Timestamps are [`Timestamp`]s backed by
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
//! place's `properties`) and every member kept in an [`Extra`] are held as
//! [`RawJson`] (`serde_json`'s `RawValue`); reading one needs `serde_json`'s
//! own deserializer (`from_str`/`from_slice`/`from_reader`), not
//! `from_value`. The generated `Deserialize` impls are otherwise generic over
//! any serde `Deserializer`; the tolerant pass re-reads raw text with
//! `serde_json`.
//!
//! A line decodes into typed fields, keeps what it does not know, and re-encodes unchanged.
//!
//! ```
//! use tweetstream::model::StreamLine;
//! let text = r#"{"data":{"id":"20","text":"just setting up my twttr","x_new":1}}"#;
//! let line: StreamLine = serde_json::from_str(text).unwrap();
//! let post = line.data.as_ref().unwrap();
//! assert_eq!((post.id.get(), post.text.as_str()), (20, "just setting up my twttr"));
//! assert_eq!(post.extra.get("x_new").unwrap().get(), "1");
//! assert_eq!(serde_json::to_string(&line).unwrap(), text);
//! ```

pub mod activity;
pub(crate) mod codec;
pub mod compliance;
pub mod entities;
pub mod enums;
pub mod fields;
mod id;
mod includes;
mod labels;
mod likes;
pub mod objects;
mod payload;
mod problem;
pub mod timestamp;
pub mod tweet;
pub mod user;

use codec::lossless::lossless_object;
pub use codec::{roundtrip, tolerant};
use tweet::ReferencedTweet;

pub use activity::Activity;
pub use codec::extra::Extra;
pub use compliance::Compliance;
pub use fields::{
    Expansion, MediaField, PlaceField, PollField, TweetField, UnknownName, UserField,
};
pub use id::{
    CommunityId, MediaKey, ParseIdError, PlaceId, PollId, RuleId, TopicId, TweetId, UserId,
};
pub use includes::Includes;
pub use labels::{Label, PostNotice, PostUnviewable};
pub use likes::Like;
pub use objects::{Media, Place, Poll, Topic};
pub use problem::{
    Problem, ProblemKind, ProblemType as ProblemUri, RequestError as ParameterError,
};

pub use codec::raw::RawJson;
pub use payload::Payload;
pub(crate) use payload::PayloadLine;
pub use timestamp::Timestamp;
pub use tweet::Tweet;
pub use user::User;

lossless_object! {
    /// One rule a post matched (`matching_rules[]`).
    ///
    /// ```
    /// use tweetstream::model::MatchingRule;
    /// let r: MatchingRule = serde_json::from_str(r#"{"id":"1166916266197536768","tag":"cats with images"}"#).unwrap();
    /// assert_eq!(r.id.get(), 1166916266197536768);
    /// assert_eq!(r.tag.as_deref(), Some("cats with images"));
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct MatchingRule {
        /// The rule id.
        ess id: RuleId = "id";
        /// The rule's tag, if it has one.
        opt tag: String = "tag";
        /// For embedding (semantic) rules: how similar the post was.
        opt_exact embedding_similarity: f64 = "embedding_similarity";
        /// For embedding rules: the threshold the similarity had to reach.
        opt_exact embedding_threshold: f64 = "embedding_threshold";
    }
}

lossless_object! {
    /// One decoded line of a stream: a post with its `includes` and the rules it
    /// matched, or `errors` (a stream may also carry both, or problems alone).
    ///
    /// ```
    /// use tweetstream::model::{ProblemKind, StreamLine};
    /// let line: StreamLine = serde_json::from_str(r#"{
    ///   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger", "author_id": "2244994945"},
    ///   "includes": {"users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}]},
    ///   "matching_rules": [{"id": "1166916266197536768", "tag": "science"}]
    /// }"#).unwrap();
    /// assert_eq!(line.data.as_ref().unwrap().id.get(), 1578408589215076358);
    /// assert_eq!(line.author().unwrap().username, "XDevelopers");
    /// assert!(line.errors.is_empty());
    ///
    /// // A disconnect notice arrives as a line with `errors` only.
    /// let notice: StreamLine = serde_json::from_str(r#"{"errors":[{"title":"operational-disconnect",
    ///   "disconnect_type":"UpstreamOperationalDisconnect",
    ///   "detail":"This stream has been disconnected upstream for operational reasons.",
    ///   "type":"https://api.twitter.com/2/problems/operational-disconnect"}]}"#).unwrap();
    /// assert!(notice.data.is_none());
    /// assert_eq!(notice.errors[0].problem_kind(), ProblemKind::OperationalDisconnect);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct StreamLine {
        /// The post.
        opt data: Tweet = "data";
        /// Objects the requested expansions pulled in.
        opt includes: Includes = "includes";
        /// Problems, such as partial-hydration errors or a disconnect notice.
        vec errors: Vec<Problem> = "errors";
        /// The filtered-stream rules the post matched.
        vec matching_rules: Vec<MatchingRule> = "matching_rules";
    }
}

impl StreamLine {
    /// The post's author (needs the `author_id` expansion).
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// assert_eq!(line.author().unwrap().name, "Developers");
    /// ```
    pub fn author(&self) -> Option<&User> {
        self.includes.as_ref()?.author_of(self.data.as_ref()?)
    }

    /// The post's attached media, in attachment order (needs
    /// `attachments.media_keys`); keys missing from `includes` are skipped.
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// let keys: Vec<&str> = line.media().map(|m| m.media_key.as_str()).collect();
    /// assert_eq!(keys, ["3_1578408579454832640"]);
    /// ```
    pub fn media(&self) -> impl Iterator<Item = &Media> + '_ {
        self.includes
            .as_ref()
            .zip(self.data.as_ref())
            .into_iter()
            .flat_map(|(inc, data)| inc.media_of(data))
    }

    /// The posts the post references, each with the expanded post if
    /// `includes` has it (needs `referenced_tweets.id`).
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// let refs: Vec<_> = line.referenced().collect();
    /// assert_eq!(refs.len(), 2);
    /// assert!(refs[0].1.unwrap().text.contains("Charles Darwin")); // expanded
    /// assert!(refs[1].1.is_none()); // not in `includes`
    /// ```
    pub fn referenced(&self) -> impl Iterator<Item = (&ReferencedTweet, Option<&Tweet>)> + '_ {
        let includes = self.includes.as_ref();
        self.data
            .iter()
            .flat_map(|t| t.referenced_tweets().iter())
            .map(move |r| (r, includes.and_then(|i| i.tweet(r.id))))
    }

    /// The post's attached polls (needs `attachments.poll_ids`).
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// let poll = line.polls().next().unwrap();
    /// assert_eq!(poll.options[0].label, "Yes");
    /// ```
    pub fn polls(&self) -> impl Iterator<Item = &Poll> + '_ {
        self.includes
            .as_ref()
            .zip(self.data.as_ref())
            .into_iter()
            .flat_map(|(inc, data)| inc.polls_of(data))
    }

    /// The place tagged on the post (needs `geo.place_id`).
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// assert_eq!(line.place().unwrap().full_name, "Manhattan, NY");
    /// ```
    pub fn place(&self) -> Option<&Place> {
        self.includes.as_ref()?.place_of(self.data.as_ref()?)
    }

    /// The ids of the rules the post matched.
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// let ids: Vec<u64> = line.rule_ids().map(|id| id.get()).collect();
    /// assert_eq!(ids, [1578408589000000000, 1578408589000000001]);
    /// ```
    pub fn rule_ids(&self) -> impl Iterator<Item = RuleId> + '_ {
        self.matching_rules.iter().map(|r| r.id)
    }

    /// The tags of the rules the post matched (rules without a tag skipped).
    ///
    /// ```
    /// # let line: tweetstream::model::StreamLine = serde_json::from_str(r#"{
    /// #   "data": {"id": "1578408589215076358", "text": "He’s just learned about Schrödinger https://t.co/x9j9SjCV7k",
    /// #     "author_id": "2244994945", "attachments": {"media_keys": ["3_1578408579454832640"], "poll_ids": ["1199786642468413448"]},
    /// #     "geo": {"place_id": "01a9a39529b27f36"},
    /// #     "referenced_tweets": [{"type": "quoted", "id": "1578374373316431872"}, {"type": "replied_to", "id": "1"}]},
    /// #   "includes": {
    /// #     "users": [{"id": "2244994945", "name": "Developers", "username": "XDevelopers"}],
    /// #     "media": [{"media_key": "3_1578408579454832640", "type": "photo"}],
    /// #     "polls": [{"id": "1199786642468413448", "options": [{"position": 1, "label": "Yes", "votes": 3}]}],
    /// #     "places": [{"id": "01a9a39529b27f36", "full_name": "Manhattan, NY"}],
    /// #     "tweets": [{"id": "1578374373316431872", "text": "A statue of Charles Darwin sits in what London museum?"}]},
    /// #   "matching_rules": [{"id": "1578408589000000000", "tag": "science"}, {"id": "1578408589000000001"}]
    /// # }"#).unwrap();
    /// assert_eq!(line.rule_tags().collect::<Vec<_>>(), ["science"]); // the second rule has no tag
    /// ```
    pub fn rule_tags(&self) -> impl Iterator<Item = &str> + '_ {
        self.matching_rules.iter().filter_map(|r| r.tag.as_deref())
    }
}
