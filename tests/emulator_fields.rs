//! Fields and expansions honoured by the streams, query validation, and the generator's
//! coverage of the v2 object model.

use std::collections::BTreeSet;

mod support;
use serde_json::Value;
use support::raw_http::get;
use tweetstream::emulator::{
    EXPANSIONS, Emulator, MEDIA_FIELDS, PLACE_FIELDS, POLL_FIELDS, Rate, Script, TWEET_FIELDS,
    USER_FIELDS, generator::Generator,
};

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

async fn lines(path: &str, n: usize) -> Vec<Value> {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .start()
        .await
        .unwrap();
    em.push_script(Script::new().tweets(n).close());
    let mut r = get(&em, path).await;
    assert_eq!(r.status, 200, "{path}");
    let mut out = Vec::new();
    while let Some(v) = r.json_line().await {
        out.push(v);
    }
    assert_eq!(out.len(), n);
    out
}

#[tokio::test]
async fn defaults_are_id_text_and_edit_history() {
    for v in lines("/2/tweets/sample/stream", 100).await {
        assert_eq!(keys(&v), set(&["data"]));
        assert_eq!(
            keys(&v["data"]),
            set(&["id", "text", "edit_history_tweet_ids"])
        );
        let history = v["data"]["edit_history_tweet_ids"].as_array().unwrap();
        assert_eq!(history.last().unwrap(), &v["data"]["id"]);
    }
}

#[tokio::test]
async fn only_requested_tweet_fields_appear() {
    let allowed = set(&[
        "id",
        "text",
        "edit_history_tweet_ids",
        "created_at",
        "lang",
        "public_metrics",
    ]);
    for v in lines(
        "/2/tweets/sample/stream?tweet.fields=created_at,lang,public_metrics",
        100,
    )
    .await
    {
        let k = keys(&v["data"]);
        assert_eq!(k, allowed, "{v}");
        assert!(v["data"]["public_metrics"]["impression_count"].is_u64());
    }
}

#[tokio::test]
async fn expansions_bring_includes_with_default_object_fields() {
    let path = "/2/tweets/sample/stream?expansions=author_id,attachments.media_keys,attachments.poll_ids,geo.place_id,referenced_tweets.id";
    let mut seen = BTreeSet::new();
    for v in lines(path, 300).await {
        // The expanded id fields come with the expansion, as X does.
        assert!(v["data"]["author_id"].is_string());
        let includes = &v["includes"];
        seen.extend(keys(includes));
        for u in includes["users"].as_array().unwrap() {
            assert_eq!(keys(u), set(&["id", "name", "username"]));
        }
        for m in includes["media"].as_array().into_iter().flatten() {
            assert_eq!(keys(m), set(&["media_key", "type"]));
        }
        for p in includes["polls"].as_array().into_iter().flatten() {
            assert_eq!(keys(p), set(&["id", "options"]));
        }
        for p in includes["places"].as_array().into_iter().flatten() {
            assert_eq!(keys(p), set(&["id", "full_name"]));
        }
        for t in includes["tweets"].as_array().into_iter().flatten() {
            assert!(keys(t).is_superset(&set(&["id", "text", "edit_history_tweet_ids"])));
        }
        // Every expanded id resolves.
        let media: BTreeSet<&str> = includes["media"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|m| m["media_key"].as_str().unwrap())
            .collect();
        for k in v["data"]["attachments"]["media_keys"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(media.contains(k.as_str().unwrap()));
        }
        let tweets: BTreeSet<&str> = includes["tweets"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        for r in v["data"]["referenced_tweets"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(tweets.contains(r["id"].as_str().unwrap()));
        }
    }
    assert_eq!(seen, set(&["media", "places", "polls", "tweets", "users"]));
}

#[tokio::test]
async fn object_fields_are_honoured() {
    let path = "/2/tweets/sample/stream?expansions=author_id,attachments.media_keys,attachments.poll_ids,geo.place_id&user.fields=created_at,verified&media.fields=url,width&poll.fields=voting_status&place.fields=country_code";
    let mut saw = [false; 4];
    for v in lines(path, 300).await {
        let inc = &v["includes"];
        for u in inc["users"].as_array().unwrap() {
            assert_eq!(
                keys(u),
                set(&["id", "name", "username", "created_at", "verified"])
            );
            saw[0] = true;
        }
        for m in inc["media"].as_array().into_iter().flatten() {
            let allowed = set(&["media_key", "type", "url", "width"]);
            assert!(keys(m).is_subset(&allowed), "{m}");
            assert!(m["width"].is_u64());
            saw[1] = true;
        }
        for p in inc["polls"].as_array().into_iter().flatten() {
            assert_eq!(keys(p), set(&["id", "options", "voting_status"]));
            saw[2] = true;
        }
        for p in inc["places"].as_array().into_iter().flatten() {
            assert_eq!(keys(p), set(&["id", "full_name", "country_code"]));
            saw[3] = true;
        }
    }
    assert_eq!(saw, [true; 4]);
}

#[tokio::test]
async fn invalid_field_values_and_parameters_are_400() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .start()
        .await
        .unwrap();
    let cases = [
        ("tweet.fields=lang,bogus", "tweet.fields"),
        ("expansions=nope", "expansions"),
        ("user.fields=x", "user.fields"),
        ("backfill_minutes=-1", "backfill_minutes"),
        ("backfill_minutes=6", "backfill_minutes"),
        ("backfill_minutes=two", "backfill_minutes"),
        ("unknown=1", "unknown"),
    ];
    for (q, param) in cases {
        let r = get(&em, &format!("/2/tweets/sample/stream?{q}")).await;
        assert_eq!(r.status, 400, "{q}");
        let v = r.json().await;
        assert_eq!(v["title"], "Invalid Request");
        assert_eq!(
            v["type"],
            "https://api.twitter.com/2/problems/invalid-request"
        );
        assert!(v["errors"][0]["parameters"][param].is_array(), "{v}");
        assert!(
            v["errors"][0]["message"].as_str().unwrap().contains(param),
            "{v}"
        );
    }
    assert_eq!(em.active_streams(), 0);
    for n in 1..=5 {
        let r = get(
            &em,
            &format!("/2/tweets/sample/stream?backfill_minutes={n}"),
        )
        .await;
        assert_eq!(r.status, 200);
        drop(r);
        support::raw_http::wait_active_streams(&em, 0).await;
    }
}

#[test]
fn field_lists_match_the_openapi_spec() {
    assert_eq!(TWEET_FIELDS.len(), 34);
    assert_eq!(USER_FIELDS.len(), 26);
    assert_eq!(MEDIA_FIELDS.len(), 13);
    assert_eq!(POLL_FIELDS.len(), 5);
    assert_eq!(PLACE_FIELDS.len(), 8);
    assert_eq!(EXPANSIONS.len(), 14);
}

/// Fields the generator never emits: their payload shapes are not in X's published schema.
const NOT_GENERATED: &[&str] = &["article", "media_metadata"];

#[test]
fn full_generator_covers_the_object_model() {
    let mut g = Generator::full(2024);
    let mut tweet = BTreeSet::new();
    let mut user = BTreeSet::new();
    let mut media = BTreeSet::new();
    let mut poll = BTreeSet::new();
    let mut place = BTreeSet::new();
    let mut includes = BTreeSet::new();
    let mut ref_types = BTreeSet::new();
    let mut media_types = BTreeSet::new();
    let mut langs = BTreeSet::new();
    let (mut non_ascii, mut emoji, mut total) = (false, false, 0usize);
    let n = 2000;
    for _ in 0..n {
        let line = g.next_line();
        assert!(!line.contains('\n') && !line.contains('\r'));
        total += line.len();
        let v: Value = serde_json::from_str(&line).unwrap();
        tweet.extend(keys(&v["data"]));
        let text = v["data"]["text"].as_str().unwrap();
        non_ascii |= text.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
        emoji |= text.chars().any(|c| c as u32 >= 0x1F300);
        langs.insert(v["data"]["lang"].as_str().unwrap().to_owned());
        for r in v["data"]["referenced_tweets"]
            .as_array()
            .into_iter()
            .flatten()
        {
            ref_types.insert(r["type"].as_str().unwrap().to_owned());
        }
        includes.extend(keys(&v["includes"]));
        for u in v["includes"]["users"].as_array().into_iter().flatten() {
            user.extend(keys(u));
        }
        for t in v["includes"]["tweets"].as_array().into_iter().flatten() {
            tweet.extend(keys(t));
        }
        for m in v["includes"]["media"].as_array().into_iter().flatten() {
            media.extend(keys(m));
            media_types.insert(m["type"].as_str().unwrap().to_owned());
        }
        for p in v["includes"]["polls"].as_array().into_iter().flatten() {
            poll.extend(keys(p));
        }
        for p in v["includes"]["places"].as_array().into_iter().flatten() {
            place.extend(keys(p));
        }
    }
    let want_tweet: BTreeSet<String> = TWEET_FIELDS
        .iter()
        .filter(|f| !NOT_GENERATED.contains(f))
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(tweet, want_tweet);
    assert_eq!(user, set(USER_FIELDS));
    assert_eq!(media, set(MEDIA_FIELDS));
    assert_eq!(poll, set(POLL_FIELDS));
    assert_eq!(place, set(PLACE_FIELDS));
    assert_eq!(
        includes,
        set(&["media", "places", "polls", "tweets", "users"])
    );
    assert_eq!(ref_types, set(&["quoted", "replied_to", "retweeted"]));
    assert_eq!(media_types, set(&["animated_gif", "photo", "video"]));
    assert!(langs.len() >= 6, "{langs:?}");
    assert!(non_ascii && emoji);
    let avg = total / n;
    assert!((2_000..=6_000).contains(&avg), "average line {avg} bytes");
}

#[test]
fn with_query_matches_the_stream_selection() {
    let mut g = Generator::with_query(
        5,
        "?tweet.fields=lang&expansions=author_id&user.fields=verified",
    );
    for _ in 0..50 {
        let v: Value = serde_json::from_str(&g.next_line()).unwrap();
        assert_eq!(
            keys(&v["data"]),
            set(&["id", "text", "edit_history_tweet_ids", "lang", "author_id"])
        );
        assert_eq!(
            keys(&v["includes"]["users"][0]),
            set(&["id", "name", "username", "verified"])
        );
    }
}
