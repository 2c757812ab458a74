//! Streaming through a real HTTP CONNECT proxy (tinyproxy), with Basic credentials.

mod support;

use support::tinyproxy::TinyProxy;
use support::{connection_error_then_end, names, until};
use tweetstream::emulator::{Emulator, Rate};
use tweetstream::{ConnectionErrorKind, StreamEvent, StreamParams, StreamingClient};

#[tokio::test]
async fn streams_through_an_authenticating_connect_proxy() {
    let Some(proxy) = TinyProxy::start(Some(("alice", "s3cret"))).await else {
        return;
    };
    // As fast as read: tinyproxy is another process, so this test runs on the real clock,
    // and the first post should not wait for the default rate's timer.
    let emulator = Emulator::builder()
        .rate(Rate::AsFastAsRead)
        .start()
        .await
        .unwrap();
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
    let Some(proxy) = TinyProxy::start(Some(("alice", "s3cret"))).await else {
        return;
    };
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

/// The proxy helper's port race: a port taken by another listener before tinyproxy binds it
/// is detected (tinyproxy exits), not mistaken for a running proxy, and `start` retries on
/// a fresh port. The first port tried is the taken one, so the retry really runs.
#[tokio::test]
async fn a_taken_port_is_detected_and_not_mistaken_for_the_proxy() {
    let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = squatter.local_addr().unwrap().port();
    let mut tried = Vec::new();
    let ports = std::iter::once(taken)
        .chain(std::iter::repeat_with(support::tinyproxy::free_port))
        .inspect(|p| tried.push(*p));
    let Some(proxy) = TinyProxy::start_trying(ports, None).await else {
        return; // tinyproxy is not installed
    };
    assert_eq!(tried[0], taken);
    assert!(tried.len() >= 2, "no retry after the taken port: {tried:?}");
    assert_eq!(proxy.port, *tried.last().unwrap());
    assert_ne!(proxy.port, taken);
    assert!(TinyProxy::start_on(taken, None).await.is_none());
    drop(squatter);
}
