//! `ClientBuilder::recover`: a reconnection after a gap asks for backfill covering it, the
//! backfill's repeats are dropped, and nothing in the gap is lost.

mod support;
use support::deadline;
use support::rfc3339;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use futures_util::StreamExt as _;
use tweetstream::emulator::{Emulator, Script};
use tweetstream::{StreamEndpoint, StreamEvent, StreamParams, StreamingClient};

fn client(em: &Emulator, recover: bool) -> StreamingClient {
    em.client_builder().recover(recover).build().unwrap()
}

/// The first connection delivers 5 posts, goes quiet for 10 s and is reset; the stream is
/// read until 20 s of posts have come after the reset. Returns every post id (repeats
/// included), the `Recovered` events and the duplicates dropped.
async fn run(em: &Emulator, recover: bool) -> (Vec<u64>, Vec<(Duration, u32)>, u64) {
    em.push_script(
        Script::new()
            .tweets(5)
            .delay(Duration::from_secs(10))
            .reset(),
    );
    let c = client(em, recover);
    let params = StreamParams::new().partition(1);
    let mut s = c.stream(StreamEndpoint::Sample10, params).unwrap();
    let (mut ids, mut recovered) = (Vec::new(), Vec::new());
    let mut second_connection_at = None;
    while let Some(e) = deadline::bounded("the next event", s.next()).await {
        match e {
            StreamEvent::Tweet(t) => ids.push(t.id.get()),
            StreamEvent::Recovered {
                gap,
                backfill_minutes,
            } => recovered.push((gap, backfill_minutes)),
            StreamEvent::Connected(i) if i.connection == 2 => {
                second_connection_at = Some(tokio::time::Instant::now());
            }
            _ => {}
        }
        if second_connection_at.is_some_and(|t| t.elapsed() > Duration::from_secs(20)) {
            break;
        }
    }
    let dropped = s.duplicates_dropped();
    (ids, recovered, dropped)
}

/// What one clean connection sees of the first 20 s of the emulator's timeline.
async fn reference(em: &Emulator, from: SystemTime) -> HashSet<u64> {
    let c = client(em, false);
    let params = StreamParams::new()
        .partition(1)
        .start_time(rfc3339(from))
        .end_time(rfc3339(from + Duration::from_secs(20)));
    let mut s = c.stream(StreamEndpoint::Sample10, params).unwrap();
    let mut ids = HashSet::new();
    while let Some(e) = deadline::bounded("the next event", s.next()).await {
        match e {
            StreamEvent::Tweet(t) => {
                ids.insert(t.id.get());
            }
            StreamEvent::Closed(_) => break,
            _ => {}
        }
    }
    ids
}

#[tokio::test(start_paused = true)]
async fn a_gap_is_backfilled_and_the_repeats_dropped() {
    let em = Emulator::start().await.unwrap();
    let t0 = SystemTime::now();
    let (ids, recovered, dropped) = run(&em, true).await;

    assert_eq!(recovered.len(), 1, "{recovered:?}");
    let (gap, minutes) = recovered[0];
    assert!(
        gap >= Duration::from_secs(10) && gap < Duration::from_secs(60),
        "{gap:?}"
    );
    assert_eq!(minutes, 1, "a 10 s gap rounds up to one minute");
    let queries: Vec<_> = em.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(queries[0].as_deref(), Some("partition=1"));
    assert_eq!(
        queries[1].as_deref(),
        Some("backfill_minutes=1&partition=1")
    );

    let unique: HashSet<u64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "a post came twice");
    assert!(
        dropped >= 5,
        "the 5 posts before the gap were replayed and dropped: {dropped}"
    );
    let window = reference(&em, t0).await;
    assert!(window.len() > 50);
    let lost: Vec<_> = window.difference(&unique).collect();
    assert!(lost.is_empty(), "lost {} posts of the gap", lost.len());
}

#[tokio::test(start_paused = true)]
async fn without_recover_the_gap_is_lost() {
    let em = Emulator::start().await.unwrap();
    let t0 = SystemTime::now();
    let (ids, recovered, dropped) = run(&em, false).await;
    assert!(recovered.is_empty());
    assert_eq!(dropped, 0);
    assert_eq!(em.requests()[1].query.as_deref(), Some("partition=1"));
    let unique: HashSet<u64> = ids.into_iter().collect();
    let window = reference(&em, t0).await;
    assert!(
        window.difference(&unique).count() > 20,
        "the control run should miss the 10 s gap"
    );
}

#[tokio::test(start_paused = true)]
async fn a_gap_after_keep_alives_alone_is_recovered_too() {
    // A sparse stream: only a keep-alive, then 100 s of silence cut by a reset. The gap
    // runs from the keep-alive (X sends in order), so it needs two minutes with the margin.
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .keep_alive()
            .delay(Duration::from_secs(100))
            .reset(),
    );
    let c = em
        .client_builder()
        .recover(true)
        .stall_timeout(Duration::from_secs(300))
        .build()
        .unwrap();
    let mut s = c
        .stream(StreamEndpoint::Labels, StreamParams::new())
        .unwrap();
    let mut recovered = None;
    while let Some(e) = deadline::bounded("the next event", s.next()).await {
        match e {
            StreamEvent::Recovered {
                backfill_minutes, ..
            } => recovered = Some(backfill_minutes),
            StreamEvent::Label(_) if recovered.is_some() => break,
            _ => {}
        }
    }
    assert_eq!(recovered, Some(2));
    assert_eq!(
        em.requests()[1].query.as_deref(),
        Some("backfill_minutes=2")
    );
}
