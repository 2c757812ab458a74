//! The post (tweet) object and its members.
//!
//! ```
//! use tweetstream::model::tweet::Tweet;
//! let t: Tweet = serde_json::from_str(r#"{"id":"1","text":"hello","author_id":"2"}"#).unwrap();
//! assert_eq!((t.id.get(), t.text.as_str()), (1, "hello"));
//! assert_eq!(t.author_id.unwrap().get(), 2);
//! ```

use crate::model::codec::lossless::lossless_object;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::entities::{Entities, UrlEntity};
use super::enums::{GeoType, ReferenceType, ReplySettings, WithheldScope};
use super::id::{CommunityId, MediaKey, PlaceId, PollId, TweetId, UserId};
use super::timestamp::Timestamp;
use crate::model::codec::raw::RawJson;

lossless_object! {
    /// A post (tweet): every `tweet.fields` value of the v2 schema.
    ///
    /// `id` and `text` are X's default fields and always present; everything else
    /// is present only when requested (and applicable), hence `Option`. Arrays are
    /// `Option<Vec<_>>` so that an empty array X sent re-encodes as an empty array.
    /// The Post-era names of the newest spec (`edit_history_post_ids`,
    /// `note_post`, `referenced_posts`) are accepted as aliases.
    ///
    /// ```
    /// use tweetstream::model::enums::ReplySettings;
    /// use tweetstream::model::Tweet;
    /// let json = r#"{"id":"1578414851688480769","text":"honesty hour: what is the hardest part about being a developer? 🗯",
    ///   "author_id":"2244994945","created_at":"2022-10-07T15:37:52.000Z","lang":"en",
    ///   "edit_history_tweet_ids":["1578414851688480769"],"reply_settings":"everyone",
    ///   "public_metrics":{"retweet_count":36,"reply_count":422,"like_count":380,"quote_count":41},
    ///   "newly_added_by_x":{"kind":"beta"}}"#;
    /// let tweet: Tweet = serde_json::from_str(json).unwrap();
    /// assert_eq!(tweet.id.get(), 1578414851688480769);
    /// assert_eq!(tweet.author_id.unwrap().get(), 2244994945);
    /// assert_eq!(tweet.reply_settings, Some(ReplySettings::Everyone));
    /// assert_eq!(tweet.public_metrics.as_ref().unwrap().reply_count, Some(422));
    /// // A member this version does not know is kept, and re-encoded.
    /// assert_eq!(tweet.extra.get("newly_added_by_x").unwrap().get(), r#"{"kind":"beta"}"#);
    /// let again = serde_json::to_string(&tweet).unwrap();
    /// assert!(tweetstream::model::roundtrip::same_json(json, &again));
    /// ```
    #[derive(Clone, PartialEq)] // Debug: compact_debug.rs
    pub struct Tweet {
        /// The post id.
        ess id: TweetId = "id";
        /// The text (for long posts, the first 280 characters; see `note_tweet`).
        ess text: String = "text";
        /// A long-form Article attached to the post; its shape is open in the spec, so kept verbatim.
        opt article: RawJson = "article";
        /// Title metadata of the attached Article (newest spec), kept verbatim.
        opt article_title: RawJson = "article_title";
        /// Media, polls and media sources attached to the post.
        opt attachments: Attachments = "attachments";
        /// The author's user id (expand with `author_id`).
        opt author_id: UserId = "author_id";
        /// The URI of an attached card.
        opt card_uri: String = "card_uri";
        /// The Community the post belongs to.
        opt community_id: CommunityId = "community_id";
        /// Topics X inferred for the post.
        opt context_annotations: Vec<ContextAnnotation> = "context_annotations";
        /// The id of the conversation's root post.
        opt conversation_id: TweetId = "conversation_id";
        /// When the post was created.
        opt created_at: Timestamp = "created_at";
        /// The displayable range of `text` (start inclusive, end exclusive, in code points).
        opt display_text_range: [u32; 2] = "display_text_range";
        /// Whether and until when the post can be edited.
        opt edit_controls: EditControls = "edit_controls";
        /// Every version of the post, oldest first.
        opt edit_history_tweet_ids: Vec<TweetId> = "edit_history_tweet_ids" | "edit_history_post_ids";
        /// Hashtags, cashtags, mentions, URLs and annotations found in `text`.
        opt entities: Entities = "entities";
        /// The location tagged on the post.
        opt geo: Geo = "geo";
        /// The user this post replies to.
        opt in_reply_to_user_id: UserId = "in_reply_to_user_id";
        /// The language X detected, as a BCP 47 tag (`und` when undetermined).
        opt lang: String = "lang";
        /// Community Notes media matches.
        opt matched_media_notes: Vec<MatchedMediaNote> = "matched_media_notes";
        /// Alt text, titles and descriptions of attached media.
        opt media_metadata: Vec<MediaMetadata> = "media_metadata";
        /// Private metrics (author's own posts, user context only).
        opt non_public_metrics: PrivateMetrics = "non_public_metrics";
        /// Community Notes request suggestions.
        opt note_request_suggestions: Vec<NoteRequestSuggestion> = "note_request_suggestions";
        /// The full text and entities of a long post.
        opt note_tweet: NoteTweet = "note_tweet" | "note_post";
        /// Organic (non-promoted) private metrics.
        opt organic_metrics: PrivateMetrics = "organic_metrics";
        /// Whether the author disclosed a paid partnership.
        opt paid_partnership: bool = "paid_partnership";
        /// Whether the post's links may be sensitive.
        opt possibly_sensitive: bool = "possibly_sensitive";
        /// Promoted private metrics.
        opt promoted_metrics: PrivateMetrics = "promoted_metrics";
        /// Public engagement counts.
        opt public_metrics: TweetPublicMetrics = "public_metrics";
        /// Posts this one reposts, quotes or replies to.
        opt referenced_tweets: Vec<ReferencedTweet> = "referenced_tweets" | "referenced_posts";
        /// Who can reply.
        opt reply_settings: ReplySettings = "reply_settings";
        /// Visibility scopes.
        opt scopes: Scopes = "scopes";
        /// The app the post was made with (deprecated by X).
        opt source: String = "source";
        /// Links suggested as sources (Community Notes).
        opt suggested_source_links: Vec<SourceLink> = "suggested_source_links";
        /// Links suggested as sources, with how often each was suggested.
        opt suggested_source_links_with_counts: Vec<SourceLinkCount> = "suggested_source_links_with_counts";
        /// The author's handle, as some newer endpoints add it.
        opt username: String = "username";
        /// Where and why the post is withheld.
        opt withheld: Withheld = "withheld";
    }
}

impl Tweet {
    /// The full text: `note_tweet.text` for long posts, else `text`.
    ///
    /// ```
    /// # use tweetstream::model::Tweet;
    /// let long: Tweet = serde_json::from_str(r#"{"id":"1","text":"The first 280 characters… https://t.co/x",
    ///   "note_tweet":{"text":"The first 280 characters, and then the rest of a long post."}}"#).unwrap();
    /// assert_eq!(long.full_text(), "The first 280 characters, and then the rest of a long post.");
    /// let short: Tweet = serde_json::from_str(r#"{"id":"2","text":"Test Tweet"}"#).unwrap();
    /// assert_eq!(short.full_text(), "Test Tweet");
    /// ```
    pub fn full_text(&self) -> &str {
        self.note_tweet.as_ref().map_or(&self.text, |n| &n.text)
    }

    /// The media keys attached to the post (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::Tweet;
    /// let t: Tweet = serde_json::from_str(r#"{"id":"1","text":"photos",
    ///   "attachments":{"media_keys":["3_1365362339449561088","3_1365362339449561089"]}}"#).unwrap();
    /// assert_eq!(t.media_keys().len(), 2);
    /// assert_eq!(t.media_keys()[0], "3_1365362339449561088");
    /// let bare: Tweet = serde_json::from_str(r#"{"id":"2","text":"no media"}"#).unwrap();
    /// assert!(bare.media_keys().is_empty());
    /// ```
    pub fn media_keys(&self) -> &[MediaKey] {
        self.attachments
            .as_ref()
            .and_then(|a| a.media_keys.as_deref())
            .unwrap_or(&[])
    }

    /// The poll ids attached to the post (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::Tweet;
    /// let t: Tweet = serde_json::from_str(r#"{"id":"1199786642791452673","text":"C#",
    ///   "attachments":{"poll_ids":["1199786642468413448"]}}"#).unwrap();
    /// assert_eq!(t.poll_ids()[0].get(), 1199786642468413448);
    /// ```
    pub fn poll_ids(&self) -> &[PollId] {
        self.attachments
            .as_ref()
            .and_then(|a| a.poll_ids.as_deref())
            .unwrap_or(&[])
    }

    /// The posts this one references (empty when none).
    ///
    /// ```
    /// # use tweetstream::model::enums::ReferenceType;
    /// # use tweetstream::model::Tweet;
    /// let t: Tweet = serde_json::from_str(r#"{"id":"1578403389024735232","text":"RT @ChirpTrivia: …",
    ///   "referenced_tweets":[{"type":"retweeted","id":"1578374373316431872"}]}"#).unwrap();
    /// let r = &t.referenced_tweets()[0];
    /// assert_eq!((r.kind.clone(), r.id.get()), (ReferenceType::Retweeted, 1578374373316431872));
    /// ```
    pub fn referenced_tweets(&self) -> &[ReferencedTweet] {
        self.referenced_tweets.as_deref().unwrap_or(&[])
    }

    /// The id of the post this one reposts, quotes or replies to, by kind.
    ///
    /// ```
    /// # use tweetstream::model::enums::ReferenceType;
    /// # use tweetstream::model::Tweet;
    /// let reply: Tweet = serde_json::from_str(r#"{"id":"1578457029592899584","text":"@TwitterDev being unable to stop building things",
    ///   "referenced_tweets":[{"type":"replied_to","id":"1578414851688480769"}]}"#).unwrap();
    /// assert_eq!(reply.referenced_id(&ReferenceType::RepliedTo).map(|id| id.get()), Some(1578414851688480769));
    /// assert_eq!(reply.referenced_id(&ReferenceType::Quoted), None);
    /// ```
    pub fn referenced_id(&self, kind: &ReferenceType) -> Option<TweetId> {
        self.referenced_tweets()
            .iter()
            .find(|r| &r.kind == kind)
            .map(|r| r.id)
    }

    /// Whether this is a repost (retweet).
    ///
    /// ```
    /// # use tweetstream::model::Tweet;
    /// let rt: Tweet = serde_json::from_str(r#"{"id":"1578403389024735232","text":"RT @ChirpTrivia: …",
    ///   "referenced_tweets":[{"type":"retweeted","id":"1578374373316431872"}]}"#).unwrap();
    /// assert!(rt.is_retweet());
    /// let quote: Tweet = serde_json::from_str(r#"{"id":"2","text":"look",
    ///   "referenced_tweets":[{"type":"quoted","id":"1578374373316431872"}]}"#).unwrap();
    /// assert!(!quote.is_retweet());
    /// ```
    pub fn is_retweet(&self) -> bool {
        self.referenced_id(&ReferenceType::Retweeted).is_some()
    }
}

lossless_object! {
    /// What is attached to a post.
    ///
    /// ```
    /// use tweetstream::model::tweet::Attachments;
    /// let a: Attachments = serde_json::from_str(
    ///     r#"{"media_keys":["3_1365362339449561088"],"media_source_tweet_id":["1365362347767853056"]}"#,
    /// ).unwrap();
    /// assert_eq!(a.media_keys.unwrap()[0].as_str(), "3_1365362339449561088");
    /// assert_eq!(a.media_source_tweet_id.unwrap()[0].get(), 1365362347767853056);
    /// assert!(a.poll_ids.is_none());
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Attachments {
        /// Keys of attached media (expand with `attachments.media_keys`).
        opt media_keys: Vec<MediaKey> = "media_keys";
        /// Posts the attached media first appeared in (expand with `attachments.media_source_tweet`).
        opt media_source_tweet_id: Vec<TweetId> = "media_source_tweet_id";
        /// Ids of attached polls (expand with `attachments.poll_ids`).
        opt poll_ids: Vec<PollId> = "poll_ids";
    }
}

lossless_object! {
    /// A topic X inferred for a post: a domain and an entity within it.
    ///
    /// ```
    /// use tweetstream::model::tweet::ContextAnnotation;
    /// let c: ContextAnnotation = serde_json::from_str(r#"{
    ///   "domain": {"id": "47", "name": "Brand", "description": "Brands and Companies"},
    ///   "entity": {"id": "10045225402", "name": "Twitter"}
    /// }"#).unwrap();
    /// assert_eq!(c.domain.name.as_deref(), Some("Brand"));
    /// assert_eq!(c.entity.id.as_deref(), Some("10045225402"));
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct ContextAnnotation {
        /// The broad category.
        ess domain: ContextEntity = "domain";
        /// The specific entity.
        ess entity: ContextEntity = "entity";
    }
}

lossless_object! {
    /// A context-annotation domain or entity.
    ///
    /// ```
    /// use tweetstream::model::tweet::ContextEntity;
    /// let e: ContextEntity = serde_json::from_str(
    ///     r#"{"id":"46","name":"Business Taxonomy","description":"Categories within Brand Verticals"}"#,
    /// ).unwrap();
    /// assert_eq!(e.id.as_deref(), Some("46"));
    /// assert_eq!(e.name.as_deref(), Some("Business Taxonomy"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct ContextEntity {
        /// Its id (a decimal string; kept as text as the spec gives it no pattern).
        opt id: String = "id";
        /// Its name.
        opt name: String = "name";
        /// Its description.
        opt description: String = "description";
    }
}

lossless_object! {
    /// Edit eligibility of a post.
    ///
    /// ```
    /// use tweetstream::model::tweet::EditControls;
    /// let e: EditControls = serde_json::from_str(
    ///     r#"{"edits_remaining":5,"is_edit_eligible":true,"editable_until":"2022-10-07T16:07:52.000Z"}"#,
    /// ).unwrap();
    /// assert_eq!(e.edits_remaining, Some(5));
    /// assert_eq!(e.editable_until.unwrap().get().unwrap().minute(), 7);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct EditControls {
        /// Edits still allowed.
        opt edits_remaining: u32 = "edits_remaining";
        /// Whether the post can be edited at all.
        opt is_edit_eligible: bool = "is_edit_eligible";
        /// Until when it can be edited.
        opt editable_until: Timestamp = "editable_until";
    }
}

lossless_object! {
    /// The location tagged on a post.
    ///
    /// ```
    /// use tweetstream::model::tweet::Geo;
    /// let g: Geo = serde_json::from_str(
    ///     r#"{"coordinates":{"type":"Point","coordinates":[-73.99,40.73]},"place_id":"01a9a39529b27f36"}"#,
    /// ).unwrap();
    /// assert_eq!(g.place_id.unwrap(), "01a9a39529b27f36");
    /// assert_eq!(g.coordinates.unwrap().lon_lat(), Some((-73.99, 40.73)));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Geo {
        /// The exact point, when the user shared one.
        opt coordinates: Point = "coordinates";
        /// The tagged place (expand with `geo.place_id`).
        opt place_id: PlaceId = "place_id";
    }
}

lossless_object! {
    /// A GeoJSON Point.
    ///
    /// Coordinates are kept as JSON numbers so that `12` and `12.0` re-encode as
    /// sent (number text serde_json would shorten, such as `1.0E-5`, is kept in
    /// `extra`); use [`Point::lon_lat`] for `f64`s.
    ///
    /// ```
    /// use tweetstream::model::enums::GeoType;
    /// use tweetstream::model::tweet::Point;
    /// let json = r#"{"type":"Point","coordinates":[-74,40.75]}"#;
    /// let p: Point = serde_json::from_str(json).unwrap();
    /// assert_eq!(p.kind, GeoType::Point);
    /// assert_eq!(serde_json::to_string(&p).unwrap(), json); // `-74` stays an integer
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct Point {
        /// Always `Point`.
        ess kind: GeoType = "type";
        /// `[longitude, latitude]`.
        ess_exact coordinates: Vec<serde_json::Number> = "coordinates";
    }
}

impl Point {
    /// `(longitude, latitude)`, if both are present.
    ///
    /// ```
    /// # use tweetstream::model::tweet::Point;
    /// let p: Point = serde_json::from_str(r#"{"type":"Point","coordinates":[-73.99,40.73]}"#).unwrap();
    /// assert_eq!(p.lon_lat(), Some((-73.99, 40.73)));
    /// let empty: Point = serde_json::from_str(r#"{"type":"Point","coordinates":[]}"#).unwrap();
    /// assert_eq!(empty.lon_lat(), None);
    /// ```
    pub fn lon_lat(&self) -> Option<(f64, f64)> {
        match self.coordinates.as_slice() {
            [lon, lat, ..] => Some((lon.as_f64()?, lat.as_f64()?)),
            _ => None,
        }
    }
}

lossless_object! {
    /// A Community Notes media match.
    ///
    /// ```
    /// use tweetstream::model::tweet::MatchedMediaNote;
    /// let m: MatchedMediaNote = serde_json::from_str(
    ///     r#"{"match_status":"matched","note_id":"1790110735158014181"}"#,
    /// ).unwrap();
    /// assert_eq!(m.note_id.as_deref(), Some("1790110735158014181"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct MatchedMediaNote {
        /// The match status.
        opt match_status: String = "match_status";
        /// The matched note's id.
        opt note_id: String = "note_id";
    }
}

lossless_object! {
    /// Metadata of one attached media item.
    ///
    /// ```
    /// use tweetstream::model::tweet::MediaMetadata;
    /// let m: MediaMetadata = serde_json::from_str(
    ///     r#"{"media_key":"3_1365362339449561088","alt_text":"A dog on a skateboard"}"#,
    /// ).unwrap();
    /// assert_eq!(m.media_key.unwrap(), "3_1365362339449561088");
    /// assert_eq!(m.alt_text.as_deref(), Some("A dog on a skateboard"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct MediaMetadata {
        /// The media key.
        opt media_key: MediaKey = "media_key";
        /// Alternative text.
        opt alt_text: String = "alt_text";
        /// Title.
        opt title: String = "title";
        /// Description.
        opt description: String = "description";
    }
}

lossless_object! {
    /// A Community Notes request suggestion.
    ///
    /// ```
    /// use tweetstream::model::tweet::NoteRequestSuggestion;
    /// let n: NoteRequestSuggestion = serde_json::from_str(
    ///     r#"{"suggestion_id":"1","suggestion":"The photo is from 2015","source_link":"https://example.org/report"}"#,
    /// ).unwrap();
    /// assert_eq!(n.suggestion.as_deref(), Some("The photo is from 2015"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct NoteRequestSuggestion {
        /// The suggestion's id.
        opt suggestion_id: String = "suggestion_id";
        /// Its text.
        opt suggestion: String = "suggestion";
        /// A source link supporting it.
        opt source_link: String = "source_link";
    }
}

lossless_object! {
    /// The full content of a long post.
    ///
    /// ```
    /// use tweetstream::model::tweet::NoteTweet;
    /// let n: NoteTweet = serde_json::from_str(r#"{"text":"A long post about #rustlang …",
    ///   "entities":{"hashtags":[{"start":18,"end":27,"tag":"rustlang"}]}}"#).unwrap();
    /// assert!(n.text.starts_with("A long post"));
    /// assert_eq!(n.entities.unwrap().hashtags.unwrap()[0].tag, "rustlang");
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct NoteTweet {
        /// The full text.
        ess text: String = "text";
        /// Entities found in the full text.
        opt entities: Entities = "entities";
    }
}

lossless_object! {
    /// Public engagement counts of a post (`repost_count` is accepted for `retweet_count`).
    ///
    /// ```
    /// use tweetstream::model::tweet::TweetPublicMetrics;
    /// let m: TweetPublicMetrics = serde_json::from_str(
    ///     r#"{"repost_count":36,"reply_count":422,"like_count":380,"quote_count":41,"bookmark_count":12,"impression_count":92021}"#,
    /// ).unwrap();
    /// assert_eq!(m.retweet_count, Some(36)); // from the Post-era name
    /// assert_eq!(m.impression_count, Some(92021));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct TweetPublicMetrics {
        /// Reposts.
        opt retweet_count: u64 = "retweet_count" | "repost_count";
        /// Replies.
        opt reply_count: u64 = "reply_count";
        /// Likes.
        opt like_count: u64 = "like_count";
        /// Quotes.
        opt quote_count: u64 = "quote_count";
        /// Bookmarks.
        opt bookmark_count: u64 = "bookmark_count";
        /// Views.
        opt impression_count: u64 = "impression_count";
    }
}

lossless_object! {
    /// Private engagement counts of a post (`non_public_metrics`,
    /// `organic_metrics`, `promoted_metrics`; each carries a subset).
    ///
    /// ```
    /// use tweetstream::model::tweet::PrivateMetrics;
    /// let m: PrivateMetrics = serde_json::from_str(
    ///     r#"{"impression_count":4513,"url_link_clicks":37,"user_profile_clicks":12}"#,
    /// ).unwrap();
    /// assert_eq!(m.url_link_clicks, Some(37));
    /// assert_eq!(m.like_count, None);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct PrivateMetrics {
        /// Views.
        opt impression_count: u64 = "impression_count";
        /// Likes.
        opt like_count: u64 = "like_count";
        /// Replies.
        opt reply_count: u64 = "reply_count";
        /// Reposts.
        opt retweet_count: u64 = "retweet_count" | "repost_count";
        /// Link clicks.
        opt url_link_clicks: u64 = "url_link_clicks";
        /// Profile clicks.
        opt user_profile_clicks: u64 = "user_profile_clicks";
    }
}

lossless_object! {
    /// A post this one references.
    ///
    /// ```
    /// use tweetstream::model::enums::ReferenceType;
    /// use tweetstream::model::tweet::ReferencedTweet;
    /// let r: ReferencedTweet = serde_json::from_str(r#"{"type":"quoted","id":"1578374373316431872"}"#).unwrap();
    /// assert_eq!(r.kind, ReferenceType::Quoted);
    /// assert_eq!(r.id.get(), 1578374373316431872);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct ReferencedTweet {
        /// How it is referenced.
        ess kind: ReferenceType = "type";
        /// The referenced post (expand with `referenced_tweets.id`).
        ess id: TweetId = "id";
    }
}

lossless_object! {
    /// Visibility scopes of a post.
    ///
    /// ```
    /// use tweetstream::model::tweet::Scopes;
    /// let s: Scopes = serde_json::from_str(r#"{"followers":false}"#).unwrap();
    /// assert_eq!(s.followers, Some(false));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Scopes {
        /// Whether only the author's followers can see it.
        opt followers: bool = "followers";
    }
}

/// A link suggested as a source: a bare URL (newest spec) or a URL entity
/// (older spec). Decoded by looking at the JSON type, without buffering.
///
/// ```
/// use tweetstream::model::tweet::SourceLink;
/// let links: Vec<SourceLink> = serde_json::from_str(r#"["https://example.org/a",
///   {"start":0,"end":23,"url":"https://t.co/abc","expanded_url":"https://example.org/b"}]"#).unwrap();
/// assert_eq!(links[0], SourceLink::Url("https://example.org/a".into()));
/// match &links[1] {
///     SourceLink::Entity(e) => assert_eq!(e.expanded_url.as_deref(), Some("https://example.org/b")),
///     other => panic!("expected an entity, got {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum SourceLink {
    /// A bare URL string.
    Url(String),
    /// A URL entity object.
    Entity(UrlEntity),
}

impl Serialize for SourceLink {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Url(u) => s.serialize_str(u),
            Self::Entity(e) => e.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for SourceLink {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SourceLink;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a URL string or a URL entity object")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SourceLink, E> {
                Ok(SourceLink::Url(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<SourceLink, E> {
                Ok(SourceLink::Url(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<SourceLink, A::Error> {
                UrlEntity::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(SourceLink::Entity)
            }
        }
        d.deserialize_any(V)
    }
}

lossless_object! {
    /// A suggested source link with how often it was suggested.
    ///
    /// ```
    /// use tweetstream::model::tweet::SourceLinkCount;
    /// let c: SourceLinkCount = serde_json::from_str(r#"{"url":"https://example.org/report","count":3}"#).unwrap();
    /// assert_eq!((c.url.as_deref(), c.count), (Some("https://example.org/report"), Some(3)));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct SourceLinkCount {
        /// The URL.
        opt url: String = "url";
        /// How often it was suggested.
        opt count: u64 = "count";
    }
}

lossless_object! {
    /// Where and why content is withheld.
    ///
    /// ```
    /// use tweetstream::model::tweet::Withheld;
    /// use tweetstream::model::enums::WithheldScope;
    /// let w: Withheld = serde_json::from_str(r#"{"copyright":false,"country_codes":["DE","FR"],"scope":"tweet"}"#).unwrap();
    /// assert_eq!(w.country_codes.unwrap(), ["DE", "FR"]);
    /// assert_eq!(w.scope, Some(WithheldScope::Tweet));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Withheld {
        /// Whether withheld because of a copyright claim.
        opt copyright: bool = "copyright";
        /// ISO 3166-1 alpha-2 codes of the countries where it is withheld.
        opt country_codes: Vec<String> = "country_codes";
        /// Whether the post or the whole user is withheld.
        opt scope: WithheldScope = "scope";
    }
}
