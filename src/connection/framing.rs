//! Incremental newline framing of the streaming response body.
//!
//! X's streaming endpoints send one JSON object per line, each terminated by
//! `\r\n`, and a bare `\r\n` roughly every 20 s as a keep-alive. The HTTP body
//! arrives in arbitrary chunks that cut lines (and UTF-8 sequences) anywhere,
//! so [`LineFramer`] turns a sequence of [`Bytes`] chunks back into lines.
//!
//! This is the hot path of the client, so the framer:
//! - scans every byte with `memchr` exactly once (a buffered prefix is never
//!   rescanned when the next chunk arrives);
//! - hands out a line lying wholly inside one chunk as a slice of that chunk
//!   (no copy), and copies a line spanning chunks once into a buffer (sized
//!   for a typical line up front; longer lines grow it by doubling);
//! - bounds its memory: an over-long line is reported as soon as it is certain
//!   to be too long and its remaining bytes are discarded, so at most
//!   `max_line_bytes + 1` bytes of a partial line are ever buffered.
//!
//! The module is pure: no I/O, no clock, no async runtime.
//!
//! A chunk boundary inside a line: the line comes out whole, then the keep-alive.
//!
//! ```
//! use bytes::Bytes;
//! use tweetstream::__private::{Frame, LineFramer};
//! let mut framer = LineFramer::default();
//! framer.push(Bytes::from_static(b"{\"id\":"));
//! assert_eq!(framer.next_frame(), Ok(None)); // not a whole line yet
//! framer.push(Bytes::from_static(b"\"1\"}\r\n\r\n"));
//! assert_eq!(framer.next_frame(), Ok(Some(Frame::Line(Bytes::from_static(b"{\"id\":\"1\"}")))));
//! assert_eq!(framer.next_frame(), Ok(Some(Frame::KeepAlive)));
//! ```

use std::collections::VecDeque;
use std::fmt;

use bytes::{Buf, Bytes};

/// Default limit on the content of one line (terminator excluded): 4 MiB.
///
/// The largest real lines (a tweet with every expansion and field requested)
/// are tens of KB, so this never refuses real data, while still bounding what
/// a misbehaving server or proxy can make us buffer.
///
/// ```
/// # use tweetstream::{ClientBuilder, __private::LineFramer};
/// assert_eq!(ClientBuilder::DEFAULT_MAX_LINE_BYTES, 4 << 20);
/// assert_eq!(LineFramer::default().max_line_bytes(), ClientBuilder::DEFAULT_MAX_LINE_BYTES);
/// ```
pub const DEFAULT_MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

/// Initial capacity of the buffer for a line spanning chunks: most lines
/// (a few KB) then complete without the buffer being reallocated.
const PARTIAL_START_CAPACITY: usize = 4096;

/// One unit of the stream, as cut by [`LineFramer`].
///
/// ```
/// use bytes::Bytes;
/// # use tweetstream::__private::*;
/// let mut framer = LineFramer::default();
/// framer.push(Bytes::from_static(b"{\"a\":1}\r\n\r\n"));
/// assert_eq!(framer.next_frame(), Ok(Some(Frame::Line(Bytes::from_static(b"{\"a\":1}")))));
/// assert_eq!(framer.next_frame(), Ok(Some(Frame::KeepAlive)));
/// assert_eq!(framer.next_frame(), Ok(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// A non-empty line, without its `\n` or `\r\n` terminator.
    Line(Bytes),
    /// An empty line: X's keep-alive (`\r\n`).
    KeepAlive,
}

/// A line's content was longer than the framer's limit.
///
/// The framer has already skipped (or will skip) the rest of that line, so the
/// caller may keep reading; what to do about the lost line is its decision.
///
/// ```
/// use bytes::Bytes;
/// # use tweetstream::__private::*;
/// let mut framer = LineFramer::new(4);
/// framer.push(Bytes::from_static(b"12345\r\n"));
/// let err = framer.next_frame().unwrap_err();
/// assert_eq!(err, LineTooLong { limit: 4 });
/// assert_eq!(err.to_string(), "stream line longer than the 4-byte limit");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong {
    /// The limit that was exceeded, in bytes.
    pub limit: usize,
}

impl fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stream line longer than the {}-byte limit", self.limit)
    }
}

impl std::error::Error for LineTooLong {}

/// Splits a chunked byte stream into [`Frame`]s at `\n`.
///
/// Feed chunks with [`push`](Self::push), then call
/// [`next_frame`](Self::next_frame) until it returns `Ok(None)`; at end of
/// input, [`finish`](Self::finish) returns an unterminated last line, if any.
///
/// A line ends at `\n`; one `\r` before it is trimmed; a line that is then
/// empty is a [`Frame::KeepAlive`]. A line whose content exceeds
/// `max_line_bytes` gives one `Err(LineTooLong)` and is skipped.
///
/// ```
/// use bytes::Bytes;
/// # use tweetstream::__private::*;
/// let mut framer = LineFramer::default();
/// // A line cut across two chunks comes out whole.
/// framer.push(Bytes::from_static(b"{\"data\":"));
/// assert_eq!(framer.next_frame(), Ok(None));
/// framer.push(Bytes::from_static(b"{}}\r\n"));
/// assert_eq!(framer.next_frame(), Ok(Some(Frame::Line(Bytes::from_static(b"{\"data\":{}}")))));
/// ```
#[derive(Debug)]
pub struct LineFramer {
    max_line_bytes: usize,
    /// Chunks pushed and not yet fully scanned; the front one is being scanned
    /// and has already been advanced past everything handed out.
    queue: VecDeque<Bytes>,
    /// Sum of the lengths of `queue`, so `pending_bytes` is O(1).
    queued: usize,
    /// Prefix of the current line copied out of earlier chunks. Holds no `\n`
    /// and never more than `max_line_bytes + 1` bytes.
    partial: Vec<u8>,
    /// The current line was already reported too long: discard up to its `\n`.
    skipping: bool,
}

impl Default for LineFramer {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_LINE_BYTES)
    }
}

impl LineFramer {
    /// A framer refusing lines whose content exceeds `max_line_bytes`.
    ///
    /// `0` is allowed and means every non-empty line is too long (only
    /// keep-alives get through); it does not panic so a config value can never
    /// crash the client.
    ///
    /// ```
    /// use bytes::Bytes;
    /// # use tweetstream::__private::*;
    /// let mut framer = LineFramer::new(0);
    /// framer.push(Bytes::from_static(b"\r\nx\r\n"));
    /// assert_eq!(framer.next_frame(), Ok(Some(Frame::KeepAlive)));
    /// assert!(framer.next_frame().is_err()); // "x" is over a 0-byte limit
    /// ```
    pub fn new(max_line_bytes: usize) -> Self {
        Self {
            max_line_bytes,
            queue: VecDeque::new(),
            queued: 0,
            partial: Vec::new(),
            skipping: false,
        }
    }

    /// The limit on a line's content, terminator excluded.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// assert_eq!(LineFramer::new(1024).max_line_bytes(), 1024);
    /// ```
    pub fn max_line_bytes(&self) -> usize {
        self.max_line_bytes
    }

    /// Appends a chunk as received from the socket. Nothing is scanned until
    /// [`next_frame`](Self::next_frame) is called.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::__private::*;
    /// let mut framer = LineFramer::default();
    /// framer.push(Bytes::from_static(b"abc"));
    /// assert_eq!(framer.pending_bytes(), 3); // held, not scanned yet
    /// ```
    pub fn push(&mut self, chunk: Bytes) {
        if chunk.is_empty() {
            return;
        }
        self.queued += chunk.len();
        self.queue.push_back(chunk);
    }

    /// Bytes held that have not been handed out yet: the buffered prefix of an
    /// incomplete line plus any pushed bytes not scanned yet.
    ///
    /// Guarantee: once `next_frame` has returned `Ok(None)`, this is at most
    /// `max_line_bytes + 1` (the `+ 1` is a trailing `\r` that may still turn
    /// out to be part of the terminator). Between a `push` and that point it
    /// additionally includes the not yet scanned bytes of the pushed chunks.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::__private::*;
    /// let mut framer = LineFramer::default();
    /// framer.push(Bytes::from_static(b"one\ntw"));
    /// assert_eq!(framer.next_frame(), Ok(Some(Frame::Line(Bytes::from_static(b"one")))));
    /// assert_eq!(framer.next_frame(), Ok(None));
    /// assert_eq!(framer.pending_bytes(), 2); // "tw" waits for its end
    /// ```
    pub fn pending_bytes(&self) -> usize {
        self.partial.len() + self.queued
    }

    /// The next complete frame, `Ok(None)` when more input is needed.
    ///
    /// `Err(LineTooLong)` is returned once per over-long line, as soon as the
    /// bytes seen make it certain; calling again continues with the next line.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::__private::*;
    /// let mut framer = LineFramer::new(3);
    /// framer.push(Bytes::from_static(b"toolong\nok\n"));
    /// assert_eq!(framer.next_frame(), Err(LineTooLong { limit: 3 }));
    /// assert_eq!(framer.next_frame(), Ok(Some(Frame::Line(Bytes::from_static(b"ok")))));
    /// assert_eq!(framer.next_frame(), Ok(None));
    /// ```
    pub fn next_frame(&mut self) -> Result<Option<Frame>, LineTooLong> {
        loop {
            let Some(chunk) = self.queue.front_mut() else {
                return Ok(None);
            };
            match memchr::memchr(b'\n', chunk) {
                Some(nl) => {
                    let frame = if self.skipping {
                        // The end of a line already reported: drop its tail.
                        self.skipping = false;
                        None
                    } else if self.partial.is_empty() {
                        Some(Self::whole_line(chunk, nl, self.max_line_bytes))
                    } else {
                        Some(spanning_line(
                            &mut self.partial,
                            &chunk[..nl],
                            self.max_line_bytes,
                        ))
                    };
                    chunk.advance(nl + 1);
                    self.queued -= nl + 1;
                    if chunk.is_empty() {
                        self.queue.pop_front();
                    }
                    if let Some(frame) = frame {
                        return frame.map(Some);
                    }
                }
                None => {
                    // No terminator in the rest of this chunk: it all belongs
                    // to the current line.
                    let rest = self.queue.pop_front().expect("front exists");
                    self.queued -= rest.len();
                    if self.skipping {
                        continue;
                    }
                    let seen = self.partial.len() + rest.len();
                    let last = rest[rest.len() - 1];
                    if self.certainly_too_long(seen, last) {
                        // Free the buffer: an over-long line must not pin memory.
                        self.partial = Vec::new();
                        self.skipping = true;
                        return Err(self.too_long());
                    }
                    if self.partial.is_empty() {
                        // Room for a typical whole line up front, so that its
                        // end usually fits without the buffer moving (which
                        // would copy the prefix a second time).
                        let bound = self.max_line_bytes.saturating_add(1);
                        self.partial
                            .reserve(rest.len().max(PARTIAL_START_CAPACITY.min(bound)));
                    }
                    self.partial.extend_from_slice(&rest);
                }
            }
        }
    }

    /// At end of input: the unterminated last line, with one trailing `\r`
    /// trimmed, if it is non-empty. Resets the framer for reuse.
    ///
    /// Meant to be called once `next_frame` has returned `Ok(None)`; frames
    /// still complete in unscanned input are discarded (and logged).
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::__private::*;
    /// let mut framer = LineFramer::default();
    /// framer.push(Bytes::from_static(b"last line, no newline\r"));
    /// assert_eq!(framer.next_frame(), Ok(None));
    /// assert_eq!(framer.finish(), Some(Bytes::from_static(b"last line, no newline")));
    /// assert_eq!(framer.pending_bytes(), 0);
    /// ```
    pub fn finish(&mut self) -> Option<Bytes> {
        let mut dropped = 0usize;
        while !matches!(self.next_frame(), Ok(None)) {
            dropped += 1;
        }
        if dropped > 0 {
            tracing::warn!(dropped, "LineFramer::finish discarded frames not taken");
        }
        self.skipping = false;
        let mut tail = std::mem::take(&mut self.partial);
        if tail.last() == Some(&b'\r') {
            tail.pop();
        }
        (!tail.is_empty()).then(|| Bytes::from(tail))
    }

    /// A line lying wholly in `chunk[..nl]`: sliced out, never copied.
    fn whole_line(chunk: &Bytes, nl: usize, max: usize) -> Result<Frame, LineTooLong> {
        let end = if nl > 0 && chunk[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        if end == 0 {
            Ok(Frame::KeepAlive)
        } else if end > max {
            Err(too_long(max))
        } else {
            Ok(Frame::Line(chunk.slice(..end)))
        }
    }

    /// Whether an unterminated line of which `seen` bytes are known, the last
    /// being `last`, must exceed the limit whatever follows. At `max + 1` bytes
    /// a final `\r` may still be the start of the `\r\n` terminator.
    fn certainly_too_long(&self, seen: usize, last: u8) -> bool {
        let bound = self.max_line_bytes.saturating_add(1);
        seen > bound || (seen == bound && last != b'\r')
    }

    fn too_long(&self) -> LineTooLong {
        too_long(self.max_line_bytes)
    }
}

/// The end of a line whose prefix is in `partial`, `head` being the rest up to
/// (excluding) its `\n`: the line is copied once, into `partial`'s buffer.
fn spanning_line(partial: &mut Vec<u8>, head: &[u8], max: usize) -> Result<Frame, LineTooLong> {
    let last = head.last().or(partial.last()).copied();
    let total = partial.len() + head.len();
    let content = total - usize::from(last == Some(b'\r'));
    if content == 0 {
        partial.clear();
        Ok(Frame::KeepAlive)
    } else if content > max {
        *partial = Vec::new();
        Err(too_long(max))
    } else {
        partial.reserve(head.len());
        partial.extend_from_slice(head);
        partial.truncate(content);
        Ok(Frame::Line(Bytes::from(std::mem::take(partial))))
    }
}

fn too_long(limit: usize) -> LineTooLong {
    tracing::debug!(limit, "stream line too long, skipping it");
    LineTooLong { limit }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Out = Vec<Result<Frame, LineTooLong>>;

    /// Pushes each chunk and drains after each push; then `finish`.
    fn run(max: usize, chunks: &[&[u8]]) -> (Out, Option<Bytes>) {
        let mut framer = LineFramer::new(max);
        let mut out = Vec::new();
        for chunk in chunks {
            framer.push(Bytes::copy_from_slice(chunk));
            loop {
                match framer.next_frame() {
                    Ok(None) => break,
                    Ok(Some(frame)) => out.push(Ok(frame)),
                    Err(e) => out.push(Err(e)),
                }
                assert!(framer.pending_bytes() <= framer.queued + max + 1);
            }
            assert!(framer.pending_bytes() <= max + 1, "bounded after draining");
        }
        let tail = framer.finish();
        assert_eq!(framer.pending_bytes(), 0, "finish resets");
        (out, tail)
    }

    fn line(s: &[u8]) -> Result<Frame, LineTooLong> {
        Ok(Frame::Line(Bytes::copy_from_slice(s)))
    }

    const KA: Result<Frame, LineTooLong> = Ok(Frame::KeepAlive);

    fn too_long(limit: usize) -> Result<Frame, LineTooLong> {
        Err(LineTooLong { limit })
    }

    #[test]
    fn crlf_and_lf_lines_and_keepalives() {
        let (out, tail) = run(100, &[b"{\"a\":1}\r\n\r\nplain\n\n{\"b\":2}\r\n"]);
        assert_eq!(
            out,
            vec![
                line(b"{\"a\":1}"),
                KA,
                line(b"plain"),
                KA,
                line(b"{\"b\":2}")
            ]
        );
        assert_eq!(tail, None);
    }

    #[test]
    fn only_one_cr_is_trimmed() {
        let (out, _) = run(100, &[b"a\r\r\n\r\r\nb\rc\n"]);
        assert_eq!(out, vec![line(b"a\r"), line(b"\r"), line(b"b\rc")]);
    }

    #[test]
    fn needs_more_input_until_newline() {
        let mut framer = LineFramer::new(100);
        assert_eq!(framer.next_frame(), Ok(None));
        framer.push(Bytes::from_static(b"{\"da"));
        assert_eq!(framer.next_frame(), Ok(None));
        assert_eq!(framer.pending_bytes(), 4);
        framer.push(Bytes::from_static(b"ta\":1}\r"));
        assert_eq!(framer.next_frame(), Ok(None));
        assert_eq!(framer.pending_bytes(), 11);
        framer.push(Bytes::from_static(b"\nnext"));
        assert_eq!(framer.next_frame(), line(b"{\"data\":1}").map(Some));
        assert_eq!(framer.next_frame(), Ok(None));
        assert_eq!(framer.pending_bytes(), 4);
    }

    #[test]
    fn line_inside_one_chunk_is_not_copied() {
        let chunk = Bytes::from_static(b"partial-end\nwhole line\r\nnext");
        let mut framer = LineFramer::new(100);
        framer.push(Bytes::from_static(b"a "));
        framer.push(chunk.clone());
        let first = framer.next_frame().unwrap().unwrap();
        let second = framer.next_frame().unwrap().unwrap();
        let inside = |b: &Bytes| {
            let range = chunk.as_ptr_range();
            range.start <= b.as_ptr() && b.as_ptr_range().end <= range.end
        };
        match (first, second) {
            (Frame::Line(first), Frame::Line(second)) => {
                assert_eq!(&first[..], b"a partial-end");
                assert!(!inside(&first), "a spanning line is a copy");
                assert_eq!(&second[..], b"whole line");
                assert!(inside(&second), "a whole line is a slice of its chunk");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn keepalive_split_between_cr_and_lf_counts_once() {
        let (out, tail) = run(100, &[b"x\r\n\r", b"\n", b"y\r", b"\n\r", b"\n"]);
        assert_eq!(out, vec![line(b"x"), KA, line(b"y"), KA]);
        assert_eq!(tail, None);
    }

    #[test]
    fn line_split_over_many_chunks_is_reassembled() {
        let text = "{\"text\":\"héllo wörld — 日本語 🦀\"}".as_bytes();
        let mut input = text.to_vec();
        input.extend_from_slice(b"\r\n");
        let chunks: Vec<&[u8]> = input.chunks(1).collect();
        let (out, _) = run(1000, &chunks);
        assert_eq!(out, vec![line(text)]);
        let chunks: Vec<&[u8]> = input.chunks(3).collect();
        let (out, _) = run(1000, &chunks);
        assert_eq!(out, vec![line(text)]);
        if let Ok(Frame::Line(l)) = &out[0] {
            assert!(std::str::from_utf8(l).is_ok());
        }
    }

    /// Every 2-way and 3-way split of `input`, and byte by byte.
    fn all_chunkings(input: &[u8]) -> Vec<Vec<&[u8]>> {
        let mut all = vec![vec![input], input.chunks(1).collect()];
        for i in 0..=input.len() {
            all.push(vec![&input[..i], &input[i..]]);
            for j in i..=input.len() {
                all.push(vec![&input[..i], &input[i..j], &input[j..]]);
            }
        }
        all
    }

    #[test]
    fn exactly_max_is_accepted_under_every_chunking() {
        for term in [&b"\n"[..], b"\r\n"] {
            let mut input = b"abcdefgh".to_vec();
            input.extend_from_slice(term);
            input.extend_from_slice(b"z\n");
            for chunks in all_chunkings(&input) {
                let (out, _) = run(8, &chunks);
                assert_eq!(out, vec![line(b"abcdefgh"), line(b"z")], "{chunks:?}");
            }
        }
    }

    #[test]
    fn max_plus_one_is_refused_under_every_chunking() {
        let cases: [(&[u8], Out); 5] = [
            (b"abcdefghi\nz\n", vec![too_long(8), line(b"z")]),
            (b"abcdefghi\r\nz\n", vec![too_long(8), line(b"z")]),
            // Content "abcdefgh\r": the \r before "\r\n" is data.
            (b"abcdefgh\r\r\nz\n", vec![too_long(8), line(b"z")]),
            // Unterminated: the line continues as "abcdefgh\rz".
            (b"abcdefgh\rz\n", vec![too_long(8)]),
            // For contrast: "abcdefgh\r\n" is exactly the limit.
            (b"abcdefgh\r\nz\n", vec![line(b"abcdefgh"), line(b"z")]),
        ];
        for (input, expected) in cases {
            for chunks in all_chunkings(input) {
                let (out, tail) = run(8, &chunks);
                assert_eq!(out, expected, "{chunks:?}");
                assert_eq!(tail, None);
            }
        }
    }

    #[test]
    fn too_long_is_reported_as_soon_as_certain() {
        let mut framer = LineFramer::new(4);
        framer.push(Bytes::from_static(b"abcd\r"));
        assert_eq!(
            framer.next_frame(),
            Ok(None),
            "a final \\r may be the terminator"
        );
        framer.push(Bytes::from_static(b"x"));
        assert_eq!(framer.next_frame(), Err(LineTooLong { limit: 4 }));
        assert_eq!(framer.pending_bytes(), 0, "the buffered prefix is freed");

        let mut framer = LineFramer::new(4);
        framer.push(Bytes::from_static(b"abcde"));
        assert_eq!(framer.next_frame(), Err(LineTooLong { limit: 4 }));
        assert_eq!(framer.next_frame(), Ok(None));
    }

    #[test]
    fn oversized_line_is_skipped_with_bounded_memory() {
        let mut framer = LineFramer::new(16);
        framer.push(Bytes::from_static(b"ok\n"));
        assert_eq!(framer.next_frame(), line(b"ok").map(Some));
        let mut errors = 0;
        for _ in 0..10_000 {
            framer.push(Bytes::from_static(b"0123456789"));
            while let Some(r) = framer.next_frame().transpose() {
                assert_eq!(r, Err(LineTooLong { limit: 16 }));
                errors += 1;
            }
            assert!(framer.pending_bytes() <= 17);
        }
        assert_eq!(errors, 1, "one error per over-long line");
        framer.push(Bytes::from_static(b"still skipping\r\nafter\r\n"));
        assert_eq!(framer.next_frame(), line(b"after").map(Some));
        assert_eq!(framer.next_frame(), Ok(None));
    }

    #[test]
    fn oversized_line_inside_one_chunk() {
        let (out, _) = run(3, &[b"abc\r\nabcd\r\n\r\nxyz\n"]);
        assert_eq!(out, vec![line(b"abc"), too_long(3), KA, line(b"xyz")]);
    }

    #[test]
    fn zero_limit_lets_only_keepalives_through() {
        let (out, tail) = run(0, &[b"\r\n\na\n\r", b"\r\n\r", b"\n"]);
        assert_eq!(out, vec![KA, KA, too_long(0), too_long(0), KA]);
        assert_eq!(tail, None);
        assert_eq!(LineFramer::new(0).max_line_bytes(), 0);
    }

    #[test]
    fn finish_returns_the_unterminated_tail_and_resets() {
        let mut framer = LineFramer::new(100);
        framer.push(Bytes::from_static(b"a\nlast\r"));
        assert_eq!(framer.next_frame(), line(b"a").map(Some));
        assert_eq!(framer.next_frame(), Ok(None));
        assert_eq!(framer.finish(), Some(Bytes::from_static(b"last")));
        assert_eq!(framer.finish(), None);
        framer.push(Bytes::from_static(b"\r"));
        assert_eq!(framer.finish(), None, "a lone \\r is empty once trimmed");
        framer.push(Bytes::from_static(b"fresh\n"));
        assert_eq!(framer.next_frame(), line(b"fresh").map(Some));
    }

    #[test]
    fn finish_after_too_long_tail_returns_nothing() {
        let mut framer = LineFramer::new(2);
        framer.push(Bytes::from_static(b"abcdef"));
        assert_eq!(framer.finish(), None);
        framer.push(Bytes::from_static(b"ok\n"));
        assert_eq!(
            framer.next_frame(),
            line(b"ok").map(Some),
            "not skipping after reset"
        );
    }

    #[test]
    fn default_uses_default_limit() {
        assert_eq!(
            LineFramer::default().max_line_bytes(),
            DEFAULT_MAX_LINE_BYTES
        );
        assert_eq!(
            LineTooLong { limit: 7 }.to_string(),
            "stream line longer than the 7-byte limit"
        );
    }

    #[test]
    fn every_chunking_matches_one_chunk() {
        let mut input = Vec::new();
        input.extend_from_slice(b"{\"t\":\"caf\xc3\xa9 \xf0\x9f\xa6\x80\"}\r\n");
        input.extend_from_slice(b"\r\n");
        input.extend_from_slice(b"0123456789ABCDEFGHIJ-too-long\r\n");
        input.extend_from_slice(b"\n\r\n");
        input.extend_from_slice("日本語\r\n".as_bytes());
        input.extend_from_slice(b"exactly-twenty-bytes\r\n");
        input.extend_from_slice(b"tail\r");
        let (expected, tail) = run(20, &[&input]);
        assert_eq!(
            expected,
            vec![
                line("{\"t\":\"café 🦀\"}".as_bytes()),
                KA,
                too_long(20),
                KA,
                KA,
                line("日本語".as_bytes()),
                line(b"exactly-twenty-bytes"),
            ]
        );
        assert_eq!(tail.as_deref(), Some(&b"tail"[..]));
        for chunks in all_chunkings(&input) {
            assert_eq!(
                run(20, &chunks),
                (expected.clone(), tail.clone()),
                "{chunks:?}"
            );
        }
    }

    #[test]
    fn push_several_chunks_before_draining() {
        let mut framer = LineFramer::new(10);
        for part in [&b"ab"[..], b"c\r", b"\nde", b"\r\n", b"f"] {
            framer.push(Bytes::copy_from_slice(part));
        }
        assert_eq!(framer.pending_bytes(), 10);
        assert_eq!(framer.next_frame(), line(b"abc").map(Some));
        assert_eq!(framer.next_frame(), line(b"de").map(Some));
        assert_eq!(framer.next_frame(), Ok(None));
        assert_eq!(framer.pending_bytes(), 1);
        assert_eq!(framer.finish(), Some(Bytes::from_static(b"f")));
    }
}
