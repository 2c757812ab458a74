//! Real recorded X API v2 payloads gathered from other projects' test data
//! (see `tests/fixtures/real/SOURCES.md`): every line decodes to a post and
//! re-encodes to the same JSON value, number text included.

use bytes::Bytes;
use tweetstream::decode_line;
use tweetstream::model::roundtrip::check_line;

fn corpus() -> Vec<(String, usize, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/real");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).expect("fixture");
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
            lines.push((name.clone(), i + 1, line.to_owned()));
        }
    }
    lines
}

#[test]
fn the_corpus_is_big_and_from_several_sources() {
    let lines = corpus();
    let sources: std::collections::BTreeSet<_> = lines.iter().map(|(f, _, _)| f).collect();
    assert!(lines.len() >= 300, "only {} lines", lines.len());
    assert!(sources.len() >= 2, "{sources:?}");
}

#[test]
fn every_real_line_decodes_to_a_post_and_round_trips_exactly() {
    let mut failures = Vec::new();
    for (file, no, line) in corpus() {
        match check_line(&line) {
            Ok(decoded) if decoded.data.is_some() => {}
            Ok(_) => failures.push(format!("{file}:{no}: no post")),
            Err(e) => failures.push(format!("{file}:{no}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_real_line_is_refused_by_the_stream_decoder() {
    for (file, no, line) in corpus() {
        let decoded = decode_line(Bytes::from(line));
        let response = decoded.unwrap_or_else(|bad| panic!("{file}:{no}: {}", bad.reason));
        assert!(response.decoded().data.is_some(), "{file}:{no}");
    }
}
