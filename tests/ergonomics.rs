//! The first-hour API against the emulator: `tweets()` and its end, the tweet shortcuts,
//! `Display` with X's specifics, and names checked before any request.

mod support;
use support::deadline;

use futures_util::StreamExt as _;
use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::prelude::*;

#[tokio::test(start_paused = true)]
async fn tweets_only_then_the_reason_it_ended() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(2).raw_line("not json").close());
    em.push_script(Script::new().status(401, problems::unauthorized()));
    let client = em.client_builder().build().unwrap();
    let params = StreamParams::new().expansions([Expansion::AuthorId]);
    let mut tweets = client.sample(params).unwrap().tweets();
    let mut got = Vec::new();
    while let Some(tweet) = deadline::bounded("the next event", tweets.next()).await {
        assert!(tweets.disconnect_reason().is_none());
        let author = tweet.author().expect("author_id was expanded");
        assert_eq!(Some(author.id), tweet.author_id);
        assert!(tweet.includes().is_some());
        assert_eq!(tweet.matching_rules(), []); // the sample stream matches no rules
        let shown = tweet.to_string();
        assert_eq!(
            shown,
            format!("{} @{}: {}", tweet.id, author.username, tweet.text)
        );
        // A clone shares the decoded line (no copy); `into_owned` detaches the post, which
        // is the one the raw line holds.
        let copy = tweet.clone();
        assert!(std::sync::Arc::ptr_eq(copy.line(), tweet.line()));
        let from_raw: tweetstream::model::StreamLine =
            serde_json::from_slice(tweet.line().bytes()).unwrap();
        assert_eq!(Some(copy.into_owned()), from_raw.data);
        got.push(tweet);
    }
    assert_eq!(got.len(), 2, "the undecodable line is logged, not yielded");
    assert!(matches!(
        tweets.disconnect_reason(),
        Some(DisconnectReason::FatalStatus { status: 401, .. })
    ));
}

#[tokio::test(start_paused = true)]
async fn rule_tags_and_ids_come_from_the_line() {
    let em = Emulator::builder().rule("coffee OR café", Some("coffee"));
    let em = em.start().await.unwrap();
    let client = em.client_builder().build().unwrap();
    let mut events = client.filter(StreamParams::new()).unwrap();
    let tweet = loop {
        let event = deadline::bounded("the next event", events.next())
            .await
            .expect("a tweet before the end");
        if let Some(tweet) = event.into_tweet() {
            break tweet;
        }
    };
    assert_eq!(tweet.rule_tags().collect::<Vec<_>>(), ["coffee"]);
    let (id, _, _) = &em.rules()[0];
    assert_eq!(
        tweet.rule_ids().map(|r| r.to_string()).collect::<Vec<_>>(),
        [id.as_str()]
    );
    assert_eq!(tweet.referenced().count(), tweet.referenced_tweets().len());
}

#[tokio::test]
async fn a_misspelt_name_is_refused_before_any_request() {
    let em = Emulator::start().await.unwrap();
    let client = em.client_builder().build().unwrap();
    let e = client
        .sample(StreamParams::new().expansions(["author"]))
        .unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::InvalidParameter);
    assert_eq!(e.parameter_name(), Some("expansions"));
    assert!(e.to_string().contains("did you mean \"author_id\""), "{e}");
    assert_eq!(em.stream_connections(), 0);
}

#[tokio::test]
async fn an_allowed_unknown_name_is_sent_and_x_specifics_show_in_display() {
    let em = Emulator::start().await.unwrap();
    let client = em.client_builder().build().unwrap();
    let params = StreamParams::new()
        .tweet_fields(["views_breakdown"])
        .allow_unknown_fields();
    let mut events = client.sample(params).unwrap();
    let mut shown = Vec::new();
    while let Some(event) = deadline::bounded("the next event", events.next()).await {
        shown.push(event.to_string());
    }
    assert_eq!(em.stream_connections(), 1);
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(
        shown[0].starts_with("request error: HTTP 400: Invalid Request: ")
            && shown[0].contains("[views_breakdown] is not one of")
            && shown[0].ends_with("; not retrying"),
        "{}",
        shown[0]
    );
    assert!(
        shown[1].starts_with("disconnected: the server answered 400"),
        "{}",
        shown[1]
    );
}

#[tokio::test(start_paused = true)]
async fn a_streamed_tweet_debugs_compactly() {
    let em = Emulator::start().await.unwrap();
    em.push_script(Script::new().tweets(1).close());
    let client = em.client_builder().build().unwrap();
    let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    let tweet = deadline::bounded("the next event", tweets.next())
        .await
        .unwrap();
    let debug = format!("{tweet:?}");
    assert!(debug.starts_with("Tweet {\"id\":"), "{debug}");
    assert!(
        !debug.contains("None") && !debug.contains("null"),
        "{debug}"
    );
}
