//! X Activity subscriptions on [`StreamingClient`](crate::StreamingClient): create, list,
//! update and delete the subscriptions whose events `/2/activity/stream`
//! ([`StreamEndpoint::Activity`](crate::StreamEndpoint::Activity)) delivers.
//!
//! Request shapes: OpenAPI 2.167 (`createActivitySubscription`, `getActivitySubscriptions`,
//! `updateActivitySubscription`, `deleteActivitySubscription`,
//! `deleteActivitySubscriptionsByIds`). A bad event type, filter, tag or id is refused before
//! any request, naming it; X's refusal of a create or update is an `Err` with X's problem;
//! per-id failures of a bulk delete are data, as the rules calls report refused rules.
//!
//! ```
//! # use tweetstream::emulator::Emulator;
//! use tweetstream::activity::NewSubscription;
//! use tweetstream::model::enums::ActivityType;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! # let em = Emulator::start().await.unwrap();
//! # let client = em.client_builder().build().unwrap();
//! let sub = client
//!     .create_activity_subscription(NewSubscription::user(ActivityType::ProfileUpdateBio, 2244994945).tag("bio"))
//!     .await
//!     .unwrap();
//! assert_eq!(sub.event_type, Some(ActivityType::ProfileUpdateBio));
//! assert_eq!(client.activity_subscriptions_all().await.unwrap().len(), 1);
//! # }
//! ```

mod calls;
mod types;

pub use types::{
    DeletedSubscriptions, NewSubscription, Subscription, SubscriptionFailure, SubscriptionUpdate,
    SubscriptionsPage,
};
