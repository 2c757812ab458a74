//! Entities found in post text, note text and user profiles.

use super::lossless::lossless_object;

use super::enums::AnnotationType;
use super::id::{MediaKey, UserId};

lossless_object! {
    /// Entities parsed from a text (`entities` of a post or `note_tweet`, and
    /// `entities.description` of a user). Indices are in Unicode code points,
    /// start inclusive, end exclusive.
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
    #[derive(Debug, Clone, PartialEq)]
    pub struct Annotation {
        /// Start index.
        ess start: u32 = "start";
        /// End index.
        ess end: u32 = "end";
        /// Confidence, 0 to 1.
        opt probability: f64 = "probability";
        /// The kind of entity.
        opt kind: AnnotationType = "type";
        /// The entity's text as X normalised it.
        opt normalized_text: String = "normalized_text";
    }
}

lossless_object! {
    /// A hashtag or cashtag (without the `#` or `$`).
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
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UrlEntities {
        /// The URLs.
        opt urls: Vec<UrlEntity> = "urls";
    }
}
