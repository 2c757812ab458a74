//! Every wait for an event is bounded, so a regression fails the test with a message
//! instead of hanging CI. Delivered by `tests/support` and `tests/emulator_support`.
//!
//! Two limits, because the suite runs on both clocks: on tokio's paused clock a hang makes
//! the runtime idle, so time auto-advances to the next timer; a one-second tick keeps one
//! armed and the virtual limit is reached within milliseconds of real time. On the real
//! clock the wall-clock limit applies. Each is far above the longest legitimate wait
//! (X's rate-limit backoff caps at 960 s of tokio time; no real-time test waits seconds).

use std::future::Future;
use std::time::Duration;

/// The longest a single wait may take on tokio's clock.
pub const TOKIO_TIME_LIMIT: Duration = Duration::from_secs(2 * 3600);
/// The longest a single wait may take on the wall clock.
pub const WALL_CLOCK_LIMIT: Duration = Duration::from_secs(60);

/// `fut`'s output, or a panic naming `what` once either limit has passed.
pub async fn bounded<T>(what: &str, fut: impl Future<Output = T>) -> T {
    let wall_start = std::time::Instant::now();
    let tokio_start = tokio::time::Instant::now();
    let mut fut = std::pin::pin!(fut);
    loop {
        tokio::select! {
            biased;
            out = &mut fut => return out,
            () = tokio::time::sleep(Duration::from_secs(1)) => {
                let (wall, tokio) = (wall_start.elapsed(), tokio_start.elapsed());
                assert!(
                    wall < WALL_CLOCK_LIMIT && tokio < TOKIO_TIME_LIMIT,
                    "timed out waiting for {what} ({wall:?} wall clock, {tokio:?} tokio time)"
                );
            }
        }
    }
}
