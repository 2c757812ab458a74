//! X's reconnect schedules, fatal statuses, `max_retries`, stalls and server closes, on
//! tokio's paused clock (the scripted server runs in the same runtime, so waits are exact).

mod support;

use std::time::Duration;

use support::server::Server;
use support::{client, connection, names, spawn_all, spawn_until};
use tweetstream::{ConnectionErrorKind, DisconnectReason, StreamEvent, StreamParams};

const UNAUTHORIZED: &str =
    r#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#;
const TOO_MANY: &str = r#"{"title":"ConnectionException","detail":"This stream is currently at the maximum allowed connection limit.","connection_issue":"TooManyConnections","type":"https://api.twitter.com/2/problems/streaming-connection"}"#;

#[tokio::test(start_paused = true)]
async fn unauthorized_is_fatal_after_exactly_one_request() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_all(stream);
    server.next().await.status(401, &[], UNAUTHORIZED);
    let events = consumer.await.unwrap();
    assert_eq!(names(&events), ["request_error", "disconnected"]);
    let StreamEvent::RequestError(err) = &events[0] else {
        unreachable!()
    };
    assert_eq!(err.status, 401);
    assert_eq!(err.retry_in, None);
    assert_eq!(err.problem.as_ref().unwrap().title, "Unauthorized");
    assert!(matches!(
        events[1],
        StreamEvent::Disconnected(DisconnectReason::FatalStatus { status: 401, .. })
    ));
    assert_eq!(server.seen().len(), 1);
    assert!(!server.has_pending());
    assert!(
        !c.is_streaming(),
        "the client is free again once the stream ended"
    );
}

#[tokio::test(start_paused = true)]
async fn too_many_requests_waits_at_least_sixty_seconds() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Connected(_)));
    let first = server.next().await;
    let t0 = first.seen.at;
    first.status(429, &[], TOO_MANY);
    let second = server.next().await;
    let waited = second.seen.at - t0;
    assert!(waited >= Duration::from_secs(60), "waited only {waited:?}");
    assert!(waited < Duration::from_secs(61), "waited {waited:?}");
    let _feed = second.stream();
    let (_stream, events) = consumer.await.unwrap();
    let StreamEvent::RequestError(err) = &events[0] else {
        panic!("{events:?}")
    };
    assert_eq!(err.retry_in, Some(Duration::from_secs(60)));
    assert_eq!(
        err.problem.as_ref().and_then(|p| p.detail.as_deref()),
        Some("This stream is currently at the maximum allowed connection limit.")
    );
}

/// Answers the first two requests with `status` and `body`, streams on the third; returns
/// the gaps between the requests and the `retry_in` the client reported for each error.
async fn http_error_schedule(status: u16, body: &str) -> (Vec<Duration>, Vec<Option<Duration>>) {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.sample(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Connected(_)));
    let mut times = Vec::new();
    for _ in 0..2 {
        let p = server.next().await;
        times.push(p.seen.at);
        p.status(
            status,
            &[("content-type", "application/problem+json")],
            body,
        );
    }
    let third = server.next().await;
    times.push(third.seen.at);
    let _feed = third.stream();
    let (_stream, events) = consumer.await.unwrap();
    let gaps = times.windows(2).map(|w| w[1] - w[0]).collect();
    let delays = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::RequestError(r) => Some(r.retry_in),
            _ => None,
        })
        .collect();
    (gaps, delays)
}

const FIVE_THEN_TEN: [Duration; 2] = [Duration::from_secs(5), Duration::from_secs(10)];

#[tokio::test(start_paused = true)]
async fn server_errors_wait_five_then_ten_seconds() {
    let (gaps, delays) = http_error_schedule(
        503,
        r#"{"title":"Service Unavailable","type":"about:blank","status":503}"#,
    )
    .await;
    assert_eq!(gaps, FIVE_THEN_TEN);
    assert_eq!(delays, FIVE_THEN_TEN.map(Some));
}

/// X's 409 (the filtered stream has no rules) from a server that is not the emulator: not
/// fatal, retried on the HTTP schedule, since another process may add the rules meanwhile.
#[tokio::test(start_paused = true)]
async fn a_409_from_a_plain_server_is_retried_on_the_http_schedule() {
    let body = tweetstream::emulator::problems::rule_configuration_issue();
    let (gaps, delays) = http_error_schedule(409, &body).await;
    assert_eq!(gaps, FIVE_THEN_TEN);
    assert_eq!(delays, FIVE_THEN_TEN.map(Some));
}

#[tokio::test(start_paused = true)]
async fn max_retries_two_makes_exactly_three_attempts_and_no_trailing_sleep() {
    let mut server = Server::start().await;
    let c = client(&server.url()).max_retries(2).build().unwrap();
    let mut stream = c.sample(StreamParams::new()).unwrap();
    let consumer = tokio::spawn(async move {
        let mut events = Vec::new();
        while let Some(e) = futures_util::StreamExt::next(&mut stream).await {
            events.push((tokio::time::Instant::now(), e));
        }
        events
    });
    let mut last_request = None;
    for _ in 0..3 {
        let p = server.next().await;
        last_request = Some(p.seen.at);
        p.status(500, &[], "");
    }
    let events = consumer.await.unwrap();
    let kinds: Vec<&str> = events.iter().map(|(_, e)| e.name()).collect();
    assert_eq!(
        kinds,
        [
            "request_error",
            "request_error",
            "request_error",
            "disconnected"
        ]
    );
    let (ended_at, last) = events.last().unwrap();
    assert!(
        matches!(
            last,
            StreamEvent::Disconnected(DisconnectReason::RetriesExhausted { attempts: 3 })
        ),
        "{last:?}"
    );
    assert_eq!(
        *ended_at,
        last_request.unwrap(),
        "no sleep after the last attempt"
    );
    let StreamEvent::RequestError(final_err) = &events[2].1 else {
        unreachable!()
    };
    assert_eq!(final_err.retry_in, None);
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_server_that_accepts_then_closes_does_not_hot_loop() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let handle = stream.disconnect_handle();
    let consumer = spawn_all(stream);
    let start = tokio::time::Instant::now();
    let mut times = Vec::new();
    for _ in 0..20 {
        let p = server.next().await;
        times.push(p.seen.at - start);
        p.stream().end();
    }
    handle.disconnect();
    let events = consumer.await.unwrap();
    // Linear backoff: 0, 250 ms, 500 ms, ... so 20 attempts take 0.25 * (0+1+...+18) s: not
    // less (a hot loop) and not more (a client that waits too long), on the paused clock.
    let total = *times.last().unwrap();
    assert_eq!(
        total,
        Duration::from_millis(250 * (0..19).sum::<u64>()),
        "{times:?}"
    );
    for (i, w) in times.windows(2).enumerate() {
        assert_eq!(
            w[1] - w[0],
            Duration::from_millis(250 * i as u64),
            "attempt {i}: {times:?}"
        );
    }
    let closes = events
        .iter()
        .filter(|e| matches!(e, StreamEvent::Closed(_)))
        .count();
    assert!(closes >= 19, "{closes}");
    assert!(matches!(
        events.last(),
        Some(StreamEvent::Disconnected(DisconnectReason::Requested))
    ));
}

#[tokio::test(start_paused = true)]
async fn a_healthy_stream_closed_by_the_server_reconnects_at_once() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, connection(2));
    let first = server.next().await;
    let feed = first.stream();
    // Healthy: keep-alives for longer than the 30 s healthy_after.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_secs(15)).await;
        assert!(feed.chunk("\r\n").await);
    }
    let closed_at = tokio::time::Instant::now();
    feed.end();
    let second = server.next().await;
    assert_eq!(
        second.seen.at, closed_at,
        "reconnect immediately after a healthy close"
    );
    let _feed = second.stream();
    let (_stream, events) = consumer.await.unwrap();
    let StreamEvent::Closed(closed) = &events[events.len() - 2] else {
        panic!("{events:?}")
    };
    assert_eq!(closed.retry_in, Some(Duration::ZERO));
}

/// Streams one keep-alive on a client from `builder`, then nothing; returns how long after
/// it the client reconnected, and checks it reported a stall and retried at once.
async fn silence_until_reconnect(
    server: &mut Server,
    builder: tweetstream::ClientBuilder,
) -> Duration {
    let c = builder.build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, connection(2));
    let feed = server.next().await.stream();
    assert!(feed.chunk("\r\n").await);
    let silent_from = tokio::time::Instant::now();
    // Then nothing: the client must give up on this connection after `stall_timeout`.
    let second = server.next().await;
    let waited = second.seen.at - silent_from;
    let _feed2 = second.stream();
    let (_stream, events) = consumer.await.unwrap();
    let stall = events.iter().find_map(|e| match e {
        StreamEvent::ConnectionError(c) => Some(c.clone()),
        _ => None,
    });
    let stall = stall.expect("a stall error");
    assert_eq!(stall.kind, ConnectionErrorKind::Stall);
    assert_eq!(stall.retry_in, Some(Duration::ZERO));
    drop(feed);
    waited
}

#[tokio::test(start_paused = true)]
async fn a_stall_reconnects_after_the_configured_silence() {
    let mut server = Server::start().await;
    let builder = client(&server.url()).stall_timeout(Duration::from_secs(7));
    let waited = silence_until_reconnect(&mut server, builder).await;
    assert_eq!(waited, Duration::from_secs(7));
}

#[tokio::test(start_paused = true)]
async fn the_default_stall_timeout_is_thirty_seconds() {
    let mut server = Server::start().await;
    let builder = client(&server.url());
    let waited = silence_until_reconnect(&mut server, builder).await;
    // Not before 30 s (a keep-alive every ~20 s must not trip it), and not later either.
    assert_eq!(waited, Duration::from_secs(30));
}

#[tokio::test]
async fn an_oversized_line_is_refused_without_buffering_and_the_stream_reconnects() {
    let mut server = Server::start().await;
    let c = client(&server.url())
        .max_line_bytes(64 * 1024)
        .build()
        .unwrap();
    let stream = c.sample(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Tweet(_)));
    let first = server.next().await.stream();
    // 8 MiB with no newline, in 64 KiB chunks: the client must cut it off early.
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 8 * 1024 * 1024 && first.chunk(chunk.clone()).await {
        sent += chunk.len();
    }
    first.client_gone().await;
    assert!(
        sent < 8 * 1024 * 1024,
        "the client kept reading an oversized line"
    );
    let second = server.next().await.stream();
    assert!(
        second
            .chunk("{\"data\":{\"id\":\"1\",\"text\":\"ok\"}}\r\n")
            .await
    );
    let (_stream, events) = consumer.await.unwrap();
    let err = events
        .iter()
        .find_map(|e| match e {
            StreamEvent::ConnectionError(c) => Some(c.clone()),
            _ => None,
        })
        .expect("a line-too-long error");
    assert_eq!(err.kind, ConnectionErrorKind::LineTooLong);
    assert!(err.message.contains("65536"), "{}", err.message);
    assert_eq!(
        names(&events).iter().filter(|n| **n == "connected").count(),
        2
    );
}

/// The default `max_line_bytes` is 4 MiB: a line of exactly that much content decodes, one
/// byte more is refused and the connection remade.
#[tokio::test]
async fn the_default_line_limit_is_four_mib() {
    const LIMIT: usize = 4 * 1024 * 1024;
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.sample(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, connection(2));
    let line_of = |len: usize| {
        let (head, tail) = (r#"{"data":{"id":"1","text":""#, r#""}}"#);
        format!("{head}{}{tail}", "a".repeat(len - head.len() - tail.len())).into_bytes()
    };
    let feed = server.next().await.stream();
    let mut body = line_of(LIMIT);
    body.extend_from_slice(b"\r\n");
    body.extend_from_slice(&line_of(LIMIT + 1));
    body.extend_from_slice(b"\r\n");
    for chunk in body.chunks(64 * 1024) {
        if !feed.chunk(chunk.to_vec()).await {
            break;
        }
    }
    feed.client_gone().await;
    let _second = server.next().await.stream();
    let (_stream, events) = consumer.await.unwrap();
    assert_eq!(
        names(&events),
        [
            "connected",
            "tweet",
            "response",
            "connection_error",
            "connected"
        ]
    );
    let StreamEvent::Tweet(tweet) = &events[1] else {
        unreachable!()
    };
    assert_eq!(
        tweet.text.len(),
        LIMIT - r#"{"data":{"id":"1","text":""}}"#.len()
    );
    let StreamEvent::ConnectionError(err) = &events[3] else {
        unreachable!()
    };
    assert_eq!(err.kind, ConnectionErrorKind::LineTooLong);
    assert!(err.message.contains(&LIMIT.to_string()), "{}", err.message);
}

#[tokio::test(start_paused = true)]
async fn an_operational_disconnect_gives_errors_closed_and_a_reconnect() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, connection(2));
    let feed = server.next().await.stream();
    let line = r#"{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect","detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}"#;
    assert!(feed.chunk(format!("{line}\r\n")).await);
    feed.end();
    let _second = server.next().await.stream();
    let (_stream, events) = consumer.await.unwrap();
    assert_eq!(
        names(&events),
        ["connected", "errors", "response", "closed", "connected"]
    );
    let StreamEvent::Errors(errors) = &events[1] else {
        unreachable!()
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].title, "operational-disconnect");
}

#[tokio::test(start_paused = true)]
async fn a_reset_mid_line_hands_the_partial_line_back_and_reconnects_at_once() {
    let mut server = Server::start().await;
    let c = client(&server.url()).build().unwrap();
    let stream = c.filter(StreamParams::new()).unwrap();
    let consumer = spawn_until(stream, |e| matches!(e, StreamEvent::Tweet(_)));
    let first = server.next().await;
    let feed = first.stream();
    assert!(
        feed.chunk("{\"data\":{\"id\":\"1\",\"text\":\"whole\"}}\r\n{\"data\":{\"id\":\"2\",\"te")
            .await
    );
    // Abort only once the client has the head and the first line, so the reset is mid-body.
    let (stream, mut events) = consumer.await.unwrap();
    let consumer = spawn_until(stream, connection(2));
    let reset_at = tokio::time::Instant::now();
    feed.abort().await;
    let second = server.next().await;
    assert_eq!(
        second.seen.at, reset_at,
        "the first network failure retries at once"
    );
    let _feed = second.stream();
    let (_stream, rest) = consumer.await.unwrap();
    events.extend(rest);
    assert_eq!(
        names(&events),
        [
            "connected",
            "tweet",
            "response",
            "undecodable",
            "connection_error",
            "connected"
        ]
    );
    let StreamEvent::Undecodable(partial) = &events[3] else {
        unreachable!()
    };
    assert_eq!(&partial.raw[..], b"{\"data\":{\"id\":\"2\",\"te");
    assert_eq!(partial.reason, tweetstream::LineError::Truncated);
    let StreamEvent::ConnectionError(err) = &events[4] else {
        unreachable!()
    };
    assert_eq!(err.kind, ConnectionErrorKind::Io);
    assert_eq!(err.retry_in, Some(Duration::ZERO));
}
