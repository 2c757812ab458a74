//! `ClientBuilder::gzip`: `Accept-Encoding: gzip`, incremental inflation, the same lines as
//! without it, the line limit on inflated bytes, and the bandwidth it saves.

mod support;
use support::deadline;
use support::rfc3339;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::emulator::Emulator;
use tweetstream::{ConnectionErrorKind, StreamEndpoint, StreamEvent, StreamParams};

/// Every field and expansion: X's heaviest payloads (3 to 6 KB a line).
fn heavy(params: StreamParams) -> StreamParams {
    use tweetstream::emulator::*;
    params
        .tweet_fields(TWEET_FIELDS)
        .user_fields(USER_FIELDS)
        .media_fields(MEDIA_FIELDS)
        .poll_fields(POLL_FIELDS)
        .place_fields(PLACE_FIELDS)
        .expansions(EXPANSIONS)
}

/// The post ids of a replayed past window, with or without gzip.
async fn window_ids(em: &Emulator, gzip: bool, window: (SystemTime, SystemTime)) -> Vec<u64> {
    let c = em.client_builder().gzip(gzip).build().unwrap();
    let params = heavy(StreamParams::new().partition(1))
        .start_time(rfc3339(window.0))
        .end_time(rfc3339(window.1));
    let mut s = c.stream(StreamEndpoint::Firehose, params).unwrap();
    let mut ids = Vec::new();
    while let Some(e) = bounded("the next event", s.next()).await {
        match e {
            StreamEvent::Tweet(t) => ids.push(t.id.get()),
            StreamEvent::Undecodable(u) => panic!("{u:?}"),
            StreamEvent::ConnectionError(e) => panic!("{e:?}"),
            _ => {}
        }
    }
    ids
}

#[tokio::test(start_paused = true)]
async fn gzip_delivers_the_same_lines_for_a_fraction_of_the_bytes() {
    let em = Emulator::start().await.unwrap();
    let now = SystemTime::now();
    let window = (
        now - Duration::from_secs(300),
        now - Duration::from_secs(60),
    );
    let plain = window_ids(&em, false, window).await;
    let (plain_bytes, wire) = em.feed_bytes();
    assert_eq!(plain_bytes, wire, "nothing compressed without gzip");
    let zipped = window_ids(&em, true, window).await;
    let (all_plain, all_wire) = em.feed_bytes();
    let (gz_plain, gz_wire) = (all_plain - plain_bytes, all_wire - wire);

    assert!(plain.len() > 100, "{}", plain.len());
    assert_eq!(
        plain, zipped,
        "gzip changes nothing but the bytes on the wire"
    );
    assert_eq!(plain.iter().collect::<HashSet<_>>().len(), plain.len());
    let requests = em.requests();
    assert!(requests[0].headers.get("accept-encoding").is_none());
    assert_eq!(requests[1].headers["accept-encoding"], "gzip");
    // Flushed line by line (so nothing waits), gzip still saves well over half.
    assert!(
        gz_wire * 2 < gz_plain,
        "gzip sent {gz_wire} bytes for {gz_plain}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_line_limit_counts_inflated_bytes() {
    let em = Emulator::start().await.unwrap();
    let c = em
        .client_builder()
        .gzip(true)
        .max_line_bytes(1500)
        .max_retries(0)
        .build()
        .unwrap();
    let mut s = c
        .stream(
            StreamEndpoint::Firehose,
            heavy(StreamParams::new().partition(2)),
        )
        .unwrap();
    let mut too_long = false;
    while let Some(e) = bounded("the next event", s.next()).await {
        if let StreamEvent::ConnectionError(e) = e {
            too_long = e.kind == ConnectionErrorKind::LineTooLong;
            break;
        }
    }
    assert!(
        too_long,
        "a 3 KB line must trip a 1500-byte limit, compressed or not"
    );
}

#[tokio::test(start_paused = true)]
async fn gzip_works_on_the_sample_stream_in_tiny_chunks() {
    use tweetstream::emulator::{ChunkPattern, Script};
    let em = Emulator::start().await.unwrap();
    // Compressed bytes cut into 3-byte chunks: inflation must be incremental.
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::Fixed(3))
            .tweets(20)
            .keep_alive()
            .close(),
    );
    let c = em.client_builder().gzip(true).build().unwrap();
    let mut s = c
        .sample(StreamParams::new().tweet_fields(["lang", "created_at"]))
        .unwrap();
    let (mut tweets, mut keep_alives) = (0, 0);
    while let Some(e) = bounded("the next event", s.next()).await {
        match e {
            StreamEvent::Tweet(t) => {
                assert!(t.lang.is_some());
                tweets += 1;
            }
            StreamEvent::KeepAlive => keep_alives += 1,
            StreamEvent::Closed(_) => break,
            StreamEvent::Undecodable(u) => panic!("{u:?}"),
            StreamEvent::ConnectionError(e) => panic!("{e:?}"),
            _ => {}
        }
    }
    assert_eq!((tweets, keep_alives), (20, 1));
    assert_eq!(em.requests()[0].headers["accept-encoding"], "gzip");
}
