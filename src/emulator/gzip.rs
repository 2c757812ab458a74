//! gzip on the stream responses, when the request's `Accept-Encoding` takes it.
//!
//! Each write is compressed and sync-flushed at once, as a streaming server must: a line
//! never waits in the compressor for the next one.

use std::io::{self, Write as _};

use bytes::Bytes;
use flate2::{Compression, write::GzEncoder};
use http::{HeaderMap, header};

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
