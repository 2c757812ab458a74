//! Property tests for the reconnect state machine: arbitrary sequences of
//! failures, connections, progress and closes against a reference model and
//! against the policy's invariants.

use std::time::Duration;

use proptest::prelude::*;
use tweetstream::__private::{Decision, Failure, ReconnectState};
use tweetstream::{DisconnectReason, ReconnectPolicy};

#[derive(Debug, Clone, Copy)]
enum Event {
    Fail(Failure),
    Connected,
    Progress(Duration),
    CleanClose,
}

fn failure() -> impl Strategy<Value = Failure> {
    let status = prop::sample::select(vec![
        500u16, 502, 503, 504, 429, 420, 400, 401, 403, 404, 418,
    ]);
    let retry_after = prop::option::weighted(0.2, (0u64..2000).prop_map(Duration::from_secs));
    prop_oneof![
        3 => Just(Failure::Network),
        3 => (status, retry_after).prop_map(|(status, retry_after)| Failure::Status { status, retry_after }),
    ]
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    let event = prop_oneof![
        6 => failure().prop_map(Event::Fail),
        2 => Just(Event::Connected),
        2 => (0u64..90).prop_map(|s| Event::Progress(Duration::from_secs(s))),
        1 => Just(Event::CleanClose),
    ];
    prop::collection::vec(event, 0..200)
}

/// Policies with whole-second / whole-millisecond settings (exact in backon's
/// f32 arithmetic), valid, with a small `max_retries` or none.
fn policy() -> impl Strategy<Value = ReconnectPolicy> {
    (
        prop::option::of(0u32..12),
        (1u64..500, 1u32..40),
        (1u64..10, 0u32..8),
        (1u64..100, 0u32..6),
        1u64..60,
        any::<bool>(),
    )
        .prop_map(
            |(
                max_retries,
                (step, steps),
                (http, http_doublings),
                (rate, rate_doublings),
                healthy,
                default_fatal,
            )| {
                let step = Duration::from_millis(step);
                let policy = ReconnectPolicy::default()
                    .max_retries(max_retries)
                    .network_backoff(step, step * steps)
                    .http_backoff(
                        Duration::from_secs(http),
                        Duration::from_secs(http << http_doublings),
                    )
                    .rate_limit_backoff(
                        Duration::from_secs(rate),
                        Duration::from_secs(rate << rate_doublings) + Duration::from_secs(1),
                    )
                    .healthy_after(Duration::from_secs(healthy));
                if default_fatal {
                    policy
                } else {
                    policy.fatal_statuses([401, 429])
                }
            },
        )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Network,
    Http,
    RateLimit,
}

fn class(failure: Failure) -> Class {
    match failure {
        Failure::Network => Class::Network,
        Failure::Status {
            status: 429 | 420, ..
        } => Class::RateLimit,
        _ => Class::Http,
    }
}

/// The documented policy, computed independently (integer arithmetic).
#[derive(Default)]
struct Model {
    connected: bool,
    healthy: bool,
    failures: u32,
    per_class: [u32; 3],
}

impl Model {
    fn on_failure(&mut self, p: &ReconnectPolicy, failure: Failure) -> Decision {
        self.connected = false;
        self.healthy = false;
        self.failures += 1;
        if let Failure::Status { status, .. } = failure {
            if p.get_fatal_statuses().contains(&status) {
                return Decision::Stop(tweetstream::__private::fatal_status(status));
            }
        }
        if let Some(max) = p.get_max_retries() {
            if self.failures > max {
                return Decision::Stop(DisconnectReason::RetriesExhausted {
                    attempts: self.failures,
                });
            }
        }
        let c = class(failure);
        self.per_class[c as usize] += 1;
        let n = self.per_class[c as usize];
        let doubling = |initial: Duration, max: Duration| {
            let mut d = initial;
            for _ in 1..n {
                d = (d * 2).min(max);
            }
            d.min(max)
        };
        let backoff = match c {
            Class::Network => {
                let (step, max) = p.get_network_backoff();
                (step * (n - 1)).min(max)
            }
            Class::Http => {
                let (i, m) = p.get_http_backoff();
                doubling(i, m)
            }
            Class::RateLimit => {
                let (i, m) = p.get_rate_limit_backoff();
                doubling(i, m)
            }
        };
        let delay = match failure {
            Failure::Status {
                retry_after: Some(after),
                ..
            } => backoff.max(after),
            _ => backoff,
        };
        Decision::Retry {
            delay,
            attempt: self.failures,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Every decision equals the independently computed one.
    #[test]
    fn matches_reference_model(policy in policy(), events in events()) {
        prop_assert_eq!(policy.validate(), Ok(()));
        let mut state = ReconnectState::default();
        let mut model = Model::default();
        for event in events {
            match event {
                Event::Fail(f) => prop_assert_eq!(state.on_failure(&policy, f), model.on_failure(&policy, f)),
                Event::Connected => {
                    state.on_connected();
                    model.connected = true;
                    model.healthy = false;
                }
                Event::Progress(t) => {
                    let expect = model.connected && !model.healthy && t >= policy.get_healthy_after();
                    if expect {
                        model.healthy = true;
                        model.failures = 0;
                        model.per_class = [0; 3];
                    }
                    prop_assert_eq!(state.on_progress(&policy, t), expect);
                }
                Event::CleanClose => {
                    let got = state.on_clean_close(&policy);
                    if model.healthy {
                        model.connected = false;
                        model.healthy = false;
                        prop_assert_eq!(got, Decision::Retry { delay: Duration::ZERO, attempt: 0 });
                    } else {
                        prop_assert_eq!(got, model.on_failure(&policy, Failure::Network));
                    }
                }
            }
            prop_assert_eq!(state.consecutive_failures(), model.failures);
        }
    }

    /// Invariants checked directly, without the model: caps, monotonic growth
    /// within a run, exact `max_retries`, resets only after healthy progress.
    #[test]
    fn invariants(policy in policy(), events in events()) {
        let mut state = ReconnectState::default();
        // Last backoff per class in the current run (since the last reset).
        let mut last: [Option<Duration>; 3] = [None; 3];
        let mut retries_in_run = 0u32;
        let mut stopped_in_run = false;
        // A connection is open and has not been healthy yet.
        let mut open_unhealthy = false;
        let cap = |c: Class| match c {
            Class::Network => policy.get_network_backoff().1,
            Class::Http => policy.get_http_backoff().1,
            Class::RateLimit => policy.get_rate_limit_backoff().1,
        };
        for event in events {
            let before = state.consecutive_failures();
            let (failure, decision) = match event {
                Event::Fail(f) => (Some(f), Some(state.on_failure(&policy, f))),
                Event::Connected => {
                    state.on_connected();
                    open_unhealthy = true;
                    (None, None)
                }
                Event::Progress(t) => {
                    let reset = state.on_progress(&policy, t);
                    prop_assert!(!reset || t >= policy.get_healthy_after());
                    // Only on an open connection, and once per connection.
                    prop_assert!(!reset || open_unhealthy, "reset without a fresh connection");
                    if reset {
                        open_unhealthy = false;
                    }
                    if reset {
                        prop_assert_eq!(state.consecutive_failures(), 0);
                        last = [None; 3];
                        retries_in_run = 0;
                        stopped_in_run = false;
                    } else {
                        prop_assert_eq!(state.consecutive_failures(), before, "no reset without health");
                    }
                    (None, None)
                }
                Event::CleanClose => {
                    let d = state.on_clean_close(&policy);
                    if d == (Decision::Retry { delay: Duration::ZERO, attempt: 0 }) && state.consecutive_failures() == 0 {
                        (None, None)
                    } else {
                        (Some(Failure::Network), Some(d))
                    }
                }
            };
            if matches!(event, Event::Fail(_) | Event::CleanClose) {
                open_unhealthy = false;
            }
            let (Some(failure), Some(decision)) = (failure, decision) else { continue };
            prop_assert_eq!(state.consecutive_failures(), before + 1, "every failure counts");
            match decision {
                Decision::Retry { delay, attempt } => {
                    retries_in_run += 1;
                    prop_assert_eq!(attempt, state.consecutive_failures());
                    if let Some(max) = policy.get_max_retries() {
                        prop_assert!(retries_in_run <= max, "more than max_retries retries");
                    }
                    let c = class(failure);
                    let retry_after = match failure {
                        Failure::Status { retry_after, .. } => retry_after,
                        _ => None,
                    };
                    prop_assert!(delay <= cap(c).max(retry_after.unwrap_or_default()), "over the cap");
                    // A retry-after hides the backoff part; the previous plain
                    // delay stays a lower bound for the next one.
                    if retry_after.is_none() {
                        if let Some(prev) = last[c as usize] {
                            prop_assert!(delay >= prev, "backoff shrank within a run");
                        }
                        last[c as usize] = Some(delay);
                    }
                }
                Decision::Stop(DisconnectReason::RetriesExhausted { attempts }) => {
                    let max = policy.get_max_retries();
                    prop_assert!(max.is_some());
                    prop_assert_eq!(attempts, state.consecutive_failures());
                    if stopped_in_run {
                        // The driver stops at the first stop; the state keeps refusing.
                        prop_assert!(attempts > max.unwrap());
                    } else {
                        prop_assert_eq!(attempts, max.unwrap() + 1, "stopped too early or late");
                    }
                    stopped_in_run = true;
                }
                Decision::Stop(DisconnectReason::FatalStatus { status: s, .. }) => {
                    prop_assert!(policy.is_fatal(s));
                    stopped_in_run = true;
                }
                Decision::Stop(other) => prop_assert!(false, "unknown stop {:?}", other),
            }
        }
    }

    /// Arbitrary (non-whole-second) settings: backon's f32 arithmetic stays
    /// within 1 µs per second of the exact doubling and never exceeds the cap.
    #[test]
    fn exponential_is_close_for_arbitrary_settings(initial_ms in 1u64..100_000, doublings in 0u32..12, n in 1usize..20) {
        let initial = Duration::from_millis(initial_ms);
        let max = initial * (1 << doublings) + Duration::from_millis(initial_ms / 3);
        let policy = ReconnectPolicy::default().http_backoff(initial, max);
        let mut state = ReconnectState::default();
        let mut exact = initial;
        for _ in 0..n {
            let Decision::Retry { delay, .. } = state.on_failure(&policy, Failure::Status { status: 500, retry_after: None }) else {
                panic!("unlimited retries stopped");
            };
            prop_assert!(delay <= max);
            let tolerance = Duration::from_secs_f64(exact.as_secs_f64() * 1e-6);
            prop_assert!(delay.abs_diff(exact) <= tolerance, "{:?} vs {:?}", delay, exact);
            exact = (exact * 2).min(max);
        }
    }
}
