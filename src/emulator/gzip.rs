//! gzip on the stream responses, when the request's `Accept-Encoding` takes it.
//!
//! Each write is compressed and sync-flushed at once, as a streaming server must: a line
//! never waits in the compressor for the next one.

use std::io::{self, Write as _};

use bytes::Bytes;
use flate2::{
    Compression,
    write::{DeflateEncoder, GzEncoder, ZlibEncoder},
};
use http::{HeaderMap, header};

use super::script::ContentCoding;

/// Whether the request accepts gzip (`gzip` listed without `q=0`).
pub(crate) fn wanted(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|e| {
            let mut parts = e.split(';');
            let name = parts.next().unwrap_or("").trim();
            let q0 = parts.any(|p| p.trim().replace(' ', "") == "q=0");
            name.eq_ignore_ascii_case("gzip") && !q0
        })
}

/// A gzip stream written in flushed pieces.
pub(crate) struct Gzip(GzEncoder<Vec<u8>>);

impl Gzip {
    pub(crate) fn new() -> Self {
        Gzip(GzEncoder::new(Vec::new(), Compression::default()))
    }

    /// Compresses `bytes` and returns everything they became, flushed.
    pub(crate) fn encode(&mut self, bytes: &[u8]) -> io::Result<Bytes> {
        self.0.write_all(bytes)?;
        self.0.flush()?;
        Ok(Bytes::from(std::mem::take(self.0.get_mut())))
    }
}

/// The encoder of a body's content coding (see [`ContentCoding`]).
pub(crate) enum Coder {
    /// One gzip member, sync-flushed after each write.
    Gzip(Gzip),
    /// A whole gzip member per write, back to back.
    GzipMembers,
    /// zlib, sync-flushed after each write.
    Zlib(ZlibEncoder<Vec<u8>>),
    /// Raw deflate, sync-flushed after each write.
    Raw(DeflateEncoder<Vec<u8>>),
}

impl Coder {
    pub(crate) fn new(coding: ContentCoding) -> Coder {
        match coding {
            ContentCoding::Gzip => Coder::Gzip(Gzip::new()),
            ContentCoding::GzipMembers => Coder::GzipMembers,
            ContentCoding::Deflate => {
                Coder::Zlib(ZlibEncoder::new(Vec::new(), Compression::default()))
            }
            ContentCoding::RawDeflate => {
                Coder::Raw(DeflateEncoder::new(Vec::new(), Compression::default()))
            }
        }
    }

    /// The `Content-Encoding` value.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Coder::Gzip(_) | Coder::GzipMembers => "gzip",
            Coder::Zlib(_) | Coder::Raw(_) => "deflate",
        }
    }

    /// Encodes `bytes`, returning everything they became, flushed.
    pub(crate) fn encode(&mut self, bytes: &[u8]) -> io::Result<Bytes> {
        match self {
            Coder::Gzip(gz) => gz.encode(bytes),
            Coder::GzipMembers => {
                let mut e = GzEncoder::new(Vec::new(), Compression::default());
                e.write_all(bytes)?;
                Ok(Bytes::from(e.finish()?))
            }
            Coder::Zlib(z) => {
                z.write_all(bytes)?;
                z.flush()?;
                Ok(Bytes::from(std::mem::take(z.get_mut())))
            }
            Coder::Raw(r) => {
                r.write_all(bytes)?;
                r.flush()?;
                Ok(Bytes::from(std::mem::take(r.get_mut())))
            }
        }
    }
}

/// A whole gzip member that inflates to `n` spaces and no line end: a "bomb" of about
/// `n / 1000` bytes. Compressed in 64 KiB steps, so making it holds no `n`-byte buffer.
pub(crate) fn bomb_member(n: usize) -> Bytes {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    let block = [b' '; 64 * 1024];
    let mut left = n;
    while left > 0 {
        let take = left.min(block.len());
        e.write_all(&block[..take]).expect("in memory");
        left -= take;
    }
    Bytes::from(e.finish().expect("in memory"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[test]
    fn gzip_is_taken_only_when_accepted() {
        let mut h = HeaderMap::new();
        assert!(!wanted(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip"),
        );
        assert!(wanted(&h));
        h.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("gzip;q=0"),
        );
        assert!(!wanted(&h));
    }
}
