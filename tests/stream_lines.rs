//! Lines reach the consumer whole, in order, whatever the chunking; bad lines come back raw.

mod support;

use support::server::Server;
use support::{client, names, next, spawn_until};
use tweetstream::{LineError, StreamEvent, StreamParams};

fn tweet(id: u64, text: &str) -> String {
    format!(
        r#"{{"data":{{"id":"{id}","text":"{text}","edit_history_tweet_ids":["{id}"]}},"matching_rules":[{{"id":"1","tag":"t"}}]}}"#
    )
}

#[tokio::test]
async fn lines_split_byte_by_byte_arrive_whole_and_crlf_keep_alives_count_once() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Closed(_)));
    let feed = server.next().await.stream();
    let body = format!(
        "{}\r\n\r\n{}\r\n\r\n",
        tweet(1, "héllo wörld ✓ 🐦"),
        tweet(2, "second")
    );
    assert!(feed.bytewise(body.as_bytes()).await);
    // A keep-alive whose \r and \n arrive in different chunks, then a tweet split at \r|\n.
    assert!(feed.chunk("\r").await);
    assert!(feed.chunk("\n").await);
    let third = tweet(3, "third");
    assert!(feed.chunk(format!("{third}\r")).await);
    assert!(feed.chunk("\n").await);
    feed.end();
    let (_stream, events) = consumer.await.unwrap();
    let tweets: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Tweet(t) => Some(t.text.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(tweets, ["héllo wörld ✓ 🐦", "second", "third"]);
    let keep_alives = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::KeepAlive))
        .count();
    assert_eq!(keep_alives, 3);
    assert_eq!(
        names(&events),
        [
            "connected",
            "tweet",
            "matching_rules",
            "response",
            "keep_alive",
            "tweet",
            "matching_rules",
            "response",
            "keep_alive",
            "keep_alive",
            "tweet",
            "matching_rules",
            "response",
            "closed"
        ]
    );
}

#[tokio::test]
async fn bad_json_and_bad_utf8_lines_come_back_raw_and_the_stream_goes_on() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.sample(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Closed(_)));
    let feed = server.next().await.stream();
    let mut body = Vec::new();
    body.extend_from_slice(b"{\"data\": not json\r\n");
    body.extend_from_slice(b"{\"data\":{\"id\":\"9\",\"text\":\"\xff\xfe\"}}\r\n");
    body.extend_from_slice(b"{\"data\":{\"id\":\"oops\"}}\r\n");
    body.extend_from_slice(format!("{}\r\n", tweet(4, "after")).as_bytes());
    assert!(feed.chunk(body).await);
    feed.end();
    let (_stream, events) = consumer.await.unwrap();
    let bad: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Undecodable(u) => Some(u.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(bad.len(), 3, "{events:?}");
    assert_eq!(&bad[0].raw[..], b"{\"data\": not json");
    assert!(matches!(bad[0].reason, LineError::NotJson(_)));
    assert_eq!(
        &bad[1].raw[..],
        b"{\"data\":{\"id\":\"9\",\"text\":\"\xff\xfe\"}}"
    );
    assert!(
        matches!(bad[1].reason, LineError::NotUtf8 { valid_up_to: 26 }),
        "{:?}",
        bad[1].reason
    );
    assert!(
        matches!(bad[2].reason, LineError::Shape(_)),
        "{:?}",
        bad[2].reason
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Tweet(t) if t.text == "after")),
        "the tweet after the bad lines must arrive: {events:?}"
    );
}

#[tokio::test]
async fn missing_and_empty_tags_are_normal() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let mut stream = c.filter(StreamParams::new()).unwrap();
    let line = r#"{"data":{"id":"5","text":"x"},"matching_rules":[{"id":"11"},{"id":"12","tag":""},{"id":"13","tag":"news"}]}"#;
    let _server_side = tokio::spawn(async move {
        let feed = server.next().await.stream();
        assert!(feed.chunk(format!("{line}\r\n")).await);
        feed.client_gone().await;
    });
    assert_eq!(next(&mut stream).await.name(), "connected");
    assert_eq!(next(&mut stream).await.name(), "tweet");
    let StreamEvent::MatchingRules(rules) = next(&mut stream).await else {
        panic!("expected matching rules");
    };
    let tags: Vec<Option<&str>> = rules.iter().map(|r| r.tag.as_deref()).collect();
    assert_eq!(tags, [None, Some(""), Some("news")]);
    let ids: Vec<String> = rules.iter().map(|r| r.id.to_string()).collect();
    assert_eq!(ids, ["11", "12", "13"]);
    let StreamEvent::Response(response) = next(&mut stream).await else {
        panic!("expected the response");
    };
    assert_eq!(&response.bytes()[..], line.as_bytes());
}

#[tokio::test]
async fn raw_mode_hands_out_lines_as_received_and_checks_an_unterminated_tail() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.sample(StreamParams::new()).unwrap().raw();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Closed(_)));
    let feed = server.next().await.stream();
    let first = r#"{"data":{"id":"1","text":"é"},"x-unknown":[1,2]}"#;
    // The last line is complete JSON but unterminated: it still counts, validated only.
    let tail = r#"{"data":{"id":"2","text":"end"}}"#;
    assert!(feed.chunk(format!("{first}\r\n\r\n{{oops\r\n{tail}")).await);
    feed.end();
    let (_stream, events) = consumer.await.unwrap();
    assert_eq!(
        names(&events),
        [
            "connected",
            "raw",
            "keep_alive",
            "undecodable",
            "raw",
            "closed"
        ]
    );
    let StreamEvent::Raw(line) = &events[1] else {
        unreachable!()
    };
    assert_eq!(&line[..], first.as_bytes());
    let StreamEvent::Raw(line) = &events[4] else {
        unreachable!()
    };
    assert_eq!(&line[..], tail.as_bytes());
}
