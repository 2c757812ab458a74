//! Fault-injection scripts: what one stream connection does, step by step.

use std::time::Duration;

use bytes::Bytes;

/// How the bytes of a scripted (or normal) stream response are split into HTTP body chunks.
///
/// Chunk boundaries are laid over the whole byte stream of the response: with `Fixed(3)` the
/// client sees chunks of three bytes whatever the line lengths are. A chunk never waits for
/// bytes the emulator has not produced yet, so a write shorter than the pattern asks for ends
/// its chunk early and the pattern carries on from where it was.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{ChunkPattern, Emulator, Script};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// // Chunks of 1, 2 and 5 bytes in turn, straddling the line ends.
/// em.push_script(Script::new().chunks(ChunkPattern::Pattern(vec![1, 2, 5])).tweets(2).close());
/// let client = em.client_builder().build().unwrap();
/// let tweets = client.sample(StreamParams::new()).unwrap().tweets();
/// assert_eq!(tweets.take(2).count().await, 2);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ChunkPattern {
    /// Every write (one line, one keep-alive) is one chunk. The default.
    #[default]
    Whole,
    /// One byte per chunk: the harshest test of a line framer.
    ByteByByte,
    /// Chunks of `n` bytes (`n` of zero is treated as one).
    Fixed(usize),
    /// Chunk sizes taken in turn from the list, cycling (zeros are treated as one).
    Pattern(Vec<usize>),
}

/// One step of a [`Script`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Step {
    Status { code: u16, body: String },
    Html { code: u16, body: String },
    ConnectionClose,
    Http10,
    Header { name: String, value: String },
    Tweets(usize),
    RawLine(Bytes),
    RawBytes(Bytes),
    KeepAlive,
    OperationalDisconnect,
    OversizedLine(usize),
    Stall,
    Close,
    Reset,
    Delay(Duration),
    Chunks(ChunkPattern),
    Coding(ContentCoding),
    Bomb(usize),
    Corrupt,
}

/// A content coding a [`Script`] puts on a 200 body, whatever the request's
/// `Accept-Encoding` said (see [`Script::content_coding`]).
///
/// ```
/// use tweetstream::emulator::{ContentCoding, Script};
/// // Deflate the client did not ask for, then a corrupt stretch.
/// let s = Script::new().content_coding(ContentCoding::Deflate).tweets(2).corrupt_coding();
/// # let _ = s;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentCoding {
    /// `gzip`: one member, sync-flushed after each write (what the emulator does when asked).
    Gzip,
    /// `gzip`: a whole member per write, back to back (RFC 1952 allows it; some proxies do it).
    GzipMembers,
    /// `deflate` as RFC 9110 means it: zlib, sync-flushed after each write.
    Deflate,
    /// `deflate` as some servers send it: raw deflate without the zlib wrapper.
    RawDeflate,
}

/// A script of behaviours for one stream connection, built step by step.
///
/// Queue scripts with [`Emulator::push_script`](super::Emulator::push_script): each new stream
/// connection (any stream endpoint: every step works the same on filter, sample and the
/// enterprise streams) takes the next queued script; once the queue is empty,
/// connections behave normally again. An enterprise stream still refuses a malformed query
/// with a 400 before its script runs. A scripted connection skips the emulator's own
/// admission checks (no 409 for an empty rule set, no 429 for a second connection): the
/// script alone decides what the client sees. It still counts in
/// [`stream_connections`](super::Emulator::stream_connections) and, while its body is open, in
/// [`active_streams`](super::Emulator::active_streams).
///
/// Steps run in order. [`delay`](Script::delay) steps before anything else delay the response
/// headers themselves. If the script runs out of steps without [`close`](Script::close),
/// [`reset`](Script::reset), [`stall`](Script::stall) or an operational disconnect, the
/// connection carries on with normal traffic (generated posts at the configured rate and
/// keep-alives).
///
/// ```
/// use std::time::Duration;
/// use tweetstream::emulator::{problems, ChunkPattern, Script};
///
/// // A 503 on the first attempt, then three posts split byte by byte and a clean close.
/// let first = Script::new().status(503, problems::service_unavailable());
/// let second = Script::new()
///     .chunks(ChunkPattern::ByteByByte)
///     .tweets(3)
///     .delay(Duration::from_secs(1))
///     .close();
/// # let _ = (first, second);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Script {
    pub(crate) steps: Vec<Step>,
}

impl Script {
    /// An empty script (a connection that behaves normally).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new());
    /// let client = em.client_builder().build().unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// assert!(tweets.next().await.is_some()); // normal traffic
    /// assert_eq!(em.pending_scripts(), 0); // the connection took the script
    /// # }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Answer with this HTTP status and body (an RFC 7807 problem, sent as
    /// `application/problem+json`), then end. Must come before any body step; only delays and
    /// headers may precede it.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script, problems};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().status(429, problems::too_many_requests()));
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 429") };
    /// assert_eq!(e.status, 429);
    /// assert_eq!(e.problem.unwrap().title, "Too Many Requests");
    /// # }
    /// ```
    pub fn status(mut self, code: u16, body: impl Into<String>) -> Self {
        self.steps.push(Step::Status {
            code,
            body: body.into(),
        });
        self
    }

    /// Answer with this HTTP status and an HTML page (`text/html`, no `x-rate-limit-*`
    /// headers), as a load balancer or reverse proxy does when X is down or slow; see
    /// [`problems::proxy_error_page`](super::problems::proxy_error_page). Placed like
    /// [`status`](Script::status).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script, problems};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().html_status(502, problems::proxy_error_page(502)));
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 502") };
    /// assert_eq!(e.status, 502);
    /// assert!(e.problem.is_none()); // not a problem body: the page is kept raw
    /// assert!(e.body.starts_with(b"<html>"));
    /// # }
    /// ```
    pub fn html_status(mut self, code: u16, html: impl Into<String>) -> Self {
        self.steps.push(Step::Html {
            code,
            body: html.into(),
        });
        self
    }

    /// Send `Connection: close` and close the connection after the answer (an error
    /// status with its `Content-Length` body, or the end of a 200 body), as many servers
    /// and proxies do. Must come before the answer.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().connection_close().tweets(1).close());
    /// let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// let names: Vec<&str> = stream.take(3).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "closed"]);
    /// # }
    /// ```
    pub fn connection_close(mut self) -> Self {
        self.steps.push(Step::ConnectionClose);
        self
    }

    /// Answer as an HTTP/1.0 server: `HTTP/1.0` status line, no chunked encoding and no
    /// `Content-Length`, so the body (an error page or the 200 stream) runs until the
    /// server closes the connection. A client cannot tell a cut body from its end then:
    /// [`reset`](Script::reset) looks like [`close`](Script::close). Must come before the
    /// answer.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// // A reset after one post: over HTTP/1.0 it looks like a clean end.
    /// em.push_script(Script::new().http10().tweets(1).reset());
    /// let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// let names: Vec<&str> = stream.take(3).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "closed"]);
    /// # }
    /// ```
    pub fn http10(mut self) -> Self {
        self.steps.push(Step::Http10);
        self
    }

    /// Add a response header (for example `x-rate-limit-reset` on a scripted 429). Must come
    /// before any body step.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script, problems};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(
    ///     Script::new()
    ///         .header("x-rate-limit-remaining", "0")
    ///         .header("x-rate-limit-reset", "4102444800")
    ///         .status(429, problems::too_many_requests()),
    /// );
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 429") };
    /// let limits = e.rate_limit.unwrap();
    /// assert_eq!((limits.remaining, limits.reset), (Some(0), Some(4_102_444_800)));
    /// # }
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.steps.push(Step::Header {
            name: name.into(),
            value: value.into(),
        });
        self
    }

    /// Send `n` generated post lines (honouring the request's fields and expansions; on the
    /// filtered stream, posts matching the active rules, with `matching_rules`). On the
    /// enterprise streams, the next `n` items of the connection's timeline (posts, likes,
    /// compliance or label events); past its `end_time` the body ends.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(2).close());
    /// let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// let names: Vec<&str> = stream.take(4).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "tweet", "closed"]);
    /// # }
    /// ```
    pub fn tweets(mut self, n: usize) -> Self {
        self.steps.push(Step::Tweets(n));
        self
    }

    /// Send these bytes followed by `\r\n` (anything: invalid JSON, invalid UTF-8, ...).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().raw_line("{not json").close());
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let line = loop {
    ///     match stream.next().await.expect("the stream ended") {
    ///         StreamEvent::Undecodable(line) => break line,
    ///         _ => continue,
    ///     }
    /// };
    /// assert_eq!(line.raw, "{not json"); // handed back whole, without the \r\n
    /// # }
    /// ```
    pub fn raw_line(mut self, bytes: impl Into<Bytes>) -> Self {
        self.steps.push(Step::RawLine(bytes.into()));
        self
    }

    /// Send these bytes exactly, with no line terminator added.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// // One line written in two pieces; the client joins them.
    /// em.push_script(
    ///     Script::new()
    ///         .raw_bytes(r#"{"data":{"id":"1","text":"#)
    ///         .raw_bytes("\"hello\",\"edit_history_tweet_ids\":[\"1\"]}}\r\n")
    ///         .close(),
    /// );
    /// let client = em.client_builder().build().unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// assert_eq!(tweets.next().await.unwrap().text, "hello");
    /// # }
    /// ```
    pub fn raw_bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        self.steps.push(Step::RawBytes(bytes.into()));
        self
    }

    /// Send one keep-alive (a bare `\r\n`).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().keep_alive().keep_alive().close());
    /// let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::KEEP_ALIVE);
    /// let names: Vec<&str> = stream.take(4).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "keep_alive", "keep_alive", "closed"]);
    /// # }
    /// ```
    pub fn keep_alive(mut self) -> Self {
        self.steps.push(Step::KeepAlive);
        self
    }

    /// Send X's `operational-disconnect` errors line (`disconnect_type`
    /// `OperationalDisconnect`), then end the body cleanly.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::model::enums::DisconnectType;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().operational_disconnect());
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let errors = loop {
    ///     match stream.next().await.expect("the stream ended") {
    ///         StreamEvent::Errors(errors) => break errors,
    ///         _ => continue,
    ///     }
    /// };
    /// assert_eq!(errors[0].disconnect_type, Some(DisconnectType::OperationalDisconnect));
    /// // The body then ends cleanly and the client reconnects.
    /// while !matches!(stream.next().await.expect("the stream ended"), StreamEvent::Closed(_)) {}
    /// # }
    /// ```
    pub fn operational_disconnect(mut self) -> Self {
        self.steps.push(Step::OperationalDisconnect);
        self
    }

    /// Send one valid JSON post line of exactly `n_bytes` bytes (before the `\r\n`; at least
    /// the size of the smallest such object), to test a client's line-length limit.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::{ConnectionErrorKind, EventKinds};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().oversized_line(64 * 1024));
    /// let client = em.client_builder().max_line_bytes(16 * 1024).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
    /// let error = loop {
    ///     match stream.next().await.expect("the stream ended") {
    ///         StreamEvent::ConnectionError(e) => break e,
    ///         _ => continue,
    ///     }
    /// };
    /// assert_eq!(error.kind, ConnectionErrorKind::LineTooLong);
    /// # }
    /// ```
    pub fn oversized_line(mut self, n_bytes: usize) -> Self {
        self.steps.push(Step::OversizedLine(n_bytes));
        self
    }

    /// Keep the connection open and send nothing more, not even keep-alives. Ends the script.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use std::time::Duration;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::ConnectionErrorKind;
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(1).stall());
    /// let client = em.client_builder().stall_timeout(Duration::from_secs(30)).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let error = loop {
    ///     match stream.next().await.expect("the stream ended") {
    ///         StreamEvent::ConnectionError(e) => break e,
    ///         _ => continue,
    ///     }
    /// };
    /// assert_eq!(error.kind, ConnectionErrorKind::Stall); // paused time: no real 30 s wait
    /// # }
    /// ```
    pub fn stall(mut self) -> Self {
        self.steps.push(Step::Stall);
        self
    }

    /// End the 200 body cleanly (the terminating chunk is sent). Ends the script.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().close());
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// let Some(StreamEvent::Closed(closed)) = stream.next().await else { panic!("expected a close") };
    /// assert!(closed.retry_in.is_some()); // the client reconnects
    /// # }
    /// ```
    pub fn close(mut self) -> Self {
        self.steps.push(Step::Close);
        self
    }

    /// Abort the connection mid-body: the TCP connection is closed without the terminating
    /// chunk, so the client sees an incomplete chunked body. Ends the script.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::ConnectionErrorKind;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(1).reset());
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let error = loop {
    ///     match stream.next().await.expect("the stream ended") {
    ///         StreamEvent::ConnectionError(e) => break e,
    ///         _ => continue,
    ///     }
    /// };
    /// assert_eq!(error.kind, ConnectionErrorKind::Io);
    /// # }
    /// ```
    pub fn reset(mut self) -> Self {
        self.steps.push(Step::Reset);
        self
    }

    /// Wait this long (tokio time: paused-time tests advance it) before the next step.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use std::time::Duration;
    /// # use tokio::time::Instant;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// // Before any other step, the delay holds back the response headers.
    /// em.push_script(Script::new().delay(Duration::from_secs(10)).tweets(1));
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let start = Instant::now();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// assert!(start.elapsed() >= Duration::from_secs(10)); // paused time: instant in real time
    /// # }
    /// ```
    pub fn delay(mut self, d: Duration) -> Self {
        self.steps.push(Step::Delay(d));
        self
    }

    /// From here on, split the body bytes into chunks following this pattern.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{ChunkPattern, Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().chunks(ChunkPattern::ByteByByte).tweets(3).close());
    /// let client = em.client_builder().build().unwrap();
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// let names: Vec<&str> = stream.take(5).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "tweet", "tweet", "closed"]); // no line lost
    /// # }
    /// ```
    pub fn chunks(mut self, pattern: ChunkPattern) -> Self {
        self.steps.push(Step::Chunks(pattern));
        self
    }

    /// Send the body in this content coding, whether or not the client asked for one (the
    /// step may come anywhere; it decides the response head).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{ContentCoding, Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// // Several gzip members to a client that did not ask for gzip: decoded all the same.
    /// em.push_script(Script::new().content_coding(ContentCoding::GzipMembers).tweets(3).close());
    /// let client = em.client_builder().build().unwrap();
    /// let tweets: Vec<_> = client.sample(StreamParams::new()).unwrap().tweets().take(3).collect().await;
    /// assert_eq!(tweets.len(), 3);
    /// # }
    /// ```
    pub fn content_coding(mut self, coding: ContentCoding) -> Self {
        self.steps.push(Step::Coding(coding));
        self
    }

    /// Send a gzip member that inflates to `n_bytes` spaces without a line end: a "bomb" of
    /// about `n_bytes / 1000` bytes on the wire. The body's coding is then
    /// [`ContentCoding::GzipMembers`] unless the script chose another (in which case the
    /// member is not valid there, which is a corrupt body).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::ConnectionErrorKind;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(1).gzip_bomb(8 << 20).stall());
    /// let client = em.client_builder().max_line_bytes(1 << 20).max_retries(0).build().unwrap();
    /// let events: Vec<_> = client.sample(StreamParams::new()).unwrap().collect().await;
    /// let error = events.iter().find_map(|e| match e {
    ///     StreamEvent::ConnectionError(e) => Some(e.kind),
    ///     _ => None,
    /// });
    /// assert_eq!(error, Some(ConnectionErrorKind::LineTooLong)); // the limit holds inflated
    /// # }
    /// ```
    pub fn gzip_bomb(mut self, n_bytes: usize) -> Self {
        self.steps.push(Step::Bomb(n_bytes));
        self
    }

    /// Send bytes that no content coding decodes (as they are, past the body's encoder):
    /// with a coding, the client's decoder fails; without one, they are a bad line.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{ContentCoding, Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::ConnectionErrorKind;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().content_coding(ContentCoding::Gzip).tweets(1).corrupt_coding().stall());
    /// let client = em.client_builder().max_retries(0).build().unwrap();
    /// let names: Vec<&str> = client.sample(StreamParams::new()).unwrap().map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "tweet", "response", "connection_error", "disconnected"]);
    /// # }
    /// ```
    pub fn corrupt_coding(mut self) -> Self {
        self.steps.push(Step::Corrupt);
        self
    }
}

/// Splits outgoing bytes into body chunks following a [`ChunkPattern`].
#[derive(Debug, Default)]
pub(crate) struct Chunker {
    pattern: ChunkPattern,
    index: usize,
    left: usize,
}

impl Chunker {
    pub(crate) fn set(&mut self, pattern: ChunkPattern) {
        *self = Chunker {
            pattern,
            index: 0,
            left: 0,
        };
    }

    fn next_size(&mut self) -> usize {
        match &self.pattern {
            ChunkPattern::Whole => usize::MAX,
            ChunkPattern::ByteByByte => 1,
            ChunkPattern::Fixed(n) => (*n).max(1),
            ChunkPattern::Pattern(v) if v.is_empty() => usize::MAX,
            ChunkPattern::Pattern(v) => {
                let n = v[self.index % v.len()].max(1);
                self.index = self.index.wrapping_add(1);
                n
            }
        }
    }

    /// Split one write into chunks.
    pub(crate) fn split(&mut self, mut bytes: Bytes) -> Vec<Bytes> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            if self.left == 0 {
                self.left = self.next_size();
            }
            let take = self.left.min(bytes.len());
            out.push(bytes.split_to(take));
            self.left -= take;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunker_whole_keeps_writes() {
        let mut c = Chunker::default();
        assert_eq!(c.split(Bytes::from_static(b"abcdef")).len(), 1);
    }

    #[test]
    fn chunker_pattern_spans_writes() {
        let mut c = Chunker::default();
        c.set(ChunkPattern::Pattern(vec![2, 3]));
        let a: Vec<_> = c.split(Bytes::from_static(b"abcd")).into_iter().collect();
        assert_eq!(
            a,
            vec![Bytes::from_static(b"ab"), Bytes::from_static(b"cd")]
        );
        // The 3-chunk had one byte left.
        let b: Vec<_> = c.split(Bytes::from_static(b"efgh")).into_iter().collect();
        assert_eq!(
            b,
            vec![
                Bytes::from_static(b"e"),
                Bytes::from_static(b"fg"),
                Bytes::from_static(b"h")
            ]
        );
    }

    #[test]
    fn chunker_byte_by_byte() {
        let mut c = Chunker::default();
        c.set(ChunkPattern::ByteByByte);
        assert_eq!(c.split(Bytes::from_static(b"abc")).len(), 3);
    }
}
