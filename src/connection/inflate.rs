//! Content decoding of a response body (stream and REST alike), under the line framer.
//!
//! Per RFC 9110 §8.4, the client decodes the codings it supports whether or not it asked
//! for them: `gzip` and `x-gzip` (one member or several back to back, RFC 1952 §2.2),
//! and `deflate` in both the zlib form the RFC means and the raw form some servers send.
//! Any other coding (`br`, `zstd`, `compress`, unknown names, or codings stacked on each
//! other) is refused with an error naming it, so compressed bytes are never framed as lines.
//!
//! Pure and bounded: bytes in, bounded steps of decoded bytes out, no I/O and no clock.
//! [`ContentDecoder::next_output`] inflates at most one step (`step` bytes) per call, so
//! what the decoder holds is the compressed chunk it was given plus the inflater's window,
//! however much that chunk inflates to (a "bomb" inflates one step at a time, as the
//! consumer takes it). Framing, the line limit and the stall timer all work on what comes
//! out (the stall timer on arriving bytes, whether or not they inflate to a whole line yet).

use std::fmt;

use bytes::{Buf as _, Bytes, BytesMut};
use flate2::{Crc, Decompress, FlushDecompress, Status};

/// Decoded bytes handed out per step: small next to the line limit, large enough that the
/// per-call overhead does not show.
pub(crate) const DEFAULT_STEP: usize = 16 * 1024;

/// A gzip header longer than this (its optional name, comment and extra field) is refused:
/// real ones are a few dozen bytes.
const MAX_GZIP_HEADER: usize = 64 * 1024;

/// A UTF-8 byte order mark, which some servers put before a body.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A body's content coding, from its `Content-Encoding` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    /// No coding (or `identity`).
    Identity,
    /// `gzip` or `x-gzip`.
    Gzip,
    /// `deflate`: zlib (RFC 1950) or, as some servers send it, raw (RFC 1951).
    Deflate,
}

/// A coding the client does not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsupportedCoding(pub(crate) String);

impl fmt::Display for UnsupportedCoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unsupported Content-Encoding `{}` (gzip, x-gzip and deflate are decoded)",
            self.0
        )
    }
}

impl std::error::Error for UnsupportedCoding {}

/// Compressed data that does not decode: corrupt, truncated, or followed by garbage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    pub(crate) coding: &'static str,
    pub(crate) message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} body does not decode: {}", self.coding, self.message)
    }
}

impl std::error::Error for DecodeError {}

impl Coding {
    /// The coding the `Content-Encoding` header values name (all of them, comma-separated
    /// lists included); `identity` and empty entries are ignored.
    pub(crate) fn from_headers(headers: &http::HeaderMap) -> Result<Coding, UnsupportedCoding> {
        let mut found: Option<(Coding, String)> = None;
        for value in headers.get_all(http::header::CONTENT_ENCODING) {
            let text = String::from_utf8_lossy(value.as_bytes());
            for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                let lower = name.to_ascii_lowercase();
                let coding = match lower.as_str() {
                    "identity" => continue,
                    "gzip" | "x-gzip" => Coding::Gzip,
                    "deflate" => Coding::Deflate,
                    _ => return Err(UnsupportedCoding(name.to_owned())),
                };
                if let Some((_, first)) = &found {
                    return Err(UnsupportedCoding(format!("{first}, {name}")));
                }
                found = Some((coding, name.to_owned()));
            }
        }
        Ok(found.map_or(Coding::Identity, |(c, _)| c))
    }
}

/// Removes a UTF-8 byte order mark from the start of a body's first bytes.
pub(crate) fn strip_bom(first: &mut Bytes) {
    if first.starts_with(BOM) {
        first.advance(BOM.len());
    }
}

enum Member {
    /// Collecting a gzip member's header (the bytes so far).
    GzipHeader(Vec<u8>),
    /// Collecting the first two bytes of a deflate body to tell zlib from raw.
    DeflateSniff(Vec<u8>),
    /// Inflating.
    Body,
    /// Collecting a gzip member's 8-byte trailer (CRC-32 and size).
    GzipTrailer(Vec<u8>),
    /// Between gzip members: the body may end here, or another member may start.
    GzipBetween,
    /// A deflate body's end: nothing may follow.
    DeflateDone,
    /// A decoding error was reported; nothing more comes out.
    Failed,
}

/// Decodes one body's content coding incrementally, in bounded steps.
pub(crate) struct ContentDecoder {
    coding: Coding,
    member: Member,
    inflate: Decompress,
    crc: Crc,
    /// Compressed bytes received and not yet consumed.
    input: Bytes,
    /// The last step filled its output: the inflater may hold more without new input.
    more: bool,
    /// An error met after the step that came before it was handed out: reported next.
    pending_error: Option<String>,
    step: usize,
}

impl fmt::Debug for ContentDecoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContentDecoder")
            .field("coding", &self.coding)
            .field("input", &self.input.len())
            .finish_non_exhaustive()
    }
}

/// Where a gzip header ends, once `h` holds all of it.
fn gzip_header_len(h: &[u8]) -> Result<Option<usize>, String> {
    const FHCRC: u8 = 2;
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    if h.len() >= 2 && h[..2] != [0x1f, 0x8b] {
        return Err("not a gzip member (bad magic bytes)".into());
    }
    if h.len() >= 3 && h[2] != 8 {
        return Err(format!("unknown gzip compression method {}", h[2]));
    }
    if h.len() < 10 {
        return Ok(None);
    }
    let flags = h[3];
    if flags & 0xe0 != 0 {
        return Err("reserved gzip header flags set".into());
    }
    let mut at = 10;
    if flags & FEXTRA != 0 {
        let Some(len) = h.get(at..at + 2) else {
            return Ok(None);
        };
        at += 2 + usize::from(u16::from_le_bytes([len[0], len[1]]));
        if h.len() < at {
            return Ok(None);
        }
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            match memchr::memchr(0, &h[at..]) {
                Some(nul) => at += nul + 1,
                None => return Ok(None),
            }
        }
    }
    if flags & FHCRC != 0 {
        at += 2;
    }
    Ok((h.len() >= at).then_some(at))
}

/// Whether two bytes open a zlib stream (RFC 1950: deflate, a window of at most 32 KiB,
/// a valid check value).
fn is_zlib(b0: u8, b1: u8) -> bool {
    b0 & 0x0f == 8 && b0 >> 4 <= 7 && (u16::from(b0) << 8 | u16::from(b1)) % 31 == 0
}

/// What one state of [`ContentDecoder::next_output`] did: go on to the next state, or answer.
enum Step {
    Again,
    Done(Result<Option<Bytes>, DecodeError>),
}

impl ContentDecoder {
    /// A decoder for `coding`, handing out at most `step` bytes a call; `None` for
    /// `Identity`, which needs none.
    pub(crate) fn new(coding: Coding, step: usize) -> Option<ContentDecoder> {
        let member = match coding {
            Coding::Identity => return None,
            Coding::Gzip => Member::GzipHeader(Vec::new()),
            Coding::Deflate => Member::DeflateSniff(Vec::new()),
        };
        Some(ContentDecoder {
            coding,
            member,
            inflate: Decompress::new(false),
            crc: Crc::new(),
            input: Bytes::new(),
            more: false,
            pending_error: None,
            step: step.max(1),
        })
    }

    fn name(&self) -> &'static str {
        match self.coding {
            Coding::Gzip => "gzip",
            _ => "deflate",
        }
    }

    fn fail(&mut self, message: impl Into<String>) -> DecodeError {
        self.member = Member::Failed;
        self.input = Bytes::new();
        DecodeError {
            coding: self.name(),
            message: message.into(),
        }
    }

    /// Whether received bytes wait to be decoded (call [`next_output`](Self::next_output)
    /// until it returns `None` before pushing more).
    pub(crate) fn has_input(&self) -> bool {
        !self.input.is_empty() || self.more
    }

    /// Hands the decoder one received chunk. Meant to be called once the previous chunk is
    /// used up; if it is not, the two are joined.
    pub(crate) fn push(&mut self, chunk: Bytes) {
        if self.input.is_empty() {
            self.input = chunk;
        } else if !chunk.is_empty() {
            let mut joined = BytesMut::with_capacity(self.input.len() + chunk.len());
            joined.extend_from_slice(&self.input);
            joined.extend_from_slice(&chunk);
            self.input = joined.freeze();
        }
    }

    /// The next step of decoded bytes (at most `step`), or `None` when the bytes received
    /// so far have all been decoded.
    pub(crate) fn next_output(&mut self) -> Result<Option<Bytes>, DecodeError> {
        if let Some(e) = self.pending_error.take() {
            return Err(self.fail(e));
        }
        loop {
            let step = match &self.member {
                Member::Failed => Step::Done(Ok(None)),
                Member::GzipHeader(_) => self.read_gzip_header(),
                Member::DeflateSniff(_) => self.sniff_deflate(),
                Member::Body => self.inflate_step(),
                Member::GzipTrailer(_) => self.check_gzip_trailer(),
                Member::GzipBetween if self.input.is_empty() => Step::Done(Ok(None)),
                Member::GzipBetween => {
                    // Another member follows (RFC 1952 §2.2).
                    self.member = Member::GzipHeader(Vec::new());
                    Step::Again
                }
                Member::DeflateDone if self.input.is_empty() => Step::Done(Ok(None)),
                Member::DeflateDone => {
                    Step::Done(Err(self.fail("bytes after the end of the deflate stream")))
                }
            };
            if let Step::Done(result) = step {
                return result;
            }
        }
    }

    /// Collects a gzip member's header (its length varies with its optional fields).
    fn read_gzip_header(&mut self) -> Step {
        let Member::GzipHeader(header) = &mut self.member else {
            unreachable!("called in the GzipHeader state")
        };
        if self.input.is_empty() {
            return Step::Done(Ok(None));
        }
        let before = header.len();
        let take = self.input.len().min(MAX_GZIP_HEADER + 1 - before);
        header.extend_from_slice(&self.input[..take]);
        match gzip_header_len(header) {
            Err(e) => Step::Done(Err(self.fail(e))),
            Ok(Some(len)) => {
                self.input.advance(len - before);
                self.member = Member::Body;
                self.inflate = Decompress::new(false);
                self.crc = Crc::new();
                Step::Again
            }
            Ok(None) if header.len() > MAX_GZIP_HEADER => {
                Step::Done(Err(self.fail("gzip header longer than 64 KiB")))
            }
            Ok(None) => {
                self.input.advance(take);
                Step::Again
            }
        }
    }

    /// Tells zlib-wrapped deflate from raw deflate by the first two bytes.
    fn sniff_deflate(&mut self) -> Step {
        let Member::DeflateSniff(first) = &mut self.member else {
            unreachable!("called in the DeflateSniff state")
        };
        if self.input.is_empty() {
            return Step::Done(Ok(None));
        }
        let take = (2 - first.len()).min(self.input.len());
        // Only looked at, not consumed: the inflater reads them too.
        first.extend_from_slice(&self.input[..take]);
        if first.len() < 2 {
            self.input.advance(take);
            return Step::Again;
        }
        let zlib = is_zlib(first[0], first[1]);
        let seen = std::mem::take(first);
        // Put back what an earlier chunk gave, then let the inflater read all.
        if take < 2 {
            let mut joined = BytesMut::from(&seen[..2 - take]);
            joined.extend_from_slice(&self.input);
            self.input = joined.freeze();
        }
        self.inflate = Decompress::new(zlib);
        self.member = Member::Body;
        Step::Again
    }

    /// Inflates at most `step` bytes of the member's body.
    fn inflate_step(&mut self) -> Step {
        if self.input.is_empty() && !self.more {
            return Step::Done(Ok(None));
        }
        let mut out = Vec::with_capacity(self.step);
        let (in0, out0) = (self.inflate.total_in(), self.inflate.total_out());
        let status = match self
            .inflate
            .decompress_vec(&self.input, &mut out, FlushDecompress::None)
        {
            Ok(s) => s,
            // What inflated before the corrupt bytes is delivered first.
            Err(e) if !out.is_empty() => {
                self.pending_error = Some(e.to_string());
                self.input = Bytes::new();
                self.more = false;
                return Step::Done(Ok(Some(Bytes::from(out))));
            }
            Err(e) => return Step::Done(Err(self.fail(e.to_string()))),
        };
        let used = (self.inflate.total_in() - in0) as usize;
        let made = (self.inflate.total_out() - out0) as usize;
        self.input.advance(used);
        self.more = made == self.step;
        if self.coding == Coding::Gzip {
            self.crc.update(&out);
        }
        if status == Status::StreamEnd {
            self.more = false;
            self.member = match self.coding {
                Coding::Gzip => Member::GzipTrailer(Vec::with_capacity(8)),
                _ => Member::DeflateDone,
            };
        } else if made == 0 && used == 0 {
            // Needs more input than there is.
            self.more = false;
            if self.input.is_empty() {
                return Step::Done(Ok(None));
            }
            return Step::Done(Err(self.fail("the inflater made no progress")));
        }
        if made > 0 {
            return Step::Done(Ok(Some(Bytes::from(out))));
        }
        Step::Again
    }

    /// Checks a gzip member's CRC-32 and size against what was inflated.
    fn check_gzip_trailer(&mut self) -> Step {
        let Member::GzipTrailer(trailer) = &mut self.member else {
            unreachable!("called in the GzipTrailer state")
        };
        let take = (8 - trailer.len()).min(self.input.len());
        trailer.extend_from_slice(&self.input[..take]);
        self.input.advance(take);
        if trailer.len() < 8 {
            return Step::Done(Ok(None));
        }
        let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
        if crc != self.crc.sum() {
            return Step::Done(Err(self.fail("CRC-32 mismatch")));
        }
        if size != self.crc.amount() {
            return Step::Done(Err(self.fail("size mismatch")));
        }
        self.member = Member::GzipBetween;
        Step::Again
    }

    /// At the end of the body: whether it ended where a complete coded body may end
    /// (after a whole gzip member, or the deflate stream's end; an empty body too).
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        let complete = match &self.member {
            Member::GzipBetween | Member::DeflateDone | Member::Failed => true,
            Member::GzipHeader(h) | Member::DeflateSniff(h) => {
                h.is_empty() && self.inflate.total_in() == 0
            }
            Member::Body | Member::GzipTrailer(_) => false,
        };
        if complete {
            Ok(())
        } else {
            Err(DecodeError {
                coding: self.name(),
                message: "the body ended inside the compressed data".into(),
            })
        }
    }
}

/// Decodes a whole body at once (for tests and the fuzz target): the decoded bytes, or the
/// first error. Every step is at most `step` bytes.
#[doc(hidden)]
pub fn decode_all(
    coding_header: Option<&str>,
    chunks: &[&[u8]],
    step: usize,
) -> Result<Vec<u8>, String> {
    let mut headers = http::HeaderMap::new();
    if let Some(h) = coding_header {
        let value = http::HeaderValue::from_str(h).map_err(|e| e.to_string())?;
        headers.insert(http::header::CONTENT_ENCODING, value);
    }
    let coding = Coding::from_headers(&headers).map_err(|e| e.to_string())?;
    let Some(mut decoder) = ContentDecoder::new(coding, step) else {
        return Ok(chunks.concat());
    };
    let mut out = Vec::new();
    for chunk in chunks {
        decoder.push(Bytes::copy_from_slice(chunk));
        while let Some(piece) = decoder.next_output().map_err(|e| e.to_string())? {
            assert!(piece.len() <= step.max(1), "a step larger than asked");
            out.extend_from_slice(&piece);
        }
        assert!(!decoder.has_input());
    }
    decoder.finish().map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use std::io::Write as _;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflates_across_any_split_of_a_sync_flushed_stream() {
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        let mut wire = Vec::new();
        let mut plain = Vec::new();
        for i in 0..50 {
            let line = format!("{{\"data\":{{\"id\":\"{i}\",\"text\":\"hello {i}\"}}}}\r\n");
            plain.extend_from_slice(line.as_bytes());
            enc.write_all(line.as_bytes()).unwrap();
            enc.flush().unwrap();
            wire.append(enc.get_mut());
        }
        for split in [1, 7, 64, wire.len()] {
            let chunks: Vec<&[u8]> = wire.chunks(split).collect();
            // Not finished: the member's trailer never came (a live stream).
            let mut d = ContentDecoder::new(Coding::Gzip, 100).unwrap();
            let mut out = Vec::new();
            for c in &chunks {
                d.push(Bytes::copy_from_slice(c));
                while let Some(p) = d.next_output().unwrap() {
                    assert!(p.len() <= 100);
                    out.extend_from_slice(&p);
                }
            }
            assert_eq!(out, plain, "split {split}");
            assert!(d.finish().is_err(), "a cut member is not a complete body");
        }
    }

    #[test]
    fn several_gzip_members_back_to_back() {
        let mut wire = gzip(b"one\r\n");
        wire.extend(gzip(b""));
        wire.extend(gzip(b"two\r\nthree\r\n"));
        for split in [1, 3, 10, wire.len()] {
            let chunks: Vec<&[u8]> = wire.chunks(split).collect();
            assert_eq!(
                decode_all(Some("gzip"), &chunks, 4).unwrap(),
                b"one\r\ntwo\r\nthree\r\n"
            );
        }
    }

    #[test]
    fn deflate_in_both_forms_and_x_gzip() {
        let data = b"{\"a\":1}\r\n".repeat(100);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(&data).unwrap();
        let zlib = z.finish().unwrap();
        let mut r = DeflateEncoder::new(Vec::new(), Compression::default());
        r.write_all(&data).unwrap();
        let raw = r.finish().unwrap();
        for wire in [&zlib, &raw] {
            for split in [1, 2, 5, wire.len()] {
                let chunks: Vec<&[u8]> = wire.chunks(split).collect();
                assert_eq!(decode_all(Some("deflate"), &chunks, 7).unwrap(), data);
            }
        }
        let gz = gzip(&data);
        assert_eq!(decode_all(Some("X-GZIP"), &[&gz], 1000).unwrap(), data);
        assert_eq!(decode_all(Some("identity"), &[b"ab"], 1).unwrap(), b"ab");
    }

    #[test]
    fn refuses_other_codings_by_name() {
        for (header, named) in [
            ("br", "br"),
            ("zstd", "zstd"),
            ("x-compress2", "x-compress2"),
        ] {
            let e = decode_all(Some(header), &[b"xx"], 10).unwrap_err();
            assert!(e.contains(&format!("`{named}`")), "{e}");
        }
        let e = decode_all(Some("deflate, gzip"), &[b"xx"], 10).unwrap_err();
        assert!(e.contains("`deflate, gzip`"), "{e}");
    }

    #[test]
    fn a_bomb_comes_out_one_bounded_step_at_a_time() {
        let bomb = gzip(&vec![b'a'; 50 << 20]);
        assert!(bomb.len() < 60_000, "{}", bomb.len());
        let mut d = ContentDecoder::new(Coding::Gzip, DEFAULT_STEP).unwrap();
        d.push(Bytes::from(bomb));
        let mut total = 0;
        while let Some(p) = d.next_output().unwrap() {
            assert!(p.len() <= DEFAULT_STEP);
            total += p.len();
        }
        assert_eq!(total, 50 << 20);
        d.finish().unwrap();
    }

    #[test]
    fn corrupt_and_truncated_bodies_are_errors_not_panics() {
        assert!(decode_all(Some("gzip"), &[b"this is not gzip at all"], 10).is_err());
        let mut gz = gzip(b"hello hello hello\r\n");
        let n = gz.len();
        gz[n - 6] ^= 0xff; // the CRC
        assert!(
            decode_all(Some("gzip"), &[&gz], 10)
                .unwrap_err()
                .contains("CRC")
        );
        let gz = gzip(b"hello\r\n");
        assert!(decode_all(Some("gzip"), &[&gz[..gz.len() - 3]], 10).is_err());
        let mut trailing = gzip(b"x");
        trailing.extend_from_slice(b"garbage");
        assert!(decode_all(Some("gzip"), &[&trailing], 10).is_err());
        assert!(decode_all(Some("deflate"), &[b"\xff\xff\xff\xff"], 10).is_err());
        // An empty coded body is a complete one.
        assert_eq!(decode_all(Some("gzip"), &[], 10).unwrap(), b"");
    }

    #[test]
    fn what_inflates_before_corrupt_bytes_comes_out_first() {
        // One chunk: a sync-flushed line, then bytes no deflate stream has.
        let mut enc = DeflateEncoder::new(Vec::new(), Compression::default());
        enc.write_all(b"{\"a\":1}\r\n").unwrap();
        enc.flush().unwrap();
        let mut wire = std::mem::take(enc.get_mut());
        wire.extend_from_slice(b"\xff\xff\xff\xff not coded");
        let mut d = ContentDecoder::new(Coding::Deflate, 1000).unwrap();
        d.push(Bytes::from(wire));
        assert_eq!(&d.next_output().unwrap().unwrap()[..], b"{\"a\":1}\r\n");
        assert!(d.next_output().is_err());
        assert_eq!(d.next_output(), Ok(None));
    }

    #[test]
    fn a_byte_order_mark_is_dropped() {
        let mut b = Bytes::from_static(b"\xEF\xBB\xBF{}\r\n");
        strip_bom(&mut b);
        assert_eq!(&b[..], b"{}\r\n");
    }
}
