//! Fault-injection scripts: what one stream connection does, step by step.

use std::time::Duration;

use bytes::Bytes;

/// How the bytes of a scripted (or normal) stream response are split into HTTP body chunks.
///
/// Chunk boundaries are laid over the whole byte stream of the response: with `Fixed(3)` the
/// client sees chunks of three bytes whatever the line lengths are. A chunk never waits for
/// bytes the emulator has not produced yet, so a write shorter than the pattern asks for ends
/// its chunk early and the pattern carries on from where it was.
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
    pub fn new() -> Self {
        Self::default()
    }

    /// Answer with this HTTP status and body (an RFC 7807 problem, sent as
    /// `application/problem+json`), then end. Must come before any body step; only delays and
    /// headers may precede it.
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
    pub fn connection_close(mut self) -> Self {
        self.steps.push(Step::ConnectionClose);
        self
    }

    /// Answer as an HTTP/1.0 server: `HTTP/1.0` status line, no chunked encoding and no
    /// `Content-Length`, so the body (an error page or the 200 stream) runs until the
    /// server closes the connection. A client cannot tell a cut body from its end then:
    /// [`reset`](Script::reset) looks like [`close`](Script::close). Must come before the
    /// answer.
    pub fn http10(mut self) -> Self {
        self.steps.push(Step::Http10);
        self
    }

    /// Add a response header (for example `x-rate-limit-reset` on a scripted 429). Must come
    /// before any body step.
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
    pub fn tweets(mut self, n: usize) -> Self {
        self.steps.push(Step::Tweets(n));
        self
    }

    /// Send these bytes followed by `\r\n` (anything: invalid JSON, invalid UTF-8, ...).
    pub fn raw_line(mut self, bytes: impl Into<Bytes>) -> Self {
        self.steps.push(Step::RawLine(bytes.into()));
        self
    }

    /// Send these bytes exactly, with no line terminator added.
    pub fn raw_bytes(mut self, bytes: impl Into<Bytes>) -> Self {
        self.steps.push(Step::RawBytes(bytes.into()));
        self
    }

    /// Send one keep-alive (a bare `\r\n`).
    pub fn keep_alive(mut self) -> Self {
        self.steps.push(Step::KeepAlive);
        self
    }

    /// Send X's `operational-disconnect` errors line (`disconnect_type`
    /// `OperationalDisconnect`), then end the body cleanly.
    pub fn operational_disconnect(mut self) -> Self {
        self.steps.push(Step::OperationalDisconnect);
        self
    }

    /// Send one valid JSON post line of exactly `n_bytes` bytes (before the `\r\n`; at least
    /// the size of the smallest such object), to test a client's line-length limit.
    pub fn oversized_line(mut self, n_bytes: usize) -> Self {
        self.steps.push(Step::OversizedLine(n_bytes));
        self
    }

    /// Keep the connection open and send nothing more, not even keep-alives. Ends the script.
    pub fn stall(mut self) -> Self {
        self.steps.push(Step::Stall);
        self
    }

    /// End the 200 body cleanly (the terminating chunk is sent). Ends the script.
    pub fn close(mut self) -> Self {
        self.steps.push(Step::Close);
        self
    }

    /// Abort the connection mid-body: the TCP connection is closed without the terminating
    /// chunk, so the client sees an incomplete chunked body. Ends the script.
    pub fn reset(mut self) -> Self {
        self.steps.push(Step::Reset);
        self
    }

    /// Wait this long (tokio time: paused-time tests advance it) before the next step.
    pub fn delay(mut self, d: Duration) -> Self {
        self.steps.push(Step::Delay(d));
        self
    }

    /// From here on, split the body bytes into chunks following this pattern.
    pub fn chunks(mut self, pattern: ChunkPattern) -> Self {
        self.steps.push(Step::Chunks(pattern));
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
