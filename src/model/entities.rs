//! Entities found in post text, note text and user profiles.

use serde::{Deserialize, Serialize};

use super::enums::AnnotationType;
use super::id::{MediaKey, UserId};

/// Entities parsed from a text (`entities` of a post or `note_tweet`, and
/// `entities.description` of a user). Indices are in Unicode code points,
/// start inclusive, end exclusive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Entities {
    /// Named entities X recognised (posts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annotations: Option<Vec<Annotation>>,
    /// `$TICKER` cashtags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashtags: Option<Vec<Tag>>,
    /// `#hashtags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hashtags: Option<Vec<Tag>>,
    /// `@mentions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<Mention>>,
    /// Links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<UrlEntity>>,
}

/// A named entity recognised in a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Start index.
    pub start: u32,
    /// End index.
    pub end: u32,
    /// Confidence, 0 to 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
    /// The kind of entity.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<AnnotationType>,
    /// The entity's text as X normalised it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normalized_text: Option<String>,
}

/// A hashtag or cashtag (without the `#` or `$`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    /// Start index.
    pub start: u32,
    /// End index.
    pub end: u32,
    /// The tag text.
    pub tag: String,
}

/// A mention of a user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Start index.
    pub start: u32,
    /// End index.
    pub end: u32,
    /// The handle (without `@`); expand with `entities.mentions.username`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The mentioned user's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<UserId>,
}

/// A link, with what X learned by unwinding it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlEntity {
    /// Start index.
    pub start: u32,
    /// End index.
    pub end: u32,
    /// The `t.co` URL as it appears in the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The full URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expanded_url: Option<String>,
    /// The URL as displayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_url: Option<String>,
    /// For links to attached media, its key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_key: Option<MediaKey>,
    /// Preview images of the linked page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub images: Option<Vec<UrlImage>>,
    /// The HTTP status of the final URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The linked page's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The linked page's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The URL after following redirects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unwound_url: Option<String>,
}

/// A preview image of a linked page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UrlImage {
    /// The image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
}

/// Entities of a user's profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserEntities {
    /// Entities of the profile's website field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<UrlEntities>,
    /// Entities of the bio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Entities>,
}

/// A list of URL entities (`entities.url` of a user).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UrlEntities {
    /// The URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<UrlEntity>>,
}
