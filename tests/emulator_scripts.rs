//! Fault scripts: every step, in order, on paused time where timing matters.

use std::time::Duration;

mod support;
use serde_json::json;
use support::raw_http::get;
use tokio::time::{Instant, timeout};
use tweetstream::emulator::{ChunkPattern, Emulator, Rate, Script, problems};

const SAMPLE: &str = "/2/tweets/sample/stream";
const FILTER: &str = "/2/tweets/search/stream";

#[tokio::test]
async fn status_with_problem_body_then_normal_behaviour() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().status(503, problems::service_unavailable()));
    em.push_script(
        Script::new()
            .header("x-rate-limit-reset", "1700000000")
            .status(429, problems::too_many_connections()),
    );
    assert_eq!(em.pending_scripts(), 2);
    let r = get(&em, SAMPLE).await;
    assert_eq!(r.status, 503);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert_eq!(
        r.json().await,
        json!({"title": "Service Unavailable", "detail": "Service Unavailable", "type": "about:blank", "status": 503})
    );
    let r = get(&em, FILTER).await; // either endpoint takes the next script
    assert_eq!(r.status, 429);
    assert_eq!(r.headers["x-rate-limit-reset"], "1700000000");
    assert_eq!(r.json().await["connection_issue"], "TooManyConnections");
    assert_eq!(em.pending_scripts(), 0);
    let mut r = get(&em, SAMPLE).await;
    assert_eq!(r.status, 200);
    assert!(r.json_line().await.is_some());
    assert_eq!(em.stream_connections(), 3);
}

#[tokio::test]
async fn tweets_then_close_ends_the_body_cleanly() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(5).close());
    let mut r = get(&em, SAMPLE).await;
    assert_eq!(r.status, 200);
    for _ in 0..5 {
        let l = r.line().await.unwrap();
        let v: serde_json::Value = serde_json::from_slice(&l).unwrap();
        assert!(v["data"]["id"].is_string());
    }
    assert_eq!(r.frame().await.unwrap(), None, "clean end after the close");
    support::raw_http::wait_active_streams(&em, 0).await;
}

#[tokio::test]
async fn raw_lines_keep_alives_and_raw_bytes_go_out_verbatim() {
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .raw_line(&b"{not json"[..])
            .keep_alive()
            .raw_line(vec![0xff, 0xfe, b'x'])
            .raw_bytes(&b"partial"[..])
            .raw_bytes(&b" line\r\n"[..])
            .close(),
    );
    let r = get(&em, SAMPLE).await;
    let mut body = Vec::new();
    let mut r = r;
    while let Some(c) = r.chunk().await {
        body.extend_from_slice(&c);
    }
    assert_eq!(body, b"{not json\r\n\r\n\xff\xfex\r\npartial line\r\n");
}

#[tokio::test]
async fn operational_disconnect_sends_xs_errors_line_then_closes() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(1).operational_disconnect().tweets(5));
    let mut r = get(&em, SAMPLE).await;
    assert!(r.json_line().await.unwrap()["data"].is_object());
    let v = r.json_line().await.unwrap();
    assert_eq!(
        v,
        json!({"errors": [{
            "title": "operational-disconnect",
            "disconnect_type": "OperationalDisconnect",
            "detail": "This stream has been disconnected for operational reasons.",
            "type": "https://api.twitter.com/2/problems/operational-disconnect"
        }]})
    );
    assert_eq!(r.frame().await.unwrap(), None);
}

#[tokio::test]
async fn oversized_line_has_exactly_the_requested_size() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().oversized_line(3 * 1024 * 1024).close());
    let mut r = get(&em, SAMPLE).await;
    let l = r.line().await.unwrap();
    assert_eq!(l.len(), 3 * 1024 * 1024);
    let v: serde_json::Value = serde_json::from_slice(&l).unwrap();
    assert!(v["data"]["text"].as_str().unwrap().len() > 3_000_000);
}

#[tokio::test(start_paused = true)]
async fn stall_keeps_the_socket_open_and_silent() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(1).stall());
    let mut r = get(&em, SAMPLE).await;
    assert!(r.json_line().await.is_some());
    // No keep-alives, no posts, for far longer than the keep-alive interval.
    assert!(timeout(Duration::from_secs(300), r.chunk()).await.is_err());
    assert_eq!(em.active_streams(), 1);
    drop(r);
    support::raw_http::wait_active_streams(&em, 0).await;
}

#[tokio::test]
async fn reset_aborts_the_body_without_the_final_chunk() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(2).reset());
    let mut r = get(&em, SAMPLE).await;
    assert!(r.json_line().await.is_some());
    assert!(r.json_line().await.is_some());
    let end = loop {
        match r.frame().await {
            Ok(Some(_)) => continue,
            other => break other,
        }
    };
    // hyper reports the missing terminating chunk as a body read error.
    let err = end.expect_err("an incomplete body, not a clean end");
    assert!(err.to_string().contains("error reading a body"), "{err}");
    support::raw_http::wait_active_streams(&em, 0).await;
}

#[tokio::test(start_paused = true)]
async fn delays_use_tokio_time() {
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .delay(Duration::from_secs(7)) // before the headers
            .tweets(1)
            .delay(Duration::from_secs(90))
            .tweets(1)
            .close(),
    );
    let start = Instant::now();
    let mut r = get(&em, SAMPLE).await;
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    r.json_line().await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(7));
    r.json_line().await.unwrap();
    assert_eq!(start.elapsed(), Duration::from_secs(97));
}

#[tokio::test]
async fn chunk_patterns_split_the_bytes() {
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::ByteByByte)
            .raw_line(&b"abcdef"[..])
            .close(),
    );
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::Fixed(3))
            .raw_line(&b"abcdefg"[..])
            .close(),
    );
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::Pattern(vec![1, 4]))
            .raw_line(&b"abcdefgh"[..])
            .close(),
    );
    let expect: [&[&[u8]]; 3] = [
        &[b"a", b"b", b"c", b"d", b"e", b"f", b"\r", b"\n"],
        &[b"abc", b"def", b"g\r\n"],
        &[b"a", b"bcde", b"f", b"gh\r\n"],
    ];
    for want in expect {
        let mut r = get(&em, SAMPLE).await;
        let mut got = Vec::new();
        while let Some(c) = r.chunk().await {
            got.push(c.to_vec());
        }
        let want: Vec<Vec<u8>> = want.iter().map(|c| c.to_vec()).collect();
        assert_eq!(got, want);
    }
}

#[tokio::test]
async fn byte_by_byte_posts_reassemble() {
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::ByteByByte)
            .tweets(3)
            .close(),
    );
    let mut r = get(&em, SAMPLE).await;
    let mut n = 0;
    while let Some(c) = r.chunk().await {
        assert_eq!(c.len(), 1);
        n += 1;
    }
    assert!(n > 100);
}

#[tokio::test]
async fn scripts_bypass_admission_checks() {
    // No rules: the filtered stream would be 409, but the script decides.
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .start()
        .await
        .unwrap();
    em.push_script(Script::new().tweets(2).close());
    let mut r = get(&em, FILTER).await;
    assert_eq!(r.status, 200);
    let v = r.json_line().await.unwrap();
    assert!(v.get("matching_rules").is_none());
    // A second sample connection while one is open would be 429; scripted, it is served.
    let first = get(&em, SAMPLE).await;
    assert_eq!(first.status, 200);
    em.push_script(Script::new().keep_alive().close());
    let second = get(&em, SAMPLE).await;
    assert_eq!(second.status, 200);
    assert_eq!(second.text().await, "\r\n");
    let third = get(&em, SAMPLE).await;
    assert_eq!(third.status, 429);
}

#[tokio::test]
async fn scripted_tweets_on_the_filtered_stream_match_the_rules() {
    let em = Emulator::builder()
        .rule("from:nobody_at_all OR #travel", Some("t"))
        .start()
        .await
        .unwrap();
    em.push_script(Script::new().tweets(4).close());
    let mut r = get(&em, "/2/tweets/search/stream?tweet.fields=entities").await;
    for _ in 0..4 {
        let v = r.json_line().await.unwrap();
        assert_eq!(v["matching_rules"][0]["tag"], "t");
        let tags: Vec<&str> = v["data"]["entities"]["hashtags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["tag"].as_str().unwrap())
            .collect();
        assert!(tags.contains(&"travel"), "{v}");
    }
    assert_eq!(r.frame().await.unwrap(), None);
}

#[tokio::test(start_paused = true)]
async fn a_script_without_an_end_continues_with_normal_traffic() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(1.0))
        .start()
        .await
        .unwrap();
    em.push_script(Script::new().raw_line(&b"first"[..]));
    let mut r = get(&em, SAMPLE).await;
    assert_eq!(r.line().await.unwrap(), b"first");
    let start = Instant::now();
    assert!(r.json_line().await.unwrap()["data"].is_object());
    assert_eq!(start.elapsed(), Duration::from_secs(1));
}
