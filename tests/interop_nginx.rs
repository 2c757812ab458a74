//! Interop with nginx (Debian `nginx-light`, tests/support/nginx.rs) as a TLS-terminating
//! reverse proxy with `proxy_buffering off` in front of the emulator, and serving its own
//! 502 (upstream down) and 504 (upstream slow) pages.
//!
//! nginx runs on real time, so waits are not slept through: the tests check the `retry_in`
//! the policy announces, and how many requests reached nginx and the emulator.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::describe::describe as obs;
use support::nginx::Nginx;
use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::{EventStream, ReconnectPolicy, StreamEvent, StreamParams, StreamingClient};

fn client(nginx: &Nginx, token: &str, policy: ReconnectPolicy) -> StreamingClient {
    StreamingClient::builder(token)
        .base_url(nginx.url())
        .add_root_certificate_pem(&nginx.ca_pem)
        .reconnect_policy(policy)
        .build()
        .unwrap()
}

async fn all(mut stream: EventStream) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(e) = support::next_or_end(&mut stream).await {
        out.push(obs(&e));
    }
    out
}

/// Events up to `n`, then a disconnect: the stream must end at once with `Requested`.
async fn first_n_then_disconnect(mut stream: EventStream, n: usize) -> Vec<StreamEvent> {
    let mut first = Vec::new();
    for _ in 0..n {
        first.push(support::next(&mut stream).await);
    }
    stream.disconnect_handle().disconnect();
    assert_eq!(all(stream).await, ["disconnected Requested"]);
    first
}

fn tweet(id: u64) -> String {
    format!(r#"{{"data":{{"id":"{id}","text":"post {id}","edit_history_tweet_ids":["{id}"]}}}}"#)
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap()
        .port()
}

#[tokio::test]
async fn streams_through_nginx_over_tls_line_by_line() {
    let em = Emulator::start().await.unwrap();
    let Some(nginx) = Nginx::start(em.local_addr().port(), Duration::from_secs(60)).await else {
        return;
    };
    // The upstream keeps the stream open after the lines: they must come through anyway.
    em.push_script(
        Script::new()
            .keep_alive()
            .raw_line(tweet(1))
            .raw_line(tweet(2))
            .stall(),
    );
    let c = client(&nginx, em.bearer_token(), ReconnectPolicy::default());
    let first = first_n_then_disconnect(c.sample(StreamParams::new()).unwrap(), 6).await;
    assert_eq!(
        first.iter().map(obs).collect::<Vec<_>>(),
        [
            "connected 1",
            "keep_alive",
            "tweet 1",
            "response",
            "tweet 2",
            "response"
        ]
    );
    let seen = em.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/2/tweets/sample/stream");
}

/// The emulator refuses, answering on every kind of wire; nginx passes the status on
/// (on a connection it keeps): fatal statuses end the stream after one request.
#[tokio::test]
async fn fatal_statuses_through_nginx_end_the_stream_after_one_request() {
    let cases = [
        (
            401,
            Script::new().connection_close(),
            problems::unauthorized(),
        ),
        (403, Script::new().http10(), problems::unauthorized()),
        (404, Script::new(), problems::not_found()),
        (
            400,
            Script::new().connection_close().http10(),
            problems::invalid_request("x", &["y"], "refused"),
        ),
    ];
    for (status, script, body) in cases {
        // X's words come through nginx and are kept in the final reason.
        let title = serde_json::from_str::<serde_json::Value>(&body).unwrap()["title"]
            .as_str()
            .unwrap()
            .to_owned();
        let em = Emulator::start().await.unwrap();
        let Some(nginx) = Nginx::start(em.local_addr().port(), Duration::from_secs(60)).await
        else {
            return;
        };
        em.push_script(script.status(status, body));
        let c = client(&nginx, em.bearer_token(), ReconnectPolicy::default());
        assert_eq!(
            all(c.filter(StreamParams::new()).unwrap()).await,
            [
                format!("request_error {status} None"),
                format!("disconnected FatalStatus {{ status: {status} }}: {title}"),
            ]
        );
        assert_eq!(em.stream_connections(), 1, "{status}");
        assert_eq!(nginx.logged_statuses(1).await, [status]);
    }
}

#[tokio::test]
async fn rate_limits_and_server_errors_through_nginx_announce_x_waits() {
    let em = Emulator::start().await.unwrap();
    let Some(nginx) = Nginx::start(em.local_addr().port(), Duration::from_secs(60)).await else {
        return;
    };
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 300;
    em.push_script(
        Script::new()
            .connection_close()
            .header("x-rate-limit-reset", reset.to_string())
            .status(429, problems::too_many_connections()),
    );
    let c = client(&nginx, em.bearer_token(), ReconnectPolicy::default());
    let before = SystemTime::now();
    let first = first_n_then_disconnect(c.sample(StreamParams::new()).unwrap(), 1).await;
    let after = SystemTime::now();
    let StreamEvent::RequestError(err) = &first[0] else {
        panic!("{}", obs(&first[0]));
    };
    assert_eq!(err.status, 429);
    let wait = err.retry_in.unwrap();
    assert!(
        wait > Duration::from_secs(290),
        "{wait:?}: until the reset, not 60 s"
    );
    support::assert_wait_until_reset(reset, wait, before, after);

    em.push_script(
        Script::new()
            .http10()
            .status(503, problems::service_unavailable()),
    );
    let first = first_n_then_disconnect(c.sample(StreamParams::new()).unwrap(), 1).await;
    assert_eq!(obs(&first[0]), "request_error 503 Some(5s)");
    assert_eq!(em.stream_connections(), 2);
    assert_eq!(nginx.logged_statuses(2).await, [429, 503]);
}

#[tokio::test]
async fn nginx_own_502_page_when_the_upstream_is_down() {
    let Some(nginx) = Nginx::start(closed_port(), Duration::from_secs(60)).await else {
        return;
    };
    let c = client(&nginx, "test-token", ReconnectPolicy::default());
    let first = first_n_then_disconnect(c.sample(StreamParams::new()).unwrap(), 1).await;
    let StreamEvent::RequestError(err) = &first[0] else {
        panic!("{}", obs(&first[0]));
    };
    assert_eq!(
        (err.status, err.retry_in),
        (502, Some(Duration::from_secs(5)))
    );
    assert!(err.problem.is_none(), "HTML is no problem");
    // The emulator's imitation is byte for byte what nginx sends.
    assert_eq!(
        String::from_utf8_lossy(&err.body),
        problems::proxy_error_page(502)
    );

    // On the HTTP schedule, a bounded number of times.
    let policy = ReconnectPolicy::default()
        .http_backoff(Duration::from_millis(100), Duration::from_secs(10))
        .max_retries(Some(2));
    let c = client(&nginx, "test-token", policy);
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let mut waits = Vec::new();
    while let Some(e) = support::next_or_end(&mut stream).await {
        match e {
            StreamEvent::RequestError(r) if r.status == 502 => {
                waits.push(r.retry_in.map(|d| d.as_millis()));
            }
            StreamEvent::Disconnected(r) => {
                assert_eq!(
                    obs(&StreamEvent::Disconnected(r)),
                    "disconnected RetriesExhausted { attempts: 3 }"
                );
            }
            other => panic!("{}", obs(&other)),
        }
    }
    assert_eq!(waits, [Some(100), Some(200), None]);
    assert_eq!(nginx.logged_statuses(4).await, [502, 502, 502, 502]);
}

#[tokio::test]
async fn nginx_own_504_page_when_the_upstream_is_slow() {
    let em = Emulator::start().await.unwrap();
    let Some(nginx) = Nginx::start(em.local_addr().port(), Duration::from_millis(500)).await else {
        return;
    };
    // No head for an hour: nginx gives up after its read timeout and answers itself.
    em.push_script(
        Script::new()
            .delay(Duration::from_secs(3600))
            .status(503, problems::service_unavailable()),
    );
    let c = client(&nginx, em.bearer_token(), ReconnectPolicy::default());
    let first = first_n_then_disconnect(c.sample(StreamParams::new()).unwrap(), 1).await;
    let StreamEvent::RequestError(err) = &first[0] else {
        panic!("{}", obs(&first[0]));
    };
    assert_eq!(
        (err.status, err.retry_in),
        (504, Some(Duration::from_secs(5)))
    );
    assert_eq!(
        String::from_utf8_lossy(&err.body),
        problems::proxy_error_page(504)
    );
    assert_eq!(em.stream_connections(), 1);
    assert_eq!(nginx.logged_statuses(1).await, [504]);
}
