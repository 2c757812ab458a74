//! `EventStream`: a small state machine that connects, frames, decodes and reconnects.
//!
//! No task is spawned: the HTTP connection is driven from `poll_next`, so dropping the
//! stream closes the socket at once and leaves nothing behind.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_core::Stream;
use hyper::body::{Body as _, Incoming};
use tokio::time::{Instant, Sleep};

use crate::client::ClientInner;
use crate::decode::{Mode, decode_line_as, push_decoded, push_line_events, validate_line};
use crate::dedup::{DEDUP_WINDOW, DedupWindow, line_key};
use crate::endpoint::{PayloadKind, StreamEndpoint};
use crate::events::{
    Closed, ConnectInfo, ConnectionError, ConnectionErrorKind, DisconnectReason, EventKinds,
    LineError, RequestError, StreamEvent, UndecodableLine,
};
use crate::framing::{Frame, LineFramer};
use crate::inflate::Inflater;
use crate::model::Problem;
use crate::params::StreamParams;
use crate::rate_limit::RateLimit;
use crate::reconnect::{Decision, Failure, ReconnectState, StopReason};
use crate::transport::{ConnDriver, Exchange, OpenError, chain, read_body};

/// Error bodies are small problems; anything beyond this is cut.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// What a stream connects to.
pub(crate) struct StreamSpec {
    pub(crate) client: Arc<ClientInner>,
    /// Which stream.
    pub(crate) endpoint: StreamEndpoint,
    /// Its parameters, checked against it.
    pub(crate) params: StreamParams,
    /// The endpoint's path and query, under the client's base URL.
    pub(crate) path_and_query: String,
}

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

    fn register(&self, waker: &Waker) {
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

/// The outcome of one connection attempt (short-lived, so its size does not matter).
#[allow(clippy::large_enum_variant)]
enum Attempt {
    Open(Exchange),
    Status {
        status: u16,
        problem: Option<Problem>,
        body: Bytes,
        rate_limit: Option<RateLimit>,
    },
    Failed(OpenError),
}

type AttemptFuture = Pin<Box<dyn Future<Output = Attempt> + Send>>;

struct Live {
    body: Incoming,
    conn: Option<ConnDriver>,
    conn_error: Option<String>,
    connected_at: Instant,
    last_byte: Instant,
    stall: Pin<Box<Sleep>>,
    /// Set when the server answered `Content-Encoding: gzip`.
    inflate: Option<Box<Inflater>>,
}

enum State {
    Connecting(AttemptFuture),
    Live(Live),
    Waiting(Pin<Box<Sleep>>),
    Ended,
}

/// How a live connection ended.
enum End {
    Clean,
    Failed(ConnectionErrorKind, String),
}

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
    driver: Box<Driver>,
}

struct Driver {
    spec: StreamSpec,
    state: State,
    queue: VecDeque<StreamEvent>,
    framer: LineFramer,
    reconnect: ReconnectState,
    connections: u64,
    handle: DisconnectHandle,
    released: bool,
    mode: Mode,
    /// Drops lines seen before (recovery backfill, redundant connections); may be shared.
    dedup: Option<Arc<Mutex<DedupWindow>>>,
    /// When the last byte (line or keep-alive) arrived: X sends in order, so everything
    /// before it was delivered, and the gap a reconnect recovers starts there.
    last_byte_at: Option<Instant>,
    /// The gap and backfill the attempt in progress asked for.
    recovering: Option<(Duration, u32)>,
}

impl EventStream {
    pub(crate) fn new(spec: StreamSpec, handle: DisconnectHandle) -> EventStream {
        let dedup = spec
            .client
            .recover
            .then(|| Arc::new(Mutex::new(DedupWindow::new(DEDUP_WINDOW))));
        Self::with_dedup(spec, handle, dedup, true)
    }

    /// A stream sharing `dedup` with others; with `owns_slot` false it leaves the client's
    /// one-live-stream slot to whoever holds it (a redundant group).
    pub(crate) fn with_dedup(
        spec: StreamSpec,
        handle: DisconnectHandle,
        dedup: Option<Arc<Mutex<DedupWindow>>>,
        owns_slot: bool,
    ) -> EventStream {
        let framer = LineFramer::new(spec.client.max_line_bytes);
        let payload = spec.endpoint.payload();
        let mut driver = Driver {
            spec,
            state: State::Ended,
            queue: VecDeque::new(),
            framer,
            reconnect: ReconnectState::default(),
            connections: 0,
            handle,
            released: !owns_slot,
            mode: Mode::Typed(EventKinds::ALL, payload),
            dedup,
            last_byte_at: None,
            recovering: None,
        };
        driver.state = State::Connecting(driver.attempt());
        EventStream {
            driver: Box::new(driver),
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
        self.driver.mode = Mode::Raw;
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
        self.driver.mode = Mode::Typed(kinds, self.driver.spec.endpoint.payload());
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
        self.driver.handle.clone()
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
        self.driver.connections
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
        self.driver
            .dedup
            .as_ref()
            .map_or(0, |d| d.lock().expect("lock").dropped())
    }
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match self.driver.state {
            State::Connecting(_) => "connecting",
            State::Live(_) => "live",
            State::Waiting(_) => "waiting",
            State::Ended => "ended",
        };
        f.debug_struct("EventStream")
            .field("path", &self.driver.spec.path_and_query)
            .field("state", &state)
            .field("connections", &self.driver.connections)
            .finish()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.release();
    }
}

impl Driver {
    fn release(&mut self) {
        if !self.released {
            self.released = true;
            self.spec.client.release(&self.handle);
        }
    }

    /// Starts one attempt: connect, send, and for an error status read its problem body.
    fn attempt(&mut self) -> AttemptFuture {
        let client = Arc::clone(&self.spec.client);
        let mut path = self.spec.path_and_query.clone();
        self.recovering = None;
        if let (true, Some(last)) = (client.recover, self.last_byte_at) {
            // Ask for the whole gap (and a margin), never less than the user asked.
            let gap = Instant::now() - last;
            let minutes = crate::recovery::backfill_minutes_for(gap);
            let minutes = minutes.max(self.spec.params.backfill_value().unwrap_or(0));
            let params = self.spec.params.with_backfill(minutes);
            path = crate::client::path_and_query(self.spec.endpoint, &params);
            self.recovering = Some((gap, minutes));
        }
        tracing::debug!(%path, "connecting");
        Box::pin(async move {
            let mut request = match client.request(http::Method::GET, &path, None) {
                Ok(r) => r,
                Err(e) => return Attempt::Failed(OpenError::Connect(e.to_string())),
            };
            if client.gzip {
                request.headers_mut().insert(
                    http::header::ACCEPT_ENCODING,
                    http::HeaderValue::from_static("gzip"),
                );
            }
            let exchange = match client.transport.open(request).await {
                Ok(x) => x,
                Err(e) => return Attempt::Failed(e),
            };
            let status = exchange.response.status().as_u16();
            if status == 200 {
                return Attempt::Open(exchange);
            }
            let rate_limit = RateLimit::from_headers(exchange.response.headers());
            let Exchange { response, conn } = exchange;
            let body = read_body(
                response.into_body(),
                conn,
                MAX_ERROR_BODY,
                client.connect_timeout,
            )
            .await
            .unwrap_or_default();
            let problem = serde_json::from_slice::<Problem>(&body).ok();
            Attempt::Status {
                status,
                problem,
                body,
                rate_limit,
            }
        })
    }

    /// Acts on the policy's decision, queueing the failure's event (with the wait before the
    /// next try, or none) and, when the policy stops, the final `Disconnected`.
    fn settle(&mut self, decision: Decision, event: impl FnOnce(Option<Duration>) -> StreamEvent) {
        let ended = self
            .spec
            .params
            .end_instant()
            .is_some_and(|end| SystemTime::now() >= end);
        match decision {
            Decision::Retry { .. } if ended => {
                tracing::info!("end_time has passed, not reconnecting");
                self.queue.push_back(event(None));
                self.finish(DisconnectReason::Finished);
            }
            Decision::Retry { delay, attempt } => {
                tracing::info!(?delay, attempt, "will reconnect");
                self.queue.push_back(event(Some(delay)));
                self.state = if delay.is_zero() {
                    State::Connecting(self.attempt())
                } else {
                    State::Waiting(Box::pin(tokio::time::sleep(delay)))
                };
            }
            Decision::Stop(reason) => {
                self.queue.push_back(event(None));
                let reason = match reason {
                    StopReason::FatalStatus(status) => DisconnectReason::FatalStatus { status },
                    StopReason::RetriesExhausted { attempts } => {
                        DisconnectReason::RetriesExhausted { attempts }
                    }
                };
                self.finish(reason);
            }
        }
    }

    /// Ends the stream: drops any connection and queues the final item.
    fn finish(&mut self, reason: DisconnectReason) {
        tracing::warn!(%reason, "stream ended");
        self.state = State::Ended;
        self.queue.push_back(StreamEvent::Disconnected(reason));
        self.release();
    }

    fn on_attempt(&mut self, attempt: Attempt) {
        let policy = &self.spec.client.reconnect;
        match attempt {
            Attempt::Open(Exchange { response, conn }) => {
                self.connections += 1;
                self.reconnect.on_connected();
                self.framer = LineFramer::new(self.spec.client.max_line_bytes);
                let rate_limit = RateLimit::from_headers(response.headers());
                let gzip = response
                    .headers()
                    .get(http::header::CONTENT_ENCODING)
                    .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
                tracing::info!(connection = self.connections, gzip, "connected");
                self.queue.push_back(StreamEvent::Connected(ConnectInfo {
                    status: 200,
                    rate_limit,
                    connection: self.connections,
                }));
                if let Some((gap, backfill_minutes)) = self.recovering.take() {
                    tracing::info!(?gap, backfill_minutes, "recovering a gap");
                    self.queue.push_back(StreamEvent::Recovered {
                        gap,
                        backfill_minutes,
                    });
                }
                let now = Instant::now();
                self.state = State::Live(Live {
                    body: response.into_body(),
                    conn: Some(conn),
                    conn_error: None,
                    connected_at: now,
                    last_byte: now,
                    stall: Box::pin(tokio::time::sleep_until(
                        now + self.spec.client.stall_timeout,
                    )),
                    inflate: gzip.then(|| Box::new(Inflater::new())),
                });
            }
            Attempt::Status {
                status,
                problem,
                body,
                rate_limit,
            } => {
                let retry_after = match status {
                    420 | 429 => rate_limit
                        .as_ref()
                        .and_then(|r| r.reset_in(SystemTime::now())),
                    _ => None,
                };
                tracing::warn!(status, problem = ?problem.as_ref().map(|p| p.to_string()), "request refused");
                let decision = self.reconnect.on_failure(
                    policy,
                    Failure::Status {
                        status,
                        retry_after,
                    },
                );
                self.settle(decision, |retry_in| {
                    StreamEvent::RequestError(Box::new(RequestError {
                        status,
                        problem,
                        body,
                        rate_limit,
                        retry_in,
                    }))
                });
            }
            Attempt::Failed(e) => {
                tracing::warn!(error = %e, "connection failed");
                let decision = self.reconnect.on_failure(policy, Failure::Network);
                self.settle(decision, |retry_in| {
                    StreamEvent::ConnectionError(ConnectionError {
                        kind: ConnectionErrorKind::Connect,
                        message: e.to_string(),
                        retry_in,
                    })
                });
            }
        }
    }

    /// A live connection ended: hand back any partial line, then consult the policy.
    fn on_end(&mut self, end: End) {
        if let Some(tail) = self.framer.finish() {
            // A complete line without its terminator still counts; anything else was cut off.
            let truncated = |bad: UndecodableLine| UndecodableLine {
                raw: bad.raw,
                reason: LineError::Truncated,
            };
            match self.mode {
                Mode::Typed(kinds, payload) => push_decoded(
                    decode_line_as(tail, payload).map_err(truncated),
                    kinds,
                    &mut self.queue,
                ),
                Mode::Raw => self.queue.push_back(match validate_line(tail) {
                    Ok(raw) => StreamEvent::Raw(raw),
                    Err(bad) => StreamEvent::Undecodable(truncated(bad)),
                }),
            }
        }
        self.state = State::Ended; // drops the connection before anything else happens
        let policy = &self.spec.client.reconnect;
        match end {
            End::Clean => {
                tracing::info!("server closed the stream");
                let decision = self.reconnect.on_clean_close(policy);
                self.settle(decision, |retry_in| {
                    StreamEvent::Closed(Closed { retry_in })
                });
            }
            End::Failed(kind, message) => {
                tracing::warn!(?kind, %message, "connection lost");
                let decision = self.reconnect.on_failure(policy, Failure::Network);
                self.settle(decision, |retry_in| {
                    StreamEvent::ConnectionError(ConnectionError {
                        kind,
                        message,
                        retry_in,
                    })
                });
            }
        }
    }

    /// Moves a live connection on. Returns `Ready(Some(end))` when it ended, `Ready(None)`
    /// when it made progress, `Pending` when it waits.
    fn poll_live(&mut self, cx: &mut Context<'_>) -> Poll<Option<End>> {
        let State::Live(live) = &mut self.state else {
            return Poll::Ready(None);
        };
        if let Some(conn) = live.conn.as_mut() {
            if let Poll::Ready(result) = conn.as_mut().poll(cx) {
                live.conn = None;
                if let Err(e) = result {
                    live.conn_error = Some(chain(&e));
                }
            }
        }
        match Pin::new(&mut live.body).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let Ok(data) = frame.into_data() else {
                    return Poll::Ready(None);
                };
                let now = Instant::now();
                live.last_byte = now;
                self.last_byte_at = Some(now);
                let connected_for = now - live.connected_at;
                // Bytes arrived: progress, even if they end in a line over the limit. (A body
                // without chunks, such as HTTP/1.0's, joins writes: a keep-alive and the
                // line after it can come in one read.)
                self.reconnect
                    .on_progress(&self.spec.client.reconnect, connected_for);
                let data = match live.inflate.as_mut().map(|i| i.push(&data)) {
                    None => data,
                    Some(Ok(inflated)) => inflated,
                    Some(Err(e)) => {
                        return Poll::Ready(Some(End::Failed(
                            ConnectionErrorKind::Io,
                            format!("gzip: {e}"),
                        )));
                    }
                };
                self.framer.push(data);
                loop {
                    match self.framer.next_frame() {
                        Ok(Some(Frame::Line(line))) => {
                            let kind = self.spec.endpoint.payload();
                            if is_repeat(self.dedup.as_deref(), &line, kind) {
                                continue;
                            }
                            push_line_events(line, self.mode, &mut self.queue)
                        }
                        Ok(Some(Frame::KeepAlive)) => {
                            if !matches!(self.mode, Mode::Typed(k, _) if !k.contains(EventKinds::KEEP_ALIVE))
                            {
                                self.queue.push_back(StreamEvent::KeepAlive);
                            }
                        }
                        Ok(None) => break,
                        Err(too_long) => {
                            return Poll::Ready(Some(End::Failed(
                                ConnectionErrorKind::LineTooLong,
                                too_long.to_string(),
                            )));
                        }
                    }
                }
                Poll::Ready(None)
            }
            Poll::Ready(Some(Err(e))) => {
                let message = live.conn_error.take().unwrap_or_else(|| chain(&e));
                Poll::Ready(Some(End::Failed(ConnectionErrorKind::Io, message)))
            }
            // The body came to its end (its length, its last chunk, or the close that
            // delimits an HTTP/1.0 body): whatever the connection did after that, the
            // server closed the stream.
            Poll::Ready(None) => {
                if let Some(after) = live.conn_error.take() {
                    tracing::debug!(error = %after, "connection failed after a complete body");
                }
                Poll::Ready(Some(End::Clean))
            }
            Poll::Pending => {
                // The timer is re-armed only when it fires, not after every chunk: bytes
                // that arrived since it was set just move its deadline on.
                let timeout = self.spec.client.stall_timeout;
                while live.stall.as_mut().poll(cx).is_ready() {
                    let deadline = live.last_byte + timeout;
                    if Instant::now() >= deadline {
                        return Poll::Ready(Some(End::Failed(
                            ConnectionErrorKind::Stall,
                            format!("no data or keep-alive for {timeout:?}"),
                        )));
                    }
                    live.stall.as_mut().reset(deadline);
                }
                Poll::Pending
            }
        }
    }
}

/// Whether the de-duplication window, if any, has seen this line before.
fn is_repeat(dedup: Option<&Mutex<DedupWindow>>, line: &Bytes, kind: PayloadKind) -> bool {
    let Some(dedup) = dedup else {
        return false;
    };
    match line_key(line, kind) {
        Some(key) => !dedup.lock().expect("lock").first_time(key),
        None => false,
    }
}

impl Stream for EventStream {
    type Item = StreamEvent;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<StreamEvent>> {
        let d = &mut *self.driver;
        loop {
            if let Some(event) = d.queue.pop_front() {
                return Poll::Ready(Some(event));
            }
            if d.handle.is_disconnected() && !matches!(d.state, State::Ended) {
                d.finish(DisconnectReason::Requested);
                continue;
            }
            let pending = match &mut d.state {
                State::Ended => return Poll::Ready(None),
                State::Connecting(fut) => match fut.as_mut().poll(cx) {
                    Poll::Ready(attempt) => {
                        d.on_attempt(attempt);
                        false
                    }
                    Poll::Pending => true,
                },
                State::Waiting(sleep) => match sleep.as_mut().poll(cx) {
                    Poll::Ready(()) => {
                        d.state = State::Connecting(d.attempt());
                        false
                    }
                    Poll::Pending => true,
                },
                State::Live(_) => match d.poll_live(cx) {
                    Poll::Ready(Some(end)) => {
                        d.on_end(end);
                        false
                    }
                    Poll::Ready(None) => false,
                    Poll::Pending => true,
                },
            };
            if pending {
                d.handle.register(cx.waker());
                if d.handle.is_disconnected() {
                    continue;
                }
                return Poll::Pending;
            }
        }
    }
}
