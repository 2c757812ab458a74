//! Media, polls, places and topics: the other objects `includes` carries.
//!
//! ```
//! use tweetstream::model::objects::Media;
//! let m: Media = serde_json::from_str(r#"{"media_key":"3_1","type":"photo","width":1200}"#).unwrap();
//! assert_eq!(m.width, Some(1200));
//! ```

use crate::model::codec::lossless::lossless_object;

use super::enums::{GeoType, MediaType, PlaceType, VotingStatus};
use super::id::{MediaKey, PlaceId, PollId, TopicId};
use super::timestamp::Timestamp;
use crate::model::codec::raw::RawJson;

lossless_object! {
    /// A photo, video or animated GIF: every `media.fields` value.
    ///
    /// `media_key` and `type` are X's default fields and always present.
    ///
    /// ```
    /// use tweetstream::model::Media;
    /// use tweetstream::model::enums::MediaType;
    /// let m: Media = serde_json::from_str(r#"{
    ///   "media_key": "7_1509968469398212609", "type": "video", "duration_ms": 46947,
    ///   "height": 1080, "width": 1920, "public_metrics": {"view_count": 1509},
    ///   "preview_image_url": "https://pbs.twimg.com/ext_tw_video_thumb/1509968469398212609/pu/img/a.jpg",
    ///   "variants": [{"bit_rate": 2176000, "content_type": "video/mp4", "url": "https://video.twimg.com/a.mp4"},
    ///                {"content_type": "application/x-mpegURL", "url": "https://video.twimg.com/a.m3u8"}]
    /// }"#).unwrap();
    /// assert_eq!(m.kind, MediaType::Video);
    /// assert_eq!(m.media_key, "7_1509968469398212609");
    /// assert_eq!(m.public_metrics.unwrap().view_count, Some(1509));
    /// assert_eq!(m.variants.unwrap()[1].bit_rate, None); // playlists have none
    /// ```
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
    ///
    /// ```
    /// use tweetstream::model::objects::MediaMetrics;
    /// let m: MediaMetrics = serde_json::from_str(
    ///     r#"{"playback_0_count":1200,"playback_25_count":640,"playback_50_count":410,"playback_75_count":300,"playback_100_count":215}"#,
    /// ).unwrap();
    /// assert_eq!(m.playback_100_count, Some(215));
    /// assert_eq!(m.view_count, None);
    /// ```
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
    ///
    /// ```
    /// use tweetstream::model::objects::Variant;
    /// let v: Variant = serde_json::from_str(
    ///     r#"{"bit_rate":832000,"content_type":"video/mp4","url":"https://video.twimg.com/ext_tw_video/1509968469398212609/pu/vid/640x360/a.mp4?tag=12"}"#,
    /// ).unwrap();
    /// assert_eq!(v.bit_rate, Some(832000));
    /// assert_eq!(v.content_type.as_deref(), Some("video/mp4"));
    /// ```
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
    ///
    /// ```
    /// use tweetstream::model::Poll;
    /// use tweetstream::model::enums::VotingStatus;
    /// let p: Poll = serde_json::from_str(r#"{"id":"1199786642791452673","options":[
    ///   {"position":1,"label":"“C Sharp”","votes":795},{"position":2,"label":"“C Hashtag”","votes":156}],
    ///   "duration_minutes":1440,"end_datetime":"2019-11-28T20:26:41.000Z","voting_status":"closed"}"#).unwrap();
    /// assert_eq!(p.id.get(), 1199786642791452673);
    /// assert_eq!(p.voting_status, Some(VotingStatus::Closed));
    /// let total: u64 = p.options.iter().map(|o| o.votes).sum();
    /// assert_eq!(total, 951);
    /// assert_eq!(p.end_datetime.unwrap().get().unwrap().year(), 2019);
    /// ```
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
    ///
    /// ```
    /// use tweetstream::model::objects::PollOption;
    /// let o: PollOption = serde_json::from_str(r#"{"position":1,"label":"“C Sharp”","votes":795}"#).unwrap();
    /// assert_eq!((o.position, o.label.as_str(), o.votes), (1, "“C Sharp”", 795));
    /// ```
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
    ///
    /// ```
    /// use tweetstream::model::Place;
    /// use tweetstream::model::enums::PlaceType;
    /// let p: Place = serde_json::from_str(r#"{"full_name":"Manhattan, NY","id":"01a9a39529b27f36",
    ///   "country":"United States","country_code":"US","name":"Manhattan","place_type":"city",
    ///   "geo":{"type":"Feature","bbox":[-74.026675,40.683935,-73.910408,40.877483],"properties":{}}}"#).unwrap();
    /// assert_eq!(p.id, "01a9a39529b27f36");
    /// assert_eq!(p.full_name, "Manhattan, NY");
    /// assert_eq!(p.place_type, Some(PlaceType::City));
    /// assert_eq!(p.country_code.as_deref(), Some("US"));
    /// ```
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
    /// `bbox` numbers are kept as JSON numbers so that they re-encode as sent
    /// (number text serde_json would shorten, such as `1.0E-5`, is kept in
    /// `extra`); [`PlaceGeo::bbox_f64`] gives `f64`s.
    ///
    /// ```
    /// use tweetstream::model::objects::PlaceGeo;
    /// let json = r#"{"type":"Feature","bbox":[-74.026675,40.683935,-73.910408,40.877483],"properties":{}}"#;
    /// let g: PlaceGeo = serde_json::from_str(json).unwrap();
    /// assert_eq!(g.properties.as_ref().unwrap().get(), "{}");
    /// assert_eq!(serde_json::to_string(&g).unwrap(), json); // numbers re-encode as sent
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct PlaceGeo {
        /// Always `Feature`.
        ess kind: GeoType = "type";
        /// `[west longitude, south latitude, east longitude, north latitude]`.
        opt_exact bbox: Vec<serde_json::Number> = "bbox";
        /// Feature properties (usually `{}`), kept verbatim.
        opt properties: RawJson = "properties";
    }
}

impl PlaceGeo {
    /// The bounding box as `f64`s, if it has four numbers.
    ///
    /// ```
    /// use tweetstream::model::objects::PlaceGeo;
    /// let g: PlaceGeo = serde_json::from_str(
    ///     r#"{"type":"Feature","bbox":[-74.026675,40.683935,-73.910408,40.877483]}"#,
    /// ).unwrap();
    /// let [west, south, east, north] = g.bbox_f64().unwrap();
    /// assert!(west < east && south < north);
    /// assert_eq!(north, 40.877483);
    /// ```
    pub fn bbox_f64(&self) -> Option<[f64; 4]> {
        match self.bbox.as_deref()? {
            [a, b, c, d] => Some([a.as_f64()?, b.as_f64()?, c.as_f64()?, d.as_f64()?]),
            _ => None,
        }
    }
}

lossless_object! {
    /// A topic.
    ///
    /// ```
    /// use tweetstream::model::Topic;
    /// let t: Topic = serde_json::from_str(
    ///     r#"{"id":"848920371311001600","name":"Technology","description":"All about technology"}"#,
    /// ).unwrap();
    /// assert_eq!(t.id.get(), 848920371311001600);
    /// assert_eq!(t.name, "Technology");
    /// ```
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
