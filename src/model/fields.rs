//! Typed request names: `expansions` and the `*.fields` parameters.
//!
//! Each enum lists every value X's spec allows on the post (stream) endpoints,
//! with its wire string, and `ALL` to request everything. They implement
//! `AsRef<str>`, so `StreamParams` takes them alongside plain strings (which
//! remain the way to send a value newer than this crate).
//!
//! ```
//! use tweetstream::model::fields::{Expansion, TweetField};
//! assert_eq!(TweetField::CreatedAt.as_str(), "created_at");
//! assert_eq!("author_id".parse::<Expansion>(), Ok(Expansion::AuthorId));
//! assert!("created_time".parse::<TweetField>().is_err());
//! ```

use std::fmt;

/// Why a string is not a known request name.
///
/// ```
/// use tweetstream::model::{TweetField, UnknownName};
/// let err: UnknownName = "created_time".parse::<TweetField>().unwrap_err();
/// assert_eq!(err.parameter, "tweet.fields");
/// assert_eq!(err.value, "created_time");
/// assert_eq!(err.to_string(), "`created_time` is not a known tweet.fields value");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// The parameter, such as `tweet.fields`.
    pub parameter: &'static str,
    /// The string that matched no value.
    pub value: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a known {} value",
            self.value, self.parameter
        )
    }
}

impl std::error::Error for UnknownName {}

macro_rules! field_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident ($param:literal) {
            $(#[$fdoc:meta])* $first:ident = $fwire:literal
            $(, $(#[$vdoc:meta])* $variant:ident = $wire:literal )* $(,)?
        }
    ) => {
        $(#[$doc])*
        ///
        /// # Example
        ///
        /// Parsed from its wire string (a typo is refused, naming the
        /// parameter), and usable wherever a request name is taken.
        ///
        /// ```
        #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
        #[doc = concat!("let v: ", stringify!($name), " = \"", $fwire, "\".parse().unwrap();")]
        #[doc = concat!("assert_eq!(v, ", stringify!($name), "::", stringify!($first), ");")]
        #[doc = concat!("assert_eq!(v.to_string(), \"", $fwire, "\");")]
        #[doc = concat!("assert!(", stringify!($name), "::ALL.contains(&v));")]
        #[doc = concat!("let err = \"", $fwire, "_typo\".parse::<", stringify!($name), ">().unwrap_err();")]
        #[doc = concat!("assert_eq!(err.parameter, \"", $param, "\");")]
        #[doc = concat!("assert_eq!(err.to_string(), \"`", $fwire, "_typo` is not a known ", $param, " value\");")]
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[$fdoc])* $first,
            $( $(#[$vdoc])* $variant, )*
        }

        impl $name {
            /// Every value, in the spec's order.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::ALL, &[", stringify!($name), "::", stringify!($first), $(", ", stringify!($name), "::", stringify!($variant),)* "]);")]
            #[doc = concat!("assert!(", stringify!($name), "::ALL.iter().all(|v| v.as_str().parse::<", stringify!($name), ">() == Ok(*v)));")]
            /// ```
            pub const ALL: &'static [Self] = &[ Self::$first $(, Self::$variant )* ];

            /// Every wire string, in the same order as `ALL`.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::NAMES[0], \"", $fwire, "\");")]
            #[doc = concat!("for name in ", stringify!($name), "::NAMES {")]
            #[doc = concat!("    assert_eq!(name.parse::<", stringify!($name), ">().unwrap().as_str(), *name);")]
            #[doc = "}"]
            /// ```
            pub const NAMES: &'static [&'static str] = &[ $fwire $(, $wire )* ];

            /// The query parameter these values go in.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::PARAMETER, \"", $param, "\");")]
            #[doc = concat!("let err = \"no_such_value\".parse::<", stringify!($name), ">().unwrap_err();")]
            #[doc = concat!("assert_eq!(err.parameter, ", stringify!($name), "::PARAMETER);")]
            /// ```
            pub const PARAMETER: &'static str = $param;

            /// The wire string.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), \"", $fwire, "\");")]
            #[doc = concat!("let names: Vec<&str> = ", stringify!($name), "::ALL.iter().map(|v| v.as_str()).collect();")]
            #[doc = concat!("assert_eq!(names, ", stringify!($name), "::NAMES);")]
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self {
                    Self::$first => $fwire,
                    $( Self::$variant => $wire, )*
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownName;
            fn from_str(s: &str) -> Result<Self, UnknownName> {
                match s {
                    $fwire => Ok(Self::$first),
                    $( $wire => Ok(Self::$variant), )*
                    _ => Err(UnknownName { parameter: $param, value: s.to_owned() }),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

field_enum! {
    /// Values of `expansions` on the post endpoints (streams included).
    pub enum Expansion("expansions") {
        /// The cover media of an attached Article.
        ArticleCoverMedia = "article.cover_media",
        /// The media of an attached Article.
        ArticleMediaEntities = "article.media_entities",
        /// Attached media → `includes.media`.
        AttachmentsMediaKeys = "attachments.media_keys",
        /// The posts attached media first appeared in → `includes.tweets`.
        AttachmentsMediaSourceTweet = "attachments.media_source_tweet",
        /// Attached polls → `includes.polls`.
        AttachmentsPollIds = "attachments.poll_ids",
        /// The author → `includes.users`.
        AuthorId = "author_id",
        /// Earlier versions → `includes.tweets`.
        EditHistoryTweetIds = "edit_history_tweet_ids",
        /// Mentioned users → `includes.users`.
        EntitiesMentionsUsername = "entities.mentions.username",
        /// The tagged place → `includes.places`.
        GeoPlaceId = "geo.place_id",
        /// The user replied to → `includes.users`.
        InReplyToUserId = "in_reply_to_user_id",
        /// Users mentioned in a long post's full text → `includes.users`.
        EntitiesNoteMentionsUsername = "entities.note.mentions.username",
        /// Referenced posts → `includes.tweets`.
        ReferencedTweetsId = "referenced_tweets.id",
        /// Media of referenced posts → `includes.media`.
        ReferencedTweetsIdAttachmentsMediaKeys = "referenced_tweets.id.attachments.media_keys",
        /// Authors of referenced posts → `includes.users`.
        ReferencedTweetsIdAuthorId = "referenced_tweets.id.author_id",
    }
}

field_enum! {
    /// Values of `tweet.fields`.
    pub enum TweetField("tweet.fields") {
        /// `article`.
        Article = "article",
        /// `attachments`.
        Attachments = "attachments",
        /// `author_id`.
        AuthorId = "author_id",
        /// `card_uri`.
        CardUri = "card_uri",
        /// `community_id`.
        CommunityId = "community_id",
        /// `context_annotations`.
        ContextAnnotations = "context_annotations",
        /// `conversation_id`.
        ConversationId = "conversation_id",
        /// `created_at`.
        CreatedAt = "created_at",
        /// `display_text_range`.
        DisplayTextRange = "display_text_range",
        /// `edit_controls`.
        EditControls = "edit_controls",
        /// `edit_history_tweet_ids`.
        EditHistoryTweetIds = "edit_history_tweet_ids",
        /// `entities`.
        Entities = "entities",
        /// `geo`.
        Geo = "geo",
        /// `id`.
        Id = "id",
        /// `in_reply_to_user_id`.
        InReplyToUserId = "in_reply_to_user_id",
        /// `lang`.
        Lang = "lang",
        /// `matched_media_notes`.
        MatchedMediaNotes = "matched_media_notes",
        /// `media_metadata`.
        MediaMetadata = "media_metadata",
        /// `non_public_metrics` (user context, own posts).
        NonPublicMetrics = "non_public_metrics",
        /// `note_request_suggestions`.
        NoteRequestSuggestions = "note_request_suggestions",
        /// `note_tweet`.
        NoteTweet = "note_tweet",
        /// `organic_metrics` (user context, own posts).
        OrganicMetrics = "organic_metrics",
        /// `paid_partnership`.
        PaidPartnership = "paid_partnership",
        /// `possibly_sensitive`.
        PossiblySensitive = "possibly_sensitive",
        /// `promoted_metrics` (user context, own posts).
        PromotedMetrics = "promoted_metrics",
        /// `public_metrics`.
        PublicMetrics = "public_metrics",
        /// `referenced_tweets`.
        ReferencedTweets = "referenced_tweets",
        /// `reply_settings`.
        ReplySettings = "reply_settings",
        /// `scopes`.
        Scopes = "scopes",
        /// `source`.
        Source = "source",
        /// `suggested_source_links`.
        SuggestedSourceLinks = "suggested_source_links",
        /// `suggested_source_links_with_counts`.
        SuggestedSourceLinksWithCounts = "suggested_source_links_with_counts",
        /// `text`.
        Text = "text",
        /// `withheld`.
        Withheld = "withheld",
    }
}

field_enum! {
    /// Values of `user.fields`.
    pub enum UserField("user.fields") {
        /// `affiliation`.
        Affiliation = "affiliation",
        /// `confirmed_email` (own account only).
        ConfirmedEmail = "confirmed_email",
        /// `connection_status`.
        ConnectionStatus = "connection_status",
        /// `created_at`.
        CreatedAt = "created_at",
        /// `description`.
        Description = "description",
        /// `entities`.
        Entities = "entities",
        /// `id`.
        Id = "id",
        /// `is_identity_verified`.
        IsIdentityVerified = "is_identity_verified",
        /// `location`.
        Location = "location",
        /// `most_recent_tweet_id`.
        MostRecentTweetId = "most_recent_tweet_id",
        /// `name`.
        Name = "name",
        /// `parody`.
        Parody = "parody",
        /// `pinned_tweet_id`.
        PinnedTweetId = "pinned_tweet_id",
        /// `profile_banner_url`.
        ProfileBannerUrl = "profile_banner_url",
        /// `profile_image_url`.
        ProfileImageUrl = "profile_image_url",
        /// `protected`.
        Protected = "protected",
        /// `public_metrics`.
        PublicMetrics = "public_metrics",
        /// `receives_your_dm`.
        ReceivesYourDm = "receives_your_dm",
        /// `subscription`.
        Subscription = "subscription",
        /// `subscription_type`.
        SubscriptionType = "subscription_type",
        /// `url`.
        Url = "url",
        /// `username`.
        Username = "username",
        /// `verified`.
        Verified = "verified",
        /// `verified_followers_count`.
        VerifiedFollowersCount = "verified_followers_count",
        /// `verified_type`.
        VerifiedType = "verified_type",
        /// `withheld`.
        Withheld = "withheld",
    }
}

field_enum! {
    /// Values of `media.fields`.
    pub enum MediaField("media.fields") {
        /// `alt_text`.
        AltText = "alt_text",
        /// `duration_ms`.
        DurationMs = "duration_ms",
        /// `height`.
        Height = "height",
        /// `media_key`.
        MediaKey = "media_key",
        /// `non_public_metrics`.
        NonPublicMetrics = "non_public_metrics",
        /// `organic_metrics`.
        OrganicMetrics = "organic_metrics",
        /// `preview_image_url`.
        PreviewImageUrl = "preview_image_url",
        /// `promoted_metrics`.
        PromotedMetrics = "promoted_metrics",
        /// `public_metrics`.
        PublicMetrics = "public_metrics",
        /// `type`.
        Type = "type",
        /// `url`.
        Url = "url",
        /// `variants`.
        Variants = "variants",
        /// `width`.
        Width = "width",
    }
}

field_enum! {
    /// Values of `poll.fields`.
    pub enum PollField("poll.fields") {
        /// `duration_minutes`.
        DurationMinutes = "duration_minutes",
        /// `end_datetime`.
        EndDatetime = "end_datetime",
        /// `id`.
        Id = "id",
        /// `options`.
        Options = "options",
        /// `voting_status`.
        VotingStatus = "voting_status",
    }
}

field_enum! {
    /// Values of `place.fields`.
    pub enum PlaceField("place.fields") {
        /// `contained_within`.
        ContainedWithin = "contained_within",
        /// `country`.
        Country = "country",
        /// `country_code`.
        CountryCode = "country_code",
        /// `full_name`.
        FullName = "full_name",
        /// `geo`.
        Geo = "geo",
        /// `id`.
        Id = "id",
        /// `name`.
        Name = "name",
        /// `place_type`.
        PlaceType = "place_type",
    }
}
