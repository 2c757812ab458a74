//! HTTPS against a local TLS server whose CA is trusted through the root-CA option.

mod support;

use std::time::Duration;

use support::{connection_error_then_end, next_or_end, until};
use tweetstream::emulator::Emulator;
use tweetstream::{
    ConnectionErrorKind, DisconnectReason, StreamEvent, StreamParams, StreamingClient,
};

// Paused clock: the emulator's default 10 posts a second cost no wall-clock time.
#[tokio::test(start_paused = true)]
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

/// A TLS failure (here an untrusted certificate) is a network failure: retried at once, then
/// 250 ms more per attempt, never on the slower HTTP schedule and never fatal.
#[tokio::test(start_paused = true)]
async fn tls_failures_are_retried_on_the_network_schedule() {
    let emulator = Emulator::builder().tls(true).start().await.unwrap();
    let c = StreamingClient::builder(emulator.bearer_token())
        .base_url(emulator.base_url())
        .max_retries(3)
        .build()
        .unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let mut errors = Vec::new();
    let mut last = None;
    while let Some(event) = next_or_end(&mut stream).await {
        match event {
            StreamEvent::ConnectionError(e) => errors.push((tokio::time::Instant::now(), e)),
            other => last = Some(other),
        }
    }
    assert!(
        matches!(
            last,
            Some(StreamEvent::Disconnected(
                DisconnectReason::RetriesExhausted { attempts: 4 }
            ))
        ),
        "{last:?}"
    );
    let ms = Duration::from_millis;
    let retry_in: Vec<Option<Duration>> = errors.iter().map(|(_, e)| e.retry_in).collect();
    assert_eq!(retry_in, [Some(ms(0)), Some(ms(250)), Some(ms(500)), None]);
    let gaps: Vec<Duration> = errors.windows(2).map(|w| w[1].0 - w[0].0).collect();
    assert_eq!(gaps, [ms(0), ms(250), ms(500)]);
    for (_, e) in &errors {
        assert_eq!(e.kind, ConnectionErrorKind::Connect);
        assert!(
            e.message.to_lowercase().contains("certificate"),
            "{}",
            e.message
        );
    }
    assert!(emulator.requests().is_empty(), "no request got through TLS");
}
