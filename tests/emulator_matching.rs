//! Rule matching end to end: for each supported operator, every post the filtered stream
//! delivers satisfies the rule, judged from the payload itself.

mod support;
use serde_json::Value;
use support::raw_http::get;
use tweetstream::emulator::{Emulator, Rate, Script};

/// A matching rule's id as sent: a string, or (a drifted form X has sent, which the
/// generator reproduces now and then) a JSON number.
fn rule_id(m: &Value) -> String {
    m["id"]
        .as_str()
        .map_or_else(|| m["id"].to_string(), str::to_owned)
}

const QUERY: &str = "/2/tweets/search/stream?tweet.fields=lang,entities,note_tweet,referenced_tweets,in_reply_to_user_id,attachments,author_id&expansions=author_id,attachments.media_keys&media.fields=type";

async fn emulator() -> Emulator {
    Emulator::builder()
        .rate(Rate::PerSecond(0.0))
        .seed(11)
        .start()
        .await
        .unwrap()
}

/// Sets `rule` as the only rule and returns `n` delivered posts.
async fn delivered(em: &Emulator, rule: &str, n: usize) -> Vec<Value> {
    em.clear_rules();
    let id = em.add_rule(rule, Some("t")).unwrap();
    em.push_script(Script::new().tweets(n).close());
    let mut r = get(em, QUERY).await;
    assert_eq!(r.status, 200);
    let mut out = Vec::new();
    while let Some(v) = r.json_line().await {
        let rules = v["matching_rules"].as_array().unwrap();
        assert_eq!(rules.len(), 1, "{rule}");
        assert_eq!(
            (rule_id(&rules[0]), &rules[0]["tag"]),
            (id.clone(), &serde_json::json!("t")),
            "{rule}"
        );
        out.push(v);
    }
    assert_eq!(out.len(), n, "{rule}: too few matching posts");
    out
}

fn full_text(v: &Value) -> String {
    v["data"]["note_tweet"]["text"]
        .as_str()
        .or(v["data"]["text"].as_str())
        .unwrap()
        .to_owned()
}

fn tokens(v: &Value) -> Vec<String> {
    full_text(v)
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn list(v: &Value, key: &str, field: &str) -> Vec<String> {
    let mut out: Vec<String> = v["data"]["entities"][key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x[field].as_str().unwrap().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    if let Some(a) = v["data"]["note_tweet"]["entities"][key].as_array() {
        out.extend(a.iter().map(|x| x[field].as_str().unwrap().to_lowercase()));
    }
    out
}

fn hashtags(v: &Value) -> Vec<String> {
    list(v, "hashtags", "tag")
}

fn author_username(v: &Value) -> String {
    let id = v["data"]["author_id"].as_str().unwrap();
    v["includes"]["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id)
        .unwrap()["username"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn is_retweet(v: &Value) -> bool {
    v["data"]["referenced_tweets"]
        .as_array()
        .is_some_and(|a| a.iter().any(|r| r["type"] == "retweeted"))
}

fn media_types(v: &Value) -> Vec<String> {
    v["includes"]["media"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| m["type"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn keyword_is_tokenized_and_case_insensitive() {
    let em = emulator().await;
    for v in delivered(&em, "RELEASE", 5).await {
        assert!(tokens(&v).contains(&"release".to_owned()), "{v}");
    }
}

#[tokio::test]
async fn quoted_phrase() {
    let em = emulator().await;
    for v in delivered(&em, "\"new release\"", 3).await {
        let t = tokens(&v);
        assert!(t.windows(2).any(|w| w == ["new", "release"]), "{v}");
    }
}

#[tokio::test]
async fn hashtag_is_exact() {
    let em = emulator().await;
    for v in delivered(&em, "#Travel", 5).await {
        assert!(hashtags(&v).contains(&"travel".to_owned()), "{v}");
    }
}

#[tokio::test]
async fn mention_and_from() {
    let em = emulator().await;
    // Find a real username from the stream first.
    let sample = delivered(
        &em,
        "has:mentions the OR has:mentions a OR has:mentions el OR has:mentions la OR @x",
        1,
    )
    .await;
    let user = list(&sample[0], "mentions", "username")[0].clone();
    for v in delivered(&em, &format!("@{user}"), 3).await {
        assert!(list(&v, "mentions", "username").contains(&user), "{v}");
    }
    let author = author_username(&sample[0]);
    for v in delivered(&em, &format!("from:{author}"), 3).await {
        assert_eq!(author_username(&v).to_lowercase(), author.to_lowercase());
    }
}

#[tokio::test]
async fn lang_operator() {
    let em = emulator().await;
    for v in delivered(&em, "(#music OR #travel OR #AI OR #news) lang:fr", 4).await {
        assert_eq!(v["data"]["lang"], "fr");
    }
}

#[tokio::test]
async fn has_media_links_images() {
    let em = emulator().await;
    for v in delivered(&em, "#music has:media", 3).await {
        assert!(!media_types(&v).is_empty(), "{v}");
    }
    for v in delivered(&em, "#music has:images", 3).await {
        assert!(media_types(&v).contains(&"photo".to_owned()), "{v}");
    }
    for v in delivered(&em, "#music has:links", 3).await {
        let urls = v["data"]["entities"]["urls"]
            .as_array()
            .is_some_and(|a| !a.is_empty());
        assert!(urls || !media_types(&v).is_empty(), "{v}");
    }
}

#[tokio::test]
async fn is_retweet_and_is_reply() {
    let em = emulator().await;
    for v in delivered(&em, "#music is:retweet", 3).await {
        assert!(is_retweet(&v), "{v}");
        assert!(v["data"]["text"].as_str().unwrap().starts_with("RT @"));
    }
    for v in delivered(&em, "#music is:reply", 3).await {
        assert!(v["data"]["in_reply_to_user_id"].is_string(), "{v}");
        let refs = v["data"]["referenced_tweets"].as_array().unwrap();
        assert!(refs.iter().any(|r| r["type"] == "replied_to"));
    }
}

#[tokio::test]
async fn negation() {
    let em = emulator().await;
    for v in delivered(&em, "#music -is:retweet -has:media -#travel", 8).await {
        assert!(!is_retweet(&v), "{v}");
        assert!(media_types(&v).is_empty(), "{v}");
        assert!(!hashtags(&v).contains(&"travel".to_owned()), "{v}");
    }
}

#[tokio::test]
async fn or_parentheses_and_precedence() {
    let em = emulator().await;
    let mut saw = [false, false];
    for v in delivered(&em, "#travel OR #music", 12).await {
        let h = hashtags(&v);
        let (t, m) = (
            h.contains(&"travel".to_owned()),
            h.contains(&"music".to_owned()),
        );
        assert!(t || m, "{v}");
        saw[0] |= t;
        saw[1] |= m;
    }
    assert_eq!(saw, [true, true]);
    for v in delivered(&em, "(#travel OR #music) lang:es", 4).await {
        let h = hashtags(&v);
        assert!(h.contains(&"travel".to_owned()) || h.contains(&"music".to_owned()));
        assert_eq!(v["data"]["lang"], "es");
    }
    // Implicit AND binds tighter than OR: #travel OR (#music lang:es).
    for v in delivered(&em, "#travel OR #music lang:es", 12).await {
        let h = hashtags(&v);
        assert!(
            h.contains(&"travel".to_owned())
                || (h.contains(&"music".to_owned()) && v["data"]["lang"] == "es"),
            "{v}"
        );
    }
}

#[tokio::test]
async fn several_rules_report_every_match() {
    let em = emulator().await;
    let a = em.add_rule("#travel", Some("travel")).unwrap();
    let b = em.add_rule("#music", None).unwrap();
    em.push_script(Script::new().tweets(200).close());
    let mut r = get(&em, QUERY).await;
    let mut both = 0;
    while let Some(v) = r.json_line().await {
        let ids: Vec<String> = v["matching_rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(rule_id)
            .collect();
        let h = hashtags(&v);
        assert_eq!(ids.contains(&a), h.contains(&"travel".to_owned()));
        assert_eq!(ids.contains(&b), h.contains(&"music".to_owned()));
        if ids.len() == 2 {
            both += 1;
        }
    }
    assert!(both > 0, "some posts carry both hashtags");
}

#[tokio::test(start_paused = true)]
async fn rule_changes_apply_to_an_open_stream() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(50.0))
        .rule("#travel", None)
        .start()
        .await
        .unwrap();
    let mut r = get(&em, QUERY).await;
    assert!(hashtags(&r.json_line().await.unwrap()).contains(&"travel".to_owned()));
    em.clear_rules();
    let music = em.add_rule("#music", None).unwrap();
    // Lines already in flight may still carry the old rule; soon all carry the new one.
    let mut last = Value::Null;
    for _ in 0..40 {
        last = r.json_line().await.unwrap();
    }
    assert_eq!(rule_id(&last["matching_rules"][0]), music);
}
