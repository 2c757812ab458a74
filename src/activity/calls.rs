//! The X Activity subscription calls on [`StreamingClient`].

use bytes::Bytes;
use http::Method;
use serde::Deserialize;

use super::types::{
    DeletedSubscriptions, NewSubscription, Subscription, SubscriptionFailure, SubscriptionUpdate,
    SubscriptionsPage, is_id,
};
use crate::client::shared::StreamingClient;
use crate::connection::rest;
use crate::error::Error;
use crate::model::{Problem, RawJson, tolerant};

const PATH: &str = "/2/activity/subscriptions";
/// Pages `activity_subscriptions_all` reads at most.
const MAX_PAGES: usize = 100;

/// Any of these answers, members read as text first.
#[derive(Deserialize)]
struct Wire {
    data: Option<RawJson>,
    errors: Option<RawJson>,
    meta: Option<Meta>,
}

#[derive(Deserialize, Default)]
struct Meta {
    next_token: Option<String>,
    total_subscriptions: Option<u64>,
}

fn undecodable(e: serde_json::Error) -> Error {
    Error::decode("the subscriptions answer did not decode", Some(Box::new(e)))
}

/// An answer without `data`: a decode error naming X's first problem.
fn no_data(errors: Option<RawJson>) -> Error {
    let problems = errors.and_then(|e| tolerant::decode::<Vec<Problem>>(e.get()).ok());
    let why = problems
        .as_ref()
        .and_then(|p| p.first())
        .map_or(String::new(), |p| format!(": {p}"));
    Error::decode(format!("the subscriptions answer has no `data`{why}"), None)
}

/// `data.subscription` (the spec) or `data` itself (X's quickstart page).
fn one_subscription(data: &RawJson) -> Result<Subscription, Error> {
    #[derive(Deserialize)]
    struct Inner {
        subscription: Option<RawJson>,
    }
    let inner: Inner = serde_json::from_str(data.get()).map_err(undecodable)?;
    let text = inner.subscription.as_ref().map_or(data.get(), |s| s.get());
    tolerant::decode::<Subscription>(text).map_err(undecodable)
}

fn check_id(id: &str) -> Result<(), Error> {
    if is_id(id) {
        Ok(())
    } else {
        Err(Error::parameter(
            "subscription_id",
            format!("{id:?} is not 1 to 19 digits"),
        ))
    }
}

impl StreamingClient {
    async fn subscriptions_call(
        &self,
        method: Method,
        path: &str,
        body: Option<Bytes>,
    ) -> Result<Wire, Error> {
        let answer = rest::call(&self.inner.connector, method, path, body).await?;
        let (_, _, body) = answer.into_success()?;
        serde_json::from_slice(&body).map_err(undecodable)
    }

    /// Creates a subscription (`POST /2/activity/subscriptions`), checked before sending
    /// ([`NewSubscription::check`]). X's refusal (over the cap, a bad filter) is an `Err`
    /// with X's problem.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::activity::NewSubscription;
    /// # use tweetstream::model::enums::ActivityType;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let new = NewSubscription::keyword(ActivityType::NewsNew, "Rust").tag("news");
    /// let sub = client.create_activity_subscription(new).await.unwrap();
    /// assert_eq!(sub.filter.unwrap().keyword.as_deref(), Some("Rust"));
    /// assert_eq!(&em.requests()[0].body[..], br#"{"event_type":"news.new","filter":{"keyword":"Rust"},"tag":"news"}"#);
    /// # }
    /// ```
    pub async fn create_activity_subscription(
        &self,
        new: NewSubscription,
    ) -> Result<Subscription, Error> {
        new.check()?;
        let body = Bytes::from(serde_json::to_vec(&new).expect("serializes"));
        let wire = self
            .subscriptions_call(Method::POST, PATH, Some(body))
            .await?;
        match &wire.data {
            Some(data) => one_subscription(data),
            None => Err(no_data(wire.errors)),
        }
    }

    /// One page of the app's subscriptions (`GET /2/activity/subscriptions`, `max_results`
    /// 1 to 1000, `pagination_token`).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().activity_subscription("news.new", "1", None).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let err = client.activity_subscriptions(Some(0), None).await.unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("max_results"));
    /// assert_eq!(client.activity_subscriptions(None, None).await.unwrap().subscriptions.len(), 1);
    /// # }
    /// ```
    pub async fn activity_subscriptions(
        &self,
        max_results: Option<u32>,
        pagination_token: Option<&str>,
    ) -> Result<SubscriptionsPage, Error> {
        let mut q = Vec::new();
        if let Some(n) = max_results {
            if !(1..=1000).contains(&n) {
                return Err(Error::parameter(
                    "max_results",
                    format!("{n} is not between 1 and 1000"),
                ));
            }
            q.push(format!("max_results={n}"));
        }
        if let Some(t) = pagination_token {
            if t.len() < 16 || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(Error::parameter(
                    "pagination_token",
                    "is not a token (16 or more letters and digits)",
                ));
            }
            q.push(format!("pagination_token={t}"));
        }
        let path = if q.is_empty() {
            PATH.to_owned()
        } else {
            format!("{PATH}?{}", q.join("&"))
        };
        let wire = self.subscriptions_call(Method::GET, &path, None).await?;
        let subscriptions = match &wire.data {
            Some(data) => tolerant::decode::<Vec<Subscription>>(data.get()).map_err(undecodable)?,
            None => Vec::new(),
        };
        Ok(SubscriptionsPage {
            subscriptions,
            next_token: wire.meta.unwrap_or_default().next_token,
        })
    }

    /// Every subscription of the app, page after page (at most 100 pages).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// assert!(client.activity_subscriptions_all().await.unwrap().is_empty());
    /// # }
    /// ```
    pub async fn activity_subscriptions_all(&self) -> Result<Vec<Subscription>, Error> {
        let (mut out, mut token) = (Vec::new(), None::<String>);
        for _ in 0..MAX_PAGES {
            let page = self
                .activity_subscriptions(Some(1000), token.as_deref())
                .await?;
            out.extend(page.subscriptions);
            match page.next_token {
                Some(t) => token = Some(t),
                None => break,
            }
        }
        Ok(out)
    }

    /// Changes a subscription's tag or webhook (`PUT /2/activity/subscriptions/{id}`).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::activity::SubscriptionUpdate;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().activity_subscription("news.new", "1", Some("old")).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let id = em.activity_subscriptions()[0].0.clone();
    /// let sub = client.update_activity_subscription(&id, SubscriptionUpdate::new().tag("new")).await.unwrap();
    /// assert_eq!(sub.tag.as_deref(), Some("new"));
    /// # }
    /// ```
    pub async fn update_activity_subscription(
        &self,
        id: &str,
        update: SubscriptionUpdate,
    ) -> Result<Subscription, Error> {
        check_id(id)?;
        update.check()?;
        let body = Bytes::from(serde_json::to_vec(&update).expect("serializes"));
        let wire = self
            .subscriptions_call(Method::PUT, &format!("{PATH}/{id}"), Some(body))
            .await?;
        match &wire.data {
            Some(data) => one_subscription(data),
            None => Err(no_data(wire.errors)),
        }
    }

    /// Deletes one subscription (`DELETE /2/activity/subscriptions/{id}`); `Ok(true)` when X
    /// says it was deleted. An id X does not know is an `Err` (404, X's problem).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::builder().activity_subscription("news.new", "1", None).start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let id = em.activity_subscriptions()[0].0.clone();
    /// assert!(client.delete_activity_subscription(&id).await.unwrap());
    /// assert_eq!(client.delete_activity_subscription(&id).await.unwrap_err().status(), Some(404));
    /// # }
    /// ```
    pub async fn delete_activity_subscription(&self, id: &str) -> Result<bool, Error> {
        check_id(id)?;
        #[derive(Deserialize)]
        struct Deleted {
            deleted: bool,
        }
        let wire = self
            .subscriptions_call(Method::DELETE, &format!("{PATH}/{id}"), None)
            .await?;
        match &wire.data {
            Some(data) => Ok(serde_json::from_str::<Deleted>(data.get())
                .map_err(undecodable)?
                .deleted),
            None => Err(no_data(wire.errors)),
        }
    }

    /// Deletes subscriptions by id (`DELETE /2/activity/subscriptions?ids=..`, 1 to 100);
    /// the ids X could not delete are data ([`DeletedSubscriptions::failed`]), not an `Err`.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let none: [&str; 0] = [];
    /// assert_eq!(client.delete_activity_subscriptions(none).await.unwrap_err().parameter_name(), Some("ids"));
    /// # }
    /// ```
    pub async fn delete_activity_subscriptions<I>(
        &self,
        ids: I,
    ) -> Result<DeletedSubscriptions, Error>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let ids: Vec<String> = ids.into_iter().map(|i| i.as_ref().to_owned()).collect();
        if !(1..=100).contains(&ids.len()) || !ids.iter().all(|i| is_id(i)) {
            return Err(Error::parameter(
                "ids",
                format!("{} ids: 1 to 100, each 1 to 19 digits", ids.len()),
            ));
        }
        let wire = self
            .subscriptions_call(
                Method::DELETE,
                &format!("{PATH}?ids={}", ids.join(",")),
                None,
            )
            .await?;
        #[derive(Deserialize)]
        struct Item {
            subscription_id: Option<String>,
            #[serde(default)]
            deleted: bool,
        }
        let items: Vec<Item> = match &wire.data {
            Some(d) => serde_json::from_str(d.get()).map_err(undecodable)?,
            None => Vec::new(),
        };
        let failed = match &wire.errors {
            Some(e) => {
                serde_json::from_str::<Vec<SubscriptionFailure>>(e.get()).map_err(undecodable)?
            }
            None => Vec::new(),
        };
        Ok(DeletedSubscriptions {
            deleted: items
                .into_iter()
                .filter(|i| i.deleted)
                .filter_map(|i| i.subscription_id)
                .collect(),
            failed,
            total_subscriptions: wire.meta.unwrap_or_default().total_subscriptions,
        })
    }
}
