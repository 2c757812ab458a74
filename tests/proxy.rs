//! Streaming through a real HTTP CONNECT proxy (tinyproxy), with Basic credentials.

mod support;

use support::tinyproxy::TinyProxy;
use support::{connection_error_then_end, names, until};
use tweetstream::emulator::Emulator;
use tweetstream::{ConnectionErrorKind, StreamEvent, StreamParams, StreamingClient};

#[tokio::test]
async fn streams_through_an_authenticating_connect_proxy() {
    let proxy = TinyProxy::start(Some(("alice", "s3cret"))).await;
    let emulator = Emulator::start().await.unwrap();
    let c = StreamingClient::builder(emulator.bearer_token())
        .base_url(emulator.base_url())
        .proxy(proxy.url(Some("alice:s3cret")))
        .build()
        .unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let events = until(&mut stream, |e| matches!(e, StreamEvent::Tweet(_))).await;
    assert_eq!(names(&events)[0], "connected");
    let seen = emulator.requests();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/2/tweets/sample/stream");
    assert!(
        seen[0].headers.get("proxy-authorization").is_none(),
        "proxy credentials must stop at the proxy"
    );
}

#[tokio::test]
async fn wrong_proxy_credentials_are_a_connection_error_that_does_not_leak_them() {
    let proxy = TinyProxy::start(Some(("alice", "s3cret"))).await;
    let emulator = Emulator::start().await.unwrap();
    let c = StreamingClient::builder(emulator.bearer_token())
        .base_url(emulator.base_url())
        .proxy(proxy.url(Some("alice:WRONG-pass")))
        .max_retries(0)
        .build()
        .unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let err = connection_error_then_end(&mut stream).await;
    assert_eq!(err.kind, ConnectionErrorKind::Connect);
    assert!(!err.message.contains("WRONG-pass"), "{}", err.message);
    assert_eq!(emulator.requests().len(), 0, "nothing reached the server");
}
