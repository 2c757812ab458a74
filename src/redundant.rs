//! Redundant connections: several connections to one stream merged into one, each line once.
//!
//! X lets enterprise streams take more than one connection so that a consumer survives
//! losing one. The connections share one de-duplication window, so a line comes out the
//! first time any connection delivers it; a connection that drops reconnects by the
//! client's policy while the others carry on. The group holds the client's one live-stream
//! slot; its connections do not each take one.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::events::StreamEvent;
use crate::stream::{DisconnectHandle, EventStream};

/// The merged stream returned by
/// [`StreamingClient::redundant`](crate::StreamingClient::redundant).
///
/// Connection events of every connection come through (`Connected`, `ConnectionError`, ...);
/// a connection's own `Disconnected` is kept back until the last one ends, which ends the
/// group. Dropping it closes every connection.
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
/// use tweetstream::StreamEndpoint;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let params = StreamParams::new().partition(1);
/// let mut group = client.redundant(StreamEndpoint::Sample10, params, 2).unwrap();
/// let mut ids = std::collections::HashSet::new();
/// while ids.len() < 20 {
///     if let Some(StreamEvent::Tweet(tweet)) = group.next().await {
///         assert!(ids.insert(tweet.id), "each post comes out once");
///     }
/// }
/// # }
/// ```
pub struct RedundantStream {
    streams: Vec<Option<EventStream>>,
    dedup: Arc<Mutex<crate::dedup::DedupWindow>>,
    handle: DisconnectHandle,
    next: usize,
    on_drop: Option<Box<dyn FnOnce() + Send>>,
}

impl RedundantStream {
    pub(crate) fn new(
        streams: Vec<EventStream>,
        dedup: Arc<Mutex<crate::dedup::DedupWindow>>,
        handle: DisconnectHandle,
        on_drop: Box<dyn FnOnce() + Send>,
    ) -> Self {
        RedundantStream {
            streams: streams.into_iter().map(Some).collect(),
            dedup,
            handle,
            next: 0,
            on_drop: Some(on_drop),
        }
    }

    /// How many connections are still live (not ended).
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let group = client.redundant(StreamEndpoint::Firehose, StreamParams::new().partition(3), 3).unwrap();
    /// assert_eq!(group.live_connections(), 3);
    /// ```
    pub fn live_connections(&self) -> usize {
        self.streams.iter().flatten().count()
    }

    /// Lines dropped because another connection had delivered them first.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut group = client.redundant(StreamEndpoint::Sample10, StreamParams::new().partition(1), 2).unwrap();
    /// assert_eq!(group.duplicates_dropped(), 0);
    /// let mut tweets = 0;
    /// while tweets < 20 {
    ///     if let Some(StreamEvent::Tweet(_)) = group.next().await {
    ///         tweets += 1;
    ///     }
    /// }
    /// // Both connections carry the same partition: the second copy of a post is dropped.
    /// assert!(group.duplicates_dropped() > 0);
    /// # }
    /// ```
    pub fn duplicates_dropped(&self) -> u64 {
        self.dedup.lock().expect("lock").dropped()
    }

    /// Connections made so far, over every member.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut group = client.redundant(StreamEndpoint::Sample10, StreamParams::new().partition(2), 2).unwrap();
    /// assert_eq!(group.connections(), 0); // none made before the first poll
    /// let mut connected = 0;
    /// while connected < 2 {
    ///     if let Some(StreamEvent::Connected(_)) = group.next().await {
    ///         connected += 1;
    ///     }
    /// }
    /// assert_eq!(group.connections(), 2);
    /// # }
    /// ```
    pub fn connections(&self) -> u64 {
        self.streams
            .iter()
            .flatten()
            .map(EventStream::connections)
            .sum()
    }

    /// A handle that ends every connection of the group.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::{StreamEndpoint, StreamEvent, StreamParams, StreamingClient};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = StreamingClient::new("token").unwrap();
    /// let group = client.redundant(StreamEndpoint::Sample10, StreamParams::new().partition(1), 2).unwrap();
    /// group.disconnect_handle().disconnect();
    /// let events: Vec<StreamEvent> = group.collect().await;
    /// // One `Disconnected` for the group, once every connection has ended.
    /// assert_eq!(events.iter().filter(|e| matches!(e, StreamEvent::Disconnected(_))).count(), 1);
    /// # }
    /// ```
    pub fn disconnect_handle(&self) -> DisconnectHandle {
        self.handle.clone()
    }

    fn release(&mut self) {
        if let Some(f) = self.on_drop.take() {
            f();
        }
    }
}

impl Drop for RedundantStream {
    fn drop(&mut self) {
        self.release();
    }
}

impl std::fmt::Debug for RedundantStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedundantStream")
            .field("live_connections", &self.live_connections())
            .finish_non_exhaustive()
    }
}

impl Stream for RedundantStream {
    type Item = StreamEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<StreamEvent>> {
        let this = &mut *self;
        let n = this.streams.len();
        // Round robin from where the last item came, so no connection starves the others.
        for k in 0..n {
            let i = (this.next + k) % n;
            let Some(stream) = this.streams[i].as_mut() else {
                continue;
            };
            match Pin::new(stream).poll_next(cx) {
                Poll::Ready(Some(StreamEvent::Disconnected(reason))) => {
                    this.streams[i] = None;
                    if this.live_connections() == 0 {
                        this.release();
                        return Poll::Ready(Some(StreamEvent::Disconnected(reason)));
                    }
                    tracing::warn!(%reason, "one redundant connection ended");
                }
                Poll::Ready(Some(event)) => {
                    this.next = (i + 1) % n;
                    return Poll::Ready(Some(event));
                }
                Poll::Ready(None) => this.streams[i] = None,
                Poll::Pending => {}
            }
        }
        if this.live_connections() == 0 {
            this.release();
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}
