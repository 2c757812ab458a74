//! X's waits when every answer is followed by a close (`Connection: close`, or HTTP/1.0),
//! on paused time: the exact events and the gaps between requests on the emulator's clock.

mod support;
use support::deadline;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt as _;
use tokio::time::Instant;
use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::{DisconnectReason, StreamEvent, StreamParams};

fn obs(e: &StreamEvent) -> String {
    match e {
        StreamEvent::Connected(c) => format!("connected {}", c.connection),
        StreamEvent::RequestError(r) => format!("request_error {} {:?}", r.status, r.retry_in),
        StreamEvent::Disconnected(DisconnectReason::FatalStatus {
            status, problem, ..
        }) => {
            let title = problem.as_ref().map(|p| p.title.as_str());
            format!("disconnected FatalStatus {status}: {title:?}")
        }
        StreamEvent::Disconnected(r) => format!("disconnected {r:?}"),
        other => other.name().to_owned(),
    }
}

/// Plays `scripts`, consumes the stream until `n_events` events (disconnecting then) or
/// its end, and returns the events and the gaps between the requests.
async fn play(scripts: Vec<Script>, n_events: Option<usize>) -> (Vec<String>, Vec<Duration>) {
    let em = Arc::new(Emulator::start().await.unwrap());
    let n = scripts.len();
    for s in scripts {
        em.push_script(s);
    }
    let times = Arc::new(Mutex::new(Vec::new()));
    let watcher = {
        let (em, times) = (Arc::clone(&em), Arc::clone(&times));
        tokio::spawn(async move {
            for k in 1..=n {
                em.wait_for_stream_connections(k).await;
                times.lock().unwrap().push(Instant::now());
            }
        })
    };
    let client = em.client_builder().build().unwrap();
    let mut stream = client.sample(StreamParams::new()).unwrap();
    let handle = stream.disconnect_handle();
    let mut events = Vec::new();
    while let Some(e) = deadline::bounded("the next event", stream.next()).await {
        events.push(obs(&e));
        if Some(events.len()) == n_events {
            handle.disconnect();
        }
    }
    watcher.await.unwrap();
    assert_eq!(
        em.stream_connections(),
        n,
        "one request per script, no more"
    );
    let times = times.lock().unwrap().clone();
    (events, times.windows(2).map(|w| w[1] - w[0]).collect())
}

#[tokio::test(start_paused = true)]
async fn fatal_statuses_then_close_end_after_one_request() {
    for (status, body) in [
        (400, problems::invalid_request("x", &["y"], "refused")),
        (401, problems::unauthorized()),
        (403, problems::unauthorized()),
        (404, problems::not_found()),
    ] {
        let closing = [Script::new().connection_close(), Script::new().http10()];
        for script in closing {
            let (events, _) = play(vec![script.status(status, body.clone())], None).await;
            // X's problem is kept: its title as the body sent it.
            let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
            let title = sent["title"].as_str().unwrap();
            assert_eq!(
                events,
                [
                    format!("request_error {status} None"),
                    format!("disconnected FatalStatus {status}: Some({title:?})"),
                ]
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn rate_limits_then_close_wait_a_minute_doubling() {
    let limited = || {
        Script::new()
            .connection_close()
            .header("x-rate-limit-reset", "0")
            .status(429, problems::too_many_connections())
    };
    let (events, gaps) = play(
        vec![
            limited(),
            limited().http10(),
            Script::new().keep_alive().stall(),
        ],
        Some(4),
    )
    .await;
    assert_eq!(
        events,
        [
            "request_error 429 Some(60s)",
            "request_error 429 Some(120s)",
            "connected 1",
            "keep_alive",
            "disconnected Requested",
        ]
    );
    assert_eq!(gaps, [Duration::from_secs(60), Duration::from_secs(120)]);
}

#[tokio::test(start_paused = true)]
async fn server_errors_and_proxy_pages_then_close_wait_5_10_20_s() {
    let (events, gaps) = play(
        vec![
            Script::new()
                .connection_close()
                .status(503, problems::service_unavailable()),
            Script::new()
                .http10()
                .html_status(502, problems::proxy_error_page(502)),
            Script::new()
                .connection_close()
                .status(409, problems::rule_configuration_issue()),
            Script::new().keep_alive().stall(),
        ],
        Some(5),
    )
    .await;
    assert_eq!(
        events,
        [
            "request_error 503 Some(5s)",
            "request_error 502 Some(10s)",
            "request_error 409 Some(20s)",
            "connected 1",
            "keep_alive",
            "disconnected Requested",
        ]
    );
    assert_eq!(
        gaps,
        [5, 10, 20].map(Duration::from_secs),
        "request gaps on the emulator's clock"
    );
}
