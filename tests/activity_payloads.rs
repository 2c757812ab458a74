//! X's published X Activity payload examples (`fixtures/x_docs/activity_events.jsonl`, see
//! its SOURCES.md) decode into typed events and re-encode to the same JSON; so do an
//! unknown event type, drifted values and a lone surrogate.

use bytes::Bytes;
use tweetstream::model::activity::{Activity, ActivityPayload};
use tweetstream::model::enums::{ActivityDirection, ActivityType};
use tweetstream::model::roundtrip::diff_text;
use tweetstream::model::{TweetId, UserId};
use tweetstream::{Line, PayloadKind, StreamEndpoint, decode_line_as};

const FIXTURE: &str = include_str!("fixtures/x_docs/activity_events.jsonl");

/// Decodes `line` as an activity line and asserts it re-encodes to the same JSON.
fn round_trip(line: &str) -> Line {
    let resp = decode_line_as(
        Bytes::copy_from_slice(line.as_bytes()),
        PayloadKind::Activity,
    )
    .unwrap_or_else(|e| panic!("{line}: {e:?}"));
    let again = serde_json::to_string(&resp).unwrap();
    let diffs = diff_text(line, &again).unwrap();
    assert!(diffs.is_empty(), "{line}\nre-encoded {again}\n{diffs:?}");
    resp
}

fn activity(resp: &Line) -> &Activity {
    resp.activity().expect("an activity")
}

#[test]
fn the_activity_stream_carries_activities() {
    assert_eq!(StreamEndpoint::Activity.payload(), PayloadKind::Activity);
    assert_eq!(StreamEndpoint::Activity.path(), "/2/activity/stream");
    assert_eq!(
        "activity".parse::<StreamEndpoint>(),
        Ok(StreamEndpoint::Activity)
    );
    assert_eq!(StreamEndpoint::Activity.partitions(), None);
    assert!(StreamEndpoint::Activity.takes_time_window());
    assert!(!StreamEndpoint::Activity.takes_fields());
}

#[test]
fn every_documented_example_round_trips_and_is_typed_by_its_event_type() {
    let lines: Vec<&str> = FIXTURE.lines().collect();
    assert_eq!(lines.len(), 27);
    let mut kinds = Vec::new();
    for line in &lines {
        let resp = round_trip(line);
        let a = activity(&resp);
        let kind = a.event_type.clone().expect("every example names its type");
        assert!(!kind.is_other(), "{kind} is a known type");
        assert!(a.event_uuid.is_some() && a.filter.is_some(), "{line}");
        let payload = a.payload.as_ref().expect("every example has a payload");
        let typed = match payload {
            ActivityPayload::Post(_) => "post",
            ActivityPayload::PostDeleted(_) => "post_deleted",
            ActivityPayload::Like(_) => "like",
            ActivityPayload::Follow(_) => "follow",
            ActivityPayload::ProfileUpdate(_) => "profile_update",
            ActivityPayload::News(_) => "news",
            ActivityPayload::Other(_) => "other",
            _ => "new variant",
        };
        kinds.push(format!("{kind}={typed}"));
    }
    // The envelope's empty payload is no post: kept as it came.
    assert_eq!(
        kinds,
        [
            "post.create=other",
            "post.create=post",
            "post.delete=post_deleted",
            "post.mention.create=post",
            "post.reply.create=post",
            "post.quote.create=post",
            "post.repost.create=post",
            "like.create=like",
            "follow.follow=follow",
            "follow.unfollow=follow",
            "profile.update.bio=profile_update",
            "profile.update.profile_picture=profile_update",
            "profile.update.banner_picture=profile_update",
            "profile.update.screenname=profile_update",
            "profile.update.geo=profile_update",
            "profile.update.url=profile_update",
            "chat.received=other",
            "chat.sent=other",
            "dm.sent=other",
            "dm.received=other",
            "news.new=news",
            "spaces.start=other",
            "spaces.end=other",
            "broadcast.start=other",
            "broadcast.end=other",
            "broadcast.chat=other",
            "oauth.revoke=other",
        ]
    );
}

fn example(event_type: &str) -> Line {
    let needle = format!(r#""event_type":"{event_type}""#);
    let line = FIXTURE
        .lines()
        .filter(|l| l.contains(&needle))
        .max_by_key(|l| l.len())
        .expect("an example");
    round_trip(line)
}

#[test]
fn the_typed_payloads_hold_x_values() {
    let post = example("post.create");
    let a = activity(&post);
    assert_eq!(a.tag.as_deref(), Some("posts"));
    assert_eq!(
        a.filter.as_ref().unwrap().user_id,
        Some(UserId(1111111111111111111))
    );
    let tweet = a.post().unwrap();
    assert_eq!(tweet.text, "Hello from the Activity API");
    assert_eq!(tweet.id, TweetId(2080761390344937796));
    let includes = a.includes.as_ref().unwrap();
    assert_eq!(includes.users.as_ref().unwrap()[0].username, "ExampleUser");
    assert_eq!(includes.tweets.as_ref().unwrap()[0].id, tweet.id);

    let like = example("like.create");
    let a = activity(&like);
    assert_eq!(
        a.filter.as_ref().unwrap().direction,
        Some(ActivityDirection::Outbound)
    );
    let Some(ActivityPayload::Like(l)) = &a.payload else {
        panic!("a like")
    };
    assert_eq!(l.liked_tweet_id, Some(TweetId(2079814480427442556)));
    assert_eq!(l.author_id(), Some(UserId(3333333333333333333)));
    // `timestamp_ms` came as a string: kept as such.
    assert_eq!(
        l.extra.get("timestamp_ms").unwrap().get(),
        r#""1784927565236""#
    );

    let follow = example("follow.follow");
    let Some(ActivityPayload::Follow(f)) = &activity(&follow).payload else {
        panic!()
    };
    let (source, target) = (f.source.as_ref().unwrap(), f.target.as_ref().unwrap());
    assert!(source.wrapped && target.wrapped);
    assert_eq!(
        (source.user.username.as_str(), target.user.id),
        ("ExampleUser", UserId(4444444444444444444))
    );

    let delete = example("post.delete");
    let a = activity(&delete);
    assert_eq!(a.event_uuid.as_deref(), Some("-2781149976877970683"));
    let Some(ActivityPayload::PostDeleted(d)) = &a.payload else {
        panic!()
    };
    assert_eq!(d.id, TweetId(2080761269309813134));

    let bio = example("profile.update.bio");
    let Some(ActivityPayload::ProfileUpdate(u)) = &activity(&bio).payload else {
        panic!()
    };
    assert!(u.before.is_some() && u.after.is_some() && u.before != u.after);

    let news = example("news.new");
    let Some(ActivityPayload::News(n)) = &activity(&news).payload else {
        panic!()
    };
    assert!(n.headline.is_some() || n.summary.is_some());
    assert!(
        n.extra.get("contexts").is_some(),
        "members the spec does not name are kept"
    );
}

#[test]
fn an_unknown_event_type_and_a_misshapen_payload_are_kept_as_they_came() {
    let line = r#"{"data":{"event_uuid":"1","event_type":"poll.vote","payload":{"poll_id":"9","x":[1.50]},"new_member":null}}"#;
    let resp = round_trip(line);
    let a = activity(&resp);
    assert_eq!(a.event_type, Some(ActivityType::Other("poll.vote".into())));
    assert!(
        matches!(&a.payload, Some(ActivityPayload::Other(raw)) if raw.get() == r#"{"poll_id":"9","x":[1.50]}"#)
    );
    assert_eq!(a.extra.get("new_member").unwrap().get(), "null");
    // A post.create whose payload is not a post (no text): kept raw, the line still decodes.
    let line = r#"{"data":{"event_type":"post.create","payload":{"id":"5"}}}"#;
    let resp = round_trip(line);
    assert!(matches!(
        &activity(&resp).payload,
        Some(ActivityPayload::Other(_))
    ));
}

#[test]
fn drifted_values_and_lone_surrogates_round_trip() {
    for line in [
        // A filter user id as a number, a tag as null.
        r#"{"data":{"event_type":"follow.follow","filter":{"user_id":2244994945},"tag":null,"payload":{"source":{"id":"1","name":"A","username":"a"}}}}"#,
        // Errors next to data.
        r#"{"data":{"event_type":"news.new","payload":{"headline":"h"}},"errors":[{"title":"t","detail":"d","type":"about:blank"}]}"#,
    ] {
        let resp = round_trip(line);
        assert!(resp.activity().is_some(), "{line}");
    }
    // A post cut inside an emoji (a lone surrogate escape, which serde_json's `Value` refuses,
    // so compared as text): typed, read with U+FFFD, re-encoded with its escape.
    let line =
        r#"{"data":{"event_type":"post.create","payload":{"id":"1","text":"cut \ud83d here"}}}"#;
    let resp = decode_line_as(Bytes::from_static(line.as_bytes()), PayloadKind::Activity).unwrap();
    assert_eq!(activity(&resp).post().unwrap().text, "cut \u{fffd} here");
    assert_eq!(serde_json::to_string(&resp).unwrap(), line);
}
