//! X's reconnect policy as a pure state machine.
//!
//! X's "handling disconnections" guide (and tweepy's streaming client, which
//! follows it) asks clients to back off differently per kind of failure:
//!
//! | failure | first delay | then | cap |
//! |---|---|---|---|
//! | network error, stall, over-long line, close before healthy | 0 | +250 ms per attempt (linear) | 16 s |
//! | HTTP error status | 5 s | doubling | 320 s |
//! | 429 / 420 (rate limited) | 60 s | doubling | 960 s |
//! | 400 / 401 / 403 / 404 (configurable) | stop: retrying cannot help | | |
//!
//! Counters only reset once a connection has been *healthy* (open for
//! [`ReconnectPolicy::get_healthy_after`] while delivering data), so a server
//! that accepts and then drops every connection is still backed off.
//!
//! This module decides, it does not wait: the HTTP driver reports events to a
//! [`ReconnectState`] and sleeps for the [`Decision`]'s delay itself. It is
//! pure (no I/O, no clock reads, no runtime), so every schedule is unit-tested
//! without time passing.
//!
//! The two exponential schedules come from [`backon`]'s `ExponentialBuilder`
//! (the maintained successor to the unmaintained `backoff` crate), configured
//! explicitly: backon defaults to 3 attempts, a 1 s minimum and a 60 s maximum,
//! none of which fits X's policy, and to a clock-seeded jitter generator, which
//! we replace by a fixed seed (jitter stays off) to remain deterministic.
//!
//! # Example
//!
//! ```
//! use std::time::Duration;
//! use tweetstream::{ReconnectPolicy, __private::{Decision, Failure, ReconnectState}};
//! let policy = ReconnectPolicy::default();
//! let mut state = ReconnectState::default();
//! let limited = Failure::Status { status: 429, retry_after: None };
//! assert_eq!(state.on_failure(&policy, limited), Decision::Retry { delay: Duration::from_secs(60), attempt: 1 });
//! let refused = Failure::Status { status: 401, retry_after: None };
//! assert!(matches!(state.on_failure(&policy, refused), Decision::Stop(_)));
//! ```

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

use crate::event::stream_event::DisconnectReason;

/// Statuses that stop reconnecting by default: the request itself is wrong
/// (400), the credentials are (401, 403) or the endpoint does not exist (404);
/// retrying cannot fix any of them.
///
/// ```
/// # use tweetstream::ReconnectPolicy;
/// let policy = ReconnectPolicy::default();
/// assert_eq!(policy.get_fatal_statuses(), &[400, 401, 403, 404][..]);
/// assert!(policy.is_fatal(401) && !policy.is_fatal(503));
/// ```
pub const DEFAULT_FATAL_STATUSES: [u16; 4] = [400, 401, 403, 404];

/// How to back off after failures: X's schedule for each kind of failure (docs/reconnecting.md).
///
/// Built from [`Default`] (X's recommended values) with builder-style setters;
/// check user-supplied values with [`validate`](Self::validate).
///
/// ```
/// use std::time::Duration;
/// # use tweetstream::__private::*;
/// # use tweetstream::{DisconnectReason, ReconnectPolicy};
/// let policy = ReconnectPolicy::default();
/// let mut state = ReconnectState::default();
/// let http = Failure::Status { status: 503, retry_after: None };
/// // X's schedule for HTTP errors: 5 s, then doubling.
/// assert_eq!(state.on_failure(&policy, http), Decision::Retry { delay: Duration::from_secs(5), attempt: 1 });
/// assert_eq!(state.on_failure(&policy, http), Decision::Retry { delay: Duration::from_secs(10), attempt: 2 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconnectPolicy {
    max_retries: Option<u32>,
    network_step: Duration,
    network_max: Duration,
    http_initial: Duration,
    http_max: Duration,
    rate_limit_initial: Duration,
    rate_limit_max: Duration,
    healthy_after: Duration,
    /// Sorted and deduplicated, for `binary_search`.
    fatal_statuses: Vec<u16>,
}

impl Default for ReconnectPolicy {
    /// X's guide: linear 250 ms up to 16 s for network failures, exponential
    /// from 5 s up to 320 s for HTTP errors, exponential from 60 s up to 960 s
    /// for rate limits (X's rate windows are 15 minutes, so the cap is just
    /// past one window: one wait always outlasts a window), healthy after 30 s,
    /// unlimited retries, 400/401/403/404 fatal.
    fn default() -> Self {
        Self {
            max_retries: None,
            network_step: Duration::from_millis(250),
            network_max: Duration::from_secs(16),
            http_initial: Duration::from_secs(5),
            http_max: Duration::from_secs(320),
            rate_limit_initial: Duration::from_secs(60),
            rate_limit_max: Duration::from_secs(960),
            healthy_after: Duration::from_secs(30),
            fatal_statuses: DEFAULT_FATAL_STATUSES.to_vec(),
        }
    }
}

impl ReconnectPolicy {
    /// `Some(n)`: after a failure, make at most `n` further attempts in a row
    /// (of any failure kind) before giving up; `None` (default): never give up.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().max_retries(Some(1));
    /// let mut state = ReconnectState::default();
    /// assert!(matches!(state.on_failure(&policy, Failure::Network), Decision::Retry { .. }));
    /// assert_eq!(
    ///     state.on_failure(&policy, Failure::Network),
    ///     Decision::Stop(DisconnectReason::RetriesExhausted { attempts: 2 })
    /// );
    /// ```
    pub fn max_retries(mut self, max_retries: Option<u32>) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// Network failures: the n-th in a row waits `(n - 1) * step`, at most `max`.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().network_backoff(Duration::from_secs(1), Duration::from_secs(2));
    /// let mut state = ReconnectState::default();
    /// let delays: Vec<_> = (0..4)
    ///     .map(|_| match state.on_failure(&policy, Failure::Network) {
    ///         Decision::Retry { delay, .. } => delay.as_secs(),
    ///         Decision::Stop(_) => unreachable!("retries are unlimited"),
    ///     })
    ///     .collect();
    /// assert_eq!(delays, [0, 1, 2, 2]);
    /// ```
    pub fn network_backoff(mut self, step: Duration, max: Duration) -> Self {
        self.network_step = step;
        self.network_max = max;
        self
    }

    /// HTTP error statuses: wait `initial`, doubling per failure, at most `max`.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().http_backoff(Duration::from_secs(1), Duration::from_secs(3));
    /// let mut state = ReconnectState::default();
    /// let failure = Failure::Status { status: 500, retry_after: None };
    /// let delays: Vec<_> = (0..3)
    ///     .map(|_| match state.on_failure(&policy, failure) {
    ///         Decision::Retry { delay, .. } => delay.as_secs(),
    ///         Decision::Stop(_) => unreachable!("500 is not fatal"),
    ///     })
    ///     .collect();
    /// assert_eq!(delays, [1, 2, 3]);
    /// ```
    pub fn http_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.http_initial = initial;
        self.http_max = max;
        self
    }

    /// 429 and 420: wait `initial`, doubling per failure, at most `max`
    /// (a server-sent retry-after longer than that still wins).
    ///
    /// ```
    /// use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().rate_limit_backoff(Duration::from_secs(10), Duration::from_secs(60));
    /// let mut state = ReconnectState::default();
    /// // The server's Retry-After wins when it is longer than the backoff.
    /// let failure = Failure::Status { status: 429, retry_after: Some(Duration::from_secs(90)) };
    /// assert_eq!(
    ///     state.on_failure(&policy, failure),
    ///     Decision::Retry { delay: Duration::from_secs(90), attempt: 1 }
    /// );
    /// ```
    pub fn rate_limit_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.rate_limit_initial = initial;
        self.rate_limit_max = max;
        self
    }

    /// How long a connection must stay open, delivering data or keep-alives,
    /// before it counts as healthy and the failure counters reset.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().healthy_after(Duration::from_secs(5));
    /// let mut state = ReconnectState::default();
    /// state.on_connected();
    /// assert!(!state.on_progress(&policy, Duration::from_secs(4)));
    /// assert!(state.on_progress(&policy, Duration::from_secs(5)));
    /// ```
    pub fn healthy_after(mut self, healthy_after: Duration) -> Self {
        self.healthy_after = healthy_after;
        self
    }

    /// Replaces the statuses that stop reconnecting at once.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().fatal_statuses([403, 401, 403]);
    /// assert_eq!(policy.get_fatal_statuses(), [401, 403]); // sorted, deduplicated
    /// assert!(!policy.is_fatal(400));
    /// ```
    pub fn fatal_statuses(mut self, statuses: impl IntoIterator<Item = u16>) -> Self {
        let mut statuses: Vec<u16> = statuses.into_iter().collect();
        statuses.sort_unstable();
        statuses.dedup();
        self.fatal_statuses = statuses;
        self
    }

    /// See [`max_retries`](Self::max_retries).
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// assert_eq!(ReconnectPolicy::default().get_max_retries(), None);
    /// assert_eq!(ReconnectPolicy::default().max_retries(Some(3)).get_max_retries(), Some(3));
    /// ```
    pub fn get_max_retries(&self) -> Option<u32> {
        self.max_retries
    }

    /// `(step, max)`; see [`network_backoff`](Self::network_backoff).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let (step, max) = ReconnectPolicy::default().get_network_backoff();
    /// assert_eq!((step, max), (Duration::from_millis(250), Duration::from_secs(16)));
    /// ```
    pub fn get_network_backoff(&self) -> (Duration, Duration) {
        (self.network_step, self.network_max)
    }

    /// `(initial, max)`; see [`http_backoff`](Self::http_backoff).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let (initial, max) = ReconnectPolicy::default().get_http_backoff();
    /// assert_eq!((initial, max), (Duration::from_secs(5), Duration::from_secs(320)));
    /// ```
    pub fn get_http_backoff(&self) -> (Duration, Duration) {
        (self.http_initial, self.http_max)
    }

    /// `(initial, max)`; see [`rate_limit_backoff`](Self::rate_limit_backoff).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let (initial, max) = ReconnectPolicy::default().get_rate_limit_backoff();
    /// assert_eq!((initial, max), (Duration::from_secs(60), Duration::from_secs(960)));
    /// ```
    pub fn get_rate_limit_backoff(&self) -> (Duration, Duration) {
        (self.rate_limit_initial, self.rate_limit_max)
    }

    /// See [`healthy_after`](Self::healthy_after).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// assert_eq!(ReconnectPolicy::default().get_healthy_after(), Duration::from_secs(30));
    /// ```
    pub fn get_healthy_after(&self) -> Duration {
        self.healthy_after
    }

    /// The fatal statuses, sorted.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// assert_eq!(ReconnectPolicy::default().get_fatal_statuses(), [400, 401, 403, 404]);
    /// ```
    pub fn get_fatal_statuses(&self) -> &[u16] {
        &self.fatal_statuses
    }

    /// Whether `status` stops reconnecting.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default();
    /// assert!(policy.is_fatal(404));
    /// assert!(!policy.is_fatal(429)); // rate limits are waited out, not fatal
    /// ```
    pub fn is_fatal(&self, status: u16) -> bool {
        self.fatal_statuses.binary_search(&status).is_ok()
    }

    /// Checks the settings, naming the first bad one (as a config key such as
    /// `"reconnect.network_backoff"`) so a user can find it.
    ///
    /// Refused: a zero step or initial delay (it would reconnect in a tight
    /// loop forever), a step or initial delay above its cap, a zero
    /// `healthy_after` (the first keep-alive would reset the counters, so a
    /// flapping server would never be backed off) and fatal statuses outside
    /// 300..=599 (other codes are not failures).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// assert_eq!(ReconnectPolicy::default().validate(), Ok(()));
    /// let tight_loop = ReconnectPolicy::default().network_backoff(Duration::ZERO, Duration::from_secs(1));
    /// assert_eq!(tight_loop.validate(), Err("reconnect.network_backoff"));
    /// assert_eq!(
    ///     ReconnectPolicy::default().fatal_statuses([200]).validate(),
    ///     Err("reconnect.fatal_statuses")
    /// );
    /// ```
    pub fn validate(&self) -> Result<(), &'static str> {
        let bad = |first: Duration, max: Duration| first.is_zero() || first > max;
        if bad(self.network_step, self.network_max) {
            return Err("reconnect.network_backoff");
        }
        if bad(self.http_initial, self.http_max) {
            return Err("reconnect.http_backoff");
        }
        if bad(self.rate_limit_initial, self.rate_limit_max) {
            return Err("reconnect.rate_limit_backoff");
        }
        if self.healthy_after.is_zero() {
            return Err("reconnect.healthy_after");
        }
        if self.fatal_statuses.iter().any(|s| !(300..=599).contains(s)) {
            return Err("reconnect.fatal_statuses");
        }
        Ok(())
    }

    /// Delay before retrying after the `n`-th (1-based) network failure in a row.
    fn network_delay(&self, n: u32) -> Duration {
        self.network_step
            .checked_mul(n.saturating_sub(1))
            .map_or(self.network_max, |d| d.min(self.network_max))
    }
}

/// Delay after the `n`-th (1-based) failure of an exponential class.
///
/// Recomputed from backon each time rather than storing its iterator, which
/// is neither `Clone` nor `PartialEq`; the loop stops at the cap, so this is
/// O(log(max / initial)) whatever `n`. backon computes in `f32` seconds, so a
/// delay is exact for whole-second settings (the defaults) and within a
/// relative 1e-7 otherwise.
fn exponential_delay(initial: Duration, max: Duration, n: u32) -> Duration {
    let mut backoff = ExponentialBuilder::new()
        .with_min_delay(initial)
        .with_max_delay(max)
        .with_factor(2.0)
        .without_max_times()
        .with_jitter_seed(0)
        .build();
    let mut delay = initial;
    for _ in 0..n {
        match backoff.next() {
            Some(next) => delay = next,
            None => break,
        }
        if delay >= max {
            break;
        }
    }
    // backon does not cap the first delay; `validate` refuses initial > max,
    // and this keeps an unvalidated policy within its cap too.
    delay.min(max)
}

/// Why a connection attempt or an open stream failed.
///
/// ```
/// # use tweetstream::__private::*;
/// # use tweetstream::{DisconnectReason, ReconnectPolicy};
/// let mut state = ReconnectState::default();
/// let unauthorized = Failure::Status { status: 401, retry_after: None };
/// assert!(matches!(
///     state.on_failure(&ReconnectPolicy::default(), unauthorized),
///     Decision::Stop(DisconnectReason::FatalStatus { status: 401, problem: None, .. })
/// ));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// Connect / TLS / read error, a stall (no data or keep-alive in time),
    /// an over-long line, or a close before the connection was healthy.
    Network,
    /// The server answered with a non-200 status.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The server's `Retry-After` (or `x-rate-limit-reset`) wait, if any;
        /// never waited less than that.
        retry_after: Option<Duration>,
    },
}

/// What the driver should do after an event.
///
/// ```
/// # use std::time::Duration;
/// # use tweetstream::__private::*;
/// # use tweetstream::{DisconnectReason, ReconnectPolicy};
/// let mut state = ReconnectState::default();
/// // The first network failure retries at once (linear backoff starts at 0).
/// assert_eq!(
///     state.on_failure(&ReconnectPolicy::default(), Failure::Network),
///     Decision::Retry { delay: Duration::ZERO, attempt: 1 }
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    /// Reconnect after `delay`.
    Retry {
        /// How long to wait before the next request.
        delay: Duration,
        /// Failures in a row so far (1-based), all kinds counted; 0 when
        /// reconnecting after a healthy stream closed by the server.
        attempt: u32,
    },
    /// Give up.
    Stop(DisconnectReason),
}

/// Where the current (or last) connection stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Conn {
    /// No connection open: before the first one or after it ended.
    #[default]
    Idle,
    /// A 200 response arrived; not healthy yet.
    Connected,
    /// Open for `healthy_after` while delivering data; counters were reset.
    Healthy,
}

/// The failure counters of one client, fed by the driver's events.
///
/// ```
/// use std::time::Duration;
/// # use tweetstream::__private::*;
/// # use tweetstream::{DisconnectReason, ReconnectPolicy};
/// let policy = ReconnectPolicy::default();
/// let mut state = ReconnectState::default();
/// state.on_failure(&policy, Failure::Network);
/// state.on_connected();
/// assert!(state.on_progress(&policy, Duration::from_secs(30))); // healthy: counters reset
/// assert_eq!(state.consecutive_failures(), 0);
/// // X recycling a healthy connection is no failure: reconnect at once.
/// assert_eq!(state.on_clean_close(&policy), Decision::Retry { delay: Duration::ZERO, attempt: 0 });
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconnectState {
    conn: Conn,
    /// Failures in a row, all kinds: drives `max_retries` and `attempt`.
    failures: u32,
    network: u32,
    http: u32,
    rate_limited: u32,
}

impl ReconnectState {
    /// A 200 response arrived: a connection is open but not healthy yet.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default();
    /// let mut state = ReconnectState::default();
    /// assert!(!state.on_progress(&policy, Duration::from_secs(60))); // nothing open yet
    /// state.on_connected();
    /// assert!(state.on_progress(&policy, Duration::from_secs(60)));
    /// ```
    pub fn on_connected(&mut self) {
        self.conn = Conn::Connected;
    }

    /// Bytes (data or keep-alive) arrived on a connection open for
    /// `connected_for`. The first time per connection that this reaches the
    /// policy's `healthy_after`, the connection becomes healthy, all counters
    /// reset and this returns `true`; otherwise it returns `false` (also when
    /// no connection is open, i.e. without a preceding `on_connected`).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default();
    /// let mut state = ReconnectState::default();
    /// state.on_connected();
    /// assert!(!state.on_progress(&policy, Duration::from_secs(29)));
    /// assert!(state.on_progress(&policy, Duration::from_secs(30)));
    /// assert!(!state.on_progress(&policy, Duration::from_secs(31))); // only the first time
    /// ```
    pub fn on_progress(&mut self, policy: &ReconnectPolicy, connected_for: Duration) -> bool {
        if self.conn != Conn::Connected || connected_for < policy.healthy_after {
            return false;
        }
        if self.failures > 0 {
            tracing::debug!(
                failures = self.failures,
                "connection healthy, resetting reconnect backoff"
            );
        }
        self.conn = Conn::Healthy;
        self.failures = 0;
        self.network = 0;
        self.http = 0;
        self.rate_limited = 0;
        true
    }

    /// The server ended a 200 stream cleanly. After a healthy connection that
    /// is routine (X recycles connections): reconnect at once, not counted as
    /// a failure. Before that it is treated as [`Failure::Network`].
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default();
    /// let mut state = ReconnectState::default();
    /// state.on_connected();
    /// // Closed before it was healthy: a network failure, counted.
    /// assert_eq!(state.on_clean_close(&policy), Decision::Retry { delay: Duration::ZERO, attempt: 1 });
    /// assert_eq!(state.consecutive_failures(), 1);
    /// ```
    pub fn on_clean_close(&mut self, policy: &ReconnectPolicy) -> Decision {
        if self.conn == Conn::Healthy {
            self.conn = Conn::Idle;
            tracing::debug!("healthy stream closed by the server, reconnecting at once");
            return Decision::Retry {
                delay: Duration::ZERO,
                attempt: 0,
            };
        }
        self.on_failure(policy, Failure::Network)
    }

    /// A request failed or an open stream broke: what to do next.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default();
    /// let mut state = ReconnectState::default();
    /// let limited = Failure::Status { status: 429, retry_after: None };
    /// assert_eq!(state.on_failure(&policy, limited), Decision::Retry { delay: Duration::from_secs(60), attempt: 1 });
    /// assert_eq!(state.on_failure(&policy, limited), Decision::Retry { delay: Duration::from_secs(120), attempt: 2 });
    /// ```
    pub fn on_failure(&mut self, policy: &ReconnectPolicy, failure: Failure) -> Decision {
        self.conn = Conn::Idle;
        self.failures = self.failures.saturating_add(1);
        if let Failure::Status { status, .. } = failure {
            if policy.is_fatal(status) {
                tracing::warn!(status, "fatal status, not reconnecting");
                return Decision::Stop(DisconnectReason::FatalStatus {
                    status,
                    problem: None,
                });
            }
        }
        if policy.max_retries.is_some_and(|max| self.failures > max) {
            tracing::warn!(attempts = self.failures, "reconnect attempts exhausted");
            return Decision::Stop(DisconnectReason::RetriesExhausted {
                attempts: self.failures,
            });
        }
        let delay = match failure {
            Failure::Network => {
                self.network = self.network.saturating_add(1);
                policy.network_delay(self.network)
            }
            Failure::Status {
                status,
                retry_after,
            } => {
                let backoff = if status == 429 || status == 420 {
                    self.rate_limited = self.rate_limited.saturating_add(1);
                    exponential_delay(
                        policy.rate_limit_initial,
                        policy.rate_limit_max,
                        self.rate_limited,
                    )
                } else {
                    self.http = self.http.saturating_add(1);
                    exponential_delay(policy.http_initial, policy.http_max, self.http)
                };
                retry_after.map_or(backoff, |after| backoff.max(after))
            }
        };
        tracing::debug!(?failure, ?delay, attempt = self.failures, "reconnecting");
        Decision::Retry {
            delay,
            attempt: self.failures,
        }
    }

    /// Failures in a row since the last healthy connection, all kinds.
    ///
    /// ```
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let mut state = ReconnectState::default();
    /// state.on_failure(&ReconnectPolicy::default(), Failure::Network);
    /// state.on_failure(&ReconnectPolicy::default(), Failure::Status { status: 503, retry_after: None });
    /// assert_eq!(state.consecutive_failures(), 2); // all kinds counted
    /// ```
    pub fn consecutive_failures(&self) -> u32 {
        self.failures
    }

    /// Whether the current connection has become healthy.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let mut state = ReconnectState::default();
    /// state.on_connected();
    /// assert!(!state.is_healthy());
    /// state.on_progress(&ReconnectPolicy::default(), Duration::from_secs(30));
    /// assert!(state.is_healthy());
    /// ```
    pub fn is_healthy(&self) -> bool {
        self.conn == Conn::Healthy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }
    const fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
        }
    }

    fn delay(d: Decision) -> Duration {
        match d {
            Decision::Retry { delay, .. } => delay,
            Decision::Stop(r) => panic!("stopped: {r}"),
        }
    }

    fn delays(failure: Failure, n: usize) -> Vec<Duration> {
        let policy = ReconnectPolicy::default();
        let mut state = ReconnectState::default();
        (0..n)
            .map(|_| delay(state.on_failure(&policy, failure)))
            .collect()
    }

    #[test]
    fn network_schedule_is_linear_from_zero_to_16s() {
        let got = delays(Failure::Network, 70);
        for (i, d) in got.iter().enumerate() {
            let expected = ms(250 * i as u64).min(secs(16));
            assert_eq!(*d, expected, "failure {}", i + 1);
        }
        assert_eq!(&got[..4], &[ms(0), ms(250), ms(500), ms(750)]);
        assert_eq!(got[64], secs(16), "65th failure reaches the cap");
        assert_eq!(got[63], ms(15_750));
    }

    #[test]
    fn http_schedule_doubles_from_5s_to_320s() {
        let expected: Vec<Duration> = [5, 10, 20, 40, 80, 160, 320, 320, 320].map(secs).to_vec();
        assert_eq!(delays(status(500), 9), expected);
        assert_eq!(delays(status(503), 9), expected);
    }

    #[test]
    fn rate_limit_schedule_doubles_from_60s_to_960s() {
        let expected: Vec<Duration> = [60, 120, 240, 480, 960, 960, 960].map(secs).to_vec();
        assert_eq!(delays(status(429), 7), expected);
        assert_eq!(delays(status(420), 7), expected);
    }

    #[test]
    fn many_failures_stay_at_the_cap() {
        let policy = ReconnectPolicy::default();
        let mut state = ReconnectState::default();
        let mut last = Duration::ZERO;
        for _ in 0..10_000 {
            last = delay(state.on_failure(&policy, status(502)));
        }
        assert_eq!(last, secs(320));
        assert_eq!(state.consecutive_failures(), 10_000);
    }

    #[test]
    fn retry_after_is_a_floor_not_a_new_schedule() {
        let policy = ReconnectPolicy::default();
        let mut state = ReconnectState::default();
        let limited = |secs_after| Failure::Status {
            status: 429,
            retry_after: Some(secs(secs_after)),
        };
        assert_eq!(delay(state.on_failure(&policy, limited(900))), secs(900));
        assert_eq!(delay(state.on_failure(&policy, limited(30))), secs(120));
        assert_eq!(delay(state.on_failure(&policy, status(429))), secs(240));
        let unavailable = Failure::Status {
            status: 503,
            retry_after: Some(secs(7)),
        };
        assert_eq!(delay(state.on_failure(&policy, unavailable)), secs(7));
        assert_eq!(delay(state.on_failure(&policy, unavailable)), secs(10));
    }

    #[test]
    fn fatal_statuses_stop_at_once() {
        let policy = ReconnectPolicy::default();
        for code in DEFAULT_FATAL_STATUSES {
            let mut state = ReconnectState::default();
            assert_eq!(
                state.on_failure(&policy, status(code)),
                Decision::Stop(DisconnectReason::FatalStatus {
                    status: code,
                    problem: None
                })
            );
        }
        let policy = policy.fatal_statuses([429, 401, 429]);
        assert_eq!(policy.get_fatal_statuses(), &[401, 429]);
        assert!(!policy.is_fatal(403));
        let mut state = ReconnectState::default();
        assert_eq!(delay(state.on_failure(&policy, status(403))), secs(5));
        assert_eq!(
            state.on_failure(&policy, status(429)),
            Decision::Stop(DisconnectReason::FatalStatus {
                status: 429,
                problem: None
            }),
            "fatal wins over rate limiting"
        );
    }

    #[test]
    fn max_retries_is_exact() {
        let policy = ReconnectPolicy::default().max_retries(Some(2));
        let mut state = ReconnectState::default();
        assert_eq!(
            state.on_failure(&policy, Failure::Network),
            Decision::Retry {
                delay: ms(0),
                attempt: 1
            }
        );
        assert_eq!(
            state.on_failure(&policy, status(500)),
            Decision::Retry {
                delay: secs(5),
                attempt: 2
            }
        );
        assert_eq!(
            state.on_failure(&policy, status(429)),
            Decision::Stop(DisconnectReason::RetriesExhausted { attempts: 3 })
        );

        let policy = ReconnectPolicy::default().max_retries(Some(0));
        let mut state = ReconnectState::default();
        assert_eq!(
            state.on_failure(&policy, Failure::Network),
            Decision::Stop(DisconnectReason::RetriesExhausted { attempts: 1 })
        );
    }

    #[test]
    fn counters_reset_only_once_healthy() {
        let policy = ReconnectPolicy::default().max_retries(Some(3));
        let mut state = ReconnectState::default();
        state.on_failure(&policy, Failure::Network);
        state.on_failure(&policy, status(500));
        // Connected and delivering, but not for long enough.
        state.on_connected();
        assert!(!state.on_progress(&policy, secs(29)));
        assert_eq!(
            state.on_failure(&policy, Failure::Network),
            Decision::Retry {
                delay: ms(250),
                attempt: 3
            }
        );
        // Without a connection, progress means nothing.
        assert!(!state.on_progress(&policy, secs(60)));
        assert_eq!(state.consecutive_failures(), 3);

        state.on_connected();
        assert!(state.on_progress(&policy, secs(30)));
        assert!(state.is_healthy());
        assert!(
            !state.on_progress(&policy, secs(31)),
            "only once per connection"
        );
        assert_eq!(state.consecutive_failures(), 0);
        assert_eq!(
            state.on_failure(&policy, status(500)),
            Decision::Retry {
                delay: secs(5),
                attempt: 1
            }
        );
        assert_eq!(delay(state.on_failure(&policy, Failure::Network)), ms(0));
    }

    #[test]
    fn clean_close_after_healthy_reconnects_at_once() {
        let policy = ReconnectPolicy::default();
        let mut state = ReconnectState::default();
        state.on_failure(&policy, status(500));
        state.on_connected();
        assert!(state.on_progress(&policy, secs(45)));
        assert_eq!(
            state.on_clean_close(&policy),
            Decision::Retry {
                delay: Duration::ZERO,
                attempt: 0
            }
        );
        assert!(!state.is_healthy());
        // The next connection closes before it is healthy: a network failure.
        state.on_connected();
        assert!(!state.on_progress(&policy, secs(1)));
        assert_eq!(
            state.on_clean_close(&policy),
            Decision::Retry {
                delay: ms(0),
                attempt: 1
            }
        );
        state.on_connected();
        assert_eq!(
            state.on_clean_close(&policy),
            Decision::Retry {
                delay: ms(250),
                attempt: 2
            }
        );
    }

    #[test]
    fn custom_schedules() {
        let policy = ReconnectPolicy::default()
            .network_backoff(ms(100), ms(250))
            .http_backoff(ms(1500), secs(5))
            .rate_limit_backoff(secs(1), secs(3));
        assert_eq!(policy.validate(), Ok(()));
        let mut state = ReconnectState::default();
        let got: Vec<_> = (0..4)
            .map(|_| delay(state.on_failure(&policy, Failure::Network)))
            .collect();
        assert_eq!(got, [ms(0), ms(100), ms(200), ms(250)]);
        let got: Vec<_> = (0..4)
            .map(|_| delay(state.on_failure(&policy, status(500))))
            .collect();
        assert_eq!(got, [ms(1500), secs(3), secs(5), secs(5)]);
        let got: Vec<_> = (0..3)
            .map(|_| delay(state.on_failure(&policy, status(429))))
            .collect();
        assert_eq!(got, [secs(1), secs(2), secs(3)]);
    }

    #[test]
    fn unvalidated_initial_above_cap_is_capped() {
        let policy = ReconnectPolicy::default().http_backoff(secs(10), secs(3));
        assert_eq!(policy.validate(), Err("reconnect.http_backoff"));
        let mut state = ReconnectState::default();
        assert_eq!(delay(state.on_failure(&policy, status(500))), secs(3));
    }

    #[test]
    fn validate_names_the_bad_setting() {
        let ok = ReconnectPolicy::default();
        assert_eq!(ok.validate(), Ok(()));
        let cases = [
            (
                ok.clone().network_backoff(secs(2), secs(1)),
                "reconnect.network_backoff",
            ),
            (
                ok.clone().network_backoff(ms(0), secs(1)),
                "reconnect.network_backoff",
            ),
            (
                ok.clone().http_backoff(ms(0), secs(1)),
                "reconnect.http_backoff",
            ),
            (
                ok.clone().http_backoff(secs(9), secs(8)),
                "reconnect.http_backoff",
            ),
            (
                ok.clone().rate_limit_backoff(ms(0), secs(1)),
                "reconnect.rate_limit_backoff",
            ),
            (
                ok.clone().rate_limit_backoff(secs(2), secs(1)),
                "reconnect.rate_limit_backoff",
            ),
            (ok.clone().healthy_after(ms(0)), "reconnect.healthy_after"),
            (
                ok.clone().fatal_statuses([401, 200]),
                "reconnect.fatal_statuses",
            ),
            (ok.clone().fatal_statuses([600]), "reconnect.fatal_statuses"),
        ];
        for (policy, key) in cases {
            assert_eq!(policy.validate(), Err(key), "{policy:?}");
        }
        assert_eq!(ok.clone().max_retries(Some(0)).validate(), Ok(()));
        assert_eq!(ok.fatal_statuses([]).validate(), Ok(()));
    }

    #[test]
    fn defaults_and_getters() {
        let policy = ReconnectPolicy::default();
        assert_eq!(policy.get_max_retries(), None);
        assert_eq!(policy.get_healthy_after(), secs(30));
        assert_eq!(policy.get_network_backoff(), (ms(250), secs(16)));
        assert_eq!(policy.get_http_backoff(), (secs(5), secs(320)));
        assert_eq!(policy.get_rate_limit_backoff(), (secs(60), secs(960)));
        assert_eq!(policy.get_fatal_statuses(), &DEFAULT_FATAL_STATUSES);
        let policy = policy.max_retries(Some(7)).healthy_after(secs(5));
        assert_eq!(policy.get_max_retries(), Some(7));
        assert_eq!(policy.get_healthy_after(), secs(5));
        assert_eq!(
            DisconnectReason::FatalStatus {
                status: 401,
                problem: None
            }
            .to_string(),
            "the server answered 401, which retrying cannot fix"
        );
    }
}
