//! Throughput of `LineFramer` over a realistic stream body: ~3.5 KB JSON
//! lines (tweets with expansions, non-ASCII text) and a keep-alive every 100
//! lines, fed as 16 KiB chunks (a typical hyper read) and as odd-sized chunks
//! (lines and UTF-8 sequences cut everywhere).
// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use bytes::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tweetstream::__private::{Frame, LineFramer};

/// One tweet line of about 3.5 KB, varied by `id`.
fn tweet_line(id: u64) -> String {
    let text = format!(
        "Café naïve résumé — 日本語のツイート {id} 🦀🚀 Grüße aus Zürich! \
         «quotes» and \\\"escapes\\\" \\n with a link https://t.co/abc{id}"
    );
    let mut line = format!(
        "{{\"data\":{{\"id\":\"{id}\",\"text\":\"{text}\",\"author_id\":\"{a}\",\
         \"created_at\":\"2026-11-28T22:00:49.000Z\",\"lang\":\"fr\",\
         \"public_metrics\":{{\"retweet_count\":{r},\"reply_count\":3,\"like_count\":{l},\"quote_count\":1}},\
         \"entities\":{{\"urls\":[{{\"start\":90,\"end\":113,\"url\":\"https://t.co/abc{id}\",\
         \"expanded_url\":\"https://example.com/a/very/long/path/{id}?utm_source=x\",\"display_url\":\"example.com/a/very/…\"}}],\
         \"hashtags\":[{{\"start\":0,\"end\":5,\"tag\":\"Rust\"}},{{\"start\":6,\"end\":12,\"tag\":\"東京\"}}]}}}},\
         \"includes\":{{\"users\":[",
        a = id % 9973,
        r = id % 101,
        l = id % 1009,
    );
    let mut n = 0;
    while line.len() < 3300 {
        line.push_str(&format!(
            "{{\"id\":\"{u}\",\"name\":\"Zoë Ñandú 李小龙 {n}\",\"username\":\"user_{u}\",\
             \"description\":\"Ingénieure logicielle · Rustacean 🦀 · opinions are my own ✨\",\
             \"verified\":false}},",
            u = id * 7 + n
        ));
        n += 1;
    }
    line.pop();
    line.push_str(&format!(
        "]}},\"matching_rules\":[{{\"id\":\"{id}\",\"tag\":\"rust lang\"}}]}}"
    ));
    line
}

/// About 3.5 MB: 1000 lines, a keep-alive every 100 lines.
fn body() -> Bytes {
    let mut body = Vec::new();
    for id in 0..1000u64 {
        body.extend_from_slice(tweet_line(1_500_000_000_000_000_000 + id).as_bytes());
        body.extend_from_slice(b"\r\n");
        if id % 100 == 99 {
            body.extend_from_slice(b"\r\n");
        }
    }
    Bytes::from(body)
}

fn cut(body: &Bytes, sizes: &[usize]) -> Vec<Bytes> {
    let mut chunks = Vec::new();
    let mut at = 0;
    for &size in sizes.iter().cycle() {
        if at >= body.len() {
            break;
        }
        let end = (at + size).min(body.len());
        chunks.push(body.slice(at..end));
        at = end;
    }
    chunks
}

/// Frames everything, returning (lines, bytes of lines) so nothing is elided.
fn frame_all(chunks: &[Bytes]) -> (usize, usize) {
    let mut framer = LineFramer::default();
    let (mut lines, mut bytes) = (0, 0);
    for chunk in chunks {
        framer.push(chunk.clone());
        while let Some(frame) = framer.next_frame().expect("no over-long lines") {
            if let Frame::Line(line) = frame {
                lines += 1;
                bytes += line.len();
            }
        }
    }
    assert!(framer.finish().is_none());
    (lines, bytes)
}

fn bench(c: &mut Criterion) {
    let body = body();
    let avg_line = body.len() / 1000;
    let mut group = c.benchmark_group(format!("framing/{avg_line}B-lines"));
    group.throughput(Throughput::Bytes(body.len() as u64));
    let cases = [
        ("16KiB-chunks", cut(&body, &[16 * 1024])),
        (
            "odd-chunks",
            cut(&body, &[1, 7, 333, 4093, 12_289, 65_521, 2, 1021]),
        ),
    ];
    for (name, chunks) in cases {
        assert_eq!(frame_all(&chunks).0, 1000);
        group.bench_function(name, |b| b.iter(|| frame_all(black_box(&chunks))));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
