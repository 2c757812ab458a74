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
    pub fn live_connections(&self) -> usize {
        self.streams.iter().flatten().count()
    }

    /// Lines dropped because another connection had delivered them first.
    pub fn duplicates_dropped(&self) -> u64 {
        self.dedup.lock().expect("lock").dropped()
    }

    /// Connections made so far, over every member.
    pub fn connections(&self) -> u64 {
        self.streams
            .iter()
            .flatten()
            .map(EventStream::connections)
            .sum()
    }

    /// A handle that ends every connection of the group.
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
