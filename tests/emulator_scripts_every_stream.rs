//! A fault script does the same on every stream: the enterprise streams (here the firehose,
//! partition 1) take every step the sample stream takes, on the wire and through the client.

mod support;
use futures_util::StreamExt as _;
use support::raw_http::get;
use tweetstream::emulator::{ChunkPattern, Emulator, Script, problems};
use tweetstream::{StreamEndpoint, StreamEvent, StreamParams};

const SAMPLE: &str = "/2/tweets/sample/stream";
const FIREHOSE: &str = "/2/tweets/firehose/stream?partition=1";

/// The chunks of a whole body.
async fn chunks(em: &Emulator, path: &str) -> Vec<Vec<u8>> {
    let mut r = get(em, path).await;
    assert_eq!(r.status, 200, "{path}");
    let mut got = Vec::new();
    while let Some(c) = r.chunk().await {
        got.push(c.to_vec());
    }
    got
}

#[tokio::test]
async fn body_steps_put_the_same_chunks_on_the_wire() {
    let em = Emulator::start().await.unwrap();
    let script = || {
        Script::new()
            .chunks(ChunkPattern::Fixed(4))
            .raw_line(&b"{not json"[..])
            .keep_alive()
            .raw_bytes(&b"abc"[..])
            .oversized_line(1000)
            .chunks(ChunkPattern::Whole)
            .raw_line(&b"whole"[..])
            .operational_disconnect()
            .tweets(3)
    };
    let mut bodies = Vec::new();
    for path in [SAMPLE, FIREHOSE] {
        em.push_script(script());
        bodies.push(chunks(&em, path).await);
    }
    let [sample, firehose] = &bodies[..] else {
        unreachable!()
    };
    assert_eq!(firehose, sample);
    let bytes = sample.concat();
    let mut want = b"{not json\r\n\r\nabc".to_vec();
    let oversized_at = want.len();
    assert_eq!(&bytes[..oversized_at], want);
    let rest = &bytes[oversized_at..];
    let end = memchr::memmem::find(rest, b"\r\n").unwrap();
    assert_eq!(end, 1000, "oversized line of exactly the size asked");
    let v: serde_json::Value = serde_json::from_slice(&rest[..end]).unwrap();
    assert_eq!(v["data"]["id"], "1");
    want.extend_from_slice(&rest[..end + 2]);
    want.extend_from_slice(b"whole\r\n");
    want.extend_from_slice(problems::operational_disconnect_line().as_bytes());
    want.extend_from_slice(b"\r\n");
    assert_eq!(bytes, want, "the body ends at the operational disconnect");
    // Up to the pattern change, a chunk ends every four bytes of the whole body and where
    // a write ends (a chunk never waits for the next write); then one chunk per write.
    let writes_end = [11, 13, 16, oversized_at + 1002];
    let fixed_len = oversized_at + 1002;
    let mut want_ends: Vec<usize> = (4..=fixed_len).step_by(4).collect();
    want_ends.extend(writes_end);
    want_ends.sort();
    want_ends.dedup();
    let ends: Vec<usize> = sample
        .iter()
        .scan(0, |at, c| {
            *at += c.len();
            Some(*at)
        })
        .collect();
    assert_eq!(ends[..want_ends.len()], want_ends);
    assert_eq!(sample[want_ends.len()], b"whole\r\n");
}

#[tokio::test]
async fn answers_and_wire_options_are_the_same() {
    let em = Emulator::start().await.unwrap();
    let page = "<html><body>502 Bad Gateway</body></html>";
    for path in [SAMPLE, FIREHOSE] {
        em.push_script(
            Script::new()
                .connection_close()
                .header("x-test", "1")
                .html_status(502, page),
        );
        let r = get(&em, path).await;
        assert_eq!(r.status, 502, "{path}");
        assert_eq!(r.headers["content-type"], "text/html", "{path}");
        assert_eq!(r.headers["connection"], "close", "{path}");
        assert_eq!(r.headers["x-test"], "1", "{path}");
        assert_eq!(r.text().await, page, "{path}");
    }
}

/// The client's events for one scripted connection, up to its end.
async fn events(em: &Emulator, ep: StreamEndpoint, params: StreamParams) -> Vec<StreamEvent> {
    em.push_script(
        Script::new()
            .chunks(ChunkPattern::ByteByByte)
            .tweets(2)
            .oversized_line(50_000)
            .keep_alive()
            .chunks(ChunkPattern::Pattern(vec![5, 1]))
            .tweets(1)
            .operational_disconnect(),
    );
    let client = em.client_builder().build().unwrap();
    let mut stream = client.stream(ep, params).unwrap();
    let mut out = Vec::new();
    while let Some(e) = support::deadline::bounded("the next event", stream.next()).await {
        let end = matches!(e, StreamEvent::Errors(_));
        if !matches!(e, StreamEvent::Response(_)) {
            out.push(e);
        }
        if end {
            break;
        }
    }
    out
}

#[tokio::test]
async fn the_client_sees_the_same_events_on_the_firehose() {
    let em = Emulator::start().await.unwrap();
    let sample = events(&em, StreamEndpoint::Sample, StreamParams::new()).await;
    let firehose = events(
        &em,
        StreamEndpoint::Firehose,
        StreamParams::new().partition(1),
    )
    .await;
    let names = |v: &[StreamEvent]| v.iter().map(|e| e.name()).collect::<Vec<_>>();
    assert_eq!(
        names(&firehose),
        [
            "connected",
            "tweet",
            "tweet",
            "tweet",
            "keep_alive",
            "tweet",
            "errors"
        ]
    );
    assert_eq!(names(&firehose), names(&sample));
    for events in [&sample, &firehose] {
        let StreamEvent::Tweet(t) = &events[3] else {
            panic!("{:?}", events[3])
        };
        assert_eq!(t.id.to_string(), "1", "the oversized post");
        assert!(t.text.len() > 49_000);
    }
    let ids = |v: &[StreamEvent]| -> Vec<String> {
        v.iter()
            .filter_map(|e| match e {
                StreamEvent::Tweet(t) => Some(t.id.to_string()),
                _ => None,
            })
            .collect()
    };
    assert_ne!(
        ids(&firehose),
        ids(&sample),
        "each stream made its own posts"
    );
}
