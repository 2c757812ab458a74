//! Shared test support: a scripted server and small helpers.
#![allow(dead_code)]

pub mod server;
pub mod tinyproxy;

use futures_util::StreamExt as _;
use tweetstream::{EventStream, StreamEvent, StreamingClient};

/// A client for `base_url` with the test token.
pub fn client(base_url: &str) -> tweetstream::ClientBuilder {
    StreamingClient::builder("test-token").base_url(base_url)
}

/// The next event, panicking if the stream ended.
pub async fn next(stream: &mut EventStream) -> StreamEvent {
    stream.next().await.expect("stream ended early")
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

/// The variant names of `events`.
pub fn names(events: &[StreamEvent]) -> Vec<&'static str> {
    events.iter().map(StreamEvent::name).collect()
}
