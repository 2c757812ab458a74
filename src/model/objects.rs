//! Media, polls, places and topics: the other objects `includes` carries.

use super::lossless::lossless_object;

use super::enums::{GeoType, MediaType, PlaceType, VotingStatus};
use super::id::{MediaKey, PlaceId, PollId, TopicId};
use super::raw::RawJson;
use super::timestamp::Timestamp;

lossless_object! {
    /// A photo, video or animated GIF: every `media.fields` value.
    ///
    /// `media_key` and `type` are X's default fields and always present.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Media {
        /// The media key.
        ess media_key: MediaKey = "media_key";
        /// Photo, video or animated GIF.
        ess kind: MediaType = "type";
        /// Alternative text.
        opt alt_text: String = "alt_text";
        /// Duration of a video, in milliseconds.
        opt duration_ms: u64 = "duration_ms";
        /// Height in pixels.
        opt height: u32 = "height";
        /// Private playback metrics.
        opt non_public_metrics: MediaMetrics = "non_public_metrics";
        /// Organic playback metrics.
        opt organic_metrics: MediaMetrics = "organic_metrics";
        /// A still image of a video.
        opt preview_image_url: String = "preview_image_url";
        /// Promoted playback metrics.
        opt promoted_metrics: MediaMetrics = "promoted_metrics";
        /// Public metrics (`view_count`).
        opt public_metrics: MediaMetrics = "public_metrics";
        /// The URL of a photo.
        opt url: String = "url";
        /// Playback variants of a video or GIF.
        opt variants: Vec<Variant> = "variants";
        /// Width in pixels.
        opt width: u32 = "width";
    }
}

lossless_object! {
    /// Playback metrics of a video (each metrics object carries a subset).
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct MediaMetrics {
        /// Users who started playback.
        opt playback_0_count: u64 = "playback_0_count";
        /// Users who watched a quarter.
        opt playback_25_count: u64 = "playback_25_count";
        /// Users who watched half.
        opt playback_50_count: u64 = "playback_50_count";
        /// Users who watched three quarters.
        opt playback_75_count: u64 = "playback_75_count";
        /// Users who watched to the end.
        opt playback_100_count: u64 = "playback_100_count";
        /// Views.
        opt view_count: u64 = "view_count";
    }
}

lossless_object! {
    /// A playback variant of a video or GIF.
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Variant {
        /// Bits per second (absent for playlists).
        opt bit_rate: u64 = "bit_rate";
        /// MIME type, such as `video/mp4` or `application/x-mpegURL`.
        opt content_type: String = "content_type";
        /// The URL.
        opt url: String = "url";
    }
}

lossless_object! {
    /// A poll: every `poll.fields` value. `id` and `options` are defaults.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Poll {
        /// The poll id.
        ess id: PollId = "id";
        /// The choices.
        ess options: Vec<PollOption> = "options";
        /// How long the poll runs.
        opt duration_minutes: u32 = "duration_minutes";
        /// When it ends.
        opt end_datetime: Timestamp = "end_datetime";
        /// Whether it still takes votes.
        opt voting_status: VotingStatus = "voting_status";
    }
}

lossless_object! {
    /// A poll choice.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PollOption {
        /// 1-based position.
        ess position: u32 = "position";
        /// The label.
        ess label: String = "label";
        /// Votes so far.
        ess votes: u64 = "votes";
    }
}

lossless_object! {
    /// A place: every `place.fields` value. `id` and `full_name` are defaults.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Place {
        /// The place id.
        ess id: PlaceId = "id";
        /// The long name, such as `Manhattan, NY`.
        ess full_name: String = "full_name";
        /// Places that contain this one.
        opt contained_within: Vec<PlaceId> = "contained_within";
        /// The country name.
        opt country: String = "country";
        /// The ISO 3166-1 alpha-2 country code.
        opt country_code: String = "country_code";
        /// The bounding box, as a GeoJSON Feature.
        opt geo: PlaceGeo = "geo";
        /// The short name.
        opt name: String = "name";
        /// City, country, admin area, ...
        opt place_type: PlaceType = "place_type";
    }
}

lossless_object! {
    /// The GeoJSON Feature of a place.
    ///
    /// `bbox` numbers are kept as JSON numbers so that they re-encode as sent;
    /// [`PlaceGeo::bbox_f64`] gives `f64`s.
    #[derive(Debug, Clone, PartialEq)]
    pub struct PlaceGeo {
        /// Always `Feature`.
        ess kind: GeoType = "type";
        /// `[west longitude, south latitude, east longitude, north latitude]`.
        opt bbox: Vec<serde_json::Number> = "bbox";
        /// Feature properties (usually `{}`), kept verbatim.
        opt properties: RawJson = "properties";
    }
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

lossless_object! {
    /// A topic.
    #[derive(Debug, Clone, PartialEq)]
    pub struct Topic {
        /// The topic id.
        ess id: TopicId = "id";
        /// Its name.
        ess name: String = "name";
        /// Its description.
        opt description: String = "description";
    }
}
