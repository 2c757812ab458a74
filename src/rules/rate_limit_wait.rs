//! `wait_on_rate_limit` for the rules calls: how long to sleep after a 429.
//!
//! Only the REST calls use this; the stream connection has its own reconnect policy. Both
//! read the server's wait from the headers in one place (`connection::rate_limit::server_wait`).

use std::time::Duration;

/// At most this many 429s are waited out within one call; the next is returned as an error.
pub(crate) const MAX_RATE_LIMIT_WAITS: u32 = 3;

/// Slack added after the reset time, as tweepy does.
const SLACK: Duration = Duration::from_secs(1);

/// X's rate-limit window: a reset further away than this (a skewed clock, a bad header) is
/// not believed, and the wait is capped at one window.
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// The wait when a 429 carries neither `x-rate-limit-reset` nor `Retry-After`.
const WITHOUT_RESET: Duration = Duration::from_secs(60);

/// How long to sleep after a 429 before retrying, given the server's wait (the later of
/// `x-rate-limit-reset` and `Retry-After`), capped at one 15-minute window, plus one second;
/// a minute without either header.
pub(crate) fn rate_limit_delay(server_wait: Option<Duration>) -> Duration {
    match server_wait {
        Some(d) => d.min(WINDOW) + SLACK,
        None => WITHOUT_RESET,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connection::rate_limit::server_wait;
    use std::time::{SystemTime, UNIX_EPOCH};

    fn delay(pairs: &[(&'static str, String)], now: SystemTime) -> Duration {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        rate_limit_delay(server_wait(429, &h, now))
    }

    #[test]
    fn waits_until_the_reset_plus_a_second() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let reset = |s: u64| vec![("x-rate-limit-reset", s.to_string())];
        assert_eq!(delay(&reset(1_700_000_090), now), Duration::from_secs(91));
        // A reset already past: just the slack.
        assert_eq!(delay(&reset(1_699_999_000), now), Duration::from_secs(1));
        // Sub-second precision of `now` is honoured.
        let d = delay(&reset(1_700_000_010), now + Duration::from_millis(500));
        assert_eq!(d, Duration::from_millis(10_500));
        // Retry-After counts too, the later of the two.
        let both = vec![
            ("x-rate-limit-reset", "1700000010".to_owned()),
            ("retry-after", "30".to_owned()),
        ];
        assert_eq!(delay(&both, now), Duration::from_secs(31));
    }

    #[test]
    fn no_header_or_an_absurd_reset_is_bounded() {
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(delay(&[], now), Duration::from_secs(60));
        let far = vec![("x-rate-limit-reset", "1800000000".to_owned())];
        assert_eq!(delay(&far, now), Duration::from_secs(15 * 60 + 1));
    }
}
