//! The framer's specification as a plain reference model, shared by the property tests
//! and the `framer` fuzz target so both check the framer against one definition.

use bytes::Bytes;
use tweetstream::__private::{Frame, LineTooLong};

/// What the framer produced: frames and refusals, in order.
pub type Out = Vec<Result<Frame, LineTooLong>>;

/// The specification, written as plainly as possible: split at `\n`, trim one `\r`, empty
/// is a keep-alive, longer than `max` is an error. The unterminated tail is an error as
/// soon as it can no longer fit, else what `finish` returns.
pub fn model(input: &[u8], max: usize) -> (Out, Option<Bytes>) {
    let mut out = Vec::new();
    let mut segments: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    let tail = segments.pop().unwrap_or_default();
    for seg in segments {
        let content = seg.strip_suffix(b"\r").unwrap_or(seg);
        out.push(if content.is_empty() {
            Ok(Frame::KeepAlive)
        } else if content.len() > max {
            Err(LineTooLong { limit: max })
        } else {
            Ok(Frame::Line(Bytes::copy_from_slice(content)))
        });
    }
    let bound = max.saturating_add(1);
    if tail.len() > bound || (tail.len() == bound && tail.last() != Some(&b'\r')) {
        out.push(Err(LineTooLong { limit: max }));
        return (out, None);
    }
    let tail = tail.strip_suffix(b"\r").unwrap_or(tail);
    (
        out,
        (!tail.is_empty()).then(|| Bytes::copy_from_slice(tail)),
    )
}

/// Cuts `input` into chunks of the given sizes (the last one takes the rest).
pub fn chunk(input: &[u8], sizes: impl IntoIterator<Item = usize>) -> Vec<&[u8]> {
    let mut chunks = Vec::new();
    let mut rest = input;
    for size in sizes {
        let (head, tail) = rest.split_at(size.min(rest.len()));
        chunks.push(head);
        rest = tail;
    }
    chunks.push(rest);
    chunks
}
