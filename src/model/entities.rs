//! Entities found in post text, note text and user profiles.
//!
//! ```
//! use tweetstream::model::entities::Entities;
//! let e: Entities = serde_json::from_str(r#"{"hashtags":[{"start":0,"end":5,"tag":"rust"}]}"#).unwrap();
//! assert_eq!(e.hashtags.unwrap()[0].tag, "rust");
//! ```

use crate::model::codec::lossless::lossless_object;

use super::enums::AnnotationType;
use super::id::{MediaKey, UserId};

lossless_object! {
    /// Entities parsed from a text (`entities` of a post or `note_tweet`, and
    /// `entities.description` of a user). Indices are in Unicode code points,
    /// start inclusive, end exclusive.
    ///
    /// ```
    /// use tweetstream::model::entities::Entities;
    /// let e: Entities = serde_json::from_str(r#"{
    ///   "hashtags": [{"start": 54, "end": 75, "tag": "MyTwitterAnniversary"}],
    ///   "mentions": [{"start": 0, "end": 11, "username": "TwitterDev", "id": "2244994945"}],
    ///   "urls": [{"start": 76, "end": 99, "url": "https://t.co/r7pRW26zyE"}]
    /// }"#).unwrap();
    /// assert_eq!(e.hashtags.unwrap()[0].tag, "MyTwitterAnniversary");
    /// assert_eq!(e.mentions.unwrap()[0].username.as_deref(), Some("TwitterDev"));
    /// assert_eq!(e.urls.unwrap()[0].end, 99);
    /// assert!(e.cashtags.is_none());
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Entities {
        /// Named entities X recognised (posts only).
        opt annotations: Vec<Annotation> = "annotations";
        /// `$TICKER` cashtags.
        opt cashtags: Vec<Tag> = "cashtags";
        /// `#hashtags`.
        opt hashtags: Vec<Tag> = "hashtags";
        /// `@mentions`.
        opt mentions: Vec<Mention> = "mentions";
        /// Links.
        opt urls: Vec<UrlEntity> = "urls";
    }
}

lossless_object! {
    /// A named entity recognised in a post.
    ///
    /// ```
    /// use tweetstream::model::entities::Annotation;
    /// use tweetstream::model::enums::AnnotationType;
    /// let a: Annotation = serde_json::from_str(
    ///     r#"{"start":144,"end":150,"probability":0.626,"type":"Product","normalized_text":"Twitter"}"#,
    /// ).unwrap();
    /// assert_eq!(a.kind, Some(AnnotationType::Product));
    /// assert_eq!(a.normalized_text.as_deref(), Some("Twitter"));
    /// assert_eq!((a.start, a.end, a.probability), (144, 150, Some(0.626)));
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct Annotation {
        /// Start index.
        ess start: u32 = "start";
        /// End index.
        ess end: u32 = "end";
        /// Confidence, 0 to 1.
        opt_exact probability: f64 = "probability";
        /// The kind of entity.
        opt kind: AnnotationType = "type";
        /// The entity's text as X normalised it.
        opt normalized_text: String = "normalized_text";
    }
}

lossless_object! {
    /// A hashtag or cashtag (without the `#` or `$`).
    ///
    /// ```
    /// use tweetstream::model::entities::Tag;
    /// let t: Tag = serde_json::from_str(r#"{"start":0,"end":5,"tag":"TWTR"}"#).unwrap();
    /// assert_eq!(t.tag, "TWTR");
    /// // `start`, `end` and `tag` are required: a tag without its text fails.
    /// assert!(serde_json::from_str::<Tag>(r#"{"start":0,"end":5}"#).is_err());
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Tag {
        /// Start index.
        ess start: u32 = "start";
        /// End index.
        ess end: u32 = "end";
        /// The tag text.
        ess tag: String = "tag";
    }
}

lossless_object! {
    /// A mention of a user.
    ///
    /// ```
    /// use tweetstream::model::entities::Mention;
    /// let m: Mention = serde_json::from_str(
    ///     r#"{"start":0,"end":11,"username":"TwitterDev","id":"2244994945"}"#,
    /// ).unwrap();
    /// assert_eq!(m.username.as_deref(), Some("TwitterDev"));
    /// assert_eq!(m.id.map(|id| id.get()), Some(2244994945));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Mention {
        /// Start index.
        ess start: u32 = "start";
        /// End index.
        ess end: u32 = "end";
        /// The handle (without `@`); expand with `entities.mentions.username`.
        opt username: String = "username";
        /// The mentioned user's id.
        opt id: UserId = "id";
    }
}

lossless_object! {
    /// A link, with what X learned by unwinding it.
    ///
    /// ```
    /// use tweetstream::model::entities::UrlEntity;
    /// // A recorded entity whose `status` came as a string: the tolerant pass
    /// // still reads it, and keeps the original text for re-encoding.
    /// let json = r#"{"start":44,"end":67,"url":"https://t.co/crkYRdjUB0","expanded_url":"https://twitter.com","display_url":"twitter.com","status":"200","unwound_url":"https://twitter.com"}"#;
    /// let u: UrlEntity = tweetstream::model::tolerant::decode(json).unwrap();
    /// assert_eq!(u.display_url.as_deref(), Some("twitter.com"));
    /// assert_eq!(u.status, Some(200));
    /// assert_eq!(u.extra.get("status").unwrap().get(), r#""200""#);
    /// assert!(tweetstream::model::roundtrip::same_json(json, &serde_json::to_string(&u).unwrap()));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UrlEntity {
        /// Start index.
        ess start: u32 = "start";
        /// End index.
        ess end: u32 = "end";
        /// The `t.co` URL as it appears in the text.
        opt url: String = "url";
        /// The full URL.
        opt expanded_url: String = "expanded_url";
        /// The URL as displayed.
        opt display_url: String = "display_url";
        /// For links to attached media, its key.
        opt media_key: MediaKey = "media_key";
        /// Preview images of the linked page.
        opt images: Vec<UrlImage> = "images";
        /// The HTTP status of the final URL.
        opt status: u16 = "status";
        /// The linked page's title.
        opt title: String = "title";
        /// The linked page's description.
        opt description: String = "description";
        /// The URL after following redirects.
        opt unwound_url: String = "unwound_url";
    }
}

lossless_object! {
    /// A preview image of a linked page.
    ///
    /// ```
    /// use tweetstream::model::entities::UrlImage;
    /// let i: UrlImage = serde_json::from_str(
    ///     r#"{"url":"https://pbs.twimg.com/news_img/1507070437557096461/abc?format=jpg&name=orig","width":1200,"height":630}"#,
    /// ).unwrap();
    /// assert_eq!((i.width, i.height), (Some(1200), Some(630)));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct UrlImage {
        /// The image URL.
        opt url: String = "url";
        /// Width in pixels.
        opt width: u32 = "width";
        /// Height in pixels.
        opt height: u32 = "height";
    }
}

lossless_object! {
    /// Entities of a user's profile.
    ///
    /// ```
    /// use tweetstream::model::entities::UserEntities;
    /// let e: UserEntities = serde_json::from_str(r#"{
    ///   "url": {"urls": [{"start": 0, "end": 23, "url": "https://t.co/3ZX3TNiZCY", "expanded_url": "https://developer.twitter.com/en/community"}]},
    ///   "description": {"hashtags": [{"start": 17, "end": 28, "tag": "TwitterDev"}]}
    /// }"#).unwrap();
    /// let site = &e.url.unwrap().urls.unwrap()[0];
    /// assert_eq!(site.expanded_url.as_deref(), Some("https://developer.twitter.com/en/community"));
    /// assert_eq!(e.description.unwrap().hashtags.unwrap()[0].tag, "TwitterDev");
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UserEntities {
        /// Entities of the profile's website field.
        opt url: UrlEntities = "url";
        /// Entities of the bio.
        opt description: Entities = "description";
    }
}

lossless_object! {
    /// A list of URL entities (`entities.url` of a user).
    ///
    /// ```
    /// use tweetstream::model::entities::UrlEntities;
    /// let e: UrlEntities = serde_json::from_str(
    ///     r#"{"urls":[{"start":0,"end":23,"url":"https://t.co/3ZX3TNiZCY","display_url":"developer.twitter.com/en/community"}]}"#,
    /// ).unwrap();
    /// assert_eq!(e.urls.unwrap()[0].display_url.as_deref(), Some("developer.twitter.com/en/community"));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UrlEntities {
        /// The URLs.
        opt urls: Vec<UrlEntity> = "urls";
    }
}
