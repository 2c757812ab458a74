//! The X Activity stream end to end against the emulator: its events follow the active
//! subscriptions (every subscribable event type, with filter and tag), each line decodes
//! typed and re-encodes as sent; nothing comes while no subscription is active; recovery,
//! gzip and redundant connections work as on the other streams.

mod support;
use support::deadline;

use std::collections::BTreeSet;

use bytes::Bytes;
use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::emulator::Emulator;
use tweetstream::model::activity::ActivityPayload;
use tweetstream::model::enums::ActivityType;
use tweetstream::model::roundtrip::diff_text;
use tweetstream::{
    EventStream, PayloadKind, StreamEndpoint, StreamEvent, StreamParams, decode_line_as,
};

/// The next `n` raw data lines.
async fn raw_lines(s: &mut EventStream, n: usize) -> Vec<Bytes> {
    let mut out = Vec::new();
    while out.len() < n {
        match bounded("a raw line", s.next())
            .await
            .expect("the stream goes on")
        {
            StreamEvent::Raw(raw) => out.push(raw),
            StreamEvent::Disconnected(r) => panic!("ended: {r}"),
            _ => {}
        }
    }
    out
}

#[tokio::test(start_paused = true)]
async fn events_follow_every_subscription_and_round_trip() {
    let mut b = Emulator::builder();
    for (i, kind) in ActivityType::SUBSCRIBABLE.iter().enumerate() {
        b = b.activity_subscription(
            kind.as_str(),
            &format!("{}", 1000 + i),
            Some(&format!("tag{i}")),
        );
    }
    let em = b.start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let mut s = c
        .stream(StreamEndpoint::Activity, StreamParams::new())
        .unwrap()
        .raw();
    let n = ActivityType::SUBSCRIBABLE.len();
    let mut seen = BTreeSet::new();
    for raw in raw_lines(&mut s, 2 * n).await {
        let text = std::str::from_utf8(&raw).unwrap().to_owned();
        let line =
            decode_line_as(raw, PayloadKind::Activity).unwrap_or_else(|e| panic!("{e:?}: {text}"));
        let again = serde_json::to_string(&line).unwrap();
        assert!(
            diff_text(&text, &again).unwrap().is_empty(),
            "{text}\n{again}"
        );
        let a = line.activity().expect("an activity");
        let kind = a.event_type.clone().unwrap();
        let i = ActivityType::SUBSCRIBABLE
            .iter()
            .position(|k| *k == kind)
            .expect("a subscribed type");
        // The filter and tag of the subscription it follows.
        assert_eq!(
            a.filter.as_ref().unwrap().user_id.unwrap().get(),
            1000 + i as u64,
            "{text}"
        );
        assert_eq!(a.tag.as_deref(), Some(format!("tag{i}").as_str()));
        assert!(
            a.extra.is_empty() && line.decoded().extra.is_empty(),
            "{text}"
        );
        let typed = !matches!(a.payload, Some(ActivityPayload::Other(_)));
        let spec_typed = matches!(
            kind.as_str().split('.').next(),
            Some("post" | "like" | "follow" | "profile" | "news")
        );
        assert_eq!(typed, spec_typed, "{text}");
        if let Some(post) = a.post() {
            assert!(a.includes.is_some(), "a post comes with its author: {text}");
            if kind != ActivityType::PostMentionCreate {
                assert_eq!(post.author_id.unwrap().get(), 1000 + i as u64);
            }
        }
        seen.insert(kind);
    }
    assert_eq!(seen.len(), n, "every subscribed type came");
}

#[tokio::test(start_paused = true)]
async fn without_subscriptions_only_keep_alives_come() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let mut s = c
        .stream(StreamEndpoint::Activity, StreamParams::new())
        .unwrap();
    assert!(matches!(
        bounded("connected", s.next()).await,
        Some(StreamEvent::Connected(_))
    ));
    for _ in 0..3 {
        let e = bounded("a keep-alive", s.next()).await.unwrap();
        assert!(matches!(e, StreamEvent::KeepAlive), "{e:?}");
    }
}

#[tokio::test(start_paused = true)]
async fn the_stream_takes_its_spec_parameters_and_refuses_others_before_any_request() {
    let em = Emulator::builder()
        .activity_subscription("news.new", "1", None)
        .start()
        .await
        .unwrap();
    let c = em.client_builder().build().unwrap();
    for bad in [
        StreamParams::new().partition(1),
        StreamParams::new().tweet_fields(["lang"]),
    ] {
        let err = c.stream(StreamEndpoint::Activity, bad).unwrap_err();
        assert!(err.parameter_name().is_some(), "{err}");
    }
    assert!(em.requests().is_empty());
    let params = StreamParams::new().backfill_minutes(2);
    let mut s = c.stream(StreamEndpoint::Activity, params).unwrap().raw();
    raw_lines(&mut s, 3).await;
    let seen = em.requests().pop().unwrap();
    assert_eq!(
        (seen.path.as_str(), seen.query.as_deref()),
        ("/2/activity/stream", Some("backfill_minutes=2"))
    );
}

#[tokio::test(start_paused = true)]
async fn gzip_and_redundant_connections_work_as_elsewhere() {
    let em = Emulator::builder()
        .max_connections(2)
        .activity_subscription("profile.update.bio", "7", Some("bio"))
        .start()
        .await
        .unwrap();
    let c = em.client_builder().gzip(true).build().unwrap();
    let mut s = c
        .stream(StreamEndpoint::Activity, StreamParams::new())
        .unwrap();
    let mut got = 0;
    while got < 3 {
        if let StreamEvent::Activity(a) = bounded("an activity", s.next()).await.unwrap() {
            assert_eq!(a.kind(), "profile.update.bio");
            got += 1;
        }
    }
    let seen = em.requests().pop().unwrap();
    assert!(
        seen.headers
            .get("accept-encoding")
            .is_some_and(|v| v.to_str().unwrap().contains("gzip"))
    );
    drop(s);
    em.wait_for_active_streams(0).await;
    let c = em.client_builder().build().unwrap();
    let mut r = c
        .redundant(StreamEndpoint::Activity, StreamParams::new(), 2)
        .unwrap();
    let mut uuids = BTreeSet::new();
    while uuids.len() < 5 {
        if let StreamEvent::Activity(a) = bounded("an activity", r.next()).await.unwrap() {
            assert!(
                uuids.insert(a.event_uuid.clone().unwrap()),
                "a repeat came through"
            );
        }
    }
}
