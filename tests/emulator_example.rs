//! The emulator as the stream example meets it, seen with a raw HTTP/1 client: the first post
//! within a second at the default rate, as-fast-as-read, determinism, and TLS names. (The
//! example itself runs against the emulator in tests/example_stream.rs.)

use std::{sync::Arc, time::Duration};

mod support;
use support::raw_http::get;
use tokio::time::Instant;
use tweetstream::emulator::{Emulator, Rate};

/// What `cargo run --example stream -- --count 20` does without `X_BEARER_TOKEN`: start the
/// embedded emulator, open the sample stream with its base URL and token, print 20 posts.
#[tokio::test(start_paused = true)]
async fn example_main_path_count_20() {
    let em = Emulator::start().await.unwrap();
    let start = Instant::now();
    let mut s = get(
        &em,
        "/2/tweets/sample/stream?tweet.fields=created_at,author_id,lang&expansions=author_id",
    )
    .await;
    assert_eq!(s.status, 200);
    let mut first_at = None;
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let v = s.json_line().await.unwrap();
        first_at.get_or_insert(start.elapsed());
        assert!(
            ids.insert(v["data"]["id"].as_str().unwrap().to_owned()),
            "unique ids"
        );
        assert!(v["includes"]["users"][0]["username"].is_string());
    }
    // The first post arrives well within a second; 20 posts at the default 10/s take 2 s.
    assert!(first_at.unwrap() < Duration::from_secs(1));
    assert_eq!(start.elapsed(), Duration::from_secs(2));
    drop(s);
    support::raw_http::wait_active_streams(&em, 0).await;
    assert_eq!(em.stream_connections(), 1);
}

#[tokio::test]
async fn as_fast_as_read_streams_without_waiting() {
    let em = Emulator::builder()
        .rate(Rate::AsFastAsRead)
        .start()
        .await
        .unwrap();
    let mut s = get(&em, "/2/tweets/sample/stream").await;
    for _ in 0..200 {
        assert!(s.json_line().await.unwrap()["data"]["id"].is_string());
    }
}

#[tokio::test(start_paused = true)]
async fn same_seed_same_posts_across_emulators() {
    let mut firsts = Vec::new();
    for _ in 0..2 {
        let em = Emulator::builder()
            .seed(99)
            .rate(Rate::AsFastAsRead)
            .start()
            .await
            .unwrap();
        let mut s = get(&em, "/2/tweets/sample/stream?tweet.fields=lang").await;
        let mut v = Vec::new();
        for _ in 0..5 {
            v.push(s.json_line().await.unwrap());
        }
        firsts.push(v);
    }
    assert_eq!(firsts[0], firsts[1]);
    let em = Emulator::builder()
        .seed(100)
        .rate(Rate::AsFastAsRead)
        .start()
        .await
        .unwrap();
    let mut s = get(&em, "/2/tweets/sample/stream?tweet.fields=lang").await;
    assert_ne!(s.json_line().await.unwrap(), firsts[0][0]);
}

#[tokio::test(start_paused = true)]
async fn ids_do_not_repeat_across_connections() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(1000.0))
        .start()
        .await
        .unwrap();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..3 {
        let mut s = get(&em, "/2/tweets/sample/stream").await;
        for _ in 0..100 {
            let v = s.json_line().await.unwrap();
            assert!(ids.insert(v["data"]["id"].as_str().unwrap().to_owned()));
        }
        drop(s);
        support::raw_http::wait_active_streams(&em, 0).await;
    }
}

#[tokio::test]
async fn wait_for_stream_connections_resolves() {
    let em = Arc::new(
        Emulator::builder()
            .rate(Rate::PerSecond(0.0))
            .start()
            .await
            .unwrap(),
    );
    let waiter = {
        let em = em.clone();
        tokio::spawn(async move { support::raw_http::wait_stream_connections(&em, 2).await })
    };
    let _a = get(&em, "/2/tweets/sample/stream").await;
    let _b = get(&em, "/2/tweets/sample/stream").await; // a 429 still counts
    waiter.await.unwrap();
    assert_eq!(em.stream_connections(), 2);
}

#[tokio::test]
async fn tls_certificate_is_valid_for_localhost_too() {
    use futures_util::StreamExt as _;
    let em = Emulator::builder().tls(true).start().await.unwrap();
    let base = format!("https://localhost:{}", em.local_addr().port());
    let client = tweetstream::StreamingClient::builder(em.bearer_token())
        .base_url(base)
        .add_root_certificate_pem(em.ca_pem().unwrap())
        .max_retries(0)
        .build()
        .unwrap();
    let mut stream = client.sample(tweetstream::StreamParams::new()).unwrap();
    let first = support::deadline::bounded("the next event", stream.next())
        .await
        .unwrap();
    assert!(
        matches!(first, tweetstream::StreamEvent::Connected(_)),
        "handshake as localhost: {first:?}"
    );
}
