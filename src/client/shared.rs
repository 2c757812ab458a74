//! What clones of a client share: the connector, the stream settings and the one
//! live-stream slot.

use std::sync::Arc;

use crate::connection::connector::Connector;
use crate::stream::disconnect::LiveSlot;
use crate::stream::reconnect::ReconnectPolicy;

/// A client for the v2 streaming endpoints (tweepy's `AsyncStreamingClient`).
///
/// Cheap to clone; clones share the settings and the one-live-stream rule.
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client: StreamingClient = em.client_builder().build().unwrap();
/// client.add_rules([("cats has:images", "cats")]).await.unwrap();
/// let mut tweets = client.filter(StreamParams::new()).unwrap().tweets();
/// let tweet = tweets.next().await.unwrap();
/// assert_eq!(tweet.rule_tags().collect::<Vec<_>>(), ["cats"]);
/// // The bearer token never shows in Debug output.
/// assert!(!format!("{client:?}").contains(em.bearer_token()));
/// # }
/// ```
#[derive(Clone)]
pub struct StreamingClient {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) connector: Arc<Connector>,
    pub(crate) reconnect: ReconnectPolicy,
    pub(crate) wait_on_rate_limit: bool,
    /// Recover gaps with backfill after reconnects (and drop the repeats).
    pub(crate) recover: bool,
    /// End this endpoint's connections once on a `TooManyConnections` refusal.
    pub(crate) take_over_connections: bool,
    pub(crate) live: LiveSlot,
}
