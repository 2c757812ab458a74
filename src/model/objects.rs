//! Media, polls, places and topics: the other objects `includes` carries.

use serde::{Deserialize, Serialize};

use super::enums::{GeoType, MediaType, PlaceType, VotingStatus};
use super::id::{MediaKey, PlaceId, PollId, TopicId};
use super::raw::RawJson;
use super::timestamp::Timestamp;

/// A photo, video or animated GIF: every `media.fields` value.
///
/// `media_key` and `type` are X's default fields and always present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Media {
    /// The media key.
    pub media_key: MediaKey,
    /// Photo, video or animated GIF.
    #[serde(rename = "type")]
    pub kind: MediaType,
    /// Alternative text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Duration of a video, in milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<u64>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Private playback metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_public_metrics: Option<MediaMetrics>,
    /// Organic playback metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organic_metrics: Option<MediaMetrics>,
    /// A still image of a video.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_image_url: Option<String>,
    /// Promoted playback metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promoted_metrics: Option<MediaMetrics>,
    /// Public metrics (`view_count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_metrics: Option<MediaMetrics>,
    /// The URL of a photo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Playback variants of a video or GIF.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variants: Option<Vec<Variant>>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
}

/// Playback metrics of a video (each metrics object carries a subset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaMetrics {
    /// Users who started playback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback_0_count: Option<u64>,
    /// Users who watched a quarter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback_25_count: Option<u64>,
    /// Users who watched half.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback_50_count: Option<u64>,
    /// Users who watched three quarters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback_75_count: Option<u64>,
    /// Users who watched to the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub playback_100_count: Option<u64>,
    /// Views.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view_count: Option<u64>,
}

/// A playback variant of a video or GIF.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    /// Bits per second (absent for playlists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bit_rate: Option<u64>,
    /// MIME type, such as `video/mp4` or `application/x-mpegURL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A poll: every `poll.fields` value. `id` and `options` are defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poll {
    /// The poll id.
    pub id: PollId,
    /// The choices.
    pub options: Vec<PollOption>,
    /// How long the poll runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_minutes: Option<u32>,
    /// When it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_datetime: Option<Timestamp>,
    /// Whether it still takes votes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voting_status: Option<VotingStatus>,
}

/// A poll choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollOption {
    /// 1-based position.
    pub position: u32,
    /// The label.
    pub label: String,
    /// Votes so far.
    pub votes: u64,
}

/// A place: every `place.fields` value. `id` and `full_name` are defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// The place id.
    pub id: PlaceId,
    /// The long name, such as `Manhattan, NY`.
    pub full_name: String,
    /// Places that contain this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contained_within: Option<Vec<PlaceId>>,
    /// The country name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// The bounding box, as a GeoJSON Feature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<PlaceGeo>,
    /// The short name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// City, country, admin area, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_type: Option<PlaceType>,
}

/// The GeoJSON Feature of a place.
///
/// `bbox` numbers are kept as JSON numbers so that they re-encode as sent;
/// [`PlaceGeo::bbox_f64`] gives `f64`s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceGeo {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: GeoType,
    /// `[west longitude, south latitude, east longitude, north latitude]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bbox: Option<Vec<serde_json::Number>>,
    /// Feature properties (usually `{}`), kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<RawJson>,
}

impl PlaceGeo {
    /// The bounding box as `f64`s, if it has four numbers.
    pub fn bbox_f64(&self) -> Option<[f64; 4]> {
        match self.bbox.as_deref()? {
            [a, b, c, d] => Some([a.as_f64()?, b.as_f64()?, c.as_f64()?, d.as_f64()?]),
            _ => None,
        }
    }
}

/// A topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    /// The topic id.
    pub id: TopicId,
    /// Its name.
    pub name: String,
    /// Its description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}
