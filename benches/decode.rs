//! Decode speed of one stream line (~3.5 KB, every field and expansion
//! requested, non-ASCII text): the typed model against the floor
//! (`serde::de::IgnoredAny`, which only validates) and `serde_json::Value`.
//!
//! `cargo bench --bench decode`; medians are per line.
// criterion_group! defines an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::IgnoredAny;
use serde_json::Value;
use tweetstream::model::StreamLine;

/// A line built from the documented-example fixtures: the expanded post of
/// `tweet.jsonl` (context annotations, entities, media, users, quoted post)
/// with more post fields of the "every field" fixture merged in and the
/// author's common `user.fields` from `user.jsonl`: about 3.6 KB.
fn full_line() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let read = |name: &str| -> Vec<Value> {
        std::fs::read_to_string(format!("{dir}/{name}"))
            .expect("fixture")
            .lines()
            .map(|l| serde_json::from_str(l).expect("fixture JSON"))
            .collect()
    };
    let tweets = read("tweet.jsonl");
    let users = read("user.jsonl");
    let mut line = tweets[1].clone();
    let every = &tweets[2]["data"];
    for key in [
        "edit_controls",
        "scopes",
        "display_text_range",
        "in_reply_to_user_id",
        "conversation_id",
    ] {
        line["data"][key] = every[key].clone();
    }
    let full_author = &users[0]["includes"]["users"][0];
    let mut author = serde_json::Map::new();
    for key in [
        "id",
        "name",
        "username",
        "created_at",
        "description",
        "location",
        "profile_image_url",
        "protected",
        "public_metrics",
        "url",
        "verified",
        "verified_type",
    ] {
        author.insert(key.to_owned(), full_author[key].clone());
    }
    line["includes"]["users"][0] = Value::Object(author);
    line.to_string()
}

fn decode(c: &mut Criterion) {
    let line = full_line();
    // The line must be a valid, losslessly decodable stream line.
    tweetstream::model::roundtrip::check_line(&line).expect("bench line round-trips");

    let mut group = c.benchmark_group("decode_line");
    group.throughput(Throughput::Bytes(line.len() as u64));
    group.bench_function("typed_StreamLine", |b| {
        b.iter(|| serde_json::from_str::<StreamLine>(black_box(&line)).expect("decodes"));
    });
    // The same line with one drifted value (a count sent as a string): the
    // strict pass fails and the tolerant pass reads it (the slow path).
    let drifted = line.replacen("\"like_count\":", "\"like_count\":\"", 1);
    let drifted = {
        let at = drifted.find("\"like_count\":\"").expect("a like_count") + 14;
        let end = at + drifted[at..].find([',', '}']).expect("end of number");
        format!("{}\"{}", &drifted[..end], &drifted[end..])
    };
    tweetstream::model::roundtrip::check_line(&drifted).expect("drifted line round-trips");
    group.bench_function("tolerant_StreamLine_one_drifted_value", |b| {
        b.iter(|| {
            tweetstream::model::tolerant::decode::<StreamLine>(black_box(&drifted))
                .expect("decodes")
        });
    });
    group.bench_function("IgnoredAny_floor", |b| {
        b.iter(|| serde_json::from_str::<IgnoredAny>(black_box(&line)).expect("decodes"));
    });
    group.bench_function("serde_json_Value", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&line)).expect("decodes"));
    });
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
