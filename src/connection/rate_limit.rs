//! The `x-rate-limit-*` headers X sends with every response.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

/// Rate-limit state from a response's `x-rate-limit-limit`, `-remaining` and `-reset` headers.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use tweetstream::RateLimit;
/// let limit = RateLimit { limit: Some(450), remaining: Some(0), reset: Some(1_700_000_900) };
/// let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// assert_eq!(limit.reset_in(now), Some(Duration::from_secs(900))); // one 15-minute window
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct RateLimit {
    /// Requests allowed in the window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// When the window resets, in seconds since the Unix epoch.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the headers; `None` when none of them is present.
    pub(crate) fn from_headers(headers: &http::HeaderMap) -> Option<RateLimit> {
        let read = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        let rl = RateLimit {
            limit: read("x-rate-limit-limit"),
            remaining: read("x-rate-limit-remaining"),
            reset: read("x-rate-limit-reset"),
        };
        (rl.limit.is_some() || rl.remaining.is_some() || rl.reset.is_some()).then_some(rl)
    }

    /// The reset time as a `SystemTime`.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use tweetstream::RateLimit;
    /// let limit = RateLimit { limit: None, remaining: None, reset: Some(60) };
    /// assert_eq!(limit.reset_at(), Some(UNIX_EPOCH + Duration::from_secs(60)));
    /// assert_eq!(RateLimit { reset: None, ..limit }.reset_at(), None);
    /// ```
    pub fn reset_at(&self) -> Option<SystemTime> {
        self.reset.map(|s| UNIX_EPOCH + Duration::from_secs(s))
    }

    /// How long from `now` until the window resets (zero when it already has).
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use tweetstream::RateLimit;
    /// let limit = RateLimit { limit: None, remaining: Some(0), reset: Some(1_000) };
    /// assert_eq!(limit.reset_in(UNIX_EPOCH + Duration::from_secs(990)), Some(Duration::from_secs(10)));
    /// // A window that already reset: no wait.
    /// assert_eq!(limit.reset_in(UNIX_EPOCH + Duration::from_secs(2_000)), Some(Duration::ZERO));
    /// ```
    pub fn reset_in(&self, now: SystemTime) -> Option<Duration> {
        self.reset_at()
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_headers() {
        let mut h = http::HeaderMap::new();
        assert_eq!(RateLimit::from_headers(&h), None);
        h.insert("x-rate-limit-limit", "50".parse().unwrap());
        h.insert("x-rate-limit-remaining", "0".parse().unwrap());
        h.insert("x-rate-limit-reset", "1700000060".parse().unwrap());
        let rl = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            (rl.limit, rl.remaining, rl.reset),
            (Some(50), Some(0), Some(1_700_000_060))
        );
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(rl.reset_in(now), Some(Duration::from_secs(60)));
        let later = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        assert_eq!(rl.reset_in(later), Some(Duration::ZERO));
    }
}
