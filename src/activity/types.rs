//! X Activity subscriptions: what a create and an update send, what X answers.

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::activity::ActivityFilter;
use crate::model::codec::lossless::lossless_object;
use crate::model::enums::{ActivityDirection, ActivityType};
use crate::model::{Timestamp, UserId};

lossless_object! {
    /// One subscription as X lists it.
    ///
    /// ```
    /// use tweetstream::activity::Subscription;
    /// use tweetstream::model::enums::ActivityType;
    /// // X's documented answer (docs.x.com, X Activity quickstart).
    /// let s: Subscription = serde_json::from_str(r#"{"created_at":"2025-10-09T16:35:08.000Z",
    ///   "event_type":"profile.update.bio","filter":{"user_id":"2244994945"},
    ///   "subscription_id":"1976325569252868096","tag":"Xdevelopers' bio updates",
    ///   "updated_at":"2025-10-09T16:35:08.000Z"}"#).unwrap();
    /// assert_eq!(s.event_type, Some(ActivityType::ProfileUpdateBio));
    /// assert_eq!(s.subscription_id.as_deref(), Some("1976325569252868096"));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Subscription {
        /// Its id (what update and delete take).
        opt subscription_id: String = "subscription_id";
        /// The event type.
        opt event_type: ActivityType = "event_type";
        /// The filter.
        opt filter: ActivityFilter = "filter";
        /// The caller's tag, delivered with each event.
        opt tag: String = "tag";
        /// The webhook it also delivers to.
        opt webhook_id: String = "webhook_id";
        /// When it was created.
        opt created_at: Timestamp = "created_at";
        /// When it was last updated.
        opt updated_at: Timestamp = "updated_at";
    }
}

/// A subscription to create (`CreateActivitySubscriptionRequest`).
///
/// ```
/// use tweetstream::activity::NewSubscription;
/// use tweetstream::model::enums::{ActivityDirection, ActivityType};
/// let s = NewSubscription::user(ActivityType::LikeCreate, 2244994945).direction(ActivityDirection::Inbound).tag("likes");
/// assert_eq!(serde_json::to_string(&s).unwrap(),
///     r#"{"event_type":"like.create","filter":{"user_id":"2244994945","direction":"inbound"},"tag":"likes"}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NewSubscription {
    /// The event type (one of [`ActivityType::SUBSCRIBABLE`]).
    pub event_type: ActivityType,
    /// The filter: a user, or a keyword, with an optional direction.
    pub(crate) filter: NewFilter,
    /// A tag (1 to 200 characters), delivered with each event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A webhook to deliver to as well (digits).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<String>,
}

/// A create's filter (`CreateActivitySubscriptionFilter`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub(crate) struct NewFilter {
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<ActivityDirection>,
}

impl NewSubscription {
    /// Events of `event_type` about one user.
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// let s = NewSubscription::user(ActivityType::FollowFollow, 1u64);
    /// assert!(serde_json::to_string(&s).unwrap().contains(r#""filter":{"user_id":"1"}"#));
    /// ```
    pub fn user(event_type: ActivityType, user_id: impl Into<UserId>) -> Self {
        let filter = NewFilter {
            user_id: Some(user_id.into().to_string()),
            ..NewFilter::default()
        };
        NewSubscription {
            event_type,
            filter,
            tag: None,
            webhook_id: None,
        }
    }

    /// Events of `event_type` matching a keyword (1 to 150 characters; `news.new`).
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// let s = NewSubscription::keyword(ActivityType::NewsNew, "OpenAI");
    /// assert!(serde_json::to_string(&s).unwrap().contains(r#""filter":{"keyword":"OpenAI"}"#));
    /// ```
    pub fn keyword(event_type: ActivityType, keyword: impl Into<String>) -> Self {
        let filter = NewFilter {
            keyword: Some(keyword.into()),
            ..NewFilter::default()
        };
        NewSubscription {
            event_type,
            filter,
            tag: None,
            webhook_id: None,
        }
    }

    /// Only events going this way (not for mute.* or block.*).
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::{ActivityDirection, ActivityType};
    /// let s = NewSubscription::user(ActivityType::BlockBlock, 1u64).direction(ActivityDirection::Outbound);
    /// assert_eq!(s.check().unwrap_err().parameter_name(), Some("filter.direction"));
    /// ```
    pub fn direction(mut self, direction: ActivityDirection) -> Self {
        self.filter.direction = Some(direction);
        self
    }

    /// A tag delivered with each event.
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// assert_eq!(NewSubscription::user(ActivityType::PostCreate, 1u64).tag("posts").tag.as_deref(), Some("posts"));
    /// ```
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// A webhook to deliver the events to as well.
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// let s = NewSubscription::user(ActivityType::PostCreate, 1u64).webhook_id("12x");
    /// assert_eq!(s.check().unwrap_err().parameter_name(), Some("webhook_id"));
    /// ```
    pub fn webhook_id(mut self, id: impl Into<String>) -> Self {
        self.webhook_id = Some(id.into());
        self
    }

    /// Checks it as the spec does, naming the first member refused.
    ///
    /// ```
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// let s = NewSubscription::user(ActivityType::Other("poll.vote".into()), 1u64);
    /// assert_eq!(s.check().unwrap_err().parameter_name(), Some("event_type"));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        if !ActivityType::SUBSCRIBABLE.contains(&self.event_type) {
            return Err(Error::parameter(
                "event_type",
                format!("{} is not a subscribable event type", self.event_type),
            ));
        }
        let f = &self.filter;
        if let Some(k) = f
            .keyword
            .as_deref()
            .filter(|k| !(1..=150).contains(&k.chars().count()))
        {
            return Err(Error::parameter(
                "filter.keyword",
                format!("{k:?} is not 1 to 150 characters"),
            ));
        }
        if f.user_id.is_none() && f.keyword.is_none() {
            return Err(Error::parameter("filter", "needs a user_id or a keyword"));
        }
        let kind = self.event_type.as_str();
        if f.direction.is_some() && (kind.starts_with("mute.") || kind.starts_with("block.")) {
            return Err(Error::parameter(
                "filter.direction",
                format!("is not supported for {kind}"),
            ));
        }
        check_tag_and_webhook(self.tag.as_deref(), self.webhook_id.as_deref())
    }
}

/// `tag`: 1 to 200 characters; `webhook_id`: `^[0-9]{1,19}$`.
fn check_tag_and_webhook(tag: Option<&str>, webhook_id: Option<&str>) -> Result<(), Error> {
    if let Some(t) = tag.filter(|t| !(1..=200).contains(&t.chars().count())) {
        return Err(Error::parameter(
            "tag",
            format!("{t:?} is not 1 to 200 characters"),
        ));
    }
    if let Some(w) = webhook_id.filter(|w| !is_id(w)) {
        return Err(Error::parameter(
            "webhook_id",
            format!("{w:?} is not 1 to 19 digits"),
        ));
    }
    Ok(())
}

pub(crate) fn is_id(s: &str) -> bool {
    (1..=19).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// What an update changes (`UpdateActivitySubscriptionRequest`): the tag, the webhook.
///
/// ```
/// use tweetstream::activity::SubscriptionUpdate;
/// let u = SubscriptionUpdate::new().tag("renamed");
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"tag":"renamed"}"#);
/// assert!(SubscriptionUpdate::new().check().is_err()); // nothing to change
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SubscriptionUpdate {
    /// A new tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// A new webhook.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_id: Option<String>,
}

impl SubscriptionUpdate {
    /// Nothing changed yet.
    ///
    /// ```
    /// # use tweetstream::activity::SubscriptionUpdate;
    /// assert_eq!(SubscriptionUpdate::new(), SubscriptionUpdate::default());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the tag.
    ///
    /// ```
    /// # use tweetstream::activity::SubscriptionUpdate;
    /// assert_eq!(SubscriptionUpdate::new().tag("t").tag.as_deref(), Some("t"));
    /// ```
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tag = Some(tag.into());
        self
    }

    /// Sets the webhook.
    ///
    /// ```
    /// # use tweetstream::activity::SubscriptionUpdate;
    /// assert!(SubscriptionUpdate::new().webhook_id("123").check().is_ok());
    /// ```
    pub fn webhook_id(mut self, id: impl Into<String>) -> Self {
        self.webhook_id = Some(id.into());
        self
    }

    /// Checks it, naming the first member refused (an empty update is refused as `update`).
    ///
    /// ```
    /// # use tweetstream::activity::SubscriptionUpdate;
    /// assert_eq!(SubscriptionUpdate::new().tag("").check().unwrap_err().parameter_name(), Some("tag"));
    /// ```
    pub fn check(&self) -> Result<(), Error> {
        if self.tag.is_none() && self.webhook_id.is_none() {
            return Err(Error::parameter(
                "update",
                "changes nothing (a tag or a webhook_id)",
            ));
        }
        check_tag_and_webhook(self.tag.as_deref(), self.webhook_id.as_deref())
    }
}

/// One page of `GET /2/activity/subscriptions`.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::builder().activity_subscription("news.new", "1", None).start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let page = client.activity_subscriptions(Some(10), None).await.unwrap();
/// assert_eq!((page.subscriptions.len(), page.next_token), (1, None));
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SubscriptionsPage {
    /// The subscriptions (`data`).
    pub subscriptions: Vec<Subscription>,
    /// The next page's token (`meta.next_token`), if X sends one.
    pub next_token: Option<String>,
}

/// A subscription a bulk delete could not delete (`errors[]` of the answer).
///
/// ```
/// use tweetstream::activity::SubscriptionFailure;
/// let f: SubscriptionFailure = serde_json::from_str(r#"{"subscription_id":"9","reason":"not_found","message":"gone"}"#).unwrap();
/// assert_eq!(f.to_string(), "9: not_found (gone)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct SubscriptionFailure {
    /// The id.
    #[serde(default)]
    pub subscription_id: Option<String>,
    /// X's machine-readable reason.
    #[serde(default)]
    pub reason: Option<String>,
    /// X's words.
    #[serde(default)]
    pub message: Option<String>,
}

impl std::fmt::Display for SubscriptionFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let id = self.subscription_id.as_deref().unwrap_or("?");
        write!(f, "{id}: {}", self.reason.as_deref().unwrap_or("refused"))?;
        if let Some(m) = &self.message {
            write!(f, " ({m})")?;
        }
        Ok(())
    }
}

/// What a bulk delete did: the ids deleted, the per-id failures (data, not an `Err`), and
/// how many subscriptions remain.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::builder().activity_subscription("news.new", "1", None).start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let id = em.activity_subscriptions()[0].0.clone();
/// let d = client.delete_activity_subscriptions([id.as_str(), "42"]).await.unwrap();
/// assert_eq!((d.deleted, d.failed.len(), d.total_subscriptions), (vec![id], 1, Some(0)));
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeletedSubscriptions {
    /// The ids deleted.
    pub deleted: Vec<String>,
    /// The ids not deleted, with X's reason.
    pub failed: Vec<SubscriptionFailure>,
    /// Subscriptions remaining (`meta.total_subscriptions`).
    pub total_subscriptions: Option<u64>,
}
