//! Ending a stream from elsewhere: the public [`DisconnectHandle`], and the client's one
//! live-stream slot with the guard that frees it when its stream ends or is dropped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;

use crate::error::Error;

/// Ends a stream from another task; cheap to clone.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap();
/// let handle: DisconnectHandle = stream.disconnect_handle();
/// // E.g. from a Ctrl-C task:
/// tokio::spawn(async move { handle.disconnect() });
/// let mut last = None;
/// while let Some(event) = stream.next().await {
///     last = Some(event);
/// }
/// assert!(matches!(last, Some(StreamEvent::Disconnected(DisconnectReason::Requested))));
/// # }
/// ```
#[derive(Clone)]
pub struct DisconnectHandle {
    signal: Arc<Signal>,
}

#[derive(Default)]
struct Signal {
    stop: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl DisconnectHandle {
    pub(crate) fn new() -> Self {
        DisconnectHandle {
            signal: Arc::new(Signal::default()),
        }
    }

    /// Asks the stream to end: it closes its connection, yields
    /// `Disconnected(Requested)` and then ends.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// stream.disconnect_handle().disconnect();
    /// // Asked before it ever connected: it ends at once, saying why.
    /// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Disconnected(DisconnectReason::Requested))));
    /// assert!(stream.next().await.is_none());
    /// # });
    /// ```
    pub fn disconnect(&self) {
        self.signal.stop.store(true, Ordering::SeqCst);
        if let Some(w) = self.signal.waker.lock().expect("lock").take() {
            w.wake();
        }
    }

    /// Whether `disconnect` was called.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap();
    /// let handle = stream.disconnect_handle();
    /// assert!(!handle.is_disconnected());
    /// client.disconnect();
    /// assert!(handle.is_disconnected());
    /// ```
    pub fn is_disconnected(&self) -> bool {
        self.signal.stop.load(Ordering::SeqCst)
    }

    pub(crate) fn same(&self, other: &DisconnectHandle) -> bool {
        Arc::ptr_eq(&self.signal, &other.signal)
    }

    pub(crate) fn register(&self, waker: &Waker) {
        let mut slot = self.signal.waker.lock().expect("lock");
        match slot.as_ref() {
            Some(w) if w.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
    }
}

impl std::fmt::Debug for DisconnectHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DisconnectHandle")
            .field("disconnected", &self.is_disconnected())
            .finish()
    }
}

/// The one live stream a client may have: empty, or the handle of the stream that holds it.
/// Clones of a client share it.
#[derive(Clone, Default)]
pub(crate) struct LiveSlot {
    live: Arc<Mutex<Option<DisconnectHandle>>>,
}

impl LiveSlot {
    /// Takes the slot for a new stream, or refuses when a stream holds it.
    pub(crate) fn claim(&self) -> Result<SlotGuard, Error> {
        let mut live = self.live.lock().expect("lock");
        if live.is_some() {
            return Err(Error::already_connected());
        }
        let handle = DisconnectHandle::new();
        *live = Some(handle.clone());
        Ok(SlotGuard {
            slot: self.clone(),
            handle,
        })
    }

    /// Whether a stream holds the slot.
    pub(crate) fn is_taken(&self) -> bool {
        self.live.lock().expect("lock").is_some()
    }

    /// Asks the stream holding the slot, if any, to end.
    pub(crate) fn disconnect(&self) {
        if let Some(handle) = self.live.lock().expect("lock").as_ref() {
            handle.disconnect();
        }
    }
}

/// Holds the slot for one stream (or one redundant group); dropping it frees the slot.
pub(crate) struct SlotGuard {
    slot: LiveSlot,
    handle: DisconnectHandle,
}

impl SlotGuard {
    /// The handle that ends the stream holding this slot.
    pub(crate) fn handle(&self) -> &DisconnectHandle {
        &self.handle
    }
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        let mut live = self.slot.live.lock().expect("lock");
        if live.as_ref().is_some_and(|h| h.same(&self.handle)) {
            *live = None;
        }
    }
}
