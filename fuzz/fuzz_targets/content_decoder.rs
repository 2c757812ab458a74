//! Fuzzes the content decoder: for arbitrary bytes under each coding, any chunking gives
//! the same outcome as the whole body in one chunk, no step is larger than asked, and
//! nothing panics. A valid gzip or deflate body built from the input decodes back to it.

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use tweetstream::__private::decode_all;

const CODINGS: [Option<&str>; 5] = [
    None,
    Some("gzip"),
    Some("x-gzip"),
    Some("deflate"),
    Some("br"),
];

fn check(data: &[u8]) -> Result<()> {
    let mut u = Unstructured::new(data);
    let coding = CODINGS[u.int_in_range(0usize..=4)?];
    let step = u.int_in_range(1usize..=64)?;
    let sizes: Vec<u8> = u.arbitrary()?;
    let input = u.take_rest();
    let mut chunks = Vec::new();
    let mut rest = input;
    for size in sizes {
        let n = usize::from(size).min(rest.len());
        let (a, b) = rest.split_at(n);
        chunks.push(a);
        rest = b;
    }
    chunks.push(rest);
    let whole = decode_all(coding, &[input], step);
    let chunked = decode_all(coding, &chunks, step);
    assert_eq!(whole.is_ok(), chunked.is_ok(), "{whole:?} / {chunked:?}");
    if let (Ok(a), Ok(b)) = (&whole, &chunked) {
        assert_eq!(a, b);
    }
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let _ = check(data);
});
