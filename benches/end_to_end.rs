//! Throughput of the client's hot path on a realistic corpus: 1,000 lines of
//! `Generator::full` (every field and expansion, non-ASCII text, ~4.8 KB a line).
//!
//! - `framing`: `LineFramer` alone over the corpus body cut into chunks (one chunk per
//!   line as X sends them, and socket-sized 16 KiB / 64 KiB chunks that split lines).
//! - `decode`: per line, in process: the typed model (`decode_line`, and bare
//!   `serde_json::from_str::<StreamLine>`), the validate-only floor (`IgnoredAny`, and
//!   `validate_line`, which raw mode runs), and `serde_json::Value` for scale.
//! - `end_to_end`: per line, a real `EventStream` over loopback HTTP/1.1 from a replay
//!   server on its own threads (the pre-encoded corpus as a chunked body, sent forever), in
//!   typed mode, raw mode and `only(TWEET)`.
//!
//! Every figure (criterion's "time") is the **measuring thread's CPU time**
//! (`CLOCK_THREAD_CPUTIME_ID`, user + system, so the client's socket reads count), not wall
//! time: the replay server's work and the other load on a shared machine stay out of it, and
//! in-process decoding and end-to-end streaming are measured with the same clock.
//!
//! `cargo bench --bench end_to_end -- --warm-up-time 1 --measurement-time 3`
//!
//! The targets compare `end_to_end/typed` with `decode/typed_decode_line` (at most 1.25x),
//! `end_to_end/raw` with `decode/ignored_any` (at most 2x) and `framing` with 1 GB/s.
// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use futures_util::StreamExt as _;
use serde::de::IgnoredAny;
use tweetstream::__private::{Frame, LineFramer};
use tweetstream::model::StreamLine;
use tweetstream::{EventKinds, EventStream, StreamEvent, StreamParams, StreamingClient};

#[path = "support/replay.rs"]
mod replay;

const LINES: usize = 1_000;
const SEED: u64 = 42;

/// The corpus lines as slices of one body, the way the framer hands them out.
fn line_bytes(body: &Bytes) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut start = 0;
    for nl in memchr_iter(body) {
        out.push(body.slice(start..nl - 1));
        start = nl + 1;
    }
    out
}

fn memchr_iter(body: &[u8]) -> impl Iterator<Item = usize> + '_ {
    body.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i)
}

fn framing(c: &mut Criterion) {
    let lines = replay::corpus(LINES, SEED);
    let body = replay::joined(&lines);
    let per_line: Vec<Bytes> = {
        let mut out = Vec::new();
        let mut start = 0;
        for nl in memchr_iter(&body) {
            out.push(body.slice(start..=nl));
            start = nl + 1;
        }
        out
    };
    let sized = |n: usize| -> Vec<Bytes> {
        (0..body.len())
            .step_by(n)
            .map(|i| body.slice(i..(i + n).min(body.len())))
            .collect()
    };
    let mut group = c.benchmark_group("framing");
    group.throughput(Throughput::Bytes(body.len() as u64));
    for (name, chunks) in [
        ("chunk_per_line", per_line),
        ("chunks_16KiB", sized(16 * 1024)),
        ("chunks_64KiB", sized(64 * 1024)),
    ] {
        group.bench_with_input(BenchmarkId::from_parameter(name), &chunks, |b, chunks| {
            let mut framer = LineFramer::default();
            cpu_iter(b, || {
                let mut n = 0usize;
                for chunk in chunks {
                    framer.push(chunk.clone());
                    while let Some(frame) = framer.next_frame().expect("no over-long line") {
                        if let Frame::Line(l) = frame {
                            n += l.len();
                        }
                    }
                }
                assert_eq!(black_box(n), body.len() - 2 * LINES);
            });
        });
    }
    group.finish();
}

/// Benchmarks `f` per line, cycling through the corpus.
fn per_line<O>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    lines: &[Bytes],
    mut f: impl FnMut(Bytes) -> O,
) {
    let mut i = 0usize;
    group.bench_function(name, |b| {
        cpu_iter(b, || {
            let line = lines[i % lines.len()].clone();
            i = i.wrapping_add(1);
            f(black_box(line))
        });
    });
}

/// Like `Bencher::iter` (the output is dropped inside the measurement), but the time is
/// this thread's CPU time, so that other load on the machine does not count.
fn cpu_iter<O>(b: &mut criterion::Bencher<'_>, mut f: impl FnMut() -> O) {
    b.iter_custom(|iters| {
        let start = replay::thread_cpu();
        for _ in 0..iters {
            drop(black_box(f()));
        }
        replay::thread_cpu() - start
    });
}

fn decode(c: &mut Criterion) {
    let lines = replay::corpus(LINES, SEED);
    let body = replay::joined(&lines);
    let lines = line_bytes(&body);
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(1));
    per_line(&mut group, "typed_decode_line", &lines, |l| {
        tweetstream::decode_line(l).expect("decodes")
    });
    per_line(&mut group, "typed_serde", &lines, |l| {
        serde_json::from_slice::<StreamLine>(&l).expect("decodes")
    });
    per_line(&mut group, "ignored_any", &lines, |l| {
        serde_json::from_slice::<IgnoredAny>(&l).expect("valid")
    });
    per_line(&mut group, "validate_line", &lines, |l| {
        tweetstream::validate_line(l).expect("valid")
    });
    per_line(&mut group, "value", &lines, |l| {
        serde_json::from_slice::<serde_json::Value>(&l).expect("valid")
    });
    group.finish();
}

/// A stream kept open across criterion's calls, and how its lines are counted.
struct Live {
    rt: tokio::runtime::Runtime,
    stream: EventStream,
    /// The event that marks one line in this mode.
    per_line: fn(&StreamEvent) -> bool,
}

impl Live {
    fn open(
        server: &replay::Replay,
        mode: fn(EventStream) -> EventStream,
        per_line: fn(&StreamEvent) -> bool,
    ) -> Live {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let client = StreamingClient::builder("bench-token")
            .base_url(server.base_url())
            .build()
            .expect("client");
        let stream = mode(client.sample(StreamParams::new()).expect("stream"));
        Live {
            rt,
            stream,
            per_line,
        }
    }

    /// Consumer-thread CPU time to take `n` lines off the stream.
    fn lines(&mut self, n: u64) -> Duration {
        let start = replay::thread_cpu();
        let (stream, per_line) = (&mut self.stream, self.per_line);
        self.rt.block_on(async {
            let mut seen = 0;
            while seen < n {
                let event = stream.next().await.expect("endless stream");
                if per_line(&event) {
                    seen += 1;
                } else if !matches!(
                    event,
                    StreamEvent::Connected(_)
                        | StreamEvent::Tweet(_)
                        | StreamEvent::Includes(_)
                        | StreamEvent::MatchingRules(_)
                ) {
                    panic!("unexpected event {event:?}");
                }
                drop(black_box(event));
            }
        });
        replay::thread_cpu() - start
    }
}

fn end_to_end(c: &mut Criterion) {
    let lines = replay::corpus(LINES, SEED);
    let server = replay::Replay::start(&lines, replay::Serve::Forever);
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Elements(1));
    type Mode = (
        &'static str,
        fn(EventStream) -> EventStream,
        fn(&StreamEvent) -> bool,
    );
    let modes: [Mode; 3] = [
        ("typed", |s| s, |e| matches!(e, StreamEvent::Response(_))),
        ("raw", EventStream::raw, |e| {
            matches!(e, StreamEvent::Raw(_))
        }),
        (
            "only_tweet",
            |s| s.only(EventKinds::TWEET),
            |e| matches!(e, StreamEvent::Tweet(_)),
        ),
    ];
    for (name, mode, per_line) in modes {
        let mut live = Live::open(&server, mode, per_line);
        group.bench_function(name, |b| b.iter_custom(|iters| live.lines(iters)));
    }
    group.finish();
}

criterion_group!(benches, framing, decode, end_to_end);
criterion_main!(benches);
