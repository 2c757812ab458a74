//! Fuzzes `LineFramer`: for arbitrary bytes, chunk boundaries, drain points
//! and limit, the frames equal those of the whole input pushed at once and
//! those of a plain reference model; pending bytes stay bounded; no panic.

#![no_main]

use arbitrary::{Result, Unstructured};
use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use tweetstream::__private::LineFramer;

#[path = "../../tests/support/framing_model.rs"]
mod framing_model;

use framing_model::{Out, chunk, model};

/// Push each chunk, draining after those `drain` selects (always after the
/// last), checking the bound guaranteed once drained; then `finish`.
fn run(max: usize, chunks: &[&[u8]], drain: u64) -> (Out, Option<Bytes>) {
    let mut framer = LineFramer::new(max);
    let mut out = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        framer.push(Bytes::copy_from_slice(chunk));
        if i + 1 < chunks.len() && drain & (1 << (i % 64)) == 0 {
            continue;
        }
        loop {
            match framer.next_frame() {
                Ok(None) => break,
                Ok(Some(frame)) => out.push(Ok(frame)),
                Err(e) => out.push(Err(e)),
            }
        }
        assert!(framer.pending_bytes() <= max.saturating_add(1));
    }
    let tail = framer.finish();
    assert_eq!(framer.pending_bytes(), 0);
    (out, tail)
}

fn check(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    // Mostly small limits so that over-long lines are common.
    let max = match u.int_in_range(0u8..=9)? {
        0 => usize::MAX,
        1 => u.int_in_range(0usize..=4096)?,
        _ => u.int_in_range(0usize..=24)?,
    };
    let sizes: Vec<u8> = u.arbitrary()?;
    let drain: u64 = u.arbitrary()?;
    let input = u.take_rest();

    let chunks = chunk(input, sizes.into_iter().map(usize::from));

    let whole = run(max, &[input], u64::MAX);
    assert_eq!(
        run(max, &chunks, drain),
        whole,
        "chunked differs from one chunk"
    );
    assert_eq!(whole, model(input, max), "differs from the reference model");
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = check(data);
});
