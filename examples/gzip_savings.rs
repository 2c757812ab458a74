//! How much bandwidth `ClientBuilder::gzip(true)` saves, on the emulator's realistic posts
//! (X's shapes, every field and expansion, or X's default fields) streamed through the
//! real client, gzip flushed line by line as a streaming server must.
//!
//! ```text
//! cargo run --example gzip_savings
//! ```

use std::time::{Duration, SystemTime};

use futures_util::StreamExt as _;
use tweetstream::emulator::*;
use tweetstream::model::Timestamp;
use tweetstream::{StreamEndpoint, StreamEvent, StreamParams, StreamingClient};

fn rfc3339(t: SystemTime) -> String {
    Timestamp::from(time::UtcDateTime::from(t)).to_string()
}

/// Streams a replayed 5-minute window of one stream with gzip; returns (items, plain, wire).
async fn measure(endpoint: StreamEndpoint, params: StreamParams) -> (u64, u64, u64) {
    let em = Emulator::start().await.expect("emulator");
    let c = StreamingClient::builder(em.bearer_token())
        .base_url(em.base_url())
        .gzip(true)
        .build()
        .expect("client");
    let now = SystemTime::now();
    let params = params
        .start_time(rfc3339(now - Duration::from_secs(360)))
        .end_time(rfc3339(now - Duration::from_secs(60)));
    let mut s = c.stream(endpoint, params).expect("stream");
    let mut items = 0;
    while let Some(e) = s.next().await {
        match e {
            StreamEvent::Response(_) => items += 1,
            StreamEvent::Disconnected(_) => break,
            _ => {}
        }
    }
    let (plain, wire) = em.feed_bytes();
    (items, plain, wire)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let full = StreamParams::new()
        .partition(1)
        .tweet_fields(TWEET_FIELDS)
        .user_fields(USER_FIELDS)
        .media_fields(MEDIA_FIELDS)
        .poll_fields(POLL_FIELDS)
        .place_fields(PLACE_FIELDS)
        .expansions(EXPANSIONS);
    let runs = [
        (
            "firehose, every field and expansion",
            StreamEndpoint::Firehose,
            full,
        ),
        (
            "firehose, X's default fields",
            StreamEndpoint::Firehose,
            StreamParams::new().partition(1),
        ),
        (
            "likes firehose",
            StreamEndpoint::LikesFirehose,
            StreamParams::new().partition(1),
        ),
        (
            "compliance (users)",
            StreamEndpoint::ComplianceUsers,
            StreamParams::new().partition(1),
        ),
    ];
    println!("| corpus | lines | bytes | gzip bytes | saved |");
    println!("|---|---:|---:|---:|---:|");
    for (name, endpoint, params) in runs {
        let (items, plain, wire) = measure(endpoint, params).await;
        let saved = 100.0 * (1.0 - wire as f64 / plain.max(1) as f64);
        println!("| {name} | {items} | {plain} | {wire} | {saved:.0}% |");
    }
}
