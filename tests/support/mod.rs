//! Delivered test support: a scripted server and small helpers.
#![allow(dead_code)]

pub mod capture;
pub mod deadline;
pub mod describe;
pub mod external;
pub mod framing_model;
pub mod hostile;
pub mod nats;
pub mod nginx;
pub mod pyserver;
pub mod raw_http;
pub mod server;
pub mod tinyproxy;
pub mod validate_contract;

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::{EventStream, StreamEvent, StreamingClient};

/// A client for `base_url` with the test token.
pub fn client(base_url: &str) -> tweetstream::ClientBuilder {
    StreamingClient::builder("test-token").base_url(base_url)
}

/// The next event or the stream's end, panicking if neither comes in time.
pub async fn next_or_end(stream: &mut EventStream) -> Option<StreamEvent> {
    bounded("the next event", stream.next()).await
}

/// The next event, panicking if the stream ended (or nothing comes in time).
pub async fn next(stream: &mut EventStream) -> StreamEvent {
    next_or_end(stream).await.expect("stream ended early")
}

/// Events until (and including) the first one `stop` accepts.
pub async fn until(
    stream: &mut EventStream,
    mut stop: impl FnMut(&StreamEvent) -> bool,
) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    loop {
        let ev = next(stream).await;
        let done = stop(&ev);
        out.push(ev);
        if done {
            return out;
        }
    }
}

/// Consumes `stream` on its own task until `stop` accepts an event; yields the stream back
/// with what it saw, so the test can play the server meanwhile.
pub fn spawn_until(
    mut stream: EventStream,
    stop: impl FnMut(&StreamEvent) -> bool + Send + 'static,
) -> tokio::task::JoinHandle<(EventStream, Vec<StreamEvent>)> {
    tokio::spawn(async move {
        let events = until(&mut stream, stop).await;
        (stream, events)
    })
}

/// Consumes `stream` on its own task to its end.
pub fn spawn_all(mut stream: EventStream) -> tokio::task::JoinHandle<Vec<StreamEvent>> {
    tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(e) = next_or_end(&mut stream).await {
            events.push(e);
        }
        events
    })
}

/// Whether `e` is the `Connected` event of the `n`th connection.
pub fn connection(n: u64) -> impl FnMut(&StreamEvent) -> bool + Send + 'static {
    move |e| matches!(e, StreamEvent::Connected(c) if c.connection == n)
}

/// The one `ConnectionError` of a stream that may not retry (`max_retries(0)`), after which
/// the stream must end with `Disconnected`.
pub async fn connection_error_then_end(stream: &mut EventStream) -> tweetstream::ConnectionError {
    let StreamEvent::ConnectionError(err) = next(stream).await else {
        panic!("expected a connection error");
    };
    assert!(matches!(next(stream).await, StreamEvent::Disconnected(_)));
    assert!(
        next_or_end(stream).await.is_none(),
        "the stream ends after Disconnected"
    );
    err
}

/// The variant names of `events`.
pub fn names(events: &[StreamEvent]) -> Vec<&'static str> {
    events.iter().map(StreamEvent::name).collect()
}

/// Asserts that `wait` is the time from an instant between `before` and `after` (the wall
/// clock read around the request) until `reset` (Unix seconds): what a client that read the
/// clock while answering announces, however long the machine took to get there.
pub fn assert_wait_until_reset(
    reset: u64,
    wait: std::time::Duration,
    before: std::time::SystemTime,
    after: std::time::SystemTime,
) {
    let at = std::time::UNIX_EPOCH + std::time::Duration::from_secs(reset);
    let longest = at
        .duration_since(before)
        .expect("reset ahead of the request");
    let shortest = at.duration_since(after).unwrap_or_default();
    assert!(
        (shortest..=longest).contains(&wait),
        "waits {wait:?}, not between {shortest:?} and {longest:?}"
    );
}

/// `t` as RFC 3339 with X's millisecond precision, as `start_time`/`end_time` take it.
pub fn rfc3339(t: std::time::SystemTime) -> String {
    tweetstream::model::Timestamp::from(time::UtcDateTime::from(t)).to_string()
}

/// The executable of the root package's example `name` (`cargo build --example NAME`),
/// built once per test binary and name. Tests that time gaps on the real clock wait for it
/// first, so that the build (both cores, tens of seconds) never runs while they time.
pub async fn example_binary(name: &'static str) -> std::path::PathBuf {
    use std::sync::{Mutex, OnceLock};
    static BUILT: OnceLock<Mutex<Vec<(&'static str, std::path::PathBuf)>>> = OnceLock::new();
    let build = tokio::task::spawn_blocking(move || {
        let mut built = BUILT.get_or_init(Mutex::default).lock().unwrap();
        if let Some((_, path)) = built.iter().find(|(n, _)| *n == name) {
            return path.clone();
        }
        let out = std::process::Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--example",
                name,
                "--message-format=json",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(std::process::Stdio::inherit())
            .output()
            .expect("cargo build");
        assert!(out.status.success(), "cargo build --example {name} failed");
        let path = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
            .find_map(|m| m["executable"].as_str().map(std::path::PathBuf::from))
            .expect("cargo named the example's executable");
        built.push((name, path.clone()));
        path
    });
    tokio::time::timeout(std::time::Duration::from_secs(900), build)
        .await
        .unwrap_or_else(|_| panic!("building the {name} example took over 15 minutes"))
        .unwrap()
}
