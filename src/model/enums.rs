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
