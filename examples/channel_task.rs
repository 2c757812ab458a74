//! The stream in a spawned task feeding a channel; stopped after a minute or by Ctrl-C.
//! `X_BEARER_TOKEN=... cargo run --example channel_task`
use tweetstream::prelude::*;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").expect("X_BEARER_TOKEN"))?;
    let mut tweets = client.sample(StreamParams::new())?.tweets();
    let stop = tweets.disconnect_handle();
    let (tx, mut rx) = tokio::sync::mpsc::channel(1024);
    let task = tokio::spawn(async move {
        while let Some(tweet) = tweets.next().await {
            if tx.send(tweet).await.is_err() {
                break;
            }
        }
        tweets.disconnect_reason().cloned()
    });
    tokio::spawn(async move {
        let minute = tokio::time::sleep(std::time::Duration::from_secs(60));
        tokio::select! { _ = minute => {}, _ = tokio::signal::ctrl_c() => {} }
        stop.disconnect();
    });
    let mut count = 0;
    while let Some(tweet) = rx.recv().await {
        count += 1;
        println!("{tweet}");
    }
    let reason = task.await.expect("stream task");
    eprintln!("{count} tweets; ended: {reason:?}");
    Ok(())
}
