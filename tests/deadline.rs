//! The bound on every wait (tests/support/deadline.rs) turns a hang into a failure.

mod support;

use std::time::Duration;

use support::deadline::{TOKIO_TIME_LIMIT, bounded};
use support::server::Server;

#[tokio::test(start_paused = true)]
#[should_panic(expected = "timed out waiting for the next request")]
async fn a_wait_that_never_ends_fails_on_the_paused_clock() {
    let mut server = Server::start().await;
    // Nobody ever connects.
    let _ = server.next().await;
}

#[tokio::test(start_paused = true)]
async fn a_long_but_legitimate_wait_is_not_cut_short() {
    let start = tokio::time::Instant::now();
    let wait = Duration::from_secs(960);
    let out = bounded("a 960 s backoff", async {
        tokio::time::sleep(wait).await;
        7
    })
    .await;
    assert_eq!(out, 7);
    assert_eq!(start.elapsed(), wait);
    assert!(wait < TOKIO_TIME_LIMIT);
}
