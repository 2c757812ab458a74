//! Interop with a server nobody here wrote, which answers and then closes: Python's
//! standard-library `http.server` (tests/support/pyserver.rs), HTTP/1.1 with
//! `Content-Length` + `Connection: close`, HTTP/1.0 bodies that run until the close, its
//! own HTML error pages, and a TCP reset right after the body.
//!
//! A real server runs on real time, so the waits are not slept through: each test checks
//! the `retry_in` the policy announces in the events, the number of requests the server
//! saw, and (for short schedules) the gaps between them on the server's clock.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::json;
use support::describe::describe as obs;
use support::pyserver::{Answer, PyServer};
use tweetstream::__private::{Decision, Failure, ReconnectState};
use tweetstream::{EventStream, ReconnectPolicy, StreamEvent, StreamParams, StreamingClient};

fn client(server: &PyServer, policy: ReconnectPolicy) -> StreamingClient {
    StreamingClient::builder("test-token")
        .base_url(server.url())
        .reconnect_policy(policy)
        .build()
        .unwrap()
}

/// Every event of a stream that ends by itself.
async fn all(mut stream: EventStream) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    while let Some(e) = support::next_or_end(&mut stream).await {
        out.push(e);
    }
    out
}

/// The first event, then a disconnect: the stream must end at once with `Requested`
/// (nothing slept through a long wait).
async fn first_then_disconnect(mut stream: EventStream) -> StreamEvent {
    let first = support::next(&mut stream).await;
    stream.disconnect_handle().disconnect();
    let rest: Vec<String> = all(stream).await.iter().map(obs).collect();
    assert_eq!(rest, ["disconnected Requested"]);
    first
}

/// The first event of the sample stream from `server` with the default policy (then disconnects).
async fn first_sample_event(server: &PyServer) -> StreamEvent {
    let stream = client(server, ReconnectPolicy::default())
        .sample(StreamParams::new())
        .unwrap();
    first_then_disconnect(stream).await
}

#[tokio::test]
async fn fatal_statuses_end_the_stream_after_exactly_one_request() {
    let cases = [
        (
            "problem, Content-Length, Connection: close",
            Answer::problem(401, "Unauthorized"),
        ),
        (
            "http.server's own HTML page, HTTP/1.0",
            Answer::stdlib_error(403),
        ),
        (
            "problem, then a TCP reset",
            Answer::problem(404, "Not Found Error").reset_after(),
        ),
        (
            "problem, HTTP/1.0 until the close",
            Answer::problem(400, "Invalid Request").until_close(),
        ),
    ];
    for (what, answer) in cases {
        let Some(server) = PyServer::start(&[answer]) else {
            return;
        };
        let c = client(&server, ReconnectPolicy::default());
        let events = all(c.filter(StreamParams::new()).unwrap()).await;
        let StreamEvent::RequestError(err) = &events[0] else {
            panic!("{what}: {:?}", events.iter().map(obs).collect::<Vec<_>>());
        };
        let status = err.status;
        assert_eq!(
            events.iter().map(obs).collect::<Vec<_>>(),
            [
                format!("request_error {status} None"),
                // The problem body, when the server sent one, is kept in the final reason.
                match &err.problem {
                    Some(p) => format!(
                        "disconnected FatalStatus {{ status: {status} }}: {}",
                        p.title
                    ),
                    None => format!("disconnected FatalStatus {{ status: {status} }}"),
                },
            ],
            "{what}"
        );
        if status == 403 {
            assert!(err.problem.is_none(), "{what}: HTML is no problem");
            let body = String::from_utf8_lossy(&err.body);
            assert!(body.contains("Error code: 403"), "{what}: {body}");
        } else {
            assert_eq!(err.problem.as_ref().unwrap().status, Some(status), "{what}");
        }
        assert_eq!(server.requests().await.len(), 1, "{what}: one request");
    }
}

#[tokio::test]
async fn rate_limited_waits_a_minute_or_until_the_reset() {
    // No x-rate-limit-reset: X's 60 s.
    let Some(server) = PyServer::start(&[Answer::problem(429, "Too Many Requests")]) else {
        return;
    };
    let first = first_sample_event(&server).await;
    assert_eq!(obs(&first), "request_error 429 Some(60s)");
    assert_eq!(server.requests().await.len(), 1);

    // A reset ten minutes ahead, on HTTP/1.0 until the close: wait until then.
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600;
    let answer = Answer::problem(429, "Too Many Requests")
        .header("x-rate-limit-reset", &reset.to_string())
        .until_close();
    let Some(server) = PyServer::start(&[answer]) else {
        return;
    };
    let before = SystemTime::now();
    let first = first_sample_event(&server).await;
    let after = SystemTime::now();
    let StreamEvent::RequestError(err) = first else {
        panic!("{}", obs(&first));
    };
    let wait = err.retry_in.unwrap();
    assert!(
        wait > Duration::from_secs(590),
        "{wait:?}: until the reset, not 60 s"
    );
    support::assert_wait_until_reset(reset, wait, before, after);
    assert_eq!(err.rate_limit.unwrap().reset, Some(reset));
    assert_eq!(server.requests().await.len(), 1);
}

#[tokio::test]
async fn server_errors_wait_five_seconds_first() {
    let Some(server) = PyServer::start(&[Answer::problem(503, "Service Unavailable")]) else {
        return;
    };
    let first = first_sample_event(&server).await;
    assert_eq!(obs(&first), "request_error 503 Some(5s)");
    assert_eq!(server.requests().await.len(), 1);
}

/// The HTTP schedule doubling (X's is 5 s, 10 s, ...; here scaled to 100 ms so it runs on
/// real time), across 409 and 5xx answers on every kind of closing wire, and the gaps the
/// server saw between the requests.
#[tokio::test]
async fn status_errors_back_off_doubling_on_every_closing_wire() {
    support::example_binary("rules").await; // not built while this test times
    let plan = [
        Answer::problem(409, "Rule configuration issue"),
        Answer::stdlib_error(502),
        Answer::problem(503, "Service Unavailable").reset_after(),
        Answer::problem(500, "Internal Error").until_close(),
        Answer::problem(504, "Gateway Timeout").keep_alive(),
    ];
    let Some(server) = PyServer::start(&plan) else {
        return;
    };
    let policy = ReconnectPolicy::default()
        .http_backoff(Duration::from_millis(100), Duration::from_secs(10))
        .max_retries(Some(4));
    let events = all(client(&server, policy.clone())
        .sample(StreamParams::new())
        .unwrap())
    .await;

    // What the policy says for those five failures.
    let mut state = ReconnectState::default();
    let mut expected = Vec::new();
    for status in [409, 502, 503, 500, 504] {
        match state.on_failure(
            &policy,
            Failure::Status {
                status,
                retry_after: None,
            },
        ) {
            Decision::Retry { delay, .. } => {
                expected.push(format!("request_error {status} {:?}", Some(delay)));
            }
            Decision::Stop(_) => expected.push(format!("request_error {status} None")),
        }
    }
    expected.push("disconnected RetriesExhausted { attempts: 5 }".to_owned());
    let seen: Vec<String> = events.iter().map(obs).collect();
    assert_eq!(seen, expected);
    // Doubling (backon computes in f32 seconds: exact to the millisecond here).
    let millis: Vec<u128> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::RequestError(r) => r.retry_in.map(|d| d.as_millis()),
            _ => None,
        })
        .collect();
    assert_eq!(millis, [100, 200, 400, 800]);
    let gaps = server.gaps().await;
    eprintln!("gaps between requests, server clock: {gaps:?}");
    assert_eq!(gaps.len(), 4, "five requests, no more");
    for (gap, want) in gaps.iter().zip([0.1, 0.2, 0.4, 0.8]) {
        assert!(*gap >= want, "gap {gap:.3} s, policy {want} s: {gaps:?}");
        assert!(
            *gap < want + 1.0,
            "gap {gap:.3} s, policy {want} s: {gaps:?}"
        );
    }
}

fn tweet(id: u64) -> String {
    format!(r#"{{"data":{{"id":"{id}","text":"post {id}","edit_history_tweet_ids":["{id}"]}}}}"#)
}

/// 200 bodies that end at the close (HTTP/1.0), by their length (then close, or reset):
/// every line arrives, a cut one comes back as truncated, and the end is a clean close.
#[tokio::test]
async fn stream_bodies_that_end_with_the_connection_deliver_every_line() {
    let body = format!("{}\r\n\r\n{}\r\n{{\"data\":{{\"id\"", tweet(1), tweet(2));
    let cases = [
        (
            "HTTP/1.0 until the close",
            Answer::status(200).body(&body).until_close(),
        ),
        (
            "Content-Length, Connection: close",
            Answer::status(200).body(&body),
        ),
        (
            "Content-Length, then a reset",
            Answer::status(200).body(&body).reset_after(),
        ),
    ];
    for (what, answer) in cases {
        let answer = answer.header("Content-Type", "application/json");
        let Some(server) = PyServer::start(&[answer, Answer::problem(401, "Unauthorized")]) else {
            return;
        };
        let events = all(client(&server, ReconnectPolicy::default())
            .sample(StreamParams::new())
            .unwrap())
        .await;
        assert_eq!(
            events.iter().map(obs).collect::<Vec<_>>(),
            [
                "connected 1",
                "tweet 1",
                "response",
                "keep_alive",
                "tweet 2",
                "response",
                "truncated {\"data\":{\"id\"",
                "closed Some(0ns)",
                "request_error 401 None",
                "disconnected FatalStatus { status: 401 }: Unauthorized",
            ],
            "{what}"
        );
        assert_eq!(server.requests().await.len(), 2, "{what}");
    }
}

fn rules_page() -> serde_json::Value {
    json!({
        "data": [
            {"id": "1870000000001048577", "value": "cats OR dogs", "tag": "pets"},
            {"id": "1870000000001048578", "value": "coffee"}
        ],
        "meta": {"sent": "2026-01-01T00:00:00.000Z", "result_count": 2}
    })
}

#[tokio::test]
async fn rules_calls_read_every_answer_from_a_closing_server() {
    let created = json!({
        "data": [{"id": "1870000000001048579", "value": "tea", "tag": "drinks"}],
        "meta": {"sent": "2026-01-01T00:00:00.000Z",
                 "summary": {"created": 1, "not_created": 0, "valid": 1, "invalid": 0}}
    });
    let plan = [
        Answer::json(200, &rules_page()),
        Answer::json(201, &created).reset_after(),
        Answer::json(200, &rules_page()).until_close(),
        Answer::problem(401, "Unauthorized").until_close(),
        Answer::problem(503, "Service Unavailable"),
    ];
    let Some(server) = PyServer::start(&plan) else {
        return;
    };
    let c = client(&server, ReconnectPolicy::default());
    let rules = c.get_rules(&[]).await.expect("list");
    assert_eq!(rules.len(), 2);
    assert_eq!(rules[0].tag.as_deref(), Some("pets"));
    let added = c
        .add_rules([tweetstream::rules::NewRule::new("tea").tag("drinks")])
        .await
        .expect("add, answered then reset");
    assert_eq!(added.data[0].value, "tea");
    assert_eq!(c.get_rules(&[]).await.expect("list, HTTP/1.0").len(), 2);
    let e = c.get_rules(&[]).await.unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::Unauthorized, "{e}");
    assert_eq!(e.problem().unwrap().title, "Unauthorized");
    let e = c.get_rules(&[]).await.unwrap_err();
    assert!(
        e.kind() == tweetstream::ErrorKind::ServerError && e.status() == Some(503),
        "{e}"
    );
    let seen = server.requests().await;
    assert_eq!(seen.len(), 5, "one request per call");
    assert_eq!(seen[1].method, "POST");
    assert_eq!(seen[1].body, r#"{"add":[{"value":"tea","tag":"drinks"}]}"#);
}

/// A 429 on a rules call, from a server that closes after answering: without
/// `wait_on_rate_limit` it is the error after one request; with it, the call waits until the
/// window resets (+1 s) and tries again, at most three times, never faster.
#[tokio::test]
async fn rules_calls_wait_out_a_429_from_a_closing_server_without_a_storm() {
    support::example_binary("rules").await; // not built while this test times
    // A reset that has passed by the time it is read: each wait is the 1 s of slack.
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let limited = || {
        Answer::problem(429, "Too Many Requests")
            .header("x-rate-limit-limit", "450")
            .header("x-rate-limit-remaining", "0")
            .header("x-rate-limit-reset", &reset.to_string())
    };
    let plan = [
        limited(),
        limited().until_close(),
        Answer::json(200, &rules_page()),
        limited(),
        limited().reset_after(),
        limited().http10(),
        limited().until_close(),
    ];
    let Some(server) = PyServer::start(&plan) else {
        return;
    };
    let e = client(&server, ReconnectPolicy::default())
        .get_rules(&[])
        .await
        .unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::TooManyRequests, "{e}");
    assert_eq!(e.rate_limit().unwrap().reset, Some(reset));
    assert_eq!(
        server.requests().await.len(),
        1,
        "no wait asked for: no retry"
    );

    let waiting = StreamingClient::builder("test-token")
        .base_url(server.url())
        .wait_on_rate_limit(true)
        .build()
        .unwrap();
    let rules = waiting
        .get_rules(&[])
        .await
        .expect("waited out, then listed");
    assert_eq!(rules.len(), 2);
    let e = waiting.get_rules(&[]).await.unwrap_err();
    assert!(
        e.kind() == tweetstream::ErrorKind::TooManyRequests,
        "after three waits the 429 is the answer: {e}"
    );

    let gaps = server.gaps().await;
    eprintln!("gaps between requests, server clock: {gaps:?}");
    assert_eq!(gaps.len(), 6, "seven requests, no more");
    // Requests 2-3 and 4-7 are a wait apart (1 s: the reset has passed, plus the slack).
    for i in [1, 3, 4, 5] {
        assert!((1.0..2.5).contains(&gaps[i]), "gap {i}: {gaps:?}");
    }
}

/// The `rules` example (`cargo run --example rules -- list --base-url URL`) against the
/// closing server.
#[tokio::test]
async fn rules_example_lists_from_a_closing_server() {
    let Some(server) = PyServer::start(&[Answer::json(200, &rules_page())]) else {
        return;
    };
    let out = tokio::process::Command::new(support::example_binary("rules").await)
        .args(["list", "--base-url"])
        .arg(server.url())
        .env("X_BEARER_TOKEN", "anything")
        .output();
    let out = support::deadline::bounded("the rules example", out)
        .await
        .expect("run the rules example");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("cats OR dogs"), "{stdout}");
    assert!(stdout.contains("2 rule(s)"), "{stdout}");
    assert_eq!(server.requests().await.len(), 1);
}

/// An error status whose body is cut off by a reset is still that status, for the stream
/// and for the rules calls (the head was the answer).
#[tokio::test]
async fn a_cut_error_body_still_reports_its_status() {
    let cut = || {
        Answer::problem(503, "Service Unavailable")
            .claim_length(4096)
            .reset_after()
    };
    let Some(server) = PyServer::start(&[cut(), cut()]) else {
        return;
    };
    let first = first_sample_event(&server).await;
    assert_eq!(obs(&first), "request_error 503 Some(5s)");
    let e = client(&server, ReconnectPolicy::default())
        .get_rules(&[])
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503), "{e}");
    assert_eq!(server.requests().await.len(), 2);
}
