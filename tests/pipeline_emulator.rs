//! The newcomer's fifth program: a test of one's own pipeline on the emulator, with a fault
//! script (a 503, then three posts and an operational disconnect) on paused time.
mod support;
use support::deadline;

use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::prelude::*;

/// The code under test: the texts of the first `n` posts tagged "coffee".
async fn coffee_posts(client: &StreamingClient, n: usize) -> Vec<String> {
    let mut tweets = client.filter(StreamParams::new()).unwrap().tweets();
    let mut texts = Vec::new();
    while texts.len() < n {
        let tweet = deadline::bounded("the next event", tweets.next())
            .await
            .expect("the stream ended");
        if tweet.rule_tags().any(|tag| tag == "coffee") {
            texts.push(tweet.text.clone());
        }
    }
    texts
}

#[tokio::test(start_paused = true)] // paused time needs tokio's `test-util` feature
async fn survives_a_503_and_a_disconnect() {
    let em = Emulator::builder().rule("coffee OR café", Some("coffee"));
    let em = em.start().await.unwrap();
    em.push_script(Script::new().status(503, problems::service_unavailable()));
    em.push_script(Script::new().tweets(3).operational_disconnect());
    let texts = coffee_posts(&em.client_builder().build().unwrap(), 5).await;
    assert_eq!(texts.len(), 5);
    assert!(em.stream_connections() >= 3); // a 503, a disconnect, then a good stream
}
