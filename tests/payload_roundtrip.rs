//! Likes, compliance and label lines are lossless: decoding a line and encoding the
//! decoded response again gives back the same JSON (number text included), the typed
//! payload is there, and whatever the model does not hold is reachable in an `extra`.
//!
//! Lines: the emulator's for every non-post stream, the OpenAPI 2.167 examples (as
//! docs.x.com renders them from the spec's per-member `example`s), X's published
//! compliance examples (`fixtures/x_docs/`), and drifted forms of each.

mod support;
use support::deadline;

use bytes::Bytes;
use futures_util::StreamExt as _;
use tweetstream::emulator::Emulator;
use tweetstream::model::roundtrip::diff_text;
use tweetstream::model::{Compliance, Extra, Label, Payload, TweetId, UserId};
use tweetstream::{Line, PayloadKind, StreamEndpoint, StreamEvent, StreamParams, decode_line_as};

/// Decodes `line` as a line of a `kind` stream, re-encodes it, and asserts both are the
/// same JSON.
fn round_trip(kind: PayloadKind, line: &str) -> Line {
    let resp = decode_line_as(Bytes::copy_from_slice(line.as_bytes()), kind)
        .unwrap_or_else(|e| panic!("{line}: {e:?}"));
    let again = serde_json::to_string(&resp).unwrap();
    let diffs = diff_text(line, &again).unwrap();
    assert!(
        diffs.is_empty(),
        "{line}\nre-encoded {again}\n{}",
        diffs
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    resp
}

/// The typed event's own `extra` (the event struct inside the enum, or the like).
fn event_extra(resp: &Line) -> &Extra {
    match resp.payload().expect("a payload") {
        Payload::Like(l) => &l.extra,
        Payload::Compliance(c) => match c {
            Compliance::Delete(e) | Compliance::Drop(e) | Compliance::Undrop(e) => &e.extra,
            Compliance::Withheld(e) => &e.extra,
            Compliance::Edit(e) => &e.extra,
            Compliance::UserProtect(e)
            | Compliance::UserUnprotect(e)
            | Compliance::UserDelete(e)
            | Compliance::UserUndelete(e)
            | Compliance::UserSuspend(e)
            | Compliance::UserUnsuspend(e) => &e.extra,
            Compliance::UserWithheld(e) => &e.extra,
            Compliance::ScrubGeo(e) => &e.extra,
            Compliance::ProfileModification(e) => &e.extra,
            Compliance::Unlike(e) => &e.extra,
            other => panic!("not a typed event: {other:?}"),
        },
        Payload::Label(l) => match l {
            Label::Notice(n) => &n.extra,
            Label::Unviewable(u) => &u.extra,
            other => panic!("not a typed event: {other:?}"),
        },
        other => panic!("unexpected payload {other:?}"),
    }
}

/// Whether the payload is typed (not an `Other` event).
fn is_typed(resp: &Line) -> bool {
    match resp.payload() {
        Some(Payload::Like(_)) => true,
        Some(Payload::Compliance(c)) => !matches!(c, Compliance::Other { .. }),
        Some(Payload::Label(l)) => !matches!(l, Label::Other { .. }),
        _ => false,
    }
}

#[tokio::test(start_paused = true)]
async fn every_emulated_non_post_stream_round_trips() {
    let em = Emulator::start().await.unwrap();
    let client = em.client_builder().build().unwrap();
    let mut streams = 0;
    for ep in StreamEndpoint::ALL {
        let kind = ep.payload();
        if kind == PayloadKind::Post || kind == PayloadKind::Activity {
            continue; // activity: tests/activity_stream.rs (it needs subscriptions)
        }
        streams += 1;
        let mut params = StreamParams::new();
        if let Some(range) = ep.partitions() {
            params = params.partition(*range.start());
        }
        if kind == PayloadKind::Like {
            // With includes, so that they round-trip too.
            params = params.expansions(["liked_tweet_id", "liked_tweet_author_id"]);
        }
        let mut s = client.stream(ep, params).unwrap().raw();
        let mut kinds = std::collections::BTreeSet::new();
        let mut lines = 0;
        while lines < 80 {
            match deadline::bounded("the next event", s.next())
                .await
                .expect("the stream goes on")
            {
                StreamEvent::Raw(raw) => {
                    let line = std::str::from_utf8(&raw).unwrap().to_owned();
                    let resp = round_trip(kind, &line);
                    assert!(is_typed(&resp), "{ep}: {line}");
                    assert!(event_extra(&resp).is_empty(), "{ep}: {line}");
                    assert!(resp.decoded().extra.is_empty(), "{ep}: {line}");
                    if let Some(l) = resp.like() {
                        assert!(l.liked_tweet_id.is_some() && resp.includes().is_some());
                    }
                    kinds.insert(match resp.payload() {
                        Some(Payload::Compliance(c)) => c.kind().to_owned(),
                        Some(Payload::Label(l)) => l.kind().to_owned(),
                        _ => "like".to_owned(),
                    });
                    lines += 1;
                }
                StreamEvent::Undecodable(u) => panic!("{ep}: {u:?}"),
                StreamEvent::Disconnected(r) => panic!("{ep} ended: {r}"),
                _ => {}
            }
        }
        let want = match ep {
            StreamEndpoint::CompliancePosts => 5,
            StreamEndpoint::ComplianceUsers => 9,
            StreamEndpoint::Labels => 2,
            _ => 1,
        };
        assert_eq!(kinds.len(), want, "{ep}: {kinds:?}");
    }
    assert_eq!(streams, 6, "likes x2, compliance x3, labels");
}

/// The OpenAPI 2.167 examples of each non-post stream (docs.x.com shows these).
const SPEC_EXAMPLES: &[(PayloadKind, &str)] = &[
    (
        PayloadKind::Like,
        r#"{"data":{"created_at":"2021-01-06T18:40:40.000Z","id":"8ba4f34e6235d905a46bac021d98e923","liked_tweet_id":"1346889436626259968","timestamp_ms":123,"tweet_author_id":"2244994945"}}"#,
    ),
    (
        PayloadKind::Compliance,
        r#"{"data":{"delete":{"event_at":"2021-07-06T18:40:40.000Z","quote_tweet_id":"1346889436626259968","tweet":{"author_id":"2244994945","id":"1346889436626259968"}}}}"#,
    ),
    (
        PayloadKind::Compliance,
        r#"{"data":{"user_protect":{"event_at":"2021-07-06T18:40:40.000Z","user":{"id":"2244994945"}}}}"#,
    ),
    (
        PayloadKind::Compliance,
        r#"{"data":{"delete":{"event_at":"2021-07-06T18:40:40.000Z","favorite":{"id":"1346889436626259968","user_id":"2244994945"}}}}"#,
    ),
    (
        PayloadKind::Label,
        r#"{"data":{"public_tweet_notice":{"application":"apply","details":"<string>","event_at":"2021-07-06T18:40:40.000Z","event_type":"misleading","extended_details_url":"<string>","label_title":"<string>","tweet":{"author_id":"2244994945","id":"1346889436626259968"}}}}"#,
    ),
    (
        PayloadKind::Label,
        r#"{"data":{"public_tweet_unviewable":{"application":"apply","event_at":"2021-07-06T18:40:40.000Z","tweet":{"author_id":"2244994945","id":"1346889436626259968"}}}}"#,
    ),
    (
        PayloadKind::Like,
        r#"{"errors":[{"detail":"<string>","status":123,"title":"<string>","type":"<string>"}]}"#,
    ),
];

#[test]
fn the_spec_examples_round_trip_typed() {
    for (kind, line) in SPEC_EXAMPLES {
        let resp = round_trip(*kind, line);
        assert!(is_typed(&resp) || !resp.errors().is_empty(), "{line}");
    }
    let like = round_trip(PayloadKind::Like, SPEC_EXAMPLES[0].1);
    let like = like.like().unwrap();
    assert_eq!(like.liked_tweet_id, Some(TweetId(1346889436626259968)));
    assert_eq!(like.tweet_author_id, Some(UserId(2244994945)));
    let unlike = round_trip(PayloadKind::Compliance, SPEC_EXAMPLES[3].1);
    assert!(
        matches!(unlike.compliance(), Some(Compliance::Unlike(u)) if u.favorite.user_id == UserId(2244994945))
    );
}

#[test]
fn x_documented_compliance_examples_round_trip_typed() {
    let text = include_str!("fixtures/x_docs/compliance_data_objects.jsonl");
    let mut n = 0;
    for line in text.lines() {
        let resp = round_trip(PayloadKind::Compliance, line);
        assert!(is_typed(&resp), "{line}");
        n += 1;
    }
    assert_eq!(n, 14);
    // The `+00:00` offset X's examples use is read, and its text kept.
    let scrub = round_trip(PayloadKind::Compliance, text.lines().nth(5).unwrap());
    let Some(Compliance::ScrubGeo(e)) = scrub.compliance() else {
        panic!("not scrub_geo: {scrub:?}");
    };
    assert!(e.event_at.get().is_some());
    assert_eq!(e.up_to_tweet_id, TweetId(411552403083628544));
}

/// One line per event kind, the event body separate so that drift can be put in it.
fn bases() -> Vec<(PayloadKind, Option<&'static str>, String)> {
    let at = r#""event_at":"2021-07-06T18:40:40.000Z""#;
    let tweet = r#""tweet":{"id":"1346889436626259968","author_id":"2244994945"}"#;
    let user = r#""user":{"id":"2244994945"}"#;
    let c = |k: &'static str, body: String| (PayloadKind::Compliance, Some(k), body);
    let l = |k: &'static str, body: String| (PayloadKind::Label, Some(k), body);
    let mut out = vec![
        (
            PayloadKind::Like,
            None,
            r#"{"id":"8ba4f34e6235d905a46bac021d98e923","created_at":"2021-01-06T18:40:40.000Z","liked_tweet_id":"1346889436626259968","timestamp_ms":1609958440000,"tweet_author_id":"2244994945"}"#.to_owned(),
        ),
        c("withheld", format!(r#"{{{tweet},{at},"withheld_in_countries":["DE"]}}"#)),
        c(
            "tweet_edit",
            format!(r#"{{"tweet":{{"id":"2"}},{at},"initial_tweet_id":"1","edit_tweet_ids":["1","2"]}}"#),
        ),
        c("user_withheld", format!(r#"{{{user},{at},"withheld_in_countries":["FR"]}}"#)),
        c("scrub_geo", format!(r#"{{{user},"up_to_tweet_id":"5",{at}}}"#)),
        c(
            "user_profile_modification",
            format!(r#"{{{user},"profile_field":"profile.name","new_value":"X",{at}}}"#),
        ),
        c("delete", format!(r#"{{"favorite":{{"id":"1","user_id":"2"}},{at}}}"#)),
        l(
            "public_tweet_notice",
            format!(r#"{{{tweet},"event_type":"misleading",{at},"application":"apply"}}"#),
        ),
        l("public_tweet_unviewable", format!(r#"{{{tweet},{at},"application":"remove"}}"#)),
    ];
    for k in ["delete", "drop", "undrop"] {
        out.push(c(k, format!(r#"{{{tweet},{at}}}"#)));
    }
    for k in [
        "user_protect",
        "user_unprotect",
        "user_delete",
        "user_undelete",
        "user_suspend",
        "user_unsuspend",
    ] {
        out.push(c(k, format!(r#"{{{user},{at}}}"#)));
    }
    out
}

/// Adds the member `name: value` (raw JSON) first in the object `obj`.
fn with_member(obj: &str, name: &str, value: &str) -> String {
    let rest = obj.strip_prefix('{').expect("an object");
    let sep = if rest.trim_start().starts_with('}') {
        ""
    } else {
        ","
    };
    format!(r#"{{"{name}":{value}{sep}{rest}"#)
}

fn line_of(kind: Option<&str>, body: &str) -> String {
    match kind {
        Some(k) => format!(r#"{{"data":{{"{k}":{body}}}}}"#),
        None => format!(r#"{{"data":{body}}}"#),
    }
}

#[test]
fn every_event_kind_round_trips_with_unknown_members_at_both_levels() {
    let bases = bases();
    assert_eq!(bases.len(), 18, "a like, 15 compliance events, 2 labels");
    for (kind, event, body) in &bases {
        let plain = round_trip(*kind, &line_of(*event, body));
        assert!(is_typed(&plain));

        // Unknown members: at the line's top level and inside the event, with number
        // text a `serde_json::Value` would not keep.
        let drifted = with_member(
            &line_of(*event, &with_member(body, "x_inner", "[1.50,2e3]")),
            "x_top",
            r#"{"n":1.0}"#,
        );
        let resp = round_trip(*kind, &drifted);
        assert!(is_typed(&resp), "{drifted}");
        assert_eq!(
            resp.decoded().extra.get("x_top").unwrap().get(),
            r#"{"n":1.0}"#
        );
        assert_eq!(
            event_extra(&resp).get("x_inner").unwrap().get(),
            "[1.50,2e3]"
        );
        assert_eq!(event_extra(&resp).len(), 1);

        // `includes: null` is kept as `null`, not dropped.
        let null_includes = with_member(&line_of(*event, body), "includes", "null");
        let resp = round_trip(*kind, &null_includes);
        assert!(resp.includes().is_none() && is_typed(&resp));
        assert_eq!(resp.decoded().extra.get("includes").unwrap().get(), "null");
    }
}

#[test]
fn nulls_and_numeric_ids_keep_the_typed_payload() {
    let at = r#""event_at":"2021-07-06T18:40:40.000Z""#;

    // A like: an id as a number, a `null` member.
    let line = r#"{"data":{"id":"8ba4","created_at":null,"liked_tweet_id":1346889436626259968,"tweet_author_id":"2244994945"}}"#;
    let resp = round_trip(PayloadKind::Like, line);
    let like = resp.like().unwrap();
    assert_eq!(like.liked_tweet_id, Some(TweetId(1346889436626259968)));
    assert_eq!(like.created_at, None);
    assert_eq!(like.extra.get("created_at").unwrap().get(), "null");
    assert_eq!(
        like.extra.get("liked_tweet_id").unwrap().get(),
        "1346889436626259968"
    );

    // A post delete: the post id as a number, `quote_tweet_id: null`.
    let line = format!(
        r#"{{"data":{{"delete":{{"tweet":{{"id":1346889436626259968,"author_id":"2244994945"}},{at},"quote_tweet_id":null}}}}}}"#
    );
    let resp = round_trip(PayloadKind::Compliance, &line);
    let Some(Compliance::Delete(e)) = resp.compliance() else {
        panic!("not a delete: {resp:?}");
    };
    assert_eq!(e.tweet.id, TweetId(1346889436626259968));
    assert_eq!(
        e.tweet.extra.get("id").unwrap().get(),
        "1346889436626259968"
    );
    assert_eq!(e.extra.get("quote_tweet_id").unwrap().get(), "null");

    // An unlike: the user id as a number.
    let line =
        format!(r#"{{"data":{{"delete":{{"favorite":{{"id":"1","user_id":2244994945}},{at}}}}}}}"#);
    let resp = round_trip(PayloadKind::Compliance, &line);
    let Some(Compliance::Unlike(u)) = resp.compliance() else {
        panic!("not an unlike: {resp:?}");
    };
    assert_eq!(u.favorite.user_id, UserId(2244994945));
    assert_eq!(u.favorite.extra.get("user_id").unwrap().get(), "2244994945");

    // A notice label: the author id as a number, `details: null`.
    let line = format!(
        r#"{{"data":{{"public_tweet_notice":{{"tweet":{{"id":"1","author_id":2244994945}},"event_type":"misleading",{at},"application":"apply","details":null}}}}}}"#
    );
    let resp = round_trip(PayloadKind::Label, &line);
    let Some(Label::Notice(n)) = resp.label() else {
        panic!("not a notice: {resp:?}");
    };
    assert_eq!(n.tweet.author_id, Some(UserId(2244994945)));
    assert_eq!(n.details, None);
    assert_eq!(n.extra.get("details").unwrap().get(), "null");

    // `data: null` stays `null` on every kind.
    for kind in [
        PayloadKind::Like,
        PayloadKind::Compliance,
        PayloadKind::Label,
    ] {
        let resp = round_trip(kind, r#"{"data":null,"errors":[{"title":"t","type":"x"}]}"#);
        assert!(resp.payload().is_none());
        assert_eq!(resp.errors().len(), 1);
    }
}

#[test]
fn unknown_and_misshapen_events_are_kept_byte_for_byte() {
    for (kind, line) in [
        (
            PayloadKind::Compliance,
            r#"{"data":{"user_ghost":{"user":{"id":"1"},"score":1.50,"big":123456789012345678901234567890}}}"#,
        ),
        // A known name whose body lacks a required member.
        (
            PayloadKind::Compliance,
            r#"{"data":{"delete":{"status":{"id":1.0}}}}"#,
        ),
        (
            PayloadKind::Label,
            r#"{"data":{"public_tweet_ghost":{"weight":2.50E1}}}"#,
        ),
        (
            PayloadKind::Label,
            r#"{"data":{"public_tweet_unviewable":{"tweet":{"id":"1"}}}}"#,
        ),
    ] {
        let resp = round_trip(kind, line);
        assert!(!is_typed(&resp), "{line}");
        // Not only the same JSON: the same text.
        let data = &line[r#"{"data":"#.len()..line.len() - 1];
        let again = match resp.payload().unwrap() {
            Payload::Compliance(c) => serde_json::to_string(c).unwrap(),
            Payload::Label(l) => serde_json::to_string(l).unwrap(),
            other => panic!("{other:?}"),
        };
        assert_eq!(again, data);
    }
}

#[test]
fn the_field_list_name_of_the_author_decodes_and_re_encodes_under_its_own_name() {
    let line = r#"{"data":{"id":"1","liked_tweet_author_id":"2244994945"}}"#;
    let resp = decode_line_as(Bytes::from_static(line.as_bytes()), PayloadKind::Like).unwrap();
    let like = resp.like().unwrap();
    assert_eq!(like.author_id(), Some(UserId(2244994945)));
    assert_eq!(like.tweet_author_id, None);
    assert_eq!(serde_json::to_string(&resp).unwrap(), line);
}
