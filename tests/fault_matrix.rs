//! The fault matrix: random sequences of connections, each ending in one fault drawn from
//! {network error, reset mid-line, stall, 5xx, a proxy's HTML 5xx page, 429, clean close,
//! oversized line, operational disconnect, a gzip bomb, a corrupt coded body} and carrying
//! good lines, bad lines and
//! keep-alives before it, each answered on a wire drawn from {keep-alive, `Connection:
//! close` then close, HTTP/1.0 body until the close} in a content coding drawn from {none,
//! gzip, gzip members back to back, deflate (zlib), raw deflate}, none asked for, optionally
//! ending with a fatal status
//! (400/401/403/404) that must stop the stream after exactly one request; played by the
//! emulator on paused tokio time.
//!
//! For every sequence the stream must not panic, must deliver exactly the events each
//! connection's bytes call for (every good line once, in order; bad lines raw with their
//! reason; a line cut by a reset as `Truncated`), must announce each reconnect with the delay
//! a `ReconnectState` fed the same failures computes, and must never make the next request
//! sooner than that delay after the failure (measured on the emulator's side, tokio clock).

mod support;
use support::deadline;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt as _;
use proptest::prelude::*;
use tokio::time::Instant;
use tweetstream::__private::{Decision, Failure, ReconnectState};
use tweetstream::emulator::{ChunkPattern, ContentCoding, Emulator, Script, problems};
use tweetstream::{
    ConnectionErrorKind, DisconnectReason, EventStream, LineError, ReconnectPolicy, StreamEvent,
    StreamParams,
};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const STALL_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_LINE: usize = 2048;
/// A scripted connection is made healthy by keep-alives 20 s and 35 s into it.
const HEALTHY_SPAN: [u64; 2] = [20, 15];

/// Something a 200 connection sends before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Tweet,
    BadJson,
    BadUtf8,
    Shape,
    KeepAlive,
}

/// How a connection ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The response head never comes: the client's connect timeout fires.
    NetworkError,
    /// A 5xx status.
    ServerError(u16),
    /// A proxy's own HTML 5xx page (`text/html`, no problem).
    HtmlError(u16),
    /// 429, with `x-rate-limit-reset` in the past (`None`) or this many seconds ahead.
    RateLimited(Option<u64>),
    /// Half a line, then the TCP connection is aborted mid-body.
    ResetMidLine,
    /// Nothing more, not even keep-alives.
    Stall,
    /// The 200 body ends cleanly.
    Close,
    /// A line over the client's limit.
    OversizedLine,
    /// X's operational-disconnect line, then a clean end.
    OperationalDisconnect,
    /// A gzip member inflating to far more than the line limit, then nothing.
    Bomb,
    /// Bytes the body's coding cannot decode, then nothing.
    Corrupt,
}

impl End {
    fn is_status(self) -> bool {
        matches!(
            self,
            End::NetworkError | End::ServerError(_) | End::HtmlError(_) | End::RateLimited(_)
        )
    }
}

/// How the server frames its answer and what it does with the connection afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wire {
    /// HTTP/1.1, the connection kept open (the emulator's default).
    KeepAlive,
    /// HTTP/1.1 with `Connection: close`; the server closes after the answer.
    Close,
    /// HTTP/1.0: no length, the body runs until the server closes.
    Http10,
}

impl Wire {
    fn apply(self, s: Script) -> Script {
        match self {
            Wire::KeepAlive => s,
            Wire::Close => s.connection_close(),
            Wire::Http10 => s.http10(),
        }
    }
}

#[derive(Debug, Clone)]
struct Conn {
    items: Vec<Item>,
    healthy: bool,
    chunks: ChunkPattern,
    wire: Wire,
    /// The 200 body's content coding (the client asks for none).
    coding: Option<ContentCoding>,
    end: End,
}

fn coding() -> impl Strategy<Value = Option<ContentCoding>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some(ContentCoding::Gzip)),
        1 => Just(Some(ContentCoding::GzipMembers)),
        1 => Just(Some(ContentCoding::Deflate)),
        1 => Just(Some(ContentCoding::RawDeflate)),
    ]
}

/// The coding a connection ending in `end` can carry: a bomb is a gzip member, and a
/// corrupt body needs a coding to corrupt.
fn coding_for(end: End, coding: Option<ContentCoding>) -> Option<ContentCoding> {
    match end {
        End::Bomb => Some(ContentCoding::GzipMembers),
        End::Corrupt => coding.or(Some(ContentCoding::RawDeflate)),
        _ if end.is_status() => None,
        _ => coding,
    }
}

fn wire() -> impl Strategy<Value = Wire> {
    prop_oneof![Just(Wire::KeepAlive), Just(Wire::Close), Just(Wire::Http10)]
}

/// A status that ends the stream, on some wire.
fn fatal() -> impl Strategy<Value = Option<(u16, Wire)>> {
    prop::option::of((prop::sample::select(vec![400u16, 401, 403, 404]), wire()))
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        6 => Just(Item::Tweet),
        1 => Just(Item::BadJson),
        1 => Just(Item::BadUtf8),
        1 => Just(Item::Shape),
        1 => Just(Item::KeepAlive),
    ]
}

fn end() -> impl Strategy<Value = End> {
    prop_oneof![
        Just(End::NetworkError),
        prop::sample::select(vec![500u16, 502, 503, 504]).prop_map(End::ServerError),
        prop::sample::select(vec![502u16, 503, 504]).prop_map(End::HtmlError),
        prop::option::of(prop::sample::select(vec![30u64, 120, 2000])).prop_map(End::RateLimited),
        Just(End::ResetMidLine),
        Just(End::Stall),
        Just(End::Close),
        Just(End::OversizedLine),
        Just(End::OperationalDisconnect),
        Just(End::Bomb),
        Just(End::Corrupt),
    ]
}

fn chunks() -> impl Strategy<Value = ChunkPattern> {
    prop_oneof![
        3 => Just(ChunkPattern::Whole),
        1 => Just(ChunkPattern::ByteByByte),
        2 => (1usize..64).prop_map(ChunkPattern::Fixed),
        2 => prop::collection::vec(1usize..200, 1..5).prop_map(ChunkPattern::Pattern),
    ]
}

fn conn() -> impl Strategy<Value = Conn> {
    (
        prop::collection::vec(item(), 0..6),
        any::<bool>(),
        chunks(),
        wire(),
        coding(),
        end(),
    )
        .prop_map(|(items, healthy, chunks, wire, coding, end)| {
            let coding = coding_for(end, coding);
            if end.is_status() {
                Conn {
                    items: Vec::new(),
                    healthy: false,
                    chunks: ChunkPattern::Whole,
                    wire,
                    coding,
                    end,
                }
            } else {
                Conn {
                    items,
                    healthy,
                    chunks,
                    wire,
                    coding,
                    end,
                }
            }
        })
}

fn tweet_line(id: u64) -> String {
    format!(
        r#"{{"data":{{"id":"{id}","text":"post number {id}","edit_history_tweet_ids":["{id}"]}}}}"#
    )
}

/// What the consumer is expected to see, in order.
#[derive(Debug, Clone, PartialEq)]
enum Obs {
    Connected(u64),
    Tweet(u64),
    Response(Option<u64>),
    Errors,
    KeepAlive,
    Undecodable(&'static str, Vec<u8>),
    Closed(Option<Duration>),
    ConnectionError(ConnectionErrorKind, Option<Duration>),
    RequestError(u16, Option<Duration>),
    Disconnected(DisconnectReason),
    /// A fatal status, and whether X's problem body came with it.
    Fatal(u16, bool),
}

fn observe(event: &StreamEvent) -> Obs {
    match event {
        StreamEvent::Connected(c) => Obs::Connected(c.connection),
        StreamEvent::Tweet(t) => Obs::Tweet(t.id.get()),
        StreamEvent::Response(r) => Obs::Response(r.tweet().map(|t| t.id.get())),
        StreamEvent::Errors(_) => Obs::Errors,
        StreamEvent::KeepAlive => Obs::KeepAlive,
        StreamEvent::Undecodable(u) => {
            let kind = match u.reason {
                LineError::NotUtf8 { .. } => "not_utf8",
                LineError::NotJson(_) => "not_json",
                LineError::Shape(_) => "shape",
                LineError::Truncated => "truncated",
                _ => "other",
            };
            Obs::Undecodable(kind, u.raw.to_vec())
        }
        StreamEvent::Closed(c) => Obs::Closed(c.retry_in),
        StreamEvent::ConnectionError(e) => Obs::ConnectionError(e.kind, e.retry_in),
        StreamEvent::RequestError(e) => Obs::RequestError(e.status, e.retry_in),
        StreamEvent::Disconnected(DisconnectReason::FatalStatus {
            status, problem, ..
        }) => Obs::Fatal(*status, problem.is_some()),
        StreamEvent::Disconnected(r) => Obs::Disconnected(r.clone()),
        other => panic!("unexpected event {other:?}"),
    }
}

/// The plan of one run: scripts to queue, events to expect, and per connection the least
/// time that must pass from its request to the next one.
struct Plan {
    scripts: Vec<Script>,
    expected: Vec<Obs>,
    /// Per connection: (minimum gap to the next request, tolerance for the announced delay).
    min_gaps: Vec<Duration>,
    /// Index in `expected` of each connection's failure event and the slack allowed on its
    /// delay (non-zero only for a 429 whose reset time is read from the wall clock).
    slack: Vec<(usize, Duration)>,
    /// The consumer disconnects once it has seen this many events (none when a fatal
    /// status ends the stream by itself).
    disconnect_after: Option<usize>,
}

fn plan(conns: &[Conn], fatal: Option<(u16, Wire)>, policy: &ReconnectPolicy) -> Plan {
    let mut state = ReconnectState::default();
    let mut next_id = 1u64;
    let mut connected = 0u64;
    let mut plan = Plan {
        scripts: Vec::new(),
        expected: Vec::new(),
        min_gaps: Vec::new(),
        slack: Vec::new(),
        disconnect_after: None,
    };
    let wall_now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let retry = |d: Decision| match d {
        Decision::Retry { delay, .. } => delay,
        Decision::Stop(r) => panic!("the policy must not stop here: {r}"),
    };
    for c in conns {
        let mut s = c.wire.apply(Script::new());
        let mut fault_time = Duration::ZERO;
        let mut slack = Duration::ZERO;
        let failure = match c.end {
            End::NetworkError => {
                s = s
                    .delay(Duration::from_secs(3600))
                    .status(503, problems::service_unavailable());
                fault_time = CONNECT_TIMEOUT;
                Some(Failure::Network)
            }
            End::ServerError(code) => {
                s = s.status(code, problems::service_unavailable());
                Some(Failure::Status {
                    status: code,
                    retry_after: None,
                })
            }
            End::HtmlError(code) => {
                s = s.html_status(code, problems::proxy_error_page(code));
                Some(Failure::Status {
                    status: code,
                    retry_after: None,
                })
            }
            End::RateLimited(ahead) => {
                let reset = ahead.map_or(0, |a| wall_now + a);
                s = s
                    .header("x-rate-limit-reset", reset.to_string())
                    .status(429, problems::too_many_connections());
                if let Some(a) = ahead {
                    // The client reads the wall clock a moment later, truncated to seconds.
                    slack = Duration::from_secs(2);
                    Some(Failure::Status {
                        status: 429,
                        retry_after: Some(Duration::from_secs(a)),
                    })
                } else {
                    Some(Failure::Status {
                        status: 429,
                        retry_after: Some(Duration::ZERO),
                    })
                }
            }
            _ => None,
        };
        let delay = if let Some(failure) = failure {
            let delay = retry(state.on_failure(policy, failure));
            let status = match failure {
                Failure::Status { status, .. } => Some(status),
                _ => None,
            };
            plan.expected.push(match status {
                Some(status) => Obs::RequestError(status, Some(delay)),
                None => Obs::ConnectionError(ConnectionErrorKind::Connect, Some(delay)),
            });
            delay
        } else {
            connected += 1;
            state.on_connected();
            plan.expected.push(Obs::Connected(connected));
            s = s.chunks(c.chunks.clone());
            if let Some(coding) = c.coding {
                s = s.content_coding(coding);
            }
            let half = c.items.len() / 2;
            for (i, item) in c.items.iter().enumerate() {
                if c.healthy && i == half {
                    for secs in HEALTHY_SPAN {
                        s = s.delay(Duration::from_secs(secs)).keep_alive();
                        plan.expected.push(Obs::KeepAlive);
                        fault_time += Duration::from_secs(secs);
                    }
                }
                match item {
                    Item::Tweet => {
                        s = s.raw_line(tweet_line(next_id));
                        plan.expected.push(Obs::Tweet(next_id));
                        plan.expected.push(Obs::Response(Some(next_id)));
                        next_id += 1;
                    }
                    Item::BadJson => {
                        let raw = format!("{{\"data\": nope {next_id}");
                        next_id += 1;
                        s = s.raw_line(raw.clone());
                        plan.expected
                            .push(Obs::Undecodable("not_json", raw.into_bytes()));
                    }
                    Item::BadUtf8 => {
                        let raw = b"{\"data\":{\"id\":\"1\",\"text\":\"\xff\xfe\"}}".to_vec();
                        s = s.raw_line(raw.clone());
                        plan.expected.push(Obs::Undecodable("not_utf8", raw));
                    }
                    Item::Shape => {
                        let raw = br#"{"data":{"id":"not a number","text":"x"}}"#.to_vec();
                        s = s.raw_line(raw.clone());
                        plan.expected.push(Obs::Undecodable("shape", raw));
                    }
                    Item::KeepAlive => {
                        s = s.keep_alive();
                        plan.expected.push(Obs::KeepAlive);
                    }
                }
            }
            if c.healthy && c.items.len() == half {
                // No items at all: the keep-alives still make it healthy.
                for secs in HEALTHY_SPAN {
                    s = s.delay(Duration::from_secs(secs)).keep_alive();
                    plan.expected.push(Obs::KeepAlive);
                    fault_time += Duration::from_secs(secs);
                }
            }
            if c.healthy {
                assert!(
                    state.on_progress(policy, fault_time),
                    "healthy span reaches healthy_after"
                );
            }
            // An HTTP/1.0 body ends at the close: a cut one looks just like its end.
            let cut_is_close = c.wire == Wire::Http10;
            let decision = match c.end {
                End::ResetMidLine => {
                    let line = tweet_line(next_id);
                    next_id += 1;
                    let cut = line.as_bytes()[..line.len() / 2].to_vec();
                    s = s.raw_bytes(cut.clone()).reset();
                    plan.expected.push(Obs::Undecodable("truncated", cut));
                    if cut_is_close {
                        state.on_clean_close(policy)
                    } else {
                        state.on_failure(policy, Failure::Network)
                    }
                }
                End::Stall => {
                    s = s.stall();
                    fault_time += STALL_TIMEOUT;
                    state.on_failure(policy, Failure::Network)
                }
                End::OversizedLine => {
                    s = s.oversized_line(MAX_LINE * 3).stall();
                    state.on_failure(policy, Failure::Network)
                }
                End::Bomb => {
                    s = s.gzip_bomb(MAX_LINE * 1000).stall();
                    state.on_failure(policy, Failure::Network)
                }
                End::Corrupt => {
                    s = s.corrupt_coding().stall();
                    state.on_failure(policy, Failure::Network)
                }
                End::Close => {
                    s = s.close();
                    state.on_clean_close(policy)
                }
                End::OperationalDisconnect => {
                    s = s.operational_disconnect();
                    plan.expected.push(Obs::Errors);
                    plan.expected.push(Obs::Response(None));
                    state.on_clean_close(policy)
                }
                _ => unreachable!(),
            };
            let delay = retry(decision);
            plan.expected.push(match c.end {
                End::ResetMidLine if !cut_is_close => {
                    Obs::ConnectionError(ConnectionErrorKind::Io, Some(delay))
                }
                End::Stall => Obs::ConnectionError(ConnectionErrorKind::Stall, Some(delay)),
                End::OversizedLine | End::Bomb => {
                    Obs::ConnectionError(ConnectionErrorKind::LineTooLong, Some(delay))
                }
                End::Corrupt => {
                    Obs::ConnectionError(ConnectionErrorKind::ContentCoding, Some(delay))
                }
                _ => Obs::Closed(Some(delay)),
            });
            delay
        };
        plan.slack.push((plan.expected.len() - 1, slack));
        plan.min_gaps.push(fault_time + delay);
        plan.scripts.push(s);
    }
    // One last connection, so the gap after the last failure is measured too: a fatal
    // status that ends the stream, or a live one the consumer ends.
    match fatal {
        Some((status, wire)) => {
            let body = match status {
                401 => problems::unauthorized(),
                404 => problems::not_found(),
                _ => problems::invalid_request("x", &["y"], "refused"),
            };
            plan.scripts
                .push(wire.apply(Script::new()).status(status, body));
            plan.expected.push(Obs::RequestError(status, None));
            plan.expected.push(Obs::Fatal(status, true));
        }
        None => {
            plan.scripts.push(Script::new().keep_alive().stall());
            plan.expected.push(Obs::Connected(connected + 1));
            plan.expected.push(Obs::KeepAlive);
            plan.expected
                .push(Obs::Disconnected(DisconnectReason::Requested));
            plan.disconnect_after = Some(plan.expected.len() - 1);
        }
    }
    plan
}

/// The delay an event announces, if it is a failure event.
fn announced(obs: &Obs) -> Option<Duration> {
    match obs {
        Obs::Closed(d) | Obs::ConnectionError(_, d) | Obs::RequestError(_, d) => *d,
        _ => None,
    }
}

fn with_delay(obs: &Obs, d: Option<Duration>) -> Obs {
    match obs.clone() {
        Obs::Closed(_) => Obs::Closed(d),
        Obs::ConnectionError(k, _) => Obs::ConnectionError(k, d),
        Obs::RequestError(s, _) => Obs::RequestError(s, d),
        other => other,
    }
}

async fn run_matrix(conns: Vec<Conn>, fatal: Option<(u16, Wire)>) {
    let policy = ReconnectPolicy::default().max_retries(Some(1000));
    let plan = plan(&conns, fatal, &policy);
    let em = Arc::new(Emulator::builder().start().await.expect("emulator"));
    for s in plan.scripts.iter().cloned() {
        em.push_script(s);
    }
    let n_requests = plan.scripts.len();
    let times = Arc::new(Mutex::new(Vec::new()));
    let watcher = {
        let (em, times) = (Arc::clone(&em), Arc::clone(&times));
        tokio::spawn(async move {
            for k in 1..=n_requests {
                em.wait_for_stream_connections(k).await;
                times.lock().unwrap().push(Instant::now());
            }
        })
    };
    let client = em
        .client_builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .stall_timeout(STALL_TIMEOUT)
        .max_line_bytes(MAX_LINE)
        .reconnect_policy(policy)
        .build()
        .expect("client");
    let mut stream: EventStream = client.sample(StreamParams::new()).expect("stream");
    let handle = stream.disconnect_handle();
    let mut seen = Vec::new();
    while let Some(event) = deadline::bounded("the next event", stream.next()).await {
        seen.push(observe(&event));
        if Some(seen.len()) == plan.disconnect_after {
            handle.disconnect();
        }
        assert!(
            seen.len() <= plan.expected.len(),
            "more events than expected: {seen:#?}\nexpected {:#?}",
            plan.expected
        );
    }
    watcher.await.expect("watcher");

    // Failure events: the announced delay is the policy's (within the wall-clock slack of a
    // 429 reset); everything else must match exactly.
    assert_eq!(
        seen.len(),
        plan.expected.len(),
        "seen {seen:?}\nexpected {:?}",
        plan.expected
    );
    let mut normalized = seen.clone();
    for &(i, slack) in &plan.slack {
        let (got, want) = (announced(&seen[i]), announced(&plan.expected[i]));
        let (Some(got), Some(want)) = (got, want) else {
            panic!(
                "event {i}: no delay announced: {:?} vs {:?}",
                seen[i], plan.expected[i]
            );
        };
        assert!(
            got <= want && want - got <= slack,
            "event {i}: announced {got:?}, policy says {want:?} (slack {slack:?})\n\
             seen {seen:#?}\nexpected {:#?}",
            plan.expected
        );
        normalized[i] = with_delay(&seen[i], Some(want));
    }
    assert_eq!(
        normalized, plan.expected,
        "connections: {conns:#?}, then {fatal:?}"
    );

    // Never sooner than the policy allows: the gap between consecutive requests covers the
    // fault's own duration plus the announced delay.
    let times = times.lock().unwrap().clone();
    assert_eq!(times.len(), n_requests);
    for (i, pair) in times.windows(2).enumerate() {
        let gap = pair[1] - pair[0];
        let announced_delay = announced(&seen[plan.slack[i].0]).unwrap();
        let fault = plan.min_gaps[i] - announced(&plan.expected[plan.slack[i].0]).unwrap();
        let least = fault + announced_delay;
        assert!(
            gap >= least,
            "connection {}: next request after {gap:?}, policy allows {least:?}",
            i + 1
        );
        assert!(
            gap <= least + Duration::from_secs(1),
            "connection {}: next request only after {gap:?}, expected about {least:?}",
            i + 1
        );
    }
    assert_eq!(em.stream_connections(), n_requests);
}

fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("runtime")
}

proptest! {
    // 32 cases in CI; `FAULT_MATRIX_CASES=2000 cargo test --test fault_matrix` for a long run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("FAULT_MATRIX_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(32),
        // Failing seeds go to tests/fault_matrix.proptest-regressions and are replayed first.
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_fault_sequences(conns in prop::collection::vec(conn(), 1..=8), fatal in fatal()) {
        paused_runtime().block_on(run_matrix(conns, fatal));
    }
}

/// Every fault at least once, with failures piling up (so the backoffs grow) and a healthy
/// connection that resets them.
#[test]
fn every_fault_in_one_sequence() {
    let c = |items: &[Item], healthy, end| Conn {
        items: items.to_vec(),
        healthy,
        chunks: ChunkPattern::Fixed(7),
        wire: Wire::KeepAlive,
        coding: coding_for(end, None),
        end,
    };
    let coded = |coding, conn: Conn| Conn {
        coding: Some(coding),
        ..conn
    };
    let on = |wire, conn: Conn| Conn { wire, ..conn };
    use Item::*;
    let conns = vec![
        c(&[Tweet, Tweet], false, End::Close),
        c(&[], false, End::NetworkError),
        c(&[], false, End::ServerError(503)),
        c(&[], false, End::ServerError(500)),
        c(
            &[Tweet, BadJson, Tweet, BadUtf8, Shape, KeepAlive, Tweet],
            false,
            End::ResetMidLine,
        ),
        c(&[], false, End::RateLimited(None)),
        c(&[], false, End::RateLimited(Some(2000))),
        c(&[Tweet], false, End::Stall),
        c(&[Tweet, Tweet], false, End::OversizedLine),
        c(&[Tweet], true, End::OperationalDisconnect),
        c(&[Tweet], false, End::ResetMidLine),
        c(&[Tweet, Tweet, Tweet], true, End::Close),
        c(&[Tweet], false, End::Close),
        on(Wire::Close, c(&[], false, End::ServerError(503))),
        on(Wire::Close, c(&[], false, End::RateLimited(None))),
        on(Wire::Http10, c(&[], false, End::HtmlError(502))),
        on(Wire::Close, c(&[], false, End::HtmlError(504))),
        on(Wire::Http10, c(&[Tweet, BadJson], false, End::ResetMidLine)),
        on(Wire::Http10, c(&[Tweet, Tweet], true, End::Close)),
        on(Wire::Close, c(&[Tweet], false, End::ResetMidLine)),
        on(Wire::Close, c(&[Tweet], false, End::Close)),
        coded(
            ContentCoding::GzipMembers,
            c(&[Tweet, BadJson, Tweet], false, End::Close),
        ),
        coded(
            ContentCoding::Deflate,
            c(&[Tweet, KeepAlive], false, End::ResetMidLine),
        ),
        coded(ContentCoding::RawDeflate, c(&[Tweet], true, End::Stall)),
        coded(ContentCoding::Gzip, c(&[Tweet], false, End::Corrupt)),
        c(&[Tweet], false, End::Bomb),
        on(
            Wire::Http10,
            coded(ContentCoding::Deflate, c(&[Tweet], false, End::Corrupt)),
        ),
        on(Wire::Close, c(&[Tweet, Tweet], false, End::Bomb)),
    ];
    paused_runtime().block_on(run_matrix(conns, Some((401, Wire::Close))));
}

/// A small soak (the full one is `cargo run --release --example soak`): 50,000 lines over 11
/// connections closed by the server, every line counted, ids rising within each connection.
#[tokio::test(flavor = "current_thread")]
#[ignore = "a few seconds in a debug build; run with --ignored"]
async fn small_soak() {
    use tweetstream::emulator::Rate;
    let (lines, reconnects) = (50_000u64, 10u64);
    let per = lines / (reconnects + 1);
    let em = Emulator::builder()
        .rate(Rate::AsFastAsRead)
        .max_connections(4)
        .start()
        .await
        .unwrap();
    for _ in 0..reconnects {
        em.push_script(Script::new().tweets(per as usize).close());
    }
    let policy = ReconnectPolicy::default()
        .healthy_after(Duration::from_millis(1))
        .max_retries(Some(3));
    let client = em
        .client_builder()
        .reconnect_policy(policy)
        .build()
        .unwrap();
    let mut stream = client.sample(StreamParams::new()).unwrap();
    let handle = stream.disconnect_handle();
    let (mut got, mut connections, mut in_conn, mut last) = (0u64, 0u64, 0u64, 0u64);
    while let Some(event) = deadline::bounded("the next event", stream.next()).await {
        match event {
            StreamEvent::Connected(_) => (connections, in_conn, last) = (connections + 1, 0, 0),
            StreamEvent::Tweet(t) => {
                assert!(t.id.get() > last, "ids must rise within a connection");
                last = t.id.get();
                got += 1;
                in_conn += 1;
                if got == lines {
                    handle.disconnect();
                }
            }
            StreamEvent::Closed(_) => assert_eq!(in_conn, per),
            StreamEvent::Disconnected(r) => assert_eq!(r, DisconnectReason::Requested),
            StreamEvent::Response(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((got, connections), (lines, reconnects + 1));
}
