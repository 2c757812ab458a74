//! The client against hostile and unusual servers (`tests/support/hostile.rs`: a raw TCP
//! server writing exact bytes with exact timing), one scripted behaviour per case.
//!
//! Each case is a row of a table: the connections' scripts, the client's settings, the
//! exact events (each described as a line; an expectation may stop short of a long
//! message), the number of requests and the gaps between them (tokio's paused clock, so
//! the waits are exact). Each row also carries `naive`: what a naive client does (for the
//! items of issue 22, what this client did before): the suite checks that the observed
//! run does *not* pass that expectation, so every row is shown able to fail.

mod support;

use std::time::Duration;

use futures_util::StreamExt as _;
use support::deadline::bounded;
use support::hostile::{
    Act, Hostile, LAST_CHUNK, chunk, gzip, head, ok_chunked, raw_deflate, status_with_body, tweet,
    zlib,
};
use tweetstream::{ClientBuilder, StreamEndpoint, StreamEvent, StreamParams, StreamingClient};

const TOKEN: &str = "hostile-test-token";

/// One behaviour of the table.
struct Case {
    scripts: Vec<Vec<Act>>,
    /// Client settings beyond the defaults (the test token and the server's URL).
    client: fn(ClientBuilder) -> ClientBuilder,
    /// The exact events, each a prefix of the described event.
    events: Vec<String>,
    /// Requests the server saw.
    requests: usize,
    /// Gaps between consecutive requests, in milliseconds (± `slack_ms`).
    gaps_ms: Vec<u64>,
    slack_ms: u64,
    /// When the stream ended (tokio time since it was created, ± `slack_ms` or 50 ms).
    end_ms: Option<u64>,
    /// What a naive client would give: must not pass.
    naive: Naive,
}

/// The wrong expectation a case must reject.
enum Naive {
    Events(Vec<String>),
    Requests(usize),
    GapsMs(Vec<u64>),
    EndMs(u64),
}

fn ev(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

fn describe(e: &StreamEvent) -> String {
    match e {
        StreamEvent::Connected(c) => format!("connected {}", c.connection),
        StreamEvent::Tweet(t) => format!("tweet {} {:?}", t.id.get(), t.text),
        StreamEvent::Response(_) => "response".to_owned(),
        StreamEvent::Activity(a) => format!("activity {}", a.kind()),
        StreamEvent::Errors(p) => {
            let titles: Vec<&str> = p.iter().map(|p| p.title.as_str()).collect();
            format!("errors {titles:?}")
        }
        StreamEvent::Undecodable(u) => format!("undecodable {}", u.reason),
        StreamEvent::Closed(c) => format!("closed {:?}", c.retry_in),
        StreamEvent::ConnectionError(c) => {
            format!(
                "connection_error {:?} {:?}: {}",
                c.kind, c.retry_in, c.message
            )
        }
        StreamEvent::RequestError(r) => format!(
            "request_error {} {:?} problem={:?} body={:?}",
            r.status,
            r.retry_in,
            r.problem.as_ref().map(|p| p.title.as_str()),
            String::from_utf8_lossy(&r.body)
        ),
        StreamEvent::Disconnected(r) => format!("disconnected {r}"),
        other => other.name().to_owned(),
    }
}

/// What one run gave.
#[derive(Debug)]
struct Observed {
    events: Vec<String>,
    /// Tokio time from the stream's creation to its end.
    ended_after: Duration,
    requests: Vec<support::hostile::Seen>,
}

impl Observed {
    fn gaps_ms(&self) -> Vec<u64> {
        self.requests
            .windows(2)
            .map(|w| (w[1].at - w[0].at).as_millis() as u64)
            .collect()
    }
}

fn check_events(seen: &[String], want: &[String]) -> Result<(), String> {
    if seen.len() != want.len() {
        return Err(format!("{} events, expected {}", seen.len(), want.len()));
    }
    for (i, (s, w)) in seen.iter().zip(want).enumerate() {
        if !s.starts_with(w.as_str()) {
            return Err(format!("event {i}: {s:?} does not start with {w:?}"));
        }
    }
    Ok(())
}

fn check_gaps(seen: &[u64], want: &[u64], slack: u64) -> Result<(), String> {
    if seen.len() != want.len() || seen.iter().zip(want).any(|(s, w)| s.abs_diff(*w) > slack) {
        return Err(format!("gaps {seen:?} ms, expected {want:?} ± {slack}"));
    }
    Ok(())
}

fn check(obs: &Observed, case: &Case) -> Result<(), String> {
    check_events(&obs.events, &case.events)?;
    if obs.requests.len() != case.requests {
        return Err(format!(
            "{} requests, expected {}",
            obs.requests.len(),
            case.requests
        ));
    }
    check_gaps(&obs.gaps_ms(), &case.gaps_ms, case.slack_ms)?;
    if let Some(end) = case.end_ms {
        let took = obs.ended_after.as_millis() as u64;
        if took.abs_diff(end) > case.slack_ms.max(50) {
            return Err(format!(
                "the stream ended after {took} ms, expected {end} ms"
            ));
        }
    }
    // Whatever the server did, the bearer token went to it alone, as a bearer token.
    for r in &obs.requests {
        if r.header("authorization").as_deref() != Some(&format!("Bearer {TOKEN}")) {
            return Err(format!("request without the bearer token: {}", r.head));
        }
    }
    Ok(())
}

async fn observe(scripts: Vec<Vec<Act>>, settings: fn(ClientBuilder) -> ClientBuilder) -> Observed {
    observe_on(StreamEndpoint::Sample, scripts, settings).await
}

async fn observe_on(
    endpoint: StreamEndpoint,
    scripts: Vec<Vec<Act>>,
    settings: fn(ClientBuilder) -> ClientBuilder,
) -> Observed {
    let server = Hostile::start(scripts).await;
    let builder = StreamingClient::builder(TOKEN).base_url(server.base_url());
    let client = settings(builder).build().expect("client");
    let mut stream = client
        .stream(endpoint, StreamParams::new())
        .expect("stream");
    let start = tokio::time::Instant::now();
    let mut events = Vec::new();
    while let Some(e) = bounded("the next event", stream.next()).await {
        events.push(describe(&e));
    }
    let ended_after = start.elapsed();
    drop(stream);
    Observed {
        events,
        ended_after,
        requests: server.seen(),
    }
}

async fn run(case: Case) -> Observed {
    run_on(StreamEndpoint::Sample, case).await
}

async fn run_on(endpoint: StreamEndpoint, case: Case) -> Observed {
    let obs = observe_on(endpoint, case.scripts.clone(), case.client).await;
    if let Err(e) = check(&obs, &case) {
        panic!("{e}\nobserved: {:#?}\ngaps {:?}", obs.events, obs.gaps_ms());
    }
    let naive = match &case.naive {
        Naive::Events(events) => check_events(&obs.events, events),
        Naive::Requests(n) => (obs.requests.len() == *n).then_some(()).ok_or_default(),
        Naive::GapsMs(gaps) => check_gaps(&obs.gaps_ms(), gaps, case.slack_ms),
        Naive::EndMs(end) => (obs.ended_after.as_millis().abs_diff(u128::from(*end)) <= 50)
            .then_some(())
            .ok_or_default(),
    };
    assert!(
        naive.is_err(),
        "the naive expectation passes too: the case cannot fail"
    );
    obs
}

trait OkOrDefault {
    fn ok_or_default(self) -> Result<(), String>;
}

impl OkOrDefault for Option<()> {
    fn ok_or_default(self) -> Result<(), String> {
        self.ok_or_else(String::new)
    }
}

/// One connection, then the end: at most this many retries.
fn once(b: ClientBuilder) -> ClientBuilder {
    b.max_retries(0)
}

fn twice(b: ClientBuilder) -> ClientBuilder {
    b.max_retries(1)
}

const NO_RETRY: &str = "disconnected ";

fn ok_once(chunks: &[&[u8]]) -> Vec<Vec<Act>> {
    vec![vec![Act::Send(ok_chunked(&[], chunks)), Act::Close]]
}

const T1: &str = "tweet 1 \"t1\"";
const T2: &str = "tweet 2 \"t2\"";
const T3: &str = "tweet 3 \"t3\"";
const CLOSED_END: &str = "closed None";
const UNAUTHORIZED: &[u8] =
    br#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#;
const TOO_MANY: &[u8] = br#"{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","connection_issue":"TooManyConnections","type":"https://api.twitter.com/2/problems/streaming-connection"}"#;
const UNAVAILABLE: &[u8] = br#"{"title":"Service Unavailable","type":"about:blank","status":503}"#;

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test(start_paused = true)]
            async fn $name() {
                run(self::table::$name()).await;
            }
        )*
    };
}

cases!(
    // status line and headers
    informational_responses_before_the_200,
    no_reason_phrase,
    huge_header_block,
    endless_header_block,
    retry_after_delta_seconds_on_503,
    retry_after_http_date_on_503,
    retry_after_on_429_over_x_schedule,
    retry_after_in_the_past_or_garbage_is_ignored,
    retry_after_is_capped,
    // body framing
    chunk_extensions,
    trailers,
    bad_chunk_size,
    transfer_encoding_with_content_length,
    http10_until_close,
    last_chunk_with_the_socket_left_open,
    // content codings
    gzip_not_asked_for,
    x_gzip,
    deflate_zlib_not_asked_for,
    deflate_raw,
    multi_member_gzip,
    brotli_is_refused_by_name,
    zstd_and_unknown_codings_are_refused,
    corrupt_gzip,
    gzip_bomb,
    gzip_error_body,
    deflate_error_body,
    // timing
    no_head,
    dripping_head,
    head_slower_than_the_connect_timeout,
    silence_after_the_head,
    error_body_that_never_finishes,
    slow_error_body,
    fatal_error_body_cut_by_a_reset,
    // payload
    byte_order_mark,
    lf_only_line_ends,
    lone_surrogates,
    ids_beyond_2_63,
    huge_line,
    tiny_lines,
    rest_style_error_line,
    // auth
    unauthorized_with_a_basic_challenge,
    redirect_to_another_origin,
);

mod table {
    use super::*;

    // ---- status line and headers ----

    pub fn informational_responses_before_the_200() -> Case {
        let mut wire = head("HTTP/1.1 100 Continue", &[]);
        wire.extend(head(
            "HTTP/1.1 103 Early Hints",
            &[("Link", "</a>; rel=preload")],
        ));
        wire.extend(ok_chunked(&[], &[&tweet(1)]));
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Close]],
            client: once,
            events: ev(&["connected 1", T1, "response", CLOSED_END, NO_RETRY]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["request_error 100"])),
        }
    }

    pub fn no_reason_phrase() -> Case {
        let mut wire = head("HTTP/1.1 200", &[("Transfer-Encoding", "chunked")]);
        wire.extend(chunk(&tweet(1)));
        wire.extend_from_slice(LAST_CHUNK);
        let mut e503 = head("HTTP/1.1 503", &[("Content-Length", "0")]);
        e503.extend_from_slice(b"");
        Case {
            scripts: vec![vec![Act::Send(e503)], vec![Act::Send(wire), Act::Close]],
            client: twice,
            events: ev(&[
                "request_error 503 Some(5s) problem=None body=\"\"",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![5000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(ev(&["connection_error"])),
        }
    }

    pub fn huge_header_block() -> Case {
        // 2 MiB of headers: far beyond hyper's read buffer; refused, never buffered whole.
        let filler = "x".repeat(1000);
        let mut wire = b"HTTP/1.1 200 OK\r\n".to_vec();
        for i in 0..2048 {
            wire.extend(format!("X-Filler-{i}: {filler}\r\n").into_bytes());
        }
        wire.extend_from_slice(b"Transfer-Encoding: chunked\r\n\r\n");
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Hold]],
            client: once,
            events: ev(&["connection_error Connect None: connection failed: "]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1"])),
        }
        .ending()
    }

    pub fn endless_header_block() -> Case {
        // A header every 100 ms, for ever: the connect timeout (20 s) bounds the head.
        let line = b"X-More: more\r\n".to_vec();
        let mut scripts = vec![Act::Send(b"HTTP/1.1 200 OK\r\n".to_vec())];
        scripts.push(Act::Drip {
            bytes: line.repeat(100_000),
            size: line.len(),
            every: Duration::from_millis(100),
        });
        Case {
            scripts: vec![scripts],
            client: once,
            events: ev(&["connection_error Connect None: no response head within 20s"]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(20000),
            naive: Naive::Events(ev(&["connection_error Connect None: connection failed"])),
        }
        .ending()
    }

    fn e503_then_ok(headers: &[(&str, &str)]) -> Vec<Vec<Act>> {
        vec![
            vec![Act::Send(status_with_body(
                "HTTP/1.1 503 Service Unavailable",
                headers,
                UNAVAILABLE,
            ))],
            vec![Act::Send(ok_chunked(&[], &[&tweet(1)])), Act::Close],
        ]
    }

    pub fn retry_after_delta_seconds_on_503() -> Case {
        Case {
            scripts: e503_then_ok(&[("Retry-After", "12")]),
            client: twice,
            events: ev(&[
                "request_error 503 Some(12s) problem=Some(\"Service Unavailable\")",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![12_000],
            slack_ms: 50,
            end_ms: None,
            // Issue 22, item 7: X's 5 s, the header ignored.
            naive: Naive::GapsMs(vec![5_000]),
        }
    }

    pub fn retry_after_http_date_on_503() -> Case {
        // 40 s ahead of the wall clock, whole seconds: the client reads 39-40 s.
        let at = std::time::SystemTime::now() + Duration::from_secs(40);
        let date = httpdate_fmt(at);
        Case {
            scripts: e503_then_ok(&[("Retry-After", Box::leak(date.into_boxed_str()))]),
            client: twice,
            events: ev(&[
                "request_error 503 Some(",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![39_500],
            slack_ms: 600,
            end_ms: None,
            naive: Naive::GapsMs(vec![5_000]),
        }
    }

    pub fn retry_after_on_429_over_x_schedule() -> Case {
        let scripts = vec![
            vec![Act::Send(status_with_body(
                "HTTP/1.1 429 Too Many Requests",
                &[("Retry-After", "90")],
                TOO_MANY,
            ))],
            vec![Act::Send(ok_chunked(&[], &[&tweet(1)])), Act::Close],
        ];
        Case {
            scripts,
            client: twice,
            events: ev(&[
                "request_error 429 Some(90s) problem=Some(\"ConnectionException\")",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![90_000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::GapsMs(vec![60_000]),
        }
    }

    pub fn retry_after_in_the_past_or_garbage_is_ignored() -> Case {
        let mut scripts = Vec::new();
        for value in ["Sun, 06 Nov 1994 08:49:37 GMT", "soon", "-3"] {
            scripts.push(vec![Act::Send(status_with_body(
                "HTTP/1.1 503 Service Unavailable",
                &[("Retry-After", value)],
                UNAVAILABLE,
            ))]);
        }
        Case {
            scripts,
            client: |b| b.max_retries(2),
            events: ev(&[
                "request_error 503 Some(5s)",
                "request_error 503 Some(10s)",
                "request_error 503 None",
                NO_RETRY,
            ]),
            requests: 3,
            gaps_ms: vec![5_000, 10_000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::GapsMs(vec![0, 0]),
        }
    }

    pub fn retry_after_is_capped() -> Case {
        Case {
            scripts: e503_then_ok(&[("Retry-After", "86400")]),
            client: twice,
            events: ev(&[
                "request_error 503 Some(900s)",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![900_000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::GapsMs(vec![86_400_000]),
        }
    }

    // ---- body framing ----

    pub fn chunk_extensions() -> Case {
        let mut wire = head("HTTP/1.1 200 OK", &[("Transfer-Encoding", "chunked")]);
        let line = tweet(1);
        wire.extend(format!("{:x};name=value;flag\r\n", line.len()).into_bytes());
        wire.extend(&line);
        wire.extend_from_slice(b"\r\n0;last=yes\r\n\r\n");
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Close]],
            client: once,
            events: ev(&["connected 1", T1, "response", CLOSED_END, NO_RETRY]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "connection_error Io"])),
        }
    }

    pub fn trailers() -> Case {
        let mut wire = head(
            "HTTP/1.1 200 OK",
            &[("Transfer-Encoding", "chunked"), ("Trailer", "X-Checksum")],
        );
        wire.extend(chunk(&tweet(1)));
        wire.extend_from_slice(b"0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n");
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Hold]],
            client: once,
            events: ev(&["connected 1", T1, "response", CLOSED_END, NO_RETRY]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&[
                "connected 1",
                T1,
                "response",
                "connection_error Stall",
            ])),
        }
    }

    pub fn bad_chunk_size() -> Case {
        let mut wire = head("HTTP/1.1 200 OK", &[("Transfer-Encoding", "chunked")]);
        wire.extend(chunk(&tweet(1)));
        wire.extend_from_slice(b"zz\r\nnot a size\r\n");
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Hold]],
            client: once,
            events: ev(&[
                "connected 1",
                T1,
                "response",
                "connection_error Io None: ",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", T1, "response", "undecodable"])),
        }
    }

    pub fn transfer_encoding_with_content_length() -> Case {
        // RFC 9112 §6.3: chunked wins over Content-Length (here, a wrong one).
        let mut wire = head(
            "HTTP/1.1 200 OK",
            &[("Content-Length", "5"), ("Transfer-Encoding", "chunked")],
        );
        wire.extend(chunk(&tweet(1)));
        wire.extend(chunk(&tweet(2)));
        wire.extend_from_slice(LAST_CHUNK);
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Close]],
            client: once,
            events: ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "truncated"])),
        }
    }

    pub fn http10_until_close() -> Case {
        let mut wire = head("HTTP/1.0 200 OK", &[("Content-Type", "application/json")]);
        wire.extend(tweet(1));
        wire.extend(tweet(2));
        Case {
            scripts: vec![vec![
                Act::Send(wire),
                Act::Pause(Duration::from_secs(1)),
                Act::Send(tweet(3)),
                Act::Close,
            ]],
            client: once,
            events: ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                T3,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                CLOSED_END,
            ])),
        }
    }

    pub fn last_chunk_with_the_socket_left_open() -> Case {
        // The body ends at its last chunk: a clean close at once, not a stall 30 s later.
        let mut scripts = vec![vec![Act::Send(ok_chunked(&[], &[&tweet(1)])), Act::Hold]];
        scripts.push(vec![Act::Send(ok_chunked(&[], &[&tweet(2)])), Act::Hold]);
        Case {
            scripts,
            client: twice,
            events: ev(&[
                "connected 1",
                T1,
                "response",
                "closed Some(0ns)",
                "connected 2",
                T2,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![0],
            slack_ms: 50,
            end_ms: Some(0),
            naive: Naive::GapsMs(vec![30_000]),
        }
    }

    // ---- content codings ----

    fn coded(coding: &str, body: Vec<u8>) -> Vec<Vec<Act>> {
        let mut wire = head(
            "HTTP/1.1 200 OK",
            &[
                ("Transfer-Encoding", "chunked"),
                ("Content-Encoding", coding),
            ],
        );
        for piece in body.chunks(7) {
            wire.extend(chunk(piece));
        }
        wire.extend_from_slice(LAST_CHUNK);
        vec![vec![Act::Send(wire), Act::Close]]
    }

    fn two_tweets() -> Vec<u8> {
        cat(&[&tweet(1), &tweet(2)])
    }

    const TWO: &[&str] = &[
        "connected 1",
        T1,
        "response",
        T2,
        "response",
        CLOSED_END,
        NO_RETRY,
    ];

    pub fn gzip_not_asked_for() -> Case {
        Case {
            scripts: coded("gzip", gzip(&two_tweets())),
            client: once,
            events: ev(TWO),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn x_gzip() -> Case {
        Case {
            scripts: coded("x-gzip", gzip(&two_tweets())),
            client: |b| b.gzip(true).max_retries(0),
            events: ev(TWO),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn deflate_zlib_not_asked_for() -> Case {
        Case {
            scripts: coded("deflate", zlib(&two_tweets())),
            client: once,
            events: ev(TWO),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // Issue 22, item 4: compressed bytes framed as lines.
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn deflate_raw() -> Case {
        Case {
            scripts: coded("Deflate", raw_deflate(&two_tweets())),
            client: once,
            events: ev(TWO),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn multi_member_gzip() -> Case {
        let body = cat(&[&gzip(&tweet(1)), &gzip(&tweet(2)), &gzip(&tweet(3))]);
        Case {
            scripts: coded("gzip", body),
            client: |b| b.gzip(true).max_retries(0),
            events: ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                T3,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // Issue 22, item 3: the first member only, then an error.
            naive: Naive::Events(ev(&["connected 1", T1, "response", "connection_error"])),
        }
    }

    pub fn brotli_is_refused_by_name() -> Case {
        Case {
            scripts: coded("br", b"\x1b\x03\x00garbage-brotli".to_vec()),
            client: once,
            events: ev(&[
                "connection_error ContentCoding None: unsupported Content-Encoding `br`",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn zstd_and_unknown_codings_are_refused() -> Case {
        let mut scripts = coded("zstd", b"(\xb5/\xfdgarbage".to_vec());
        scripts.extend(coded("gzip, br", gzip(&tweet(1))));
        scripts.extend(coded("snappy", b"xx".to_vec()));
        Case {
            scripts,
            client: |b| b.max_retries(2),
            events: ev(&[
                "connection_error ContentCoding Some(0ns): unsupported Content-Encoding `zstd`",
                "connection_error ContentCoding Some(250ms): unsupported Content-Encoding `br`",
                "connection_error ContentCoding None: unsupported Content-Encoding `snappy`",
                NO_RETRY,
            ]),
            requests: 3,
            gaps_ms: vec![0, 250],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn corrupt_gzip() -> Case {
        let mut body = gzip(&two_tweets());
        let n = body.len();
        body[n - 6] ^= 0x55; // the CRC: the lines come out, then the check fails
        let mut garbage = gzip(&tweet(1));
        garbage.truncate(garbage.len() - 8);
        garbage.extend_from_slice(b"\xff\xff\xff\xff not deflate at all");
        let mut scripts = coded("gzip", body);
        scripts.extend(coded(
            "gzip",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff\xffjunk".to_vec(),
        ));
        Case {
            scripts,
            client: |b| b.max_retries(1),
            events: ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                "connection_error ContentCoding Some(0ns): gzip body does not decode: CRC-32 mismatch",
                "connected 2",
                "connection_error ContentCoding None: gzip body does not decode",
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![0],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(ev(&[
                "connected 1",
                T1,
                "response",
                T2,
                "response",
                CLOSED_END,
            ])),
        }
    }

    pub fn gzip_bomb() -> Case {
        // 64 MiB of one endless line in ~64 KB of gzip, in one chunk: the line limit holds
        // on the inflated side (peak memory: `examples/hostile_rss.rs`).
        let bomb = gzip(&vec![b' '; 64 << 20]);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        let mut wire = head(
            "HTTP/1.1 200 OK",
            &[
                ("Transfer-Encoding", "chunked"),
                ("Content-Encoding", "gzip"),
            ],
        );
        wire.extend(chunk(&bomb));
        wire.extend_from_slice(LAST_CHUNK);
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Hold]],
            client: |b| b.gzip(true).max_retries(0).max_line_bytes(1 << 20),
            events: ev(&[
                "connected 1",
                "connection_error LineTooLong None: stream line longer than the 1048576-byte limit",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(0),
            naive: Naive::Events(ev(&["connected 1", "truncated"])),
        }
    }

    fn coded_error(coding: &str, body: Vec<u8>) -> Vec<Vec<Act>> {
        vec![vec![Act::Send(status_with_body(
            "HTTP/1.1 429 Too Many Requests",
            &[("Content-Encoding", coding)],
            &body,
        ))]]
    }

    pub fn gzip_error_body() -> Case {
        Case {
            scripts: coded_error("gzip", gzip(TOO_MANY)),
            client: once,
            events: ev(&[
                "request_error 429 None problem=Some(\"ConnectionException\")",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // Issue 22, item 5: `problem: null`.
            naive: Naive::Events(ev(&["request_error 429 None problem=None"])),
        }
    }

    pub fn deflate_error_body() -> Case {
        Case {
            scripts: coded_error("deflate", raw_deflate(TOO_MANY)),
            client: once,
            events: ev(&[
                "request_error 429 None problem=Some(\"ConnectionException\")",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["request_error 429 None problem=None"])),
        }
    }

    // ---- timing ----

    pub fn no_head() -> Case {
        Case {
            scripts: vec![vec![Act::Hold], vec![Act::Hold]],
            client: twice,
            events: ev(&[
                "connection_error Connect Some(0ns): no response head within 20s",
                "connection_error Connect None: no response head within 20s",
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![20_000],
            slack_ms: 50,
            end_ms: Some(40000),
            naive: Naive::GapsMs(vec![30_000]),
        }
    }

    pub fn dripping_head() -> Case {
        // The head a byte every 50 ms (about 5 s in all): slow, but within the timeout.
        let wire = ok_chunked(&[], &[&tweet(1)]);
        let head_len = wire.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        Case {
            scripts: vec![vec![
                Act::Drip {
                    bytes: wire[..head_len].to_vec(),
                    size: 1,
                    every: Duration::from_millis(50),
                },
                Act::Send(wire[head_len..].to_vec()),
                Act::Close,
            ]],
            client: once,
            events: ev(&["connected 1", T1, "response", CLOSED_END, NO_RETRY]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connection_error Connect"])),
        }
    }

    pub fn head_slower_than_the_connect_timeout() -> Case {
        let wire = ok_chunked(&[], &[&tweet(1)]);
        Case {
            scripts: vec![vec![Act::Drip {
                bytes: wire,
                size: 1,
                every: Duration::from_millis(500),
            }]],
            client: once,
            events: ev(&[
                "connection_error Connect None: no response head within 20s",
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(20000),
            naive: Naive::Events(ev(&["connected 1"])),
        }
    }

    pub fn silence_after_the_head() -> Case {
        let wire = head("HTTP/1.1 200 OK", &[("Transfer-Encoding", "chunked")]);
        Case {
            scripts: vec![
                vec![Act::Send(wire.clone()), Act::Hold],
                vec![Act::Send(wire), Act::Hold],
            ],
            client: twice,
            events: ev(&[
                "connected 1",
                "connection_error Stall Some(0ns): no data or keep-alive for 30s",
                "connected 2",
                "connection_error Stall None",
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![30_000],
            slack_ms: 50,
            end_ms: Some(60000),
            naive: Naive::GapsMs(vec![20_000]),
        }
    }

    pub fn error_body_that_never_finishes() -> Case {
        // Issue 22, item 6: a 401 whose body never finishes ended the stream after 20 s.
        let body_len = (UNAUTHORIZED.len() + 100).to_string();
        let mut wire = head(
            "HTTP/1.1 401 Unauthorized",
            &[
                ("Content-Type", "application/problem+json"),
                ("Content-Length", &body_len),
            ],
        );
        wire.extend_from_slice(&UNAUTHORIZED[..30]);
        Case {
            scripts: vec![vec![Act::Send(wire), Act::Hold]],
            client: |b| b, // fatal: no retry setting needed
            events: ev(&[
                "request_error 401 None problem=None body=\"{\\\"title\\\":\\\"Unauthorized\\\",\\\"type\\\"",
                "disconnected the server answered 40",
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(3000),
            naive: Naive::EndMs(20_000),
        }
    }

    pub fn slow_error_body() -> Case {
        // A 503 body dripping a byte every 2 s: read while it moves, cut after 10 s in all;
        // the schedule counts from then.
        Case {
            scripts: vec![
                vec![
                    Act::Send(head(
                        "HTTP/1.1 503 Service Unavailable",
                        &[("Content-Length", &UNAVAILABLE.len().to_string())],
                    )),
                    Act::Drip {
                        bytes: UNAVAILABLE.to_vec(),
                        size: 1,
                        every: Duration::from_secs(2),
                    },
                ],
                vec![Act::Send(ok_chunked(&[], &[&tweet(1)])), Act::Close],
            ],
            client: twice,
            events: ev(&[
                "request_error 503 Some(5s) problem=None body=\"{\\\"tit\"",
                "connected 1",
                T1,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![15_000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::GapsMs(vec![5_000]),
        }
    }

    pub fn fatal_error_body_cut_by_a_reset() -> Case {
        let body_len = (UNAUTHORIZED.len() + 100).to_string();
        let mut wire = head("HTTP/1.1 403 Forbidden", &[("Content-Length", &body_len)]);
        wire.extend_from_slice(&UNAUTHORIZED[..20]);
        Case {
            scripts: vec![vec![
                Act::Send(wire),
                Act::Pause(Duration::from_millis(100)),
                Act::Reset,
            ]],
            client: |b| b,
            events: ev(&[
                "request_error 403 None problem=None body=\"{\\\"title\\\":\\\"Unauthoriz\"",
                "disconnected the server answered 40",
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(100),
            naive: Naive::Events(ev(&["connection_error"])),
        }
    }

    // ---- payload ----

    pub fn byte_order_mark() -> Case {
        Case {
            scripts: ok_once(&[b"\xEF\xBB\xBF", &tweet(1), &tweet(2)]),
            client: once,
            events: ev(TWO),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn lf_only_line_ends() -> Case {
        let body = b"{\"data\":{\"id\":\"1\",\"text\":\"t1\"}}\n\n{\"data\":{\"id\":\"2\",\"text\":\"t2\"}}\n";
        Case {
            scripts: ok_once(&[body]),
            client: once,
            events: ev(&[
                "connected 1",
                T1,
                "response",
                "keep_alive",
                T2,
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn lone_surrogates() -> Case {
        let line = br#"{"data":{"id":"1","text":"cut inside an emoji \ud83d","lang":"\udc00en"}}"#;
        Case {
            scripts: ok_once(&[&cat(&[line, b"\r\n"])]),
            client: once,
            events: ev(&[
                "connected 1",
                "tweet 1 \"cut inside an emoji \u{fffd}\"",
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // Issue 22, item 8.
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn ids_beyond_2_63() -> Case {
        let body = cat(&[
            br#"{"data":{"id":"18446744073709551615","text":"max"}}"#,
            b"\r\n",
            br#"{"data":{"id":"9223372036854775808","text":"2^63","author_id":"18446744073709551615"}}"#,
            b"\r\n",
            br#"{"data":{"id":"18446744073709551616","text":"2^64"}}"#,
            b"\r\n",
        ]);
        Case {
            scripts: ok_once(&[&body]),
            client: once,
            events: ev(&[
                "connected 1",
                "tweet 18446744073709551615 \"max\"",
                "response",
                "tweet 9223372036854775808 \"2^63\"",
                "response",
                "undecodable",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&[
                "connected 1",
                "tweet 18446744073709551615",
                "response",
                "undecodable",
            ])),
        }
    }

    pub fn huge_line() -> Case {
        let mut big = br#"{"data":{"id":"1","text":""#.to_vec();
        big.extend(vec![b'a'; 300_000]);
        big.extend_from_slice(b"\"}}\r\n");
        Case {
            scripts: vec![
                vec![Act::Send(ok_chunked(&[], &[&big, &tweet(2)])), Act::Close],
                vec![
                    Act::Send(ok_chunked(
                        &[],
                        &[&big[..100_000], &big[100_000..], &tweet(3)],
                    )),
                    Act::Close,
                ],
            ],
            client: |b| b.max_retries(1).max_line_bytes(200_000),
            events: ev(&[
                "connected 1",
                "connection_error LineTooLong Some(0ns)",
                "connected 2",
                "connection_error LineTooLong None",
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![0],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "tweet 1"])),
        }
    }

    pub fn tiny_lines() -> Case {
        // 200,000 lines of four bytes in one chunk (and, gzip, in one gzip chunk).
        let body = b"{}\r\n".repeat(200_000);
        let mut events = ev(&["connected 1"]);
        events.extend(std::iter::repeat_n("response".to_owned(), 200_000));
        events.push("closed Some(0ns)".to_owned());
        events.push("connected 2".to_owned());
        events.extend(std::iter::repeat_n("response".to_owned(), 200_000));
        events.push(CLOSED_END.to_owned());
        events.push(NO_RETRY.to_owned());
        let mut gz = head(
            "HTTP/1.1 200 OK",
            &[
                ("Transfer-Encoding", "chunked"),
                ("Content-Encoding", "gzip"),
            ],
        );
        gz.extend(chunk(&gzip(&body)));
        gz.extend_from_slice(LAST_CHUNK);
        let mut naive = events.clone();
        naive.truncate(100_001);
        Case {
            scripts: vec![
                vec![Act::Send(ok_chunked(&[], &[&body])), Act::Close],
                vec![Act::Send(gz), Act::Close],
            ],
            client: |b| b.max_retries(1).gzip(true),
            events,
            requests: 2,
            gaps_ms: vec![0],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(naive),
        }
    }

    pub fn rest_style_error_line() -> Case {
        let line = br#"{"errors":[{"parameters":{"tweet.fields":["bogus"]},"message":"The `tweet.fields` query parameter value [bogus] is not one of [id,text]"}]}"#;
        Case {
            scripts: ok_once(&[&cat(&[line, b"\r\n"])]),
            client: once,
            events: ev(&[
                "connected 1",
                "errors [\"The `tweet.fields` query parameter value [bogus] is not one of [id,text]\"]",
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // Issue 22, item 9: a Response, no Errors.
            naive: Naive::Events(ev(&["connected 1", "response", CLOSED_END, NO_RETRY])),
        }
    }

    // ---- auth ----

    pub fn unauthorized_with_a_basic_challenge() -> Case {
        Case {
            scripts: vec![vec![Act::Send(status_with_body(
                "HTTP/1.1 401 Unauthorized",
                &[("WWW-Authenticate", "Basic realm=\"api\", charset=\"UTF-8\"")],
                UNAUTHORIZED,
            ))]],
            client: |b| b,
            events: ev(&[
                "request_error 401 None problem=Some(\"Unauthorized\")",
                "disconnected the server answered 40",
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: Some(0),
            naive: Naive::Requests(2),
        }
    }

    pub fn redirect_to_another_origin() -> Case {
        // The other origin is this machine's discard port: the test checks no request of
        // the client carries the token elsewhere (every request reaches this server).
        Case {
            scripts: vec![
                vec![Act::Send(status_with_body(
                    "HTTP/1.1 307 Temporary Redirect",
                    &[("Location", "http://127.0.0.1:9/2/tweets/sample/stream")],
                    b"",
                ))],
                vec![Act::Send(status_with_body(
                    "HTTP/1.1 301 Moved Permanently",
                    &[("Location", "https://evil.example/steal")],
                    b"moved",
                ))],
            ],
            client: twice,
            events: ev(&[
                "request_error 307 Some(5s)",
                "request_error 301 None problem=None body=\"moved\"",
                NO_RETRY,
            ]),
            requests: 2,
            gaps_ms: vec![5_000],
            slack_ms: 50,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1"])),
        }
    }

    impl Case {
        /// A case whose one connection fails: the stream ends after it.
        pub fn ending(mut self) -> Case {
            self.events.push(NO_RETRY.to_owned());
            self
        }
    }

    /// An HTTP-date (IMF-fixdate).
    pub fn httpdate_fmt(t: std::time::SystemTime) -> String {
        let secs = t.duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
        let days = secs / 86_400;
        let (h, m, s) = ((secs / 3600) % 24, (secs / 60) % 60, secs % 60);
        // Civil from days (Howard Hinnant's algorithm).
        let z = days as i64 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let mo = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(mo <= 2);
        let wd = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][(days % 7) as usize];
        let mn = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ][(mo - 1) as usize];
        format!("{wd}, {d:02} {mn} {y} {h:02}:{m:02}:{s:02} GMT")
    }
}

/// The suite's own check: the HTTP-date helper agrees with a known date.
#[test]
fn http_date_helper() {
    let t = std::time::UNIX_EPOCH + Duration::from_secs(784_111_777);
    assert_eq!(table::httpdate_fmt(t), "Sun, 06 Nov 1994 08:49:37 GMT");
}

/// A redirect to another origin: the client does not follow it, so the other origin never
/// sees a request, let alone the token; the redirect is an HTTP error on X's schedule.
#[tokio::test(start_paused = true)]
async fn redirect_to_another_origin_never_reaches_it() {
    let other = Hostile::start(vec![vec![
        Act::Send(ok_chunked(&[], &[&tweet(9)])),
        Act::Close,
    ]])
    .await;
    let location = format!("{}/2/tweets/sample/stream", other.base_url());
    let scripts = vec![
        vec![Act::Send(status_with_body(
            "HTTP/1.1 302 Found",
            &[("Location", &location)],
            b"",
        ))],
        vec![Act::Send(status_with_body(
            "HTTP/1.1 308 Permanent Redirect",
            &[("Location", &location)],
            b"",
        ))],
    ];
    let obs = observe(scripts, twice).await;
    let case = Case {
        scripts: vec![],
        client: twice,
        events: ev(&[
            "request_error 302 Some(5s)",
            "request_error 308 None",
            NO_RETRY,
        ]),
        requests: 2,
        gaps_ms: vec![5_000],
        slack_ms: 50,
        end_ms: None,
        naive: Naive::Requests(0),
    };
    check(&obs, &case).unwrap();
    assert_eq!(other.seen().len(), 0, "the other origin was asked");
    // Shown able to fail: a client that followed the redirect would have asked it once.
    assert_ne!(other.seen().len(), 1);
}

// ---- the X Activity stream (issue 24) ----

macro_rules! activity_cases {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test(start_paused = true)]
            async fn $name() {
                let obs = run_on(StreamEndpoint::Activity, self::activity_table::$name()).await;
                assert!(obs.requests[0].head.starts_with("GET /2/activity/stream HTTP/1.1"), "{}", obs.requests[0].head);
            }
        )*
    };
}

activity_cases!(
    activity_line_with_a_lone_surrogate,
    activity_of_an_unknown_event_type,
    activity_line_cut_mid_line,
);

mod activity_table {
    use super::*;

    pub fn activity_line_with_a_lone_surrogate() -> Case {
        let line = br#"{"data":{"event_type":"post.create","tag":"posts","payload":{"id":"1","text":"cut \ud83d"}}}"#;
        Case {
            scripts: ok_once(&[&cat(&[line, b"\r\n"])]),
            client: once,
            events: ev(&[
                "connected 1",
                "activity post.create",
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn activity_of_an_unknown_event_type() -> Case {
        let body = cat(&[
            br#"{"data":{"event_type":"poll.vote","payload":{"poll_id":"1","option":2}}}"#,
            b"\r\n\r\n",
            br#"{"data":{"event_type":"news.new","payload":{"headline":"h"}}}"#,
            b"\r\n",
        ]);
        Case {
            scripts: ok_once(&[&body]),
            client: once,
            events: ev(&[
                "connected 1",
                "activity poll.vote",
                "response",
                "keep_alive",
                "activity news.new",
                "response",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            naive: Naive::Events(ev(&["connected 1", "undecodable"])),
        }
    }

    pub fn activity_line_cut_mid_line() -> Case {
        let body = cat(&[
            br#"{"data":{"event_type":"follow.follow","payload":{"source":{"data":{"id":"1","name":"a","username":"a"}}}}}"#,
            b"\r\n",
            br#"{"data":{"event_type":"like.create","payload":{"id":"ab","liked_tw"#,
        ]);
        Case {
            scripts: ok_once(&[&body]),
            client: once,
            events: ev(&[
                "connected 1",
                "activity follow.follow",
                "response",
                "undecodable",
                CLOSED_END,
                NO_RETRY,
            ]),
            requests: 1,
            gaps_ms: vec![],
            slack_ms: 0,
            end_ms: None,
            // A client that decodes the cut line as a like (or drops it silently).
            naive: Naive::Events(ev(&[
                "connected 1",
                "activity follow.follow",
                "response",
                CLOSED_END,
            ])),
        }
    }
}

// ---- stream connections (issue 24) ----

fn take_over_twice(b: ClientBuilder) -> ClientBuilder {
    b.max_retries(1).take_over_connections(true)
}

#[tokio::test(start_paused = true)]
async fn take_over_against_a_server_whose_terminate_call_fails() {
    let delete_refused = br#"{"title":"Service Unavailable","detail":"try later","type":"about:blank","status":503}"#;
    let case = Case {
        scripts: vec![
            vec![Act::Send(status_with_body(
                "HTTP/1.1 429 Too Many Requests",
                &[],
                TOO_MANY,
            ))],
            vec![Act::Send(status_with_body(
                "HTTP/1.1 503 Service Unavailable",
                &[],
                delete_refused,
            ))],
            vec![Act::Send(ok_chunked(&[], &[&tweet(1)])), Act::Close],
        ],
        client: take_over_twice,
        // The terminate call failed: the 429 stands, on X's schedule for it (1 minute), and
        // the next attempt does not try again to take over.
        events: ev(&[
            "request_error 429 Some(60s) problem=Some(\"ConnectionException\")",
            "connected 1",
            T1,
            "response",
            CLOSED_END,
            NO_RETRY,
        ]),
        requests: 3,
        gaps_ms: vec![0, 60_000],
        slack_ms: 50,
        end_ms: None,
        // A client that took the failed terminate call for a success and reconnected at once.
        naive: Naive::GapsMs(vec![0, 0]),
    };
    let obs = run(case).await;
    assert!(
        obs.requests[1]
            .head
            .starts_with("DELETE /2/connections/sample_stream HTTP/1.1"),
        "{}",
        obs.requests[1].head
    );
    assert!(
        obs.requests[2]
            .head
            .starts_with("GET /2/tweets/sample/stream")
    );
}

#[tokio::test(start_paused = true)]
async fn a_connections_delete_answered_with_a_problem_or_garbage() {
    let problem = br#"{"title":"Forbidden","detail":"This app may not use /2/connections","type":"https://api.twitter.com/2/problems/client-forbidden","status":403}"#;
    let server = Hostile::start(vec![
        vec![Act::Send(status_with_body(
            "HTTP/1.1 403 Forbidden",
            &[],
            problem,
        ))],
        vec![Act::Send(status_with_body(
            "HTTP/1.1 200 OK",
            &[("Content-Type", "application/json")],
            b"{\"data\":",
        ))],
        vec![Act::Send(status_with_body(
            "HTTP/1.1 200 OK",
            &[],
            br#"{"data":{"successful_kills":1,"failed_kills":0}}"#,
        ))],
    ])
    .await;
    let client = StreamingClient::builder(TOKEN)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let err = bounded(
        "the refused call",
        client.terminate_connections(StreamEndpoint::Filter),
    )
    .await
    .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert!(
        err.to_string()
            .contains("This app may not use /2/connections"),
        "{err}"
    );
    let err = bounded("the cut answer", client.terminate_all_connections())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), tweetstream::ErrorKind::Decode, "{err}");
    let ok = bounded(
        "the good answer",
        client.terminate_connections_by_uuid(["u1"]),
    )
    .await
    .unwrap();
    assert_eq!(ok.successful_kills, 1);
    let heads: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.head.lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(
        heads,
        [
            "DELETE /2/connections/filtered_stream HTTP/1.1",
            "DELETE /2/connections/all HTTP/1.1",
            "DELETE /2/connections HTTP/1.1",
        ]
    );
    assert!(
        server
            .seen()
            .iter()
            .all(|s| s.header("authorization").as_deref() == Some(&format!("Bearer {TOKEN}")))
    );
}

#[tokio::test(start_paused = true)]
async fn rule_counts_answered_with_errors_only_or_a_drifted_count() {
    let server = Hostile::start(vec![
        vec![Act::Send(status_with_body(
            "HTTP/1.1 200 OK",
            &[],
            br#"{"errors":[{"title":"Forbidden","detail":"Not on this plan","type":"about:blank"}]}"#,
        ))],
        vec![Act::Send(status_with_body(
            "HTTP/1.1 200 OK",
            &[],
            br#"{"data":{"cap_per_client_app":"1000","cap_per_project":1000,"client_app_rules_count":{"rule_count":"7"},"project_rules_count":"7","new":true}}"#,
        ))],
    ])
    .await;
    let client = StreamingClient::builder(TOKEN)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let err = bounded("errors only", client.rule_counts())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), tweetstream::ErrorKind::Decode);
    assert!(err.to_string().contains("Not on this plan"), "{err}");
    // A cap as a number, a count as a string, a new member: kept, and the rest read.
    let c = bounded("drifted", client.rule_counts()).await.unwrap();
    assert_eq!(c.cap_per_client_app.as_deref(), Some("1000"));
    assert_eq!(c.extra.get("cap_per_project").unwrap().get(), "1000");
    assert_eq!(c.client_app_rules_count.as_ref().unwrap().rule_count, 7);
    assert_eq!(c.extra.get("new").unwrap().get(), "true");
    assert!(
        server.seen()[0]
            .head
            .starts_with("GET /2/tweets/search/stream/rules/counts?rules_count.fields=")
    );
}

#[tokio::test(start_paused = true)]
async fn subscription_answers_in_the_docs_shape_the_spec_shape_or_errors_only() {
    // X's quickstart shows `data` as the subscription itself; the spec nests it in
    // `data.subscription`. Both are read; a 200 with `errors` only is an error naming them.
    let flat = br#"{"data":{"subscription_id":"1976325569252868096","event_type":"profile.update.bio","filter":{"user_id":"123456789"},"created_at":"2025-10-09T16:35:08.000Z","updated_at":"2025-10-09T16:35:08.000Z","tag":"my bio updates","webhook_id":"1976325569252868099"}}"#;
    let nested = br#"{"data":{"subscription":{"subscription_id":"2","event_type":"news.new","filter":{"keyword":"x"}},"total_subscriptions":3}}"#;
    let only_errors = br#"{"errors":[{"title":"Forbidden","detail":"Private events need user context","type":"about:blank"}]}"#;
    let server = Hostile::start(vec![
        vec![Act::Send(status_with_body("HTTP/1.1 200 OK", &[], flat))],
        vec![Act::Send(status_with_body("HTTP/1.1 200 OK", &[], nested))],
        vec![Act::Send(status_with_body(
            "HTTP/1.1 200 OK",
            &[],
            only_errors,
        ))],
    ])
    .await;
    let client = StreamingClient::builder(TOKEN)
        .base_url(server.base_url())
        .build()
        .unwrap();
    use tweetstream::activity::{NewSubscription, SubscriptionUpdate};
    use tweetstream::model::enums::ActivityType;
    let new = || NewSubscription::user(ActivityType::ProfileUpdateBio, 123456789u64);
    let a = bounded("flat", client.create_activity_subscription(new()))
        .await
        .unwrap();
    assert_eq!(a.tag.as_deref(), Some("my bio updates"));
    let b = bounded(
        "nested",
        client.update_activity_subscription("2", SubscriptionUpdate::new().tag("t")),
    )
    .await
    .unwrap();
    assert_eq!(b.subscription_id.as_deref(), Some("2"));
    let err = bounded("errors only", client.create_activity_subscription(new()))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("Private events need user context"),
        "{err}"
    );
    let heads: Vec<String> = server
        .seen()
        .iter()
        .map(|s| s.head.lines().next().unwrap().to_owned())
        .collect();
    assert_eq!(
        heads,
        [
            "POST /2/activity/subscriptions HTTP/1.1",
            "PUT /2/activity/subscriptions/2 HTTP/1.1",
            "POST /2/activity/subscriptions HTTP/1.1",
        ]
    );
}
