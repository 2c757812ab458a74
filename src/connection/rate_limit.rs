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

/// The longest wait `Retry-After` can impose: further away than this is capped to it.
/// 15 minutes is X's rate-limit window: no answer of X's asks for longer, and a skewed
/// clock or a bad header must not park a stream for hours. (`x-rate-limit-reset` is X's
/// own clock and is honoured as sent on a stream, as before.)
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(15 * 60);

/// `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, measured against
/// `now`, capped at [`MAX_RETRY_AFTER`]. A date in the past, a negative or unparseable
/// value: `None`.
pub(crate) fn retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Huge numbers saturate, then are capped with the rest.
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs).min(MAX_RETRY_AFTER));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let wait = at.duration_since(now).ok().filter(|d| !d.is_zero())?;
    Some(wait.min(MAX_RETRY_AFTER))
}

/// The one place response headers become a wait before the next request: the server's own
/// floor under the reconnect schedule. On 429 (and X's old 420) it is `x-rate-limit-reset`
/// or `Retry-After`, whichever is later; on 503, `Retry-After`; nothing on other statuses.
pub(crate) fn server_wait(
    status: u16,
    headers: &http::HeaderMap,
    now: SystemTime,
) -> Option<Duration> {
    let after = match status {
        429 | 503 => retry_after(headers, now),
        _ => None,
    };
    let reset = match status {
        420 | 429 => RateLimit::from_headers(headers).and_then(|r| r.reset_in(now)),
        _ => None,
    };
    match (after, reset) {
        (Some(a), Some(r)) => Some(a.max(r)),
        (a, r) => a.or(r),
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

    fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn retry_after_in_both_forms_capped_and_garbage_ignored() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let secs = Duration::from_secs;
        let wait =
            |status, pairs: &[(&'static str, &str)]| server_wait(status, &headers(pairs), now);
        assert_eq!(wait(503, &[("retry-after", "12")]), Some(secs(12)));
        assert_eq!(wait(429, &[("retry-after", " 7 ")]), Some(secs(7)));
        assert_eq!(
            wait(503, &[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]),
            Some(secs(30))
        );
        // Past dates, garbage, negative numbers: no floor.
        for bad in ["Sun, 06 Nov 1994 08:00:00 GMT", "soon", "-5", "1.5", ""] {
            assert_eq!(wait(503, &[("retry-after", bad)]), None, "{bad:?}");
        }
        // Capped at 15 minutes, however far.
        assert_eq!(
            wait(503, &[("retry-after", "99999999999999999999999")]),
            Some(MAX_RETRY_AFTER)
        );
        assert_eq!(
            wait(503, &[("retry-after", "Fri, 01 Jan 2100 00:00:00 GMT")]),
            Some(MAX_RETRY_AFTER)
        );
        // Other statuses do not carry a wait.
        assert_eq!(wait(500, &[("retry-after", "12")]), None);
        assert_eq!(wait(401, &[("retry-after", "12")]), None);
        // On 429, the later of Retry-After and the rate-limit reset.
        let reset = (784_111_777 + 90).to_string();
        assert_eq!(
            wait(
                429,
                &[("retry-after", "12"), ("x-rate-limit-reset", &reset)]
            ),
            Some(secs(90))
        );
        assert_eq!(wait(420, &[("x-rate-limit-reset", &reset)]), Some(secs(90)));
        assert_eq!(wait(503, &[("x-rate-limit-reset", &reset)]), None);
    }
}
