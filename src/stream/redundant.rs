//! Redundant connections: several connections to one stream merged into one, each line once.
//!
//! X lets enterprise streams take more than one connection so that a consumer survives
//! losing one. The connections share one de-duplication window, so a line comes out the
//! first time any connection delivers it; a connection that drops reconnects by the
//! client's policy while the others carry on. The group holds the client's one live-stream
//! slot; its connections do not each take one.

use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use crate::event::stream_event::StreamEvent;
use crate::stream::dedup::DedupWindow;
use crate::stream::disconnect::{DisconnectHandle, SlotGuard};
use crate::stream::driver::{Driver, StreamSpec};

/// The merged connections behind a redundant [`EventStream`](crate::EventStream).
///
/// Connection events of every connection come through; a connection's own `Disconnected`
/// is kept back until the last one ends, which ends the group.
pub(crate) struct Group {
    drivers: Vec<Option<Driver>>,
    dedup: Arc<Mutex<DedupWindow>>,
    handle: DisconnectHandle,
    next: usize,
    /// Freed once the last connection ends (or the group is dropped).
    slot: Option<SlotGuard>,
}

impl Group {
    pub(crate) fn new(specs: Vec<StreamSpec>, slot: SlotGuard) -> Group {
        let dedup = Driver::new_dedup();
        let handle = slot.handle().clone();
        let drivers = specs
            .into_iter()
            .map(|spec| Some(Driver::new(spec, handle.clone(), None, Some(dedup.clone()))))
            .collect();
        Group {
            drivers,
            dedup,
            handle,
            next: 0,
            slot: Some(slot),
        }
    }

    pub(crate) fn drivers_mut(&mut self) -> impl Iterator<Item = &mut Driver> {
        self.drivers.iter_mut().flatten()
    }

    pub(crate) fn handle(&self) -> &DisconnectHandle {
        &self.handle
    }

    pub(crate) fn dedup(&self) -> &Arc<Mutex<DedupWindow>> {
        &self.dedup
    }

    pub(crate) fn live_connections(&self) -> usize {
        self.drivers.iter().flatten().count()
    }

    /// Connections made so far, over every live member.
    pub(crate) fn connections(&self) -> u64 {
        self.drivers.iter().flatten().map(|d| d.connections).sum()
    }

    /// Round robin from where the last item came, so no connection starves the others.
    pub(crate) fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<StreamEvent>> {
        let n = self.drivers.len();
        for k in 0..n {
            let i = (self.next + k) % n;
            let Some(driver) = self.drivers[i].as_mut() else {
                continue;
            };
            match driver.poll_event(cx) {
                Poll::Ready(Some(StreamEvent::Disconnected(reason))) => {
                    self.drivers[i] = None;
                    if self.live_connections() == 0 {
                        self.slot = None;
                        return Poll::Ready(Some(StreamEvent::Disconnected(reason)));
                    }
                    tracing::warn!(%reason, "one redundant connection ended");
                }
                Poll::Ready(Some(event)) => {
                    self.next = (i + 1) % n;
                    return Poll::Ready(Some(event));
                }
                Poll::Ready(None) => self.drivers[i] = None,
                Poll::Pending => {}
            }
        }
        if self.live_connections() == 0 {
            self.slot = None;
            return Poll::Ready(None);
        }
        Poll::Pending
    }
}
