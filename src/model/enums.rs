//! Enumerated values of the v2 schema, each open: a value X adds later decodes to `Other`, kept verbatim.
//!
//! ```
//! use tweetstream::model::enums::MediaType;
//! let known: MediaType = serde_json::from_str(r#""photo""#).unwrap();
//! assert_eq!(known, MediaType::Photo);
//! let later: MediaType = serde_json::from_str(r#""hologram""#).unwrap();
//! assert_eq!(later, MediaType::Other("hologram".into()));
//! ```

use crate::model::codec::open_enum::open_enum;

open_enum! {
    /// Who can reply to a post (`reply_settings`).
    pub enum ReplySettings {
        /// Anyone.
        Everyone = "everyone",
        /// Only mentioned accounts.
        MentionedUsers = "mentionedUsers",
        /// Accounts the author follows.
        Following = "following",
        /// Accounts subscribed to the author.
        Subscribers = "subscribers",
        /// Verified accounts.
        Verified = "verified",
        /// Some other restriction X reports as `other`.
        OtherRestriction = "other",
    }
}

open_enum! {
    /// How a post references another (`referenced_tweets[].type`).
    pub enum ReferenceType {
        /// A repost (retweet).
        Retweeted = "retweeted",
        /// A quote.
        Quoted = "quoted",
        /// A reply.
        RepliedTo = "replied_to",
    }
}

open_enum! {
    /// The kind of a media object (`media[].type`).
    pub enum MediaType {
        /// A photo.
        Photo = "photo",
        /// A video.
        Video = "video",
        /// An animated GIF (delivered as a video).
        AnimatedGif = "animated_gif",
    }
}

open_enum! {
    /// The kind of verification badge (`verified_type`).
    pub enum VerifiedType {
        /// Paid (X Premium) verification.
        Blue = "blue",
        /// A verified organisation.
        Business = "business",
        /// A government or multilateral account.
        Government = "government",
        /// Not verified.
        None = "none",
    }
}

open_enum! {
    /// The X Premium subscription of a user (`subscription_type`).
    pub enum SubscriptionType {
        /// Basic.
        Basic = "Basic",
        /// Premium.
        Premium = "Premium",
        /// Premium+.
        PremiumPlus = "PremiumPlus",
        /// No subscription.
        None = "None",
    }
}

open_enum! {
    /// A relationship between the authenticated user and another (`connection_status[]`).
    pub enum ConnectionStatus {
        /// You block them.
        Blocking = "blocking",
        /// They asked to follow you.
        FollowRequestReceived = "follow_request_received",
        /// You asked to follow them.
        FollowRequestSent = "follow_request_sent",
        /// They follow you.
        FollowedBy = "followed_by",
        /// You follow them.
        Following = "following",
        /// You mute them.
        Muting = "muting",
    }
}

open_enum! {
    /// Whether a poll still takes votes (`voting_status`).
    pub enum VotingStatus {
        /// Taking votes.
        Open = "open",
        /// Closed.
        Closed = "closed",
    }
}

open_enum! {
    /// The granularity of a place (`place_type`).
    pub enum PlaceType {
        /// A city.
        City = "city",
        /// A country.
        Country = "country",
        /// An administrative area (state, region).
        Admin = "admin",
        /// A point of interest.
        Poi = "poi",
        /// A neighbourhood.
        Neighborhood = "neighborhood",
        /// Unknown granularity.
        Unknown = "unknown",
    }
}

open_enum! {
    /// A GeoJSON object type (`geo.type`, `geo.coordinates.type`).
    pub enum GeoType {
        /// A GeoJSON Feature.
        Feature = "Feature",
        /// A GeoJSON Point.
        Point = "Point",
    }
}

open_enum! {
    /// What a withholding applies to (`withheld.scope`).
    pub enum WithheldScope {
        /// The post.
        Tweet = "tweet",
        /// The post (newer spelling).
        Post = "post",
        /// The whole user.
        User = "user",
    }
}

open_enum! {
    /// The kind of a named entity found in a post (`entities.annotations[].type`).
    pub enum AnnotationType {
        /// A person.
        Person = "Person",
        /// A place.
        Place = "Place",
        /// A product.
        Product = "Product",
        /// An organisation.
        Organization = "Organization",
        /// Anything else X classifies as `Other`.
        OtherKind = "Other",
    }
}

open_enum! {
    /// Why X closed a stream (`disconnect_type` of an operational-disconnect problem).
    pub enum DisconnectType {
        /// Routine operational disconnect.
        OperationalDisconnect = "OperationalDisconnect",
        /// An upstream service disconnected.
        UpstreamOperationalDisconnect = "UpstreamOperationalDisconnect",
        /// Forced by X.
        ForceDisconnect = "ForceDisconnect",
        /// An upstream service went away uncleanly.
        UpstreamUncleanDisconnect = "UpstreamUncleanDisconnect",
        /// The client read too slowly.
        SlowReader = "SlowReader",
        /// An internal error at X.
        InternalError = "InternalError",
        /// The client application's state degraded.
        ClientApplicationStateDegraded = "ClientApplicationStateDegraded",
        /// The rules are invalid.
        InvalidRules = "InvalidRules",
        /// The package was upgraded.
        PackageUpgraded = "PackageUpgraded",
        /// The package was downgraded.
        PackageDowngraded = "PackageDowngraded",
    }
}

open_enum! {
    /// What is wrong with a streaming connection (`connection_issue`).
    pub enum ConnectionIssue {
        /// Too many connections for the plan.
        TooManyConnections = "TooManyConnections",
        /// The subscription is still being provisioned.
        ProvisioningSubscription = "ProvisioningSubscription",
        /// The rule configuration is wrong.
        RuleConfigurationIssue = "RuleConfigurationIssue",
        /// The rules are invalid.
        RulesInvalidIssue = "RulesInvalidIssue",
    }
}

open_enum! {
    /// Why a client is forbidden (`reason` of a client-forbidden problem).
    pub enum ForbiddenReason {
        /// The official client may not use this endpoint.
        OfficialClientForbidden = "official-client-forbidden",
        /// The App is not in an enrolled Project.
        ClientNotEnrolled = "client-not-enrolled",
    }
}

open_enum! {
    /// The period of an exceeded usage cap (`period`).
    pub enum UsagePeriod {
        /// Per day.
        Daily = "Daily",
        /// Per month.
        Monthly = "Monthly",
    }
}

open_enum! {
    /// What an exceeded usage cap applies to (`scope` of a usage-capped problem).
    pub enum UsageScope {
        /// The account.
        Account = "Account",
        /// The product.
        Product = "Product",
    }
}

open_enum! {
    /// The kind of resource a problem is about (`resource_type`).
    pub enum ResourceType {
        /// A user.
        User = "user",
        /// A post.
        Tweet = "tweet",
        /// A post (newer spelling).
        Post = "post",
        /// Media.
        Media = "media",
        /// A list.
        List = "list",
        /// A Space.
        Space = "space",
        /// A poll.
        Poll = "poll",
        /// A place.
        Place = "place",
    }
}

open_enum! {
    /// Which part of a response a problem is about (`section`).
    pub enum Section {
        /// The primary `data`.
        Data = "data",
        /// The `includes`.
        Includes = "includes",
    }
}

open_enum! {
    /// What an X Activity event is about (`event_type`, in dot notation): the 29 values of
    /// `CreateActivitySubscriptionRequest.event_type` (OpenAPI 2.167) and the ones X's
    /// event-payload examples add (replies, quotes, reposts, broadcasts, OAuth revokes).
    pub enum ActivityType {
        /// The bio changed.
        ProfileUpdateBio = "profile.update.bio",
        /// The profile picture changed.
        ProfileUpdateProfilePicture = "profile.update.profile_picture",
        /// The banner changed.
        ProfileUpdateBannerPicture = "profile.update.banner_picture",
        /// The display name changed.
        ProfileUpdateScreenname = "profile.update.screenname",
        /// The location changed.
        ProfileUpdateGeo = "profile.update.geo",
        /// The profile URL changed.
        ProfileUpdateUrl = "profile.update.url",
        /// The verified badge changed.
        ProfileUpdateVerifiedBadge = "profile.update.verified_badge",
        /// The affiliate badge changed.
        ProfileUpdateAffiliateBadge = "profile.update.affiliate_badge",
        /// The handle changed.
        ProfileUpdateHandle = "profile.update.handle",
        /// A news story.
        NewsNew = "news.new",
        /// A follow.
        FollowFollow = "follow.follow",
        /// An unfollow.
        FollowUnfollow = "follow.unfollow",
        /// A Space started.
        SpacesStart = "spaces.start",
        /// A Space ended.
        SpacesEnd = "spaces.end",
        /// An encrypted chat message received.
        ChatReceived = "chat.received",
        /// An encrypted chat message sent.
        ChatSent = "chat.sent",
        /// Joined a chat conversation.
        ChatConversationJoin = "chat.conversation_join",
        /// A direct message sent.
        DmSent = "dm.sent",
        /// A direct message received.
        DmReceived = "dm.received",
        /// Typing in a direct-message conversation.
        DmIndicateTyping = "dm.indicate_typing",
        /// A direct message read.
        DmRead = "dm.read",
        /// A post created.
        PostCreate = "post.create",
        /// A post deleted.
        PostDelete = "post.delete",
        /// A post mentioning the user.
        PostMentionCreate = "post.mention.create",
        /// A reply created (X's payload examples).
        PostReplyCreate = "post.reply.create",
        /// A quote post created (X's payload examples).
        PostQuoteCreate = "post.quote.create",
        /// A repost created (X's payload examples).
        PostRepostCreate = "post.repost.create",
        /// A like.
        LikeCreate = "like.create",
        /// A mute.
        MuteMute = "mute.mute",
        /// An unmute.
        MuteUnmute = "mute.unmute",
        /// A block.
        BlockBlock = "block.block",
        /// An unblock.
        BlockUnblock = "block.unblock",
        /// A live broadcast started (X's payload examples).
        BroadcastStart = "broadcast.start",
        /// A live broadcast ended (X's payload examples).
        BroadcastEnd = "broadcast.end",
        /// A broadcast chat message (X's payload examples).
        BroadcastChat = "broadcast.chat",
        /// The user revoked the app's access (X's payload examples).
        OauthRevoke = "oauth.revoke",
    }
}

open_enum! {
    /// Which way a directional activity goes (`filter.direction`).
    pub enum ActivityDirection {
        /// Done to the filtered user (followed by, liked by, ...).
        Inbound = "inbound",
        /// Done by the filtered user.
        Outbound = "outbound",
    }
}

impl ActivityType {
    /// The event types `POST /2/activity/subscriptions` accepts (the spec's enum, 29 values).
    ///
    /// ```
    /// use tweetstream::model::enums::ActivityType;
    /// assert_eq!(ActivityType::SUBSCRIBABLE.len(), 29);
    /// assert!(!ActivityType::SUBSCRIBABLE.contains(&ActivityType::OauthRevoke));
    /// ```
    pub const SUBSCRIBABLE: &'static [ActivityType] = &[
        Self::ProfileUpdateBio,
        Self::ProfileUpdateProfilePicture,
        Self::ProfileUpdateBannerPicture,
        Self::ProfileUpdateScreenname,
        Self::ProfileUpdateGeo,
        Self::ProfileUpdateUrl,
        Self::ProfileUpdateVerifiedBadge,
        Self::ProfileUpdateAffiliateBadge,
        Self::ProfileUpdateHandle,
        Self::NewsNew,
        Self::FollowFollow,
        Self::FollowUnfollow,
        Self::SpacesStart,
        Self::SpacesEnd,
        Self::ChatReceived,
        Self::ChatSent,
        Self::ChatConversationJoin,
        Self::DmSent,
        Self::DmReceived,
        Self::DmIndicateTyping,
        Self::DmRead,
        Self::PostCreate,
        Self::PostDelete,
        Self::PostMentionCreate,
        Self::LikeCreate,
        Self::MuteMute,
        Self::MuteUnmute,
        Self::BlockBlock,
        Self::BlockUnblock,
    ];
}
