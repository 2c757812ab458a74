//! The emulator's server basics: start, auth, the two streams, 409/429, requests seen,
//! shutdown on drop, TLS.

mod support;
use http::Method;
use serde_json::json;
use support::raw_http::{get, post, send};
use tweetstream::emulator::{Emulator, Rate, problems};

/// A matching rule's id as sent: a string, or (a drifted form X has sent, which the
/// generator reproduces now and then) a JSON number.
fn rule_id(m: &serde_json::Value) -> String {
    m["id"]
        .as_str()
        .map_or_else(|| m["id"].to_string(), str::to_owned)
}

#[tokio::test]
async fn base_url_is_an_ip_literal() {
    let em = Emulator::start().await.unwrap();
    assert!(
        em.base_url().starts_with("http://127.0.0.1:"),
        "{}",
        em.base_url()
    );
    assert_eq!(em.bearer_token(), "emulator-token");
    assert!(em.ca_pem().is_none());
}

#[tokio::test]
async fn wrong_token_gets_xs_401_problem() {
    let em = Emulator::start().await.unwrap();
    for token in [Some("nope"), None] {
        let r = send(&em, Method::GET, "/2/tweets/sample/stream", token, None).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.headers["content-type"], "application/problem+json");
        assert_eq!(
            r.json().await,
            json!({"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"})
        );
    }
    let r = send(
        &em,
        Method::GET,
        "/2/tweets/search/stream/rules",
        Some("nope"),
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(em.stream_connections(), 2);
    assert_eq!(em.active_streams(), 0);
}

#[tokio::test(start_paused = true)]
async fn sample_stream_sends_posts_at_the_default_rate() {
    let em = Emulator::start().await.unwrap();
    let start = tokio::time::Instant::now();
    let mut r = get(&em, "/2/tweets/sample/stream").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "application/json; charset=utf-8");
    assert!(r.headers.contains_key("x-rate-limit-reset"));
    for _ in 0..10 {
        let v = r.json_line().await.unwrap();
        assert!(v["data"]["id"].is_string());
        assert!(v["data"]["text"].is_string());
        assert!(v["data"]["edit_history_tweet_ids"].is_array());
        assert!(v.get("matching_rules").is_none());
    }
    // Ten posts at 10 a second: one second of (paused) time.
    assert_eq!(start.elapsed(), std::time::Duration::from_secs(1));
    assert_eq!(em.active_streams(), 1);
    drop(r);
    support::raw_http::wait_active_streams(&em, 0).await;
}

#[tokio::test]
async fn filtered_stream_without_rules_is_409() {
    let em = Emulator::start().await.unwrap();
    let r = get(&em, "/2/tweets/search/stream").await;
    assert_eq!(r.status, 409);
    let v = r.json().await;
    assert_eq!(v["connection_issue"], "RuleConfigurationIssue");
    assert_eq!(v["title"], "ConnectionException");
    assert_eq!(
        v["type"],
        "https://api.twitter.com/2/problems/streaming-connection"
    );
}

#[tokio::test]
async fn second_connection_is_429_too_many_connections() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .start()
        .await
        .unwrap();
    let first = get(&em, "/2/tweets/sample/stream").await;
    assert_eq!(first.status, 200);
    let second = get(&em, "/2/tweets/sample/stream").await;
    assert_eq!(second.status, 429);
    let body: serde_json::Value = second.json().await;
    assert_eq!(
        body,
        serde_json::from_str::<serde_json::Value>(&problems::too_many_connections()).unwrap()
    );
    assert_eq!(
        body,
        json!({"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","connection_issue":"TooManyConnections","type":"https://api.twitter.com/2/problems/streaming-connection"})
    );
    // The other endpoint has its own limit.
    em.add_rule("cats", None).unwrap();
    let filter = get(&em, "/2/tweets/search/stream").await;
    assert_eq!(filter.status, 200);
    assert_eq!(em.active_streams(), 2);
    drop(first);
    support::raw_http::wait_active_streams(&em, 1).await;
    let again = get(&em, "/2/tweets/sample/stream").await;
    assert_eq!(again.status, 200);
    assert_eq!(em.stream_connections(), 4);
}

// Paused clock: the default rate's posts cost no wall-clock time.
#[tokio::test(start_paused = true)]
async fn filtered_stream_delivers_matching_posts_with_matching_rules() {
    let em = Emulator::start().await.unwrap();
    let r = post(
        &em,
        "/2/tweets/search/stream/rules",
        r##"{"add":[{"value":"#coffee OR café","tag":"coffee"},{"value":"lang:ja 東京"}]}"##,
    )
    .await;
    assert_eq!(r.status, 201);
    let ids: Vec<String> = em.rules().into_iter().map(|r| r.0).collect();
    let mut s = get(
        &em,
        "/2/tweets/search/stream?tweet.fields=lang,entities,note_tweet",
    )
    .await;
    assert_eq!(s.status, 200);
    for _ in 0..15 {
        let v = s.json_line().await.unwrap();
        let rules = v["matching_rules"].as_array().unwrap();
        assert!(!rules.is_empty());
        for m in rules {
            let id = rule_id(m);
            let id = id.as_str();
            assert!(ids.iter().any(|x| x == id));
            if id == ids[0] {
                assert_eq!(m["tag"], "coffee");
                let text = v["data"]["note_tweet"]["text"]
                    .as_str()
                    .or(v["data"]["text"].as_str())
                    .unwrap()
                    .to_lowercase();
                let tags: Vec<String> = v["data"]["entities"]["hashtags"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|h| h["tag"].as_str().unwrap().to_lowercase())
                            .collect()
                    })
                    .unwrap_or_default();
                assert!(
                    text.contains("café") || tags.contains(&"coffee".to_owned()),
                    "{v}"
                );
            } else {
                assert!(m.get("tag").is_none());
                assert_eq!(v["data"]["lang"], "ja");
            }
        }
    }
}

#[tokio::test]
async fn requests_are_recorded() {
    let em = Emulator::start().await.unwrap();
    let r = get(&em, "/2/tweets/search/stream/rules?max_results=5").await;
    assert_eq!(r.status, 200);
    let r = post(
        &em,
        "/2/tweets/search/stream/rules?dry_run=true",
        r#"{"add":[{"value":"cats"}]}"#,
    )
    .await;
    assert_eq!(r.status, 200);
    let seen = em.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].method, Method::GET);
    assert_eq!(seen[0].path, "/2/tweets/search/stream/rules");
    assert_eq!(seen[0].query.as_deref(), Some("max_results=5"));
    assert_eq!(seen[0].headers["authorization"], "Bearer emulator-token");
    assert_eq!(seen[1].method, Method::POST);
    assert_eq!(seen[1].query.as_deref(), Some("dry_run=true"));
    assert_eq!(&seen[1].body[..], br#"{"add":[{"value":"cats"}]}"#);
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let em = Emulator::start().await.unwrap();
    let r = get(&em, "/2/tweets").await;
    assert_eq!(r.status, 404);
    let r = send(
        &em,
        Method::DELETE,
        "/2/tweets/search/stream/rules",
        Some(em.bearer_token()),
        None,
    )
    .await;
    assert_eq!(r.status, 405);
}

#[tokio::test]
async fn drop_shuts_down_and_closes_open_streams() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .start()
        .await
        .unwrap();
    let addr = em.local_addr();
    let mut s = get(&em, "/2/tweets/sample/stream").await;
    assert_eq!(s.status, 200);
    drop(em);
    // The open stream ends (cleanly or not), and nothing listens any more.
    assert!(s.frame().await.ok().flatten().is_none());
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

// Paused clock: the default rate's posts cost no wall-clock time.
#[tokio::test(start_paused = true)]
async fn tls_serves_with_the_exposed_ca() {
    let em = Emulator::builder()
        .tls(true)
        .rule("cats OR dogs", None)
        .start()
        .await
        .unwrap();
    assert!(em.base_url().starts_with("https://127.0.0.1:"));
    let pem = em.ca_pem().unwrap();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let mut s = get(&em, "/2/tweets/search/stream").await;
    assert_eq!(s.status, 200);
    let v = s.json_line().await.unwrap();
    assert!(v["matching_rules"].is_array());
    let r = get(&em, "/2/tweets/search/stream/rules").await;
    assert_eq!(r.json().await["meta"]["result_count"], 1);
}

#[tokio::test(start_paused = true)]
async fn keep_alive_cadence_on_paused_time() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .keep_alive_interval(std::time::Duration::from_secs(20))
        .start()
        .await
        .unwrap();
    let mut s = get(&em, "/2/tweets/sample/stream").await;
    let start = tokio::time::Instant::now();
    for i in 1..=3u64 {
        let c = s.chunk().await.unwrap();
        assert_eq!(&c[..], b"\r\n");
        assert_eq!(start.elapsed(), std::time::Duration::from_secs(20 * i));
    }
    let em2 = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .keep_alive_interval(std::time::Duration::from_secs(3))
        .start()
        .await
        .unwrap();
    let mut s = get(&em2, "/2/tweets/sample/stream").await;
    let start = tokio::time::Instant::now();
    s.chunk().await.unwrap();
    s.chunk().await.unwrap();
    assert_eq!(start.elapsed(), std::time::Duration::from_secs(6));
}
