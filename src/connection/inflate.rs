//! Incremental gzip inflation of a stream body (`ClientBuilder::gzip`).
//!
//! Pure: bytes in, inflated bytes out, no I/O and no clock, so framing, the line limit and
//! the stall timer all work on what comes out (the stall timer on arriving bytes, whether
//! or not they inflate to a whole line yet).

use std::io::Write as _;

use bytes::Bytes;
use flate2::write::GzDecoder;

/// Inflates one gzip member (or several, back to back) as chunks arrive.
pub(crate) struct Inflater {
    decoder: GzDecoder<Vec<u8>>,
}

impl Inflater {
    pub(crate) fn new() -> Self {
        Inflater {
            decoder: GzDecoder::new(Vec::new()),
        }
    }

    /// Feeds one received chunk; returns what it inflated to (possibly nothing yet).
    pub(crate) fn push(&mut self, chunk: &[u8]) -> std::io::Result<Bytes> {
        self.decoder.write_all(chunk)?;
        // `write_all` may leave inflated bytes buffered inside until flushed.
        self.decoder.flush()?;
        Ok(Bytes::from(std::mem::take(self.decoder.get_mut())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{Compression, write::GzEncoder};

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
            let mut inf = Inflater::new();
            let mut out = Vec::new();
            for chunk in wire.chunks(split) {
                out.extend_from_slice(&inf.push(chunk).unwrap());
            }
            assert_eq!(out, plain, "split {split}");
        }
        // A sync flush makes every line available as soon as its bytes arrive.
        let mut inf = Inflater::new();
        let mut enc = GzEncoder::new(Vec::new(), Compression::default());
        enc.write_all(b"{\"a\":1}\r\n").unwrap();
        enc.flush().unwrap();
        assert_eq!(&inf.push(enc.get_ref()).unwrap()[..], b"{\"a\":1}\r\n");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let mut inf = Inflater::new();
        assert!(
            inf.push(b"this is not gzip at all, not even close")
                .is_err()
        );
    }
}
