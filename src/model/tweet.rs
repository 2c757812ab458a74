//! The post (tweet) object and its members.

use super::lossless::lossless_object;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::entities::{Entities, UrlEntity};
use super::enums::{GeoType, ReferenceType, ReplySettings, WithheldScope};
use super::id::{CommunityId, MediaKey, PlaceId, PollId, TweetId, UserId};
use super::raw::RawJson;
use super::timestamp::Timestamp;

lossless_object! {
    /// A post (tweet): every `tweet.fields` value of the v2 schema.
    ///
    /// `id` and `text` are X's default fields and always present; everything else
    /// is present only when requested (and applicable), hence `Option`. Arrays are
    /// `Option<Vec<_>>` so that an empty array X sent re-encodes as an empty array.
    /// The Post-era names of the newest spec (`edit_history_post_ids`,
    /// `note_post`, `referenced_posts`) are accepted as aliases.
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
    pub fn full_text(&self) -> &str {
        self.note_tweet.as_ref().map_or(&self.text, |n| &n.text)
    }

    /// The media keys attached to the post (empty when none).
    pub fn media_keys(&self) -> &[MediaKey] {
        self.attachments
            .as_ref()
            .and_then(|a| a.media_keys.as_deref())
            .unwrap_or(&[])
    }

    /// The poll ids attached to the post (empty when none).
    pub fn poll_ids(&self) -> &[PollId] {
        self.attachments
            .as_ref()
            .and_then(|a| a.poll_ids.as_deref())
            .unwrap_or(&[])
    }

    /// The posts this one references (empty when none).
    pub fn referenced_tweets(&self) -> &[ReferencedTweet] {
        self.referenced_tweets.as_deref().unwrap_or(&[])
    }

    /// The id of the post this one reposts, quotes or replies to, by kind.
    pub fn referenced_id(&self, kind: &ReferenceType) -> Option<TweetId> {
        self.referenced_tweets()
            .iter()
            .find(|r| &r.kind == kind)
            .map(|r| r.id)
    }

    /// Whether this is a repost (retweet).
    pub fn is_retweet(&self) -> bool {
        self.referenced_id(&ReferenceType::Retweeted).is_some()
    }
}

lossless_object! {
    /// What is attached to a post.
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
    /// sent; use [`Point::lon_lat`] for `f64`s.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Point {
        /// Always `Point`.
        ess kind: GeoType = "type";
        /// `[longitude, latitude]`.
        ess coordinates: Vec<serde_json::Number> = "coordinates";
    }
}

impl Point {
    /// `(longitude, latitude)`, if both are present.
    pub fn lon_lat(&self) -> Option<(f64, f64)> {
        match self.coordinates.as_slice() {
            [lon, lat, ..] => Some((lon.as_f64()?, lat.as_f64()?)),
            _ => None,
        }
    }
}

lossless_object! {
    /// A Community Notes media match.
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
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Scopes {
        /// Whether only the author's followers can see it.
        opt followers: bool = "followers";
    }
}

/// A link suggested as a source: a bare URL (newest spec) or a URL entity
/// (older spec). Decoded by looking at the JSON type, without buffering.
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
