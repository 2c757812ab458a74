//! Every X API v2 stream end to end against the emulator: path and query exact, typed
//! events, partitions disjoint, time windows ending in `Finished`, parameters refused
//! before any request.

mod support;
use support::deadline;
use support::rfc3339;

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::emulator::Emulator;
use tweetstream::model::{Compliance, Label, Timestamp};
use tweetstream::{
    DisconnectReason, EventStream, PayloadKind, StreamEndpoint, StreamEvent, StreamParams,
};

/// The first `n` data events (tweet, like, compliance, label) of a stream.
async fn data_events(stream: &mut EventStream, n: usize) -> Vec<StreamEvent> {
    let mut out = Vec::new();
    while let Some(e) = bounded("a data event", stream.next()).await {
        match e {
            StreamEvent::Tweet(_)
            | StreamEvent::Like(_)
            | StreamEvent::Compliance(_)
            | StreamEvent::Label(_)
            | StreamEvent::Activity(_) => {
                out.push(e);
                if out.len() == n {
                    break;
                }
            }
            StreamEvent::Undecodable(u) => panic!("undecodable line: {u:?}"),
            StreamEvent::Disconnected(r) => panic!("ended: {r}"),
            _ => {}
        }
    }
    out
}

fn identity(e: &StreamEvent) -> String {
    match e {
        StreamEvent::Tweet(t) => t.id.to_string(),
        StreamEvent::Like(l) => l.id.clone().unwrap_or_default(),
        StreamEvent::Compliance(c) => serde_json::to_string(&**c).unwrap(),
        StreamEvent::Label(l) => serde_json::to_string(&**l).unwrap(),
        StreamEvent::Activity(a) => a.event_uuid.clone().unwrap_or_default(),
        other => panic!("not a data event: {other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn every_stream_sends_its_own_payload_on_the_exact_path_and_query() {
    let em = Emulator::builder()
        .rule("the", None)
        .activity_subscription("post.create", "2244994945", Some("posts"))
        .start()
        .await
        .unwrap();
    for ep in StreamEndpoint::ALL {
        let mut params = StreamParams::new();
        let mut query = String::new();
        if let Some(range) = ep.partitions() {
            params = params.partition(*range.end());
            query = format!("partition={}", range.end());
        }
        let c = em.client_builder().build().unwrap();
        let mut stream = c.stream(ep, params).unwrap();
        let events = data_events(&mut stream, 3).await;
        for e in &events {
            let expected = match ep.payload() {
                PayloadKind::Post => "tweet",
                PayloadKind::Like => "like",
                PayloadKind::Compliance => "compliance",
                PayloadKind::Label => "label",
                PayloadKind::Activity => "activity",
                other => panic!("{other:?}"),
            };
            assert_eq!(e.name(), expected, "{ep}");
            // `--jsonl` names the event the same way.
            let json = serde_json::to_value(e).unwrap();
            assert_eq!(json["event"], expected, "{ep}");
        }
        drop(stream);
        let seen = em.requests().pop().unwrap();
        assert_eq!(seen.path, ep.path(), "{ep}");
        assert_eq!(seen.query.as_deref().unwrap_or(""), query, "{ep}");
        em.wait_for_active_streams(0).await;
    }
}

#[tokio::test(start_paused = true)]
async fn language_firehoses_carry_their_language() {
    let em = Emulator::start().await.unwrap();
    for (ep, lang) in [
        (StreamEndpoint::FirehoseEn, "en"),
        (StreamEndpoint::FirehoseJa, "ja"),
        (StreamEndpoint::FirehoseKo, "ko"),
        (StreamEndpoint::FirehosePt, "pt"),
    ] {
        let params = StreamParams::new().partition(1).tweet_fields(["lang"]);
        let c = em.client_builder().build().unwrap();
        let mut s = c.stream(ep, params).unwrap();
        for e in data_events(&mut s, 5).await {
            let StreamEvent::Tweet(t) = e else {
                unreachable!()
            };
            assert_eq!(t.lang.as_deref(), Some(lang), "{ep}: {:?}", t.text);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn partitions_split_the_volume_without_overlap() {
    let em = Emulator::start().await.unwrap();
    let mut sets = Vec::new();
    for p in 1..=4 {
        let c = em.client_builder().build().unwrap();
        let mut s = c
            .stream(
                StreamEndpoint::CompliancePosts,
                StreamParams::new().partition(p),
            )
            .unwrap();
        let ids: HashSet<String> = data_events(&mut s, 25).await.iter().map(identity).collect();
        assert_eq!(ids.len(), 25, "partition {p} repeats itself");
        sets.push(ids);
    }
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            assert!(
                sets[a].is_disjoint(&sets[b]),
                "partitions {} and {} overlap",
                a + 1,
                b + 1
            );
        }
    }
    // Posts too: the two Japanese partitions share no post.
    let mut ids = Vec::new();
    for p in 1..=2 {
        let c = em.client_builder().build().unwrap();
        let mut s = c
            .stream(StreamEndpoint::FirehoseJa, StreamParams::new().partition(p))
            .unwrap();
        let got: HashSet<String> = data_events(&mut s, 20).await.iter().map(identity).collect();
        ids.push(got);
    }
    assert!(ids[0].is_disjoint(&ids[1]));
}

#[tokio::test(start_paused = true)]
async fn likes_come_typed_with_their_expansions() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let params = StreamParams::new()
        .partition(2)
        .like_fields(["created_at", "liked_tweet_id", "liked_tweet_author_id"])
        .expansions(["liked_tweet_id"])
        .tweet_fields(["author_id"]);
    let mut s = c.stream(StreamEndpoint::LikesSample10, params).unwrap();
    let mut likes = 0;
    while let Some(e) = bounded("a like", s.next()).await {
        if let StreamEvent::Response(r) = e {
            let like = r.like().expect("a like line");
            let liked = like.liked_tweet_id.expect("liked_tweet_id asked for");
            assert!(like.created_at.as_ref().is_some_and(Timestamp::is_valid));
            assert!(like.tweet_author_id.is_some());
            assert!(like.timestamp_ms.is_none(), "not asked for");
            let tweet = r.includes().and_then(|i| i.tweet(liked)).expect("expanded");
            assert_eq!(tweet.author_id, like.tweet_author_id);
            likes += 1;
            if likes == 10 {
                break;
            }
        }
    }
    assert_eq!(likes, 10, "the stream ended after {likes} likes");
    let q = em.requests().pop().unwrap().query.unwrap();
    assert_eq!(
        q,
        "partition=2&like_with_tweet_author.fields=created_at,liked_tweet_id,liked_tweet_author_id&expansions=liked_tweet_id&tweet.fields=author_id"
    );
}

#[tokio::test(start_paused = true)]
async fn compliance_and_label_events_are_typed_not_other() {
    let em = Emulator::start().await.unwrap();
    let mut kinds = HashSet::new();
    for (ep, params) in [
        (
            StreamEndpoint::ComplianceUsers,
            StreamParams::new().partition(1),
        ),
        (
            StreamEndpoint::CompliancePosts,
            StreamParams::new().partition(2),
        ),
        (StreamEndpoint::ComplianceLikes, StreamParams::new()),
    ] {
        let c = em.client_builder().build().unwrap();
        let mut s = c.stream(ep, params).unwrap();
        for e in data_events(&mut s, 60).await {
            let StreamEvent::Compliance(c) = e else {
                unreachable!()
            };
            assert!(!matches!(*c, Compliance::Other { .. }), "{c:?}");
            kinds.insert(c.kind().to_owned());
        }
    }
    for k in [
        "delete",
        "withheld",
        "drop",
        "tweet_edit",
        "user_suspend",
        "user_withheld",
        "scrub_geo",
        "user_profile_modification",
    ] {
        assert!(kinds.contains(k), "no {k} among {kinds:?}");
    }
    let c = em.client_builder().build().unwrap();
    let mut s = c
        .stream(StreamEndpoint::Labels, StreamParams::new())
        .unwrap();
    let mut seen = HashSet::new();
    for e in data_events(&mut s, 40).await {
        let StreamEvent::Label(l) = e else {
            unreachable!()
        };
        assert!(!matches!(*l, Label::Other { .. }));
        seen.insert(l.kind().to_owned());
    }
    assert_eq!(seen.len(), 2, "{seen:?}");
}

/// Raw mode on every stream: each raw line decodes as that stream's payload, and the
/// streams cover every payload kind.
#[tokio::test(start_paused = true)]
async fn raw_mode_works_on_every_payload() {
    let em = Emulator::builder()
        .rule("the", None)
        .activity_subscription("post.create", "2244994945", Some("posts"))
        .start()
        .await
        .unwrap();
    let mut kinds = HashSet::new();
    for ep in StreamEndpoint::ALL {
        let mut params = StreamParams::new();
        if let Some(range) = ep.partitions() {
            params = params.partition(*range.start());
        }
        let c = em.client_builder().build().unwrap();
        let mut s = c.stream(ep, params).unwrap().raw();
        let mut n = 0;
        while let Some(e) = bounded("a raw line", s.next()).await {
            match e {
                StreamEvent::Raw(raw) => {
                    let text = String::from_utf8_lossy(&raw).into_owned();
                    let line = tweetstream::decode_line_as(raw, ep.payload())
                        .unwrap_or_else(|e| panic!("{ep}: {e:?}: {text}"));
                    let decoded = match ep.payload() {
                        PayloadKind::Post => line.tweet().is_some(),
                        PayloadKind::Like => line.like().is_some(),
                        PayloadKind::Compliance => line.compliance().is_some(),
                        PayloadKind::Label => line.label().is_some(),
                        PayloadKind::Activity => line.activity().is_some(),
                        other => panic!("{other:?}"),
                    };
                    assert!(decoded, "{ep}: not a {:?} line: {text}", ep.payload());
                    n += 1;
                    if n == 5 {
                        break;
                    }
                }
                StreamEvent::Disconnected(r) => panic!("{ep} ended: {r}"),
                _ => {}
            }
        }
        assert_eq!(n, 5, "{ep}: the stream ended after {n} lines");
        kinds.insert(format!("{:?}", ep.payload()));
        drop(s);
        em.wait_for_active_streams(0).await;
    }
    let every: HashSet<String> = ["Post", "Like", "Compliance", "Label", "Activity"]
        .map(String::from)
        .into();
    assert_eq!(kinds, every);
}

#[tokio::test(start_paused = true)]
async fn a_past_time_window_replays_it_and_finishes() {
    let em = Emulator::start().await.unwrap();
    let now = SystemTime::now();
    let (start, end) = (now - Duration::from_secs(30), now - Duration::from_secs(10));
    let c = em.client_builder().build().unwrap();
    let params = StreamParams::new()
        .start_time(rfc3339(start))
        .end_time(rfc3339(end));
    let mut s = c.stream(StreamEndpoint::Labels, params).unwrap();
    let mut labels = 0;
    let mut last = None;
    while let Some(e) = bounded("the window's events", s.next()).await {
        match e {
            StreamEvent::Label(l) => {
                let at = match &*l {
                    Label::Notice(n) => n.event_at.get(),
                    Label::Unviewable(u) => u.event_at.get(),
                    _ => None,
                }
                .unwrap();
                let at = SystemTime::from(at);
                assert!(
                    at + Duration::from_millis(1) >= start && at <= end,
                    "{at:?}"
                );
                labels += 1;
            }
            other => last = Some(other),
        }
    }
    // 20 s at the emulator's 10 a second, give or take the edges.
    assert!((195..=202).contains(&labels), "{labels}");
    assert!(
        matches!(
            last,
            Some(StreamEvent::Disconnected(DisconnectReason::Finished))
        ),
        "{last:?}"
    );
    assert_eq!(em.stream_connections(), 1, "no reconnection after end_time");
}

#[tokio::test]
async fn bad_parameters_are_refused_before_any_request() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let cases = [
        (StreamEndpoint::Firehose, StreamParams::new(), "partition"),
        (
            StreamEndpoint::FirehoseEn,
            StreamParams::new().partition(9),
            "partition",
        ),
        (
            StreamEndpoint::Labels,
            StreamParams::new().partition(1),
            "partition",
        ),
        (
            StreamEndpoint::Sample,
            StreamParams::new().start_time("2026-01-01T00:00:00Z"),
            "start_time",
        ),
        (
            StreamEndpoint::CompliancePosts,
            StreamParams::new().partition(1).tweet_fields(["lang"]),
            "tweet.fields",
        ),
        (
            StreamEndpoint::Sample10,
            StreamParams::new().partition(1).end_time("soon"),
            "end_time",
        ),
    ];
    for (ep, params, name) in cases {
        let e = c.stream(ep, params).unwrap_err();
        assert_eq!(e.parameter_name(), Some(name), "{ep}: {e}");
        assert!(e.to_string().contains(name), "{e}");
    }
    assert!(em.requests().is_empty());
    assert!(!c.is_streaming());
}
