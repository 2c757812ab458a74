//! HTTPS against a local TLS server whose CA is trusted through the root-CA option.

mod support;

use support::{connection_error_then_end, until};
use tweetstream::emulator::Emulator;
use tweetstream::{ConnectionErrorKind, StreamEvent, StreamParams, StreamingClient};

#[tokio::test]
async fn streams_over_https_with_an_added_root_ca() {
    let emulator = Emulator::builder().tls(true).start().await.unwrap();
    assert!(emulator.base_url().starts_with("https://127.0.0.1:"));
    let c = StreamingClient::builder(emulator.bearer_token())
        .base_url(emulator.base_url())
        .add_root_certificate_pem(emulator.ca_pem().expect("a CA"))
        .build()
        .unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let events = until(&mut stream, |e| matches!(e, StreamEvent::Tweet(_))).await;
    assert_eq!(events[0].name(), "connected");
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_connect_error_naming_the_cause() {
    let emulator = Emulator::builder().tls(true).start().await.unwrap();
    let c = StreamingClient::builder(emulator.bearer_token())
        .base_url(emulator.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let err = connection_error_then_end(&mut stream).await;
    assert_eq!(err.kind, ConnectionErrorKind::Connect);
    assert!(
        err.message.to_lowercase().contains("certificate"),
        "{}",
        err.message
    );
}
