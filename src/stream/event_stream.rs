//! `EventStream`: the public stream of events, over one connection or a redundant group.
//!
//! No task is spawned: the HTTP connection is driven from `poll_next`, so dropping the
//! stream closes the socket at once and leaves nothing behind.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::event::decode::Mode;
use crate::event::stream_event::{EventKinds, StreamEvent};
use crate::stream::disconnect::{DisconnectHandle, SlotGuard};
use crate::stream::driver::{Driver, StreamSpec};
use crate::stream::redundant::Group;

/// The stream of [`StreamEvent`]s returned by `filter()` and `sample()`.
///
/// It connects when first polled, reconnects by the client's policy, and after a final
/// `Disconnected` item ends. Dropping it closes the connection at once.
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let mut stream: EventStream = client.sample(StreamParams::new()).unwrap();
/// assert_eq!(em.stream_connections(), 0); // nothing sent until polled
/// let mut tweets = 0;
/// while tweets < 3 {
///     if let Some(StreamEvent::Tweet(_)) = stream.next().await {
///         tweets += 1;
///     }
/// }
/// assert_eq!(stream.connections(), 1);
/// drop(stream); // closes the connection at once
/// em.wait_for_active_streams(0).await;
/// # }
/// ```
pub struct EventStream {
    inner: Inner,
}

/// One connection, or a redundant group of them merged.
enum Inner {
    One(Box<Driver>),
    Group(Group),
}

impl EventStream {
    /// Lines remembered to drop repeats (after a recovery backfill, across redundant
    /// connections).
    ///
    /// ```
    /// // Five minutes (X's longest backfill) of a firehose partition, in under 5 MiB.
    /// assert_eq!(tweetstream::EventStream::DEDUP_WINDOW, 200_000);
    /// ```
    pub const DEDUP_WINDOW: usize = crate::stream::dedup::DEDUP_WINDOW;
}

impl EventStream {
    /// A stream of one connection that holds the client's live-stream slot.
    pub(crate) fn single(spec: StreamSpec, slot: SlotGuard) -> EventStream {
        let dedup = spec.recover.then(Driver::new_dedup);
        let handle = slot.handle().clone();
        let driver = Driver::new(spec, handle, Some(slot), dedup);
        EventStream {
            inner: Inner::One(Box::new(driver)),
        }
    }

    /// A redundant group: one connection per spec, merged, each line once.
    pub(crate) fn redundant(specs: Vec<StreamSpec>, slot: SlotGuard) -> EventStream {
        EventStream {
            inner: Inner::Group(Group::new(specs, slot)),
        }
    }

    /// Every driver of this stream (one, or a group's live ones).
    fn drivers_mut(&mut self) -> Box<dyn Iterator<Item = &mut Driver> + '_> {
        match &mut self.inner {
            Inner::One(d) => Box::new(std::iter::once(&mut **d)),
            Inner::Group(g) => Box::new(g.drivers_mut()),
        }
    }

    /// Raw mode, for archivers and selective decoders: each data line comes as one
    /// [`StreamEvent::Raw`] with its exact bytes, checked to be a UTF-8 JSON object but not
    /// decoded. Connection events and keep-alives come as usual.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().raw();
    /// let line = loop {
    ///     if let Some(StreamEvent::Raw(line)) = stream.next().await {
    ///         break line;
    ///     }
    /// };
    /// // The exact bytes, ready to archive; they decode later with `decode_line`.
    /// assert!(tweetstream::decode_line(line).unwrap().tweet().is_some());
    /// # }
    /// ```
    pub fn raw(mut self) -> EventStream {
        self.drivers_mut().for_each(|d| d.mode = Mode::Raw);
        self
    }

    /// Builds only these per-line events (typed mode); the others cost nothing.
    /// Connection events and undecodable lines always come.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// let names: Vec<&str> = stream.take(4).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "tweet", "tweet"]);
    /// # }
    /// ```
    pub fn only(mut self, kinds: EventKinds) -> EventStream {
        self.drivers_mut()
            .for_each(|d| d.mode = Mode::Typed(kinds, d.spec.endpoint.payload()));
        self
    }

    /// A handle that ends this stream from elsewhere.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap();
    /// let handle = stream.disconnect_handle();
    /// handle.clone().disconnect(); // clones end the same stream
    /// assert!(handle.is_disconnected());
    /// ```
    pub fn disconnect_handle(&self) -> DisconnectHandle {
        match &self.inner {
            Inner::One(d) => d.handle.clone(),
            Inner::Group(g) => g.handle().clone(),
        }
    }

    /// How many of this stream's connections are still live (not ended): 1 for a stream
    /// of one connection until it ends; for a redundant group, its members still up.
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let group = client.redundant(StreamEndpoint::Firehose, StreamParams::new().partition(3), 3).unwrap();
    /// assert_eq!(group.live_connections(), 3);
    /// drop(group);
    /// let one = client.sample(StreamParams::new()).unwrap();
    /// assert_eq!(one.live_connections(), 1);
    /// ```
    pub fn live_connections(&self) -> usize {
        match &self.inner {
            Inner::One(d) => usize::from(!d.is_ended()),
            Inner::Group(g) => g.live_connections(),
        }
    }

    /// How many connections this stream has made so far.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(1).close()); // the first connection closes early
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
    /// assert_eq!(stream.connections(), 0);
    /// let mut connected = 0;
    /// while connected < 2 {
    ///     if let Some(StreamEvent::Connected(_)) = stream.next().await {
    ///         connected += 1;
    ///     }
    /// }
    /// assert_eq!(stream.connections(), 2);
    /// # }
    /// ```
    pub fn connections(&self) -> u64 {
        match &self.inner {
            Inner::One(d) => d.connections,
            Inner::Group(g) => g.connections(),
        }
    }

    /// Lines dropped as already delivered (recovery backfill, redundant connections).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(5).reset()); // 5 posts, then the connection breaks
    /// let client = em.client_builder().recover(true).build().unwrap();
    /// let params = StreamParams::new().partition(1);
    /// let mut stream = client.stream(StreamEndpoint::Sample10, params).unwrap();
    /// assert_eq!(stream.duplicates_dropped(), 0);
    /// // The reconnection asks for a minute of backfill, which repeats the 5 posts: dropped.
    /// for _ in 0..1000 {
    ///     stream.next().await;
    ///     if stream.duplicates_dropped() >= 5 {
    ///         break;
    ///     }
    /// }
    /// assert_eq!(stream.duplicates_dropped(), 5);
    /// # }
    /// ```
    pub fn duplicates_dropped(&self) -> u64 {
        let dedup = match &self.inner {
            Inner::One(d) => d.dedup.as_ref(),
            Inner::Group(g) => Some(g.dedup()),
        };
        dedup.map_or(0, |d| d.lock().expect("lock").dropped())
    }
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d = f.debug_struct("EventStream");
        match &self.inner {
            Inner::One(driver) => d
                .field("path", &driver.spec.path_and_query)
                .field("state", &driver.state_name()),
            Inner::Group(g) => d.field("live_connections", &g.live_connections()),
        };
        d.field("connections", &self.connections()).finish()
    }
}

impl Stream for EventStream {
    type Item = StreamEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<StreamEvent>> {
        match &mut self.inner {
            Inner::One(driver) => driver.poll_event(cx),
            Inner::Group(group) => group.poll_event(cx),
        }
    }
}
