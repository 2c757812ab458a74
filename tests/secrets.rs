//! The bearer token and the proxy credentials never show: not in any Debug output, error
//! Display, event (Debug or serialized) nor in anything logged at TRACE level (tracing and
//! `log` records) while streams connect, fail, reconnect and are refused. Each test also
//! checks its positive control: the secrets were really sent where they belong, and the
//! capture really holds the client's log lines.

mod support;
use support::deadline;

use support::capture;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::{
    ClientBuilder, DisconnectReason, Error, EventStream, ReconnectPolicy, StreamEvent,
    StreamParams, StreamingClient,
};

const TOKEN: &str = "AAAAtok-SECRET-7f3a9c1e-bearer%2Fz";
const PROXY_USER: &str = "proxy-u5er";
const PROXY_PASS: &str = "pw-SECRET-91b2e4";

/// The secrets' base64 forms (RFC 4648, as in `Basic` credentials), written out as fixtures
/// so the check does not depend on the encoder under test.
const TOKEN_B64: &str = "QUFBQXRvay1TRUNSRVQtN2YzYTljMWUtYmVhcmVyJTJGeg==";
const PROXY_CREDENTIALS_B64: &str = "cHJveHktdTVlcjpwdy1TRUNSRVQtOTFiMmU0";

/// Every form in which a secret could leak.
fn secrets() -> Vec<String> {
    vec![
        TOKEN.to_owned(),
        // A distinctive piece, in case something cuts or re-encodes the whole.
        "SECRET-7f3a9c1e".to_owned(),
        TOKEN_B64.to_owned(),
        format!("Bearer {TOKEN}"),
        PROXY_PASS.to_owned(),
        "SECRET-91b2e4".to_owned(),
        PROXY_CREDENTIALS_B64.to_owned(),
        format!("{PROXY_USER}:{PROXY_PASS}"),
    ]
}

#[track_caller]
fn assert_clean(what: &str, text: &str) {
    for s in secrets() {
        assert!(!text.contains(&s), "{what} leaks {s:?}:\n{text}");
    }
}

fn proxy_url(addr: std::net::SocketAddr) -> String {
    format!("http://{PROXY_USER}:{PROXY_PASS}@{addr}")
}

/// Every way an event can be shown to a user.
fn check_event(event: &StreamEvent) {
    assert_clean("event Debug", &format!("{event:?}"));
    assert_clean("event JSON", &serde_json::to_string(event).unwrap());
    match event {
        StreamEvent::Disconnected(r) => assert_clean("DisconnectReason Display", &r.to_string()),
        StreamEvent::Undecodable(u) => assert_clean("LineError Display", &u.reason.to_string()),
        StreamEvent::ConnectionError(e) => assert_clean("ConnectionError message", &e.message),
        StreamEvent::RequestError(e) => {
            assert_clean("RequestError body", &String::from_utf8_lossy(&e.body));
            if let Some(p) = &e.problem {
                assert_clean("Problem Display", &p.to_string());
            }
        }
        _ => {}
    }
}

fn check_error(e: &Error) {
    assert_clean("Error Display", &e.to_string());
    assert_clean("Error Debug", &format!("{e:?}"));
    assert_clean("Error alternate Debug", &format!("{e:#?}"));
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        assert_clean("Error source", &s.to_string());
        source = s.source();
    }
}

/// Drains a stream, checking every event and the stream's own Debug on the way.
async fn drain(stream: &mut EventStream) -> Vec<StreamEvent> {
    let mut events = Vec::new();
    while let Some(event) = deadline::bounded("the next event", stream.next()).await {
        check_event(&event);
        assert_clean("EventStream Debug", &format!("{stream:?}"));
        events.push(event);
    }
    events
}

fn paused() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap()
}

/// A few quick retries so failure paths are logged several times.
fn quick_policy(max_retries: u32) -> ReconnectPolicy {
    ReconnectPolicy::default().max_retries(Some(max_retries))
}

#[test]
fn debug_of_builder_client_stream_and_handle_hides_the_secrets() {
    let log = capture::global();
    let builder = || {
        StreamingClient::builder(TOKEN)
            .proxy(proxy_url("127.0.0.1:9".parse().unwrap()))
            .base_url("http://127.0.0.1:9")
    };
    assert_clean("ClientBuilder Debug", &format!("{:?}", builder()));
    assert_clean(
        "ClientBuilder alternate Debug",
        &format!("{:#?}", builder()),
    );
    let client = builder().build().unwrap();
    assert_clean("StreamingClient Debug", &format!("{client:?}"));
    assert_clean("StreamingClient alternate Debug", &format!("{client:#?}"));
    let stream = client.sample(StreamParams::new()).unwrap();
    assert_clean("EventStream Debug", &format!("{stream:#?}"));
    assert_clean(
        "DisconnectHandle Debug",
        &format!("{:?}", stream.disconnect_handle()),
    );
    // A second stream is refused: that error too.
    check_error(&client.sample(StreamParams::new()).unwrap_err());
    assert_clean("tracing output", &log.text());
}

#[test]
fn refused_settings_never_echo_the_secrets() {
    let log = capture::global();
    let b = || StreamingClient::builder(TOKEN);
    let cases: Vec<(ClientBuilder, &str)> = vec![
        (
            StreamingClient::builder(format!("{TOKEN}\nx")),
            "bearer_token",
        ),
        (
            StreamingClient::builder(format!("{TOKEN}\u{7f}x")),
            "bearer_token",
        ),
        (
            b().base_url(format!("https://{PROXY_USER}:{PROXY_PASS}@api.x.com")),
            "base_url",
        ),
        (
            b().base_url(format!("ftp://{PROXY_USER}:{PROXY_PASS}@api.x.com")),
            "base_url",
        ),
        (
            b().base_url(format!("https://api.x.com/?t={TOKEN}")),
            "base_url",
        ),
        (
            b().proxy(format!("socks5://{PROXY_USER}:{PROXY_PASS}@127.0.0.1:1080")),
            "proxy",
        ),
        (
            b().proxy(format!("https://{PROXY_USER}:{PROXY_PASS}@127.0.0.1:1")),
            "proxy",
        ),
        (
            b().proxy(format!("{PROXY_USER}:{PROXY_PASS}@127.0.0.1:1")),
            "proxy",
        ),
        (
            b().proxy(format!("http://{PROXY_USER}:{PROXY_PASS}@")),
            "proxy",
        ),
        (
            b().proxy(format!("http://{PROXY_USER}:{PROXY_PASS}@127.0.0.1:99999")),
            "proxy",
        ),
        (
            b().proxy(format!("http://{PROXY_USER}:{PROXY_PASS} @127.0.0.1:1")),
            "proxy",
        ),
        (b().stall_timeout(Duration::ZERO), "stall_timeout"),
        (b().max_line_bytes(0), "max_line_bytes"),
        (b().add_root_certificate_pem(TOKEN), "root_certificate"),
    ];
    for (i, (builder, setting)) in cases.into_iter().enumerate() {
        assert_clean("ClientBuilder Debug", &format!("{builder:?}"));
        let Err(e) = builder.build() else {
            panic!("case {i} ({setting}) was accepted");
        };
        assert!(e.kind() == tweetstream::ErrorKind::Builder, "{e}");
        assert_eq!(e.parameter_name(), Some(setting), "{e}");
        check_error(&e);
    }
    assert_clean("tracing output", &log.text());
}

/// A stream that connects, reconnects and meets every kind of failure, with the emulator
/// accepting the token: events, errors and all TRACE output stay clean.
#[test]
fn a_stream_through_faults_and_reconnects_logs_no_secret() {
    let log = capture::global();
    paused().block_on(async {
        let em = Emulator::builder()
            .bearer_token(TOKEN)
            .start()
            .await
            .unwrap();
        em.push_script(Script::new().status(503, problems::service_unavailable()));
        em.push_script(
            Script::new()
                .tweets(2)
                .raw_line("{not json")
                .raw_bytes("{\"da")
                .reset(),
        );
        em.push_script(Script::new().status(429, problems::too_many_connections()));
        em.push_script(Script::new().tweets(1).oversized_line(10_000).stall());
        em.push_script(Script::new().tweets(1).stall());
        em.push_script(
            Script::new()
                .delay(Duration::from_secs(60))
                .status(500, "{}"),
        );
        em.push_script(Script::new().tweets(3).operational_disconnect());
        em.push_script(Script::new().tweets(1).close());
        let client = StreamingClient::builder(TOKEN)
            .base_url(em.base_url())
            .max_line_bytes(4096)
            .connect_timeout(Duration::from_secs(5))
            .reconnect_policy(quick_policy(1000))
            .build()
            .unwrap();
        let mut stream = client.sample(StreamParams::new()).unwrap();
        let handle = stream.disconnect_handle();
        let mut events = Vec::new();
        while let Some(event) = deadline::bounded("the next event", stream.next()).await {
            check_event(&event);
            assert_clean("EventStream Debug", &format!("{stream:?}"));
            let closed = matches!(event, StreamEvent::Closed(_));
            events.push(event);
            if closed && em.pending_scripts() == 0 {
                handle.disconnect();
            }
        }
        let names: Vec<_> = events.iter().map(StreamEvent::name).collect();
        for want in [
            "request_error",
            "connection_error",
            "undecodable",
            "errors",
            "closed",
        ] {
            assert!(names.contains(&want), "{want} missing from {names:?}");
        }
        assert!(matches!(
            events.last(),
            Some(StreamEvent::Disconnected(DisconnectReason::Requested))
        ));
        // Positive control: the token really went out, in the Authorization header.
        let sent = em.requests();
        assert!(sent.len() >= 8);
        for r in &sent {
            assert_eq!(
                r.headers["authorization"],
                format!("Bearer {TOKEN}").as_str()
            );
        }
    });
    let text = log.text();
    for control in [
        "will reconnect",
        "connection lost",
        "request refused",
        "undecodable line",
    ] {
        assert!(
            text.contains(control),
            "the capture misses {control:?}:\n{text}"
        );
    }
    assert_clean("tracing output", &text);
}

/// A token the server refuses: the 401 event, the final reason and the logs stay clean.
#[test]
fn a_refused_token_is_not_echoed() {
    let log = capture::global();
    paused().block_on(async {
        let em = Emulator::builder().bearer_token("the-right-one").start().await.unwrap();
        let client = StreamingClient::builder(TOKEN).base_url(em.base_url()).build().unwrap();
        let mut stream = client.filter(StreamParams::new()).unwrap();
        let events = drain(&mut stream).await;
        assert!(
            matches!(&events[..], [StreamEvent::RequestError(e), StreamEvent::Disconnected(DisconnectReason::FatalStatus { status: 401, .. })] if e.status == 401),
            "{events:?}"
        );
        assert_eq!(em.requests()[0].headers["authorization"], format!("Bearer {TOKEN}").as_str());
    });
    assert!(log.text().contains("401"));
    assert_clean("tracing output", &log.text());
}

/// The rules calls refused for the token, rate limited, and tunnelled: errors, responses and
/// logs stay clean.
#[test]
fn rules_calls_never_echo_the_token() {
    let log = capture::global();
    paused().block_on(async {
        let em = Emulator::builder()
            .bearer_token("the-right-one")
            .start()
            .await
            .unwrap();
        let client = StreamingClient::builder(TOKEN)
            .base_url(em.base_url())
            .wait_on_rate_limit(true)
            .build()
            .unwrap();
        let e = client.get_rules(&[]).await.unwrap_err();
        assert!(e.kind() == tweetstream::ErrorKind::Unauthorized, "{e}");
        check_error(&e);
        let e = client.add_rules_dry_run(["cats"]).await.unwrap_err();
        check_error(&e);
        let e = client.delete_all_rules().await.unwrap_err();
        check_error(&e);
        let e = client.sync_rules_dry_run(["cats"]).await.unwrap_err();
        check_error(&e);
        assert!(
            em.requests()
                .iter()
                .all(|r| r.headers["authorization"] == format!("Bearer {TOKEN}").as_str())
        );

        // Accepted calls with the secret token: responses (raw bodies included) are clean too.
        let em = Emulator::builder()
            .bearer_token(TOKEN)
            .start()
            .await
            .unwrap();
        let ok = StreamingClient::builder(TOKEN)
            .base_url(em.base_url())
            .build()
            .unwrap();
        let r = ok.add_rules(["cats", "dogs"]).await.unwrap();
        assert_eq!(r.data.len(), 2);
        assert_clean("RulesResponse Debug", &format!("{r:?}"));
        let report = ok.sync_rules(["cats"]).await.unwrap();
        assert_clean("SyncReport Debug", &format!("{report:?}"));
        let rules = ok.get_rules(&[]).await.unwrap();
        assert_clean("rules Debug", &format!("{rules:?}"));
    });
    assert_clean("tracing output", &log.text());
}

/// A fake HTTP CONNECT proxy: records each CONNECT head, then refuses it with `refuse`'s
/// status, or (for `None`) tunnels to `upstream`.
async fn fake_proxy(
    refuse: Option<u16>,
    upstream: Option<std::net::SocketAddr>,
) -> (std::net::SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&heads);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let log = Arc::clone(&log);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                log.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                match (refuse, upstream) {
                    (Some(status), _) => {
                        let answer = format!(
                            "HTTP/1.1 {status} Refused\r\nProxy-Authenticate: Basic realm=\"x\"\r\ncontent-length: 0\r\n\r\n"
                        );
                        let _ = sock.write_all(answer.as_bytes()).await;
                    }
                    (None, Some(up)) => {
                        let mut up = tokio::net::TcpStream::connect(up).await.unwrap();
                        let _ = sock
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .await;
                        let _ = tokio::io::copy_bidirectional(&mut sock, &mut up).await;
                    }
                    (None, None) => {}
                }
            });
        }
    });
    (addr, heads)
}

fn assert_connect_heads(heads: &[String]) {
    assert!(!heads.is_empty(), "the proxy saw no CONNECT");
    let basic = format!("Basic {}", PROXY_CREDENTIALS_B64.to_owned());
    for head in heads {
        assert!(head.starts_with("CONNECT "), "{head}");
        // Positive control: the credentials went to the proxy, as Basic auth...
        assert!(
            head.to_ascii_lowercase().contains("proxy-authorization"),
            "{head}"
        );
        assert!(head.contains(&basic), "{head}");
        // ...and the bearer token did not: it is for the server, inside the tunnel only.
        assert!(!head.contains(TOKEN) && !head.contains(TOKEN_B64), "{head}");
    }
}

/// A proxy refusing the credentials (407) and one refusing the tunnel (403): the connection
/// errors and the logs stay clean.
#[test]
fn a_refusing_proxy_gets_no_secret_in_errors_or_logs() {
    let log = capture::global();
    paused().block_on(async {
        for status in [407u16, 403, 502] {
            let (addr, heads) = fake_proxy(Some(status), None).await;
            let client = StreamingClient::builder(TOKEN)
                .base_url("http://127.0.0.1:9")
                .proxy(proxy_url(addr))
                .reconnect_policy(quick_policy(2))
                .build()
                .unwrap();
            assert_clean("StreamingClient Debug", &format!("{client:?}"));
            let mut stream = client.sample(StreamParams::new()).unwrap();
            let events = drain(&mut stream).await;
            assert!(
                matches!(
                    events.last(),
                    Some(StreamEvent::Disconnected(
                        DisconnectReason::RetriesExhausted { attempts: 3 }
                    ))
                ),
                "{events:?}"
            );
            assert!(
                events
                    .iter()
                    .any(|e| matches!(e, StreamEvent::ConnectionError(_)))
            );
            assert_connect_heads(&heads.lock().unwrap());
        }
    });
    assert_clean("tracing output", &log.text());
}

/// Through a working proxy to the emulator: tweets arrive, and still nothing leaks.
#[test]
fn a_tunnelling_proxy_works_and_nothing_leaks() {
    let log = capture::global();
    paused().block_on(async {
        let em = Emulator::builder()
            .bearer_token(TOKEN)
            .start()
            .await
            .unwrap();
        em.push_script(Script::new().tweets(3).reset());
        em.push_script(Script::new().tweets(2).close());
        let (addr, heads) = fake_proxy(None, Some(em.local_addr())).await;
        let client = StreamingClient::builder(TOKEN)
            .base_url(em.base_url())
            .proxy(proxy_url(addr))
            .reconnect_policy(quick_policy(5))
            .build()
            .unwrap();
        let mut stream = client.sample(StreamParams::new()).unwrap();
        let handle = stream.disconnect_handle();
        let mut tweets = 0;
        while let Some(event) = deadline::bounded("the next event", stream.next()).await {
            check_event(&event);
            match event {
                StreamEvent::Tweet(_) => tweets += 1,
                StreamEvent::Closed(_) => handle.disconnect(),
                _ => {}
            }
        }
        assert_eq!(tweets, 5);
        assert_connect_heads(&heads.lock().unwrap());
        // The bearer token reached the server through the tunnel.
        assert_eq!(
            em.requests()[0].headers["authorization"],
            format!("Bearer {TOKEN}").as_str()
        );
    });
    assert_clean("tracing output", &log.text());
}
