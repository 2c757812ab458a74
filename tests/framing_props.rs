//! Property tests for `LineFramer`: any chunking of any input gives the frames
//! of a simple reference model, and buffered memory stays bounded.

use bytes::Bytes;
use proptest::prelude::*;
use tweetstream::__private::{Frame, LineFramer};

mod support;
use support::framing_model;

use framing_model::{Out, chunk, model};

/// Input biased towards what matters: terminators, JSON punctuation and
/// multibyte UTF-8 (2, 3 and 4 bytes), plus arbitrary bytes.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let token = prop_oneof![
        4 => Just(b"\r\n".to_vec()),
        3 => Just(b"\n".to_vec()),
        3 => Just(b"\r".to_vec()),
        6 => prop::sample::select(b"{}[]\":,0123456789abcdefxyz \\".to_vec()).prop_map(|b| vec![b]),
        2 => prop::sample::select(vec!["é", "ß", "日本", "€", "🦀", "\u{2028}"])
            .prop_map(|s| s.as_bytes().to_vec()),
        1 => any::<u8>().prop_map(|b| vec![b]),
    ];
    prop::collection::vec(token, 0..120).prop_map(|t| t.concat())
}

/// Pushes the chunks, draining after those flagged in `drain_after` (and at
/// the end), checking the memory bound throughout.
fn run(max: usize, chunks: &[&[u8]], drain_after: &[bool]) -> (Out, Option<Bytes>) {
    let mut framer = LineFramer::new(max);
    let mut out = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        framer.push(Bytes::copy_from_slice(chunk));
        let last = i + 1 == chunks.len();
        if !last && !drain_after.get(i).copied().unwrap_or(true) {
            continue;
        }
        let mut pending = framer.pending_bytes();
        loop {
            let next = framer.next_frame();
            // Taking frames never makes the framer hold more.
            assert!(framer.pending_bytes() <= pending);
            pending = framer.pending_bytes();
            match next {
                Ok(None) => break,
                Ok(Some(frame)) => out.push(Ok(frame)),
                Err(e) => out.push(Err(e)),
            }
        }
        // The guaranteed bound once drained.
        assert!(
            framer.pending_bytes() <= max + 1,
            "pending {} > max + 1 = {}",
            framer.pending_bytes(),
            max + 1
        );
    }
    let tail = framer.finish();
    assert_eq!(framer.pending_bytes(), 0);
    (out, tail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn any_chunking_matches_model_and_one_chunk(
        input in input(),
        max in 0usize..40,
        sizes in prop::collection::vec(0usize..24, 0..40),
        drain_after in prop::collection::vec(any::<bool>(), 0..40),
    ) {
        let expected = model(&input, max);
        let whole = run(max, &[&input], &[]);
        prop_assert_eq!(&whole, &expected);
        let chunks = chunk(&input, sizes.iter().copied());
        prop_assert_eq!(run(max, &chunks, &drain_after), expected);
    }

    #[test]
    fn byte_by_byte_matches_model(input in input(), max in 0usize..40) {
        let chunks: Vec<&[u8]> = input.chunks(1).collect();
        prop_assert_eq!(run(max, &chunks, &[]), model(&input, max));
    }

    /// Lines of valid UTF-8 come out as valid UTF-8 whatever the chunking.
    #[test]
    fn utf8_lines_stay_whole(
        lines in prop::collection::vec("[a-z{}\":é日🦀 ]{0,30}", 0..10),
        sizes in prop::collection::vec(1usize..7, 0..60),
    ) {
        let input: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let chunks = chunk(&input, sizes.iter().copied());
        let (out, tail) = run(1000, &chunks, &[]);
        prop_assert_eq!(tail, None);
        prop_assert_eq!(out.len(), lines.len());
        for (frame, line) in out.iter().zip(&lines) {
            match frame {
                Ok(Frame::Line(bytes)) => prop_assert_eq!(std::str::from_utf8(bytes).unwrap(), line),
                Ok(Frame::KeepAlive) => prop_assert!(line.is_empty()),
                Err(e) => prop_assert!(false, "unexpected {}", e),
            }
        }
    }
}
