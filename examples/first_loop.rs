//! The canonical loop: every tweet, and every connection event with its reason (a 409 while
//! there are no rules, a 429, a dropped connection, the end).
//! `X_BEARER_TOKEN=... cargo run --example first_loop`
use futures_util::StreamExt as _;
use tweetstream::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").expect("X_BEARER_TOKEN"))?;
    let params = StreamParams::new()
        .tweet_fields([TweetField::CreatedAt, TweetField::Lang])
        .expansions([Expansion::AuthorId]);
    let mut stream = client.filter(params)?;
    while let Some(event) = stream.next().await {
        match event {
            StreamEvent::Tweet(tweet) => println!("{tweet}"),
            StreamEvent::ConnectionError(_)
            | StreamEvent::RequestError(_)
            | StreamEvent::Disconnected(_) => eprintln!("{event}"),
            _ => {}
        }
    }
    Ok(())
}
