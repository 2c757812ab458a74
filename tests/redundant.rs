//! `StreamingClient::redundant`: n connections merged, each line once, and losing one
//! connection loses nothing.

mod support;
use support::deadline;
use support::rfc3339;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use futures_util::StreamExt as _;
use tweetstream::emulator::{Emulator, Script};
use tweetstream::{ConnectionErrorKind, StreamEndpoint, StreamEvent, StreamParams};

fn key(e: &StreamEvent) -> Option<String> {
    match e {
        StreamEvent::Label(l) => Some(serde_json::to_string(&**l).unwrap()),
        _ => None,
    }
}

#[tokio::test(start_paused = true)]
async fn losing_one_connection_loses_nothing() {
    let em = Emulator::start().await.unwrap();
    let t0 = SystemTime::now();
    // One of the two connections goes silent at once; the client notices after its 30 s
    // stall timeout and reconnects, while the other connection carries everything.
    em.push_script(Script::new().stall());
    let c = em.client_builder().build().unwrap();
    let mut s = c
        .redundant(StreamEndpoint::Labels, StreamParams::new(), 2)
        .unwrap();
    assert!(c.is_streaming());
    let start = tokio::time::Instant::now();
    let (mut got, mut all) = (HashSet::new(), 0);
    let mut stalled = false;
    while let Some(e) = deadline::bounded("the next event", s.next()).await {
        if let Some(k) = key(&e) {
            all += 1;
            got.insert(k);
        }
        if let StreamEvent::ConnectionError(e) = &e {
            stalled |= e.kind == ConnectionErrorKind::Stall;
        }
        if start.elapsed() > Duration::from_secs(45) {
            break;
        }
    }
    assert!(stalled, "one connection was lost");
    assert!(s.connections() >= 3, "and remade: {}", s.connections());
    assert_eq!(all, got.len(), "a label came twice");
    assert!(s.duplicates_dropped() > 100, "{}", s.duplicates_dropped());
    drop(s);
    assert!(!c.is_streaming(), "dropping the group frees the client");

    // Everything in the first 40 s of the timeline came through.
    let other = em.client_builder().build().unwrap();
    let params = StreamParams::new()
        .start_time(rfc3339(t0 + Duration::from_secs(1)))
        .end_time(rfc3339(t0 + Duration::from_secs(40)));
    let mut reference = other.stream(StreamEndpoint::Labels, params).unwrap();
    let mut want = HashSet::new();
    while let Some(e) = deadline::bounded("the next event", reference.next()).await {
        if let Some(k) = key(&e) {
            want.insert(k);
        }
        if matches!(e, StreamEvent::Closed(_)) {
            break;
        }
    }
    assert!(want.len() > 350, "{}", want.len());
    assert_eq!(want.difference(&got).count(), 0, "lost labels");
}

#[tokio::test]
async fn the_group_is_the_clients_one_stream_and_n_is_checked() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    for n in [0, 9] {
        let e = c
            .redundant(StreamEndpoint::Labels, StreamParams::new(), n)
            .unwrap_err();
        assert_eq!(e.parameter_name(), Some("n"));
    }
    let e = c
        .redundant(StreamEndpoint::Firehose, StreamParams::new(), 2)
        .unwrap_err();
    assert_eq!(e.parameter_name(), Some("partition"));
    let g = c
        .redundant(StreamEndpoint::Labels, StreamParams::new(), 2)
        .unwrap();
    assert!(
        c.stream(StreamEndpoint::Labels, StreamParams::new())
            .is_err()
    );
    drop(g);
    assert!(
        c.stream(StreamEndpoint::Labels, StreamParams::new())
            .is_ok()
    );
    assert!(em.requests().is_empty(), "nothing connects until polled");
}
