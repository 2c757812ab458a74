//! `tweetstream stream` against a server nobody here wrote (Python's `http.server`, from the
//! root's test support) sending real recorded X payloads (`tests/fixtures/real`, sources in
//! its SOURCES.md): the file holds each line exactly as sent, once, though the server sends
//! every line again on a second connection; a 401 then ends the run with exit 1.

mod support;

#[allow(dead_code)]
#[path = "../../tests/support/external.rs"]
mod external;
#[allow(dead_code)]
#[path = "../../tests/support/pyserver.rs"]
mod pyserver;

use std::collections::HashSet;

use pyserver::{Answer, PyServer};
use support::{run, runtime, scratch, tweetstream};

/// The recorded lines whose `data` is one object with an id (a post), each id once, up to
/// 25 KB in all (the plan travels to Python as one command-line argument, twice).
fn recorded_posts() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/real/tweepy_cassettes.jsonl"
    );
    let mut ids = HashSet::new();
    let mut size = 0;
    std::fs::read_to_string(path)
        .expect("the recorded fixture")
        .lines()
        .filter(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["data"]["id"]
                .as_str()
                .is_some_and(|id| ids.insert(id.to_owned()))
        })
        .take_while(|line| {
            size += line.len();
            size <= 25_000
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn recorded_lines_from_python_http_server_are_written_as_sent_and_once() {
    let posts = recorded_posts();
    assert!(posts.len() > 20, "{} posts", posts.len());
    let body: String = posts.iter().map(|l| format!("{l}\r\n\r\n")).collect(); // with keep-alives
    let stream = Answer::status(200)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(&body);
    let plan = [stream.clone(), stream, Answer::problem(401, "Unauthorized")];
    let rt = runtime();
    let Some(server) = rt.block_on(async { PyServer::start(&plan) }) else {
        return; // python3 is missing (and this is not CI)
    };
    let out = scratch("real-server").join("posts.jsonl");
    let done = run(tweetstream(&[
        "stream",
        out.to_str().unwrap(),
        "--stream",
        "sample",
        "--base-url",
        &server.url(),
    ]));
    assert_eq!(done.code, Some(1), "stderr:\n{}", done.stderr);
    assert!(done.stderr.contains("401"), "{}", done.stderr);
    let written = std::fs::read_to_string(&out).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(lines, posts, "each recorded line once, byte for byte");
    let requests = rt.block_on(server.requests());
    assert_eq!(requests.len(), 3, "two streams and the 401");
}
