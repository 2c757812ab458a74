//! The post (tweet) object and its members.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::entities::{Entities, UrlEntity};
use super::enums::{GeoType, ReferenceType, ReplySettings, WithheldScope};
use super::id::{CommunityId, MediaKey, PlaceId, PollId, TweetId, UserId};
use super::raw::RawJson;
use super::timestamp::Timestamp;

/// A post (tweet): every `tweet.fields` value of the v2 schema.
///
/// `id` and `text` are X's default fields and always present; everything else
/// is present only when requested (and applicable), hence `Option`. Arrays are
/// `Option<Vec<_>>` so that an empty array X sent re-encodes as an empty array.
/// The Post-era names of the newest spec (`edit_history_post_ids`,
/// `note_post`, `referenced_posts`) are accepted as aliases.
#[derive(Clone, PartialEq, Serialize, Deserialize)] // Debug: compact_debug.rs
pub struct Tweet {
    /// The post id.
    pub id: TweetId,
    /// The text (for long posts, the first 280 characters; see `note_tweet`).
    pub text: String,
    /// A long-form Article attached to the post; its shape is open in the spec, so kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<RawJson>,
    /// Title metadata of the attached Article (newest spec), kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_title: Option<RawJson>,
    /// Media, polls and media sources attached to the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Attachments>,
    /// The author's user id (expand with `author_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<UserId>,
    /// The URI of an attached card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_uri: Option<String>,
    /// The Community the post belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub community_id: Option<CommunityId>,
    /// Topics X inferred for the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context_annotations: Option<Vec<ContextAnnotation>>,
    /// The id of the conversation's root post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<TweetId>,
    /// When the post was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// The displayable range of `text` (start inclusive, end exclusive, in code points).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_text_range: Option<[u32; 2]>,
    /// Whether and until when the post can be edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_controls: Option<EditControls>,
    /// Every version of the post, oldest first.
    #[serde(
        default,
        alias = "edit_history_post_ids",
        skip_serializing_if = "Option::is_none"
    )]
    pub edit_history_tweet_ids: Option<Vec<TweetId>>,
    /// Hashtags, cashtags, mentions, URLs and annotations found in `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Entities>,
    /// The location tagged on the post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<Geo>,
    /// The user this post replies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to_user_id: Option<UserId>,
    /// The language X detected, as a BCP 47 tag (`und` when undetermined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Community Notes media matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched_media_notes: Option<Vec<MatchedMediaNote>>,
    /// Alt text, titles and descriptions of attached media.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_metadata: Option<Vec<MediaMetadata>>,
    /// Private metrics (author's own posts, user context only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_public_metrics: Option<PrivateMetrics>,
    /// Community Notes request suggestions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_request_suggestions: Option<Vec<NoteRequestSuggestion>>,
    /// The full text and entities of a long post.
    #[serde(default, alias = "note_post", skip_serializing_if = "Option::is_none")]
    pub note_tweet: Option<NoteTweet>,
    /// Organic (non-promoted) private metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organic_metrics: Option<PrivateMetrics>,
    /// Whether the author disclosed a paid partnership.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_partnership: Option<bool>,
    /// Whether the post's links may be sensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possibly_sensitive: Option<bool>,
    /// Promoted private metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_metrics: Option<PrivateMetrics>,
    /// Public engagement counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_metrics: Option<TweetPublicMetrics>,
    /// Posts this one reposts, quotes or replies to.
    #[serde(
        default,
        alias = "referenced_posts",
        skip_serializing_if = "Option::is_none"
    )]
    pub referenced_tweets: Option<Vec<ReferencedTweet>>,
    /// Who can reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_settings: Option<ReplySettings>,
    /// Visibility scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Scopes>,
    /// The app the post was made with (deprecated by X).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Links suggested as sources (Community Notes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_source_links: Option<Vec<SourceLink>>,
    /// Links suggested as sources, with how often each was suggested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested_source_links_with_counts: Option<Vec<SourceLinkCount>>,
    /// The author's handle, as some newer endpoints add it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Where and why the post is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<Withheld>,
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

/// What is attached to a post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attachments {
    /// Keys of attached media (expand with `attachments.media_keys`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_keys: Option<Vec<MediaKey>>,
    /// Posts the attached media first appeared in (expand with `attachments.media_source_tweet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_source_tweet_id: Option<Vec<TweetId>>,
    /// Ids of attached polls (expand with `attachments.poll_ids`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll_ids: Option<Vec<PollId>>,
}

/// A topic X inferred for a post: a domain and an entity within it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextAnnotation {
    /// The broad category.
    pub domain: ContextEntity,
    /// The specific entity.
    pub entity: ContextEntity,
}

/// A context-annotation domain or entity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ContextEntity {
    /// Its id (a decimal string; kept as text as the spec gives it no pattern).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Edit eligibility of a post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditControls {
    /// Edits still allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edits_remaining: Option<u32>,
    /// Whether the post can be edited at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_edit_eligible: Option<bool>,
    /// Until when it can be edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editable_until: Option<Timestamp>,
}

/// The location tagged on a post.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Geo {
    /// The exact point, when the user shared one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Point>,
    /// The tagged place (expand with `geo.place_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_id: Option<PlaceId>,
}

/// A GeoJSON Point.
///
/// Coordinates are kept as JSON numbers so that `12` and `12.0` re-encode as
/// sent; use [`Point::lon_lat`] for `f64`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Always `Point`.
    #[serde(rename = "type")]
    pub kind: GeoType,
    /// `[longitude, latitude]`.
    pub coordinates: Vec<serde_json::Number>,
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

/// A Community Notes media match.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MatchedMediaNote {
    /// The match status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub match_status: Option<String>,
    /// The matched note's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note_id: Option<String>,
}

/// Metadata of one attached media item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MediaMetadata {
    /// The media key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_key: Option<MediaKey>,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A Community Notes request suggestion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NoteRequestSuggestion {
    /// The suggestion's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion_id: Option<String>,
    /// Its text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// A source link supporting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_link: Option<String>,
}

/// The full content of a long post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoteTweet {
    /// The full text.
    pub text: String,
    /// Entities found in the full text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Entities>,
}

/// Public engagement counts of a post (`repost_count` is accepted for `retweet_count`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TweetPublicMetrics {
    /// Reposts.
    #[serde(
        default,
        alias = "repost_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub retweet_count: Option<u64>,
    /// Replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_count: Option<u64>,
    /// Likes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_count: Option<u64>,
    /// Quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_count: Option<u64>,
    /// Bookmarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bookmark_count: Option<u64>,
    /// Views.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impression_count: Option<u64>,
}

/// Private engagement counts of a post (`non_public_metrics`,
/// `organic_metrics`, `promoted_metrics`; each carries a subset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrivateMetrics {
    /// Views.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impression_count: Option<u64>,
    /// Likes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_count: Option<u64>,
    /// Replies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_count: Option<u64>,
    /// Reposts.
    #[serde(
        default,
        alias = "repost_count",
        skip_serializing_if = "Option::is_none"
    )]
    pub retweet_count: Option<u64>,
    /// Link clicks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_link_clicks: Option<u64>,
    /// Profile clicks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_profile_clicks: Option<u64>,
}

/// A post this one references.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ReferencedTweet {
    /// How it is referenced.
    #[serde(rename = "type")]
    pub kind: ReferenceType,
    /// The referenced post (expand with `referenced_tweets.id`).
    pub id: TweetId,
}

/// Visibility scopes of a post.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    /// Whether only the author's followers can see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers: Option<bool>,
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

/// A suggested source link with how often it was suggested.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceLinkCount {
    /// The URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// How often it was suggested.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

/// Where and why content is withheld.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Withheld {
    /// Whether withheld because of a copyright claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copyright: Option<bool>,
    /// ISO 3166-1 alpha-2 codes of the countries where it is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_codes: Option<Vec<String>>,
    /// Whether the post or the whole user is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<WithheldScope>,
}
