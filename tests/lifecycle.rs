//! Starting, refusing, disconnecting and dropping streams.

mod support;

use futures_util::StreamExt as _;
use support::server::Server;
use support::{client, names, next};
use tweetstream::{DisconnectReason, EventStream, StreamEvent, StreamParams, StreamingClient};

static_assertions::assert_impl_all!(EventStream: Send, Unpin, futures_core::Stream<Item = StreamEvent>);
static_assertions::assert_impl_all!(StreamingClient: Send, Sync, Clone);
static_assertions::assert_impl_all!(tweetstream::Error: Send, Sync, std::error::Error);
static_assertions::assert_impl_all!(StreamEvent: Send, Sync, Clone);
const _: fn() = || {
    fn is_static<T: 'static>() {}
    is_static::<EventStream>();
};

#[tokio::test]
async fn the_request_line_carries_path_query_authorization_and_user_agent() {
    let mut server = Server::start().await;
    let c = client(&server.url())
        .user_agent("probe/1.0")
        .build()
        .unwrap();
    let params = StreamParams::new()
        .backfill_minutes(3)
        .expansions(["author_id", "attachments.media_keys"])
        .tweet_fields([
            tweetstream::model::TweetField::CreatedAt,
            tweetstream::model::TweetField::Lang,
        ])
        .user_fields(["username"]);
    let mut stream = c.filter(params).unwrap();
    let poll = tokio::spawn(async move { next(&mut stream).await });
    let p = server.next().await;
    assert_eq!(p.seen.method, "GET");
    assert_eq!(p.seen.path, "/2/tweets/search/stream");
    assert_eq!(
        p.seen.query.as_deref(),
        Some(
            "backfill_minutes=3&expansions=author_id,attachments.media_keys&tweet.fields=created_at,lang&user.fields=username"
        )
    );
    assert_eq!(p.seen.headers["authorization"], "Bearer test-token");
    assert_eq!(p.seen.headers["user-agent"], "probe/1.0");
    assert_eq!(p.seen.headers["host"], server.addr.to_string().as_str());
    let _feed = p.stream();
    assert_eq!(poll.await.unwrap().name(), "connected");

    let c = client(&server.url()).build().unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let poll = tokio::spawn(async move { next(&mut stream).await });
    let p = server.next().await;
    assert_eq!(p.seen.path, "/2/tweets/sample/stream");
    assert_eq!(p.seen.query, None);
    assert_eq!(
        p.seen.headers["user-agent"],
        concat!("tweetstream/", env!("CARGO_PKG_VERSION"))
    );
    let _feed = p.stream();
    poll.await.unwrap();
}

#[tokio::test]
async fn bad_parameters_are_refused_before_any_request() {
    let server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let e = c
        .filter(StreamParams::new().backfill_minutes(9))
        .unwrap_err();
    assert_eq!(e.parameter_name(), Some("backfill_minutes"));
    let e = c
        .sample(StreamParams::new().tweet_fields(["lang&x=y"]))
        .unwrap_err();
    assert_eq!(e.parameter_name(), Some("tweet.fields"));
    assert!(server.seen().is_empty());
    assert!(!c.is_streaming());
}

#[tokio::test]
async fn a_second_stream_is_refused_until_the_first_is_dropped() {
    let server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let first = c.filter(StreamParams::new()).unwrap();
    let clone = c.clone();
    let e = clone.sample(StreamParams::new()).unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::AlreadyConnected, "{e}");
    assert!(c.is_streaming());
    drop(first);
    assert!(!c.is_streaming());
    let _second = clone.sample(StreamParams::new()).unwrap();
}

#[tokio::test]
async fn dropping_the_stream_closes_the_connection_at_once_and_leaves_no_task() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let tasks_before = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    let mut stream = c.filter(StreamParams::new()).unwrap();
    let (stream_back, feed) = tokio::join!(
        async move {
            assert_eq!(next(&mut stream).await.name(), "connected");
            assert_eq!(next(&mut stream).await.name(), "keep_alive");
            stream
        },
        async {
            let feed = server.next().await.stream();
            assert!(feed.chunk("\r\n").await);
            feed
        }
    );
    // The server side runs a task per connection; the client runs none.
    let tasks_live = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    drop(stream_back);
    feed.client_gone().await;
    assert!(!feed.chunk("\r\n").await, "the server can no longer write");
    assert!(!c.is_streaming());
    // Only the server's own tasks (accept loop and the connection task) ever existed.
    assert_eq!(tasks_live, tasks_before + 1, "the client spawned a task");
}

#[tokio::test]
async fn the_disconnect_handle_ends_the_stream_from_another_task() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let mut stream = c.filter(StreamParams::new()).unwrap();
    let handle = stream.disconnect_handle();
    let consumer = tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(e) = support::deadline::bounded("the next event", stream.next()).await {
            let connected = matches!(e, StreamEvent::Connected(_));
            events.push(e);
            if connected {
                handle.disconnect();
            }
        }
        events
    });
    let feed = server.next().await.stream();
    let events = consumer.await.unwrap();
    assert_eq!(names(&events), ["connected", "disconnected"]);
    assert!(matches!(
        events[1],
        StreamEvent::Disconnected(DisconnectReason::Requested)
    ));
    feed.client_gone().await;
    assert!(!c.is_streaming());

    // tweepy's client.disconnect() does the same for the client's live stream.
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let c2 = c.clone();
    let consumer = tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(e) = support::deadline::bounded("the next event", stream.next()).await {
            if matches!(e, StreamEvent::Connected(_)) {
                c2.disconnect();
            }
            events.push(e);
        }
        events
    });
    let _feed = server.next().await.stream();
    let events = consumer.await.unwrap();
    assert_eq!(names(&events), ["connected", "disconnected"]);
}
