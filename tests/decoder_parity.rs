//! With `--features simd`, lines decode exactly as with serde_json alone: X's documented
//! payloads (tests/fixtures), the generated corpus on several seeds, and hostile lines where
//! JSON parsers are known to differ. Run: `cargo test --features simd --test decoder_parity`.
#![cfg(feature = "simd")]

use bytes::Bytes;
use serde_json::Value;
use tweetstream::emulator::generator::Generator;
use tweetstream::model::StreamLine;
use tweetstream::{LineError, decode_line};

/// serde_json's verdict on a line: the re-encoded model, or the kind of error.
fn reference(line: &[u8]) -> Result<Value, &'static str> {
    let Ok(text) = std::str::from_utf8(line) else {
        return Err("utf8");
    };
    match serde_json::from_str::<StreamLine>(text) {
        Ok(l) => Ok(serde_json::to_value(&l).expect("encodes")),
        Err(e) if e.classify() == serde_json::error::Category::Data => Err("shape"),
        Err(_) => Err("json"),
    }
}

/// The crate's verdict (with the feature: sonic-rs first), in the same terms.
fn decoded(line: &[u8]) -> Result<Value, &'static str> {
    match decode_line(Bytes::copy_from_slice(line)) {
        Ok(r) => Ok(serde_json::to_value(r.line()).expect("encodes")),
        Err(bad) => Err(match bad.reason {
            LineError::NotUtf8 { .. } => "utf8",
            LineError::Shape(_) => "shape",
            _ => "json",
        }),
    }
}

fn assert_same(line: &[u8]) {
    assert_eq!(
        decoded(line),
        reference(line),
        "{}",
        String::from_utf8_lossy(line)
    );
}

#[test]
fn fixtures_decode_alike() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("fixtures") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let text = std::fs::read_to_string(&path).expect("read");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                assert_same(line.as_bytes());
                n += 1;
            }
        }
    }
    assert!(n > 10, "only {n} fixture lines");
}

#[test]
fn generated_corpus_decodes_alike() {
    for seed in [1, 7, 42, 2026] {
        let mut g = Generator::full(seed);
        for _ in 0..300 {
            assert_same(g.next_line().as_bytes());
        }
    }
}

#[test]
fn hostile_lines_decode_alike() {
    // Deep nesting, in a verbatim member and in an unknown (skipped) one.
    let deep_unknown = format!(
        r#"{{"data":{{"id":"1","text":"x"}},"x":{}1{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let deep = format!(
        r#"{{"data":{{"id":"1","text":"x","article":{}1{}}}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let lines: Vec<&[u8]> = vec![
        br#"{"data":{"id":"1","text":"\ud83d\ude00 ok"}}"#,
        br#"{"data":{"id":"1","text":"lone \ud800 surrogate"}}"#,
        br#"{"data":{"id":"1","text":"lone \udc00 trail"}}"#,
        b"{\"data\":{\"id\":\"1\",\"text\":\"raw \x01 control\"}}",
        br#"{"data":{"id":"1","text":"bad \x escape"}}"#,
        br#"{"data":{"id":"1","text":"a"},"data":{"id":"2","text":"b"}}"#,
        br#"{"data":{"id":"1","text":"a","text":"b"}}"#,
        br#"{"data":{"id":18446744073709551615,"text":"max u64 as a number"}}"#,
        br#"{"data":{"id":"18446744073709551616","text":"overflow"}}"#,
        br#"{"data":{"id":"1","text":"geo","geo":{"coordinates":{"type":"Point","coordinates":[-73.99059599999999,40.73151469999999]}}}}"#,
        br#"{"data":{"id":"1","text":"geo","geo":{"coordinates":{"type":"Point","coordinates":[1e400,-0.0]}}}}"#,
        br#"{"data":{"id":"1","text":"geo","geo":{"coordinates":{"type":"Point","coordinates":[0.1e-400,123456789012345678901234567890]}}}}"#,
        br#"{"data":{"id":"1","text":"x"}} trailing"#,
        br#"{"data":{"id":"1","text":"x"}"#,
        br#"{"data":{"id":"1","text":"x",}}"#,
        br#"{"data":{"id":"1","text":"x"},"unknown":{"a":[1,2,{"b":null}]}}"#,
        br#"  {"data":{"id":"1","text":"padded"}}  "#,
        br#"{"data":null}"#,
        br#"{"data":{"id":"1","text":"x","public_metrics":{"like_count":1.0}}}"#,
        br#"{"data":{"id":"1","text":"x","public_metrics":{"like_count":-1}}}"#,
        br#"{"errors":[{"title":"operational-disconnect","detail":"d","type":"https://api.twitter.com/2/problems/operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect"}]}"#,
        br#"[1,2]"#,
        b"\xff{}",
        b"{\"data\":{\"id\":\"1\",\"text\":\"\xe2\x82\"}}",
        deep.as_bytes(),
        deep_unknown.as_bytes(),
        b"",
        b"{}",
    ];
    for line in lines {
        assert_same(line);
    }
}
