//! X Activity events: the `data` of `/2/activity/stream` lines.
//!
//! Schema: `ActivityStreamResponse` (OpenAPI 2.167): `event_type`, `event_uuid`, `filter`,
//! `tag`, `payload` (typed by `event_type`: `ActivityStreamingResponsePayload`'s
//! discriminator) and `includes`, all inside `data`. X's published payload examples
//! (docs.x.com, "X Activity API event payload examples") differ from the schema in places,
//! and both decode: `event_uuid` may be negative, a follow's users come wrapped in
//! `{"data": ...}`, a like names its author `liked_tweet_author_id`. A payload of a kind the
//! spec does not type (chat, DMs, Spaces, broadcasts, ...) or of an unexpected shape is kept
//! as it came ([`ActivityPayload::Other`]).
//!
//! ```
//! use bytes::Bytes;
//! use tweetstream::{PayloadKind, decode_line_as};
//! use tweetstream::model::activity::ActivityPayload;
//! let line = br#"{"data":{"event_type":"follow.follow","filter":{"user_id":"1"},"tag":"follows",
//!   "payload":{"source":{"data":{"id":"1","name":"A","username":"a"}},"target":{"data":{"id":"2","name":"B","username":"b"}}}}}"#;
//! let decoded = decode_line_as(Bytes::from_static(line), PayloadKind::Activity).unwrap();
//! let activity = decoded.activity().unwrap();
//! let Some(ActivityPayload::Follow(follow)) = &activity.payload else { panic!("a follow") };
//! assert_eq!(follow.target.as_ref().unwrap().user.username, "b");
//! ```

use std::collections::BTreeMap;

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::enums::{ActivityDirection, ActivityType};
use super::{Extra, Includes, Like, RawJson, Tweet, TweetId, User, UserId, tolerant};
use crate::model::codec::lossless::lossless_object;

lossless_object! {
    /// The subscription filter an event matched (`filter`).
    ///
    /// ```
    /// use tweetstream::model::activity::ActivityFilter;
    /// use tweetstream::model::enums::ActivityDirection;
    /// let f: ActivityFilter = serde_json::from_str(r#"{"user_id":"2244994945","direction":"inbound"}"#).unwrap();
    /// assert_eq!(f.user_id.unwrap(), 2244994945);
    /// assert_eq!(f.direction, Some(ActivityDirection::Inbound));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ActivityFilter {
        /// The user the subscription follows.
        opt user_id: UserId = "user_id";
        /// The keyword it filters on (1 to 150 characters).
        opt keyword: String = "keyword";
        /// Which way, for directional events.
        opt direction: ActivityDirection = "direction";
    }
}

lossless_object! {
    /// A deleted post (`post.delete`; `PostDeleteActivityResponsePayload`).
    ///
    /// ```
    /// use tweetstream::model::activity::PostDeleted;
    /// let d: PostDeleted = serde_json::from_str(r#"{"id":"2080761269309813134","author_id":"1111111111111111111"}"#).unwrap();
    /// assert_eq!(d.id, 2080761269309813134);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostDeleted {
        /// The deleted post.
        ess id: TweetId = "id";
        /// Its author.
        ess author_id: UserId = "author_id";
    }
}

lossless_object! {
    /// A profile change (`profile.update.*`; `ProfileUpdateActivityResponsePayload`).
    ///
    /// ```
    /// use tweetstream::model::activity::ProfileUpdate;
    /// let u: ProfileUpdate = serde_json::from_str(r#"{"before":"old bio","after":"new bio"}"#).unwrap();
    /// assert_eq!((u.before.as_deref(), u.after.as_deref()), (Some("old bio"), Some("new bio")));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProfileUpdate {
        /// The value before.
        opt before: String = "before";
        /// The value after.
        opt after: String = "after";
    }
}

lossless_object! {
    /// A news story (`news.new`; `NewsActivityResponsePayload`; X's examples add `id`,
    /// `name`, `contexts`, ..., kept in `extra`).
    ///
    /// ```
    /// use tweetstream::model::activity::News;
    /// let n: News = serde_json::from_str(r#"{"headline":"Rust 2.0","category":"Technology","name":"x"}"#).unwrap();
    /// assert_eq!(n.headline.as_deref(), Some("Rust 2.0"));
    /// assert_eq!(n.extra.get("name").unwrap().get(), r#""x""#);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct News {
        /// The category.
        opt category: String = "category";
        /// The headline.
        opt headline: String = "headline";
        /// The hook.
        opt hook: String = "hook";
        /// The summary.
        opt summary: String = "summary";
    }
}

lossless_object! {
    /// A follow or unfollow (`follow.*`; `FollowActivityResponsePayload`).
    ///
    /// ```
    /// use tweetstream::model::activity::Follow;
    /// // As X sends it: each user wrapped in `{"data": ...}`.
    /// let f: Follow = serde_json::from_str(r#"{"source":{"data":{"id":"1","name":"A","username":"a"}},
    ///   "target":{"data":{"id":"2","name":"B","username":"b"}}}"#).unwrap();
    /// assert_eq!(f.source.unwrap().user.username, "a");
    /// assert_eq!(f.target.unwrap().user.id, 2);
    /// ```
    #[derive(Debug, Clone, PartialEq)]
    pub struct Follow {
        /// The follower.
        opt source: ActivityUser = "source";
        /// The followed user.
        opt target: ActivityUser = "target";
    }
}

/// A user in an activity payload: bare (the spec's `User`) or wrapped in `{"data": ...}`
/// (as X's examples send it); it re-encodes as it came.
///
/// ```
/// use tweetstream::model::activity::ActivityUser;
/// let bare: ActivityUser = serde_json::from_str(r#"{"id":"1","name":"A","username":"a"}"#).unwrap();
/// assert!(!bare.wrapped);
/// let wrapped: ActivityUser = serde_json::from_str(r#"{"data":{"id":"1","name":"A","username":"a"}}"#).unwrap();
/// assert!(wrapped.wrapped && wrapped.user == bare.user);
/// assert_eq!(serde_json::to_string(&wrapped).unwrap(), r#"{"data":{"id":"1","name":"A","username":"a"}}"#);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ActivityUser {
    /// The user.
    pub user: User,
    /// Whether it came wrapped in `{"data": ...}`.
    pub wrapped: bool,
}

impl<'de> Deserialize<'de> for ActivityUser {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawJson::deserialize(d)?;
        let members: BTreeMap<String, RawJson> = raw.parse().map_err(D::Error::custom)?;
        let (text, wrapped) = match members.get("data") {
            Some(inner) if members.len() == 1 => (inner.get(), true),
            _ => (raw.get(), false),
        };
        let user = tolerant::decode::<User>(text).map_err(D::Error::custom)?;
        Ok(ActivityUser { user, wrapped })
    }
}

impl Serialize for ActivityUser {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.wrapped {
            let mut m = s.serialize_map(Some(1))?;
            m.serialize_entry("data", &self.user)?;
            m.end()
        } else {
            self.user.serialize(s)
        }
    }
}

/// An event's `payload`, typed by its `event_type` where the spec defines the shape.
///
/// ```
/// use tweetstream::model::activity::{Activity, ActivityPayload};
/// let a: Activity = serde_json::from_str(r#"{"event_type":"profile.update.bio",
///   "payload":{"before":"a","after":"b"}}"#).unwrap();
/// assert!(matches!(a.payload, Some(ActivityPayload::ProfileUpdate(ref u)) if u.after.as_deref() == Some("b")));
/// // A kind the spec does not type is kept as it came.
/// let dm: Activity = serde_json::from_str(r#"{"event_type":"dm.sent","payload":{"x":1}}"#).unwrap();
/// assert!(matches!(dm.payload, Some(ActivityPayload::Other(ref raw)) if raw.get() == r#"{"x":1}"#));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ActivityPayload {
    /// `post.create`, `post.mention.create`, `post.reply.create`, `post.quote.create`,
    /// `post.repost.create`: the post.
    Post(Box<Tweet>),
    /// `post.delete`.
    PostDeleted(PostDeleted),
    /// `like.create`.
    Like(Like),
    /// `follow.follow`, `follow.unfollow`.
    Follow(Box<Follow>),
    /// `profile.update.*`.
    ProfileUpdate(ProfileUpdate),
    /// `news.new`.
    News(News),
    /// Any other kind (chat, DMs, Spaces, broadcasts, mutes, blocks, ...), or a payload
    /// that does not have its kind's shape: the JSON as it came.
    Other(RawJson),
}

impl ActivityPayload {
    /// Reads `raw` as the shape `kind` has; anything else is kept raw.
    fn read(kind: Option<&ActivityType>, raw: RawJson) -> ActivityPayload {
        use ActivityType as T;
        fn typed<X: serde::de::DeserializeOwned>(
            raw: &RawJson,
            f: fn(X) -> ActivityPayload,
        ) -> Option<ActivityPayload> {
            tolerant::decode::<X>(raw.get()).ok().map(f)
        }
        let typed = match kind {
            Some(
                T::PostCreate
                | T::PostMentionCreate
                | T::PostReplyCreate
                | T::PostQuoteCreate
                | T::PostRepostCreate,
            ) => typed(&raw, |t: Tweet| ActivityPayload::Post(Box::new(t))),
            Some(T::PostDelete) => typed(&raw, ActivityPayload::PostDeleted),
            Some(T::LikeCreate) => typed(&raw, ActivityPayload::Like),
            Some(T::FollowFollow | T::FollowUnfollow) => {
                typed(&raw, |f: Follow| ActivityPayload::Follow(Box::new(f)))
            }
            Some(T::NewsNew) => typed(&raw, ActivityPayload::News),
            Some(k) if k.as_str().starts_with("profile.update.") => {
                typed(&raw, ActivityPayload::ProfileUpdate)
            }
            _ => None,
        };
        typed.unwrap_or(ActivityPayload::Other(raw))
    }
}

/// The wire form, in a private module: the macro declares public structs.
mod wire {
    use super::{ActivityFilter, ActivityType, Includes, RawJson};
    use crate::model::codec::lossless::lossless_object;

    lossless_object! {
        /// The line's `data` as read, before `payload` is typed by `event_type`.
        #[derive(Debug)]
        pub struct ActivityWire {
            opt event_type: ActivityType = "event_type";
            opt event_uuid: String = "event_uuid";
            opt filter: ActivityFilter = "filter";
            opt tag: String = "tag";
            opt payload: RawJson = "payload";
            opt includes: Includes = "includes";
        }
    }
}
use wire::ActivityWire;

/// One X Activity event (the `data` of an `/2/activity/stream` line).
///
/// ```
/// use tweetstream::model::activity::{Activity, ActivityPayload};
/// use tweetstream::model::enums::ActivityType;
/// let text = r#"{"event_uuid":"-2781149976877970683","filter":{"user_id":"1111111111111111111"},
///   "event_type":"post.delete","tag":"post-deletes",
///   "payload":{"id":"2080761269309813134","author_id":"1111111111111111111"}}"#;
/// let a: Activity = serde_json::from_str(text).unwrap();
/// assert_eq!(a.event_type, Some(ActivityType::PostDelete));
/// assert_eq!(a.tag.as_deref(), Some("post-deletes"));
/// let Some(ActivityPayload::PostDeleted(d)) = &a.payload else { panic!() };
/// assert_eq!(d.author_id, 1111111111111111111);
/// let back = serde_json::to_string(&a).unwrap();
/// assert!(tweetstream::model::roundtrip::same_json(text, &back));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Activity {
    /// What happened (`post.create`, `follow.follow`, ...).
    pub event_type: Option<ActivityType>,
    /// The event's id (X's examples show negative values too, hence text).
    pub event_uuid: Option<String>,
    /// The subscription filter it matched.
    pub filter: Option<ActivityFilter>,
    /// The subscription's tag.
    pub tag: Option<String>,
    /// What the event carries, typed by `event_type`.
    pub payload: Option<ActivityPayload>,
    /// Expanded objects (users, posts).
    pub includes: Option<Includes>,
    /// Members kept as received (see [`Extra`]).
    pub extra: Extra,
}

impl<'de> Deserialize<'de> for Activity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = ActivityWire::deserialize(d)?;
        let payload = w
            .payload
            .map(|raw| ActivityPayload::read(w.event_type.as_ref(), raw));
        Ok(Activity {
            event_type: w.event_type,
            event_uuid: w.event_uuid,
            filter: w.filter,
            tag: w.tag,
            payload,
            includes: w.includes,
            extra: w.extra,
        })
    }
}

impl Serialize for Activity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn entry<M: SerializeMap, T: Serialize>(
            m: &mut M,
            x: &Extra,
            k: &str,
            v: &Option<T>,
        ) -> Result<(), M::Error> {
            match v {
                Some(v) if !x.overrides(k) => m.serialize_entry(k, v),
                _ => Ok(()),
            }
        }
        let x = &self.extra;
        let mut m = s.serialize_map(None)?;
        entry(&mut m, x, "event_type", &self.event_type)?;
        entry(&mut m, x, "event_uuid", &self.event_uuid)?;
        entry(&mut m, x, "filter", &self.filter)?;
        entry(&mut m, x, "tag", &self.tag)?;
        entry(&mut m, x, "payload", &self.payload)?;
        entry(&mut m, x, "includes", &self.includes)?;
        x.serialize_into(&mut m)?;
        m.end()
    }
}

impl Activity {
    /// The post, for `post.*` events (but `post.delete`).
    ///
    /// ```
    /// use tweetstream::model::activity::Activity;
    /// let a: Activity = serde_json::from_str(r#"{"event_type":"post.create","payload":{"id":"1","text":"hi"}}"#).unwrap();
    /// assert_eq!(a.post().unwrap().text, "hi");
    /// ```
    pub fn post(&self) -> Option<&Tweet> {
        match &self.payload {
            Some(ActivityPayload::Post(t)) => Some(t),
            _ => None,
        }
    }

    /// The event type's wire text (`""` when absent).
    ///
    /// ```
    /// use tweetstream::model::activity::Activity;
    /// let a: Activity = serde_json::from_str(r#"{"event_type":"oauth.revoke"}"#).unwrap();
    /// assert_eq!(a.kind(), "oauth.revoke");
    /// ```
    pub fn kind(&self) -> &str {
        self.event_type.as_ref().map_or("", ActivityType::as_str)
    }
}
