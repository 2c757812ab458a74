//! `wait_on_rate_limit` for the rules calls: how long to sleep after a 429.
//!
//! Only the REST calls use this; the stream connection has its own reconnect policy.

use std::time::{Duration, SystemTime};

use crate::connection::rate_limit::RateLimit;

/// At most this many 429s are waited out within one call; the next is returned as an error.
pub(crate) const MAX_RATE_LIMIT_WAITS: u32 = 3;

/// Slack added after the reset time, as tweepy does.
const SLACK: Duration = Duration::from_secs(1);

/// X's rate-limit window: a reset further away than this (a skewed clock, a bad header) is
/// not believed, and the wait is capped at one window.
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// The wait when a 429 carries no `x-rate-limit-reset`.
const WITHOUT_RESET: Duration = Duration::from_secs(60);

/// How long to sleep after a 429 before retrying: until `x-rate-limit-reset` plus one
/// second, measured against `now`; a minute without the header; never more than one
/// 15-minute window plus the second.
pub(crate) fn rate_limit_delay(rate_limit: Option<&RateLimit>, now: SystemTime) -> Duration {
    match rate_limit.and_then(|rl| rl.reset_in(now)) {
        Some(d) => d.min(WINDOW) + SLACK,
        None => WITHOUT_RESET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    fn rl(reset: Option<u64>) -> RateLimit {
        RateLimit {
            limit: Some(450),
            remaining: Some(0),
            reset,
        }
    }

    #[test]
    fn waits_until_the_reset_plus_a_second() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let d = rate_limit_delay(Some(&rl(Some(1_700_000_090))), now);
        assert_eq!(d, Duration::from_secs(91));
        // A reset already past: just the slack.
        let d = rate_limit_delay(Some(&rl(Some(1_699_999_000))), now);
        assert_eq!(d, Duration::from_secs(1));
        // Sub-second precision of `now` is honoured.
        let d = rate_limit_delay(
            Some(&rl(Some(1_700_000_010))),
            now + Duration::from_millis(500),
        );
        assert_eq!(d, Duration::from_millis(10_500));
    }

    #[test]
    fn no_header_or_an_absurd_reset_is_bounded() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(rate_limit_delay(None, now), Duration::from_secs(60));
        assert_eq!(
            rate_limit_delay(Some(&rl(None)), now),
            Duration::from_secs(60)
        );
        let d = rate_limit_delay(Some(&rl(Some(1_800_000_000))), now);
        assert_eq!(d, Duration::from_secs(15 * 60 + 1));
    }
}
