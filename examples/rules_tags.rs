//! Rules sync, then per-tag counts over the next 1,000 tweets.
//! `X_BEARER_TOKEN=... cargo run --example rules_tags`
use std::collections::HashMap;
use tweetstream::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let token = std::env::var("X_BEARER_TOKEN").expect("X_BEARER_TOKEN");
    let client = StreamingClient::builder(token)
        .wait_on_rate_limit(true)
        .build()?;
    let desired = [
        NewRule::new("cats has:images").tag("cats"),
        NewRule::new("dogs has:images").tag("dogs"),
    ];
    println!("{}", client.sync_rules(desired).await?); // kept 0, deleted 1, created 2; refused: ...
    let mut tweets = client.filter(StreamParams::new())?.tweets();
    let mut counts = HashMap::<String, usize>::new();
    for _ in 0..1000 {
        let Some(tweet) = tweets.next().await else {
            break;
        };
        for tag in tweet.rule_tags() {
            *counts.entry(tag.to_owned()).or_default() += 1;
        }
    }
    println!("{counts:?}; ended: {:?}", tweets.disconnect_reason());
    Ok(())
}
