//! A combinator pipeline: tweets in batches of up to 100 (or every 5 s) to JSON lines.
//! Connection events go to `tracing`; the reason the stream ended comes at the end.
//! `X_BEARER_TOKEN=... cargo run --example pipeline_jsonl > tweets.jsonl`
use tokio_stream::StreamExt as _;
use tweetstream::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").expect("X_BEARER_TOKEN"))?;
    let mut tweets = client
        .filter(StreamParams::new().expansions([Expansion::AuthorId]))?
        .tweets();
    let batches = (&mut tweets).chunks_timeout(100, std::time::Duration::from_secs(5));
    let mut batches = std::pin::pin!(batches);
    while let Some(batch) = batches.next().await {
        for tweet in batch {
            let author = tweet.author().map(|u| &u.username);
            let tags: Vec<&str> = tweet.rule_tags().collect();
            println!(
                "{}",
                serde_json::json!({"id": tweet.id, "author": author, "text": tweet.text, "tags": tags})
            );
        }
    }
    eprintln!("ended: {:?}", tweets.disconnect_reason());
    Ok(())
}
