//! The connection driver: a small state machine that connects, frames, decodes and
//! reconnects, polled from the stream that owns it (no task is spawned).

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Method;
use hyper::body::{Body as _, Incoming};
use tokio::time::{Instant, Sleep};

use crate::connection::connector::Connector;
use crate::connection::framing::{Frame, LineFramer};
use crate::connection::inflate::{Coding, ContentDecoder, DEFAULT_STEP, strip_bom};
use crate::connection::rate_limit::{RateLimit, server_wait};
use crate::connection::rest;
use crate::connection::transport::{BodyLimits, ConnDriver, Exchange, OpenError, chain, read_body};
use crate::event::decode::{Mode, decode_line_as, push_decoded, push_line_events, validate_line};
use crate::event::stream_event::{
    Closed, ConnectInfo, ConnectionError, ConnectionErrorKind, DisconnectReason, EventKinds,
    LineError, RequestError, StreamEvent, UndecodableLine,
};
use crate::model::Problem;
use crate::request::endpoint::{PayloadKind, StreamEndpoint};
use crate::request::params::{StreamParams, path_and_query};
use crate::stream::dedup::{DEDUP_WINDOW, DedupWindow};
use crate::stream::disconnect::{DisconnectHandle, SlotGuard};
use crate::stream::reconnect::{Decision, Failure, ReconnectPolicy, ReconnectState};

/// What a stream connects to.
pub(crate) struct StreamSpec {
    pub(crate) connector: Arc<Connector>,
    pub(crate) reconnect: ReconnectPolicy,
    /// Recover gaps with backfill after reconnects.
    pub(crate) recover: bool,
    /// On `TooManyConnections`, end this endpoint's connections once and connect again.
    pub(crate) take_over: bool,
    /// Which stream.
    pub(crate) endpoint: StreamEndpoint,
    /// Its parameters, checked against it.
    pub(crate) params: StreamParams,
    /// The endpoint's path and query, under the client's base URL.
    pub(crate) path_and_query: String,
}

/// The outcome of one connection attempt (short-lived, so its size does not matter).
#[allow(clippy::large_enum_variant)]
enum Attempt {
    Open(Exchange, Coding),
    Status {
        status: u16,
        problem: Option<Problem>,
        body: Bytes,
        rate_limit: Option<RateLimit>,
        /// The server's floor under the schedule (`Retry-After`, `x-rate-limit-reset`).
        server_wait: Option<Duration>,
    },
    Failed(OpenError),
    /// A 200 whose content coding the client does not decode.
    Refused(String),
}

type AttemptFuture = Pin<Box<dyn Future<Output = Attempt> + Send>>;

struct Live {
    body: Incoming,
    conn: Option<ConnDriver>,
    conn_error: Option<String>,
    connected_at: Instant,
    last_byte: Instant,
    stall: Pin<Box<Sleep>>,
    /// Set when the body has a content coding (gzip, deflate).
    decoder: Option<Box<ContentDecoder>>,
    /// No decoded byte has come out yet (a byte order mark there is dropped).
    at_start: bool,
    /// Buffered bytes were handed out since the body was last polled: the stall clock
    /// restarts when the body is polled again (a slow consumer is not a silent server).
    drained: bool,
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

/// One connection's driver: its state, the events it queued and its counters.
pub(crate) struct Driver {
    pub(crate) spec: StreamSpec,
    state: State,
    queue: VecDeque<StreamEvent>,
    framer: LineFramer,
    reconnect: ReconnectState,
    pub(crate) connections: u64,
    pub(crate) handle: DisconnectHandle,
    /// The client's live-stream slot, for a stream that holds it alone; freed as it ends.
    slot: Option<SlotGuard>,
    pub(crate) mode: Mode,
    /// Drops lines seen before (recovery backfill, redundant connections); may be shared.
    pub(crate) dedup: Option<Arc<Mutex<DedupWindow>>>,
    /// When the last byte (line or keep-alive) arrived: X sends in order, so everything
    /// before it was delivered, and the gap a reconnect recovers starts there.
    last_byte_at: Option<Instant>,
    /// The gap and backfill the attempt in progress asked for.
    recovering: Option<(Duration, u32)>,
    /// Set by the attempt that took the connection over (`take_over_connections`): once.
    took_over_flag: Arc<AtomicBool>,
}

impl Driver {
    /// A driver that connects when first polled. With `slot`, it holds the client's
    /// live-stream slot; without, it is one connection of a group that holds it.
    pub(crate) fn new(
        spec: StreamSpec,
        handle: DisconnectHandle,
        slot: Option<SlotGuard>,
        dedup: Option<Arc<Mutex<DedupWindow>>>,
    ) -> Driver {
        let framer = LineFramer::new(spec.connector.max_line_bytes);
        let payload = spec.endpoint.payload();
        let mut driver = Driver {
            spec,
            state: State::Ended,
            queue: VecDeque::new(),
            framer,
            reconnect: ReconnectState::default(),
            connections: 0,
            handle,
            slot,
            mode: Mode::Typed(EventKinds::ALL, payload),
            dedup,
            last_byte_at: None,
            recovering: None,
            took_over_flag: Arc::new(AtomicBool::new(false)),
        };
        driver.state = State::Connecting(driver.attempt());
        driver
    }

    /// A fresh de-duplication window, for a stream that recovers gaps or a redundant group.
    pub(crate) fn new_dedup() -> Arc<Mutex<DedupWindow>> {
        Arc::new(Mutex::new(DedupWindow::new(DEDUP_WINDOW)))
    }

    /// Frees the client's live-stream slot, if this driver holds it.
    fn release(&mut self) {
        self.slot = None;
    }

    /// Whether the stream has ended (after its `Disconnected`).
    pub(crate) fn is_ended(&self) -> bool {
        matches!(self.state, State::Ended) && self.queue.is_empty()
    }

    /// A word for `Debug`: where the driver stands.
    pub(crate) fn state_name(&self) -> &'static str {
        match self.state {
            State::Connecting(_) => "connecting",
            State::Live(_) => "live",
            State::Waiting(_) => "waiting",
            State::Ended => "ended",
        }
    }

    /// Starts one attempt: connect, send, and for an error status read its problem body.
    fn attempt(&mut self) -> AttemptFuture {
        let connector = Arc::clone(&self.spec.connector);
        let mut path = self.spec.path_and_query.clone();
        self.recovering = None;
        if let (true, Some(last)) = (self.spec.recover, self.last_byte_at) {
            // Ask for the whole gap (and a margin), never less than the user asked.
            let gap = Instant::now() - last;
            let minutes = crate::stream::recovery::backfill_minutes_for(gap);
            let minutes = minutes.max(self.spec.params.backfill_value().unwrap_or(0));
            let params = self.spec.params.with_backfill(minutes);
            path = path_and_query(self.spec.endpoint, &params);
            self.recovering = Some((gap, minutes));
        }
        tracing::debug!(%path, "connecting");
        // Taking over: once per stream, and only where the stream has a Stream Connections id.
        let take_over = match (
            self.spec.take_over && !self.took_over_flag.load(Ordering::Relaxed),
            self.spec.endpoint.connections_path(),
        ) {
            (true, Ok(kill)) => Some(kill),
            _ => None,
        };
        let took_over = Arc::clone(&self.took_over_flag);
        Box::pin(async move {
            let first = open_once(&connector, &path).await;
            let Some(kill) = take_over.filter(|_| is_too_many_connections(&first)) else {
                return first;
            };
            took_over.store(true, Ordering::Relaxed);
            let ended = rest::call(&connector, Method::DELETE, &kill, None)
                .await
                .and_then(rest::Answer::into_success);
            match ended {
                Ok(_) => {
                    tracing::warn!(%kill, "TooManyConnections: ended this stream's connections; connecting again");
                    open_once(&connector, &path).await
                }
                Err(e) => {
                    tracing::warn!(%kill, error = %e, "TooManyConnections: taking the connection over failed");
                    first
                }
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
        let policy = &self.spec.reconnect;
        match attempt {
            Attempt::Open(Exchange { response, conn }, coding) => {
                self.connections += 1;
                self.reconnect.on_connected();
                self.framer = LineFramer::new(self.spec.connector.max_line_bytes);
                let rate_limit = RateLimit::from_headers(response.headers());
                tracing::info!(connection = self.connections, ?coding, "connected");
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
                        now + self.spec.connector.stall_timeout,
                    )),
                    decoder: ContentDecoder::new(coding, DEFAULT_STEP).map(Box::new),
                    at_start: true,
                    drained: false,
                });
            }
            Attempt::Status {
                status,
                problem,
                body,
                rate_limit,
                server_wait,
            } => {
                let retry_after = server_wait;
                tracing::warn!(status, problem = ?problem.as_ref().map(|p| p.to_string()), "request refused");
                let decision = self.reconnect.on_failure(
                    policy,
                    Failure::Status {
                        status,
                        retry_after,
                    },
                );
                // A fatal answer keeps X's words on why, for the final `Disconnected`.
                let decision = match decision {
                    Decision::Stop(DisconnectReason::FatalStatus { status, .. }) => {
                        Decision::Stop(DisconnectReason::FatalStatus {
                            status,
                            problem: problem.clone().map(Box::new),
                        })
                    }
                    other => other,
                };
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
            Attempt::Refused(why) => {
                tracing::warn!(%why, "content coding refused");
                let decision = self.reconnect.on_failure(policy, Failure::Network);
                self.settle(decision, |retry_in| {
                    StreamEvent::ConnectionError(ConnectionError {
                        kind: ConnectionErrorKind::ContentCoding,
                        message: why,
                        retry_in,
                    })
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
        let policy = &self.spec.reconnect;
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
    ///
    /// Backpressure: one frame at a time. Buffered frames are handed out first, then the
    /// decoder's next bounded step, and only when both are used up is the body polled for
    /// more, so what the socket sends waits in the kernel (and hyper's read buffer) until
    /// the consumer has taken what came before.
    fn poll_live(&mut self, cx: &mut Context<'_>) -> Poll<Option<End>> {
        let State::Live(live) = &mut self.state else {
            return Poll::Ready(None);
        };
        loop {
            match self.framer.next_frame() {
                Ok(Some(Frame::Line(line))) => {
                    live.drained = true;
                    let kind = self.spec.endpoint.payload();
                    if is_repeat(self.dedup.as_deref(), &line, kind) {
                        continue;
                    }
                    push_line_events(line, self.mode, &mut self.queue);
                    return Poll::Ready(None);
                }
                Ok(Some(Frame::KeepAlive)) => {
                    live.drained = true;
                    if !matches!(self.mode, Mode::Typed(k, _) if !k.contains(EventKinds::KEEP_ALIVE))
                    {
                        self.queue.push_back(StreamEvent::KeepAlive);
                        return Poll::Ready(None);
                    }
                    continue;
                }
                Ok(None) => {}
                Err(too_long) => {
                    return Poll::Ready(Some(End::Failed(
                        ConnectionErrorKind::LineTooLong,
                        too_long.to_string(),
                    )));
                }
            }
            if let Some(decoder) = live.decoder.as_mut() {
                match decoder.next_output() {
                    Ok(Some(mut piece)) => {
                        live.drained = true;
                        if live.at_start {
                            live.at_start = false;
                            strip_bom(&mut piece);
                        }
                        self.framer.push(piece);
                        continue;
                    }
                    Ok(None) => {}
                    Err(e) => {
                        return Poll::Ready(Some(End::Failed(
                            ConnectionErrorKind::ContentCoding,
                            e.to_string(),
                        )));
                    }
                }
            }
            break;
        }
        if std::mem::take(&mut live.drained) {
            live.last_byte = Instant::now();
        }
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
                let Ok(mut data) = frame.into_data() else {
                    return Poll::Ready(None); // trailers
                };
                let now = Instant::now();
                live.last_byte = now;
                self.last_byte_at = Some(now);
                let connected_for = now - live.connected_at;
                // Bytes arrived: progress, even if they end in a line over the limit. (A body
                // without chunks, such as HTTP/1.0's, joins writes: a keep-alive and the
                // line after it can come in one read.)
                self.reconnect
                    .on_progress(&self.spec.reconnect, connected_for);
                match live.decoder.as_mut() {
                    Some(decoder) => decoder.push(data),
                    None => {
                        if live.at_start && !data.is_empty() {
                            live.at_start = false;
                            strip_bom(&mut data);
                        }
                        self.framer.push(data);
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
                if let Some(Err(e)) = live.decoder.as_ref().map(|d| d.finish()) {
                    tracing::debug!(error = %e, "the coded body ended early");
                }
                Poll::Ready(Some(End::Clean))
            }
            Poll::Pending => {
                // The timer is re-armed only when it fires, not after every chunk: bytes
                // that arrived since it was set just move its deadline on.
                let timeout = self.spec.connector.stall_timeout;
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

    /// The next event: drives the connection until one is queued, the stream ends, or
    /// nothing can progress without I/O.
    pub(crate) fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<Option<StreamEvent>> {
        let d = self;
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

/// Whether the de-duplication window, if any, has seen this line before.
/// Whether an attempt was refused with `429 TooManyConnections`.
fn is_too_many_connections(attempt: &Attempt) -> bool {
    use crate::model::enums::ConnectionIssue;
    matches!(attempt, Attempt::Status { status: 429, problem: Some(p), .. }
        if p.connection_issue == Some(ConnectionIssue::TooManyConnections))
}

/// One connection attempt: connect, send, and for an error status read its problem body.
async fn open_once(connector: &Connector, path: &str) -> Attempt {
    let request = match connector.stream_request(path) {
        Ok(r) => r,
        Err(e) => return Attempt::Failed(OpenError::Connect(e.to_string())),
    };
    let exchange = match connector.transport.open(request).await {
        Ok(x) => x,
        Err(e) => return Attempt::Failed(e),
    };
    let status = exchange.response.status().as_u16();
    if status == 200 {
        return match Coding::from_headers(exchange.response.headers()) {
            Ok(coding) => Attempt::Open(exchange, coding),
            Err(refused) => Attempt::Refused(refused.to_string()),
        };
    }
    let headers = exchange.response.headers();
    let rate_limit = RateLimit::from_headers(headers);
    let server_wait = server_wait(status, headers, SystemTime::now());
    let Exchange { response, conn } = exchange;
    let (parts, body) = response.into_parts();
    let limits = BodyLimits::error(connector.stall_timeout, connector.connect_timeout);
    let read = read_body(&parts.headers, body, conn, limits).await;
    if let Some(cut) = &read.cut {
        // A cut body does not change the answer: the status is what it is.
        tracing::debug!(status, error = %cut, kept = read.bytes.len(), "error body cut");
    }
    let body = read.bytes;
    let problem = serde_json::from_slice::<Problem>(&body).ok();
    Attempt::Status {
        status,
        problem,
        body,
        rate_limit,
        server_wait,
    }
}

fn is_repeat(dedup: Option<&Mutex<DedupWindow>>, line: &Bytes, kind: PayloadKind) -> bool {
    let Some(dedup) = dedup else {
        return false;
    };
    match DedupWindow::key(line, kind) {
        Some(key) => !dedup.lock().expect("lock").first_time(key),
        None => false,
    }
}
