//! The rules endpoint: exact request and response shapes, dry_run, delete_all, pagination,
//! duplicate and invalid rules.

mod support;
use serde_json::{Value, json};
use support::raw_http::{get, post};
use tweetstream::emulator::Emulator;

const RULES: &str = "/2/tweets/search/stream/rules";

fn is_iso(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == 24 && s.ends_with('Z') && &s[10..11] == "T"
}

fn is_rule_id(v: &Value) -> bool {
    let s = v.as_str().unwrap_or("");
    (1..=19).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

/// Replaces `meta.sent` after checking it, so whole bodies can be compared.
fn strip_sent(mut v: Value) -> Value {
    assert!(is_iso(&v["meta"]["sent"]), "meta.sent: {v}");
    v["meta"].as_object_mut().unwrap().remove("sent");
    v
}

#[tokio::test]
async fn add_with_tags_is_201_with_data_and_summary() {
    let em = Emulator::start().await.unwrap();
    let r = post(
        &em,
        RULES,
        r#"{"add":[{"value":"cat has:images","tag":"cats with images"},{"value":"dog"}]}"#,
    )
    .await;
    assert_eq!(r.status, 201);
    assert_eq!(r.headers["content-type"], "application/json; charset=utf-8");
    let v = strip_sent(r.json().await);
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert!(is_rule_id(&data[0]["id"]) && is_rule_id(&data[1]["id"]));
    assert_ne!(data[0]["id"], data[1]["id"]);
    let id0 = data[0]["id"].clone();
    let id1 = data[1]["id"].clone();
    assert_eq!(
        v,
        json!({
            "data": [
                {"value": "cat has:images", "tag": "cats with images", "id": id0},
                {"value": "dog", "id": id1}
            ],
            "meta": {"summary": {"created": 2, "not_created": 0, "valid": 2, "invalid": 0}}
        })
    );
    assert_eq!(
        em.rules(),
        vec![
            (
                id0.as_str().unwrap().to_owned(),
                "cat has:images".to_owned(),
                Some("cats with images".to_owned())
            ),
            (id1.as_str().unwrap().to_owned(), "dog".to_owned(), None),
        ]
    );
}

#[tokio::test]
async fn duplicate_value_gives_a_duplicate_rule_item() {
    let em = Emulator::start().await.unwrap();
    let id = em.add_rule("coffee", Some("c")).unwrap();
    let r = post(&em, RULES, r#"{"add":[{"value":"coffee","tag":"other"}]}"#).await;
    assert_eq!(r.status, 200);
    assert_eq!(
        strip_sent(r.json().await),
        json!({
            "errors": [{"value": "coffee", "id": id, "title": "DuplicateRule", "type": "https://api.twitter.com/2/problems/duplicate-rules"}],
            "meta": {"summary": {"created": 0, "not_created": 1, "valid": 0, "invalid": 1}}
        })
    );
    // Mixed: the new one is created, the duplicate (also within one request) is not.
    let r = post(
        &em,
        RULES,
        r#"{"add":[{"value":"tea"},{"value":"tea"},{"value":"coffee"}]}"#,
    )
    .await;
    assert_eq!(r.status, 201);
    let v = strip_sent(r.json().await);
    assert_eq!(v["data"].as_array().unwrap().len(), 1);
    assert_eq!(v["errors"].as_array().unwrap().len(), 2);
    assert!(
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["title"] == "DuplicateRule")
    );
    assert_eq!(
        v["meta"]["summary"],
        json!({"created": 1, "not_created": 2, "valid": 1, "invalid": 2})
    );
    assert_eq!(em.rules().len(), 2);
}

#[tokio::test]
async fn invalid_and_over_long_rules_give_invalid_rules_items() {
    let em = Emulator::start().await.unwrap();
    let long = "a".repeat(1025);
    let ok_long = format!("{} b", "a".repeat(1022));
    assert_eq!(ok_long.len(), 1024);
    let body = json!({"add": [
        {"value": "cats (dogs"},
        {"value": long},
        {"value": "cats foo:bar"},
        {"value": "is:retweet"},
        {"value": ok_long},
    ]})
    .to_string();
    let r = post(&em, RULES, &body).await;
    assert_eq!(r.status, 201);
    let v = strip_sent(r.json().await);
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 4);
    for e in errors {
        assert_eq!(e["title"], "UnprocessableEntity");
        assert_eq!(
            e["type"],
            "https://api.twitter.com/2/problems/invalid-rules"
        );
        let detail = e["details"][0].as_str().unwrap();
        assert!(detail.contains("(at position "), "{detail}");
    }
    assert_eq!(errors[0]["value"], "cats (dogs");
    assert!(
        errors[0]["details"][0]
            .as_str()
            .unwrap()
            .ends_with("(at position 6)")
    );
    assert!(errors[1]["details"][0].as_str().unwrap().contains("1024"));
    assert!(
        errors[2]["details"][0]
            .as_str()
            .unwrap()
            .starts_with("Reference to invalid operator 'foo:bar'")
    );
    assert_eq!(
        v["meta"]["summary"],
        json!({"created": 1, "not_created": 4, "valid": 1, "invalid": 4})
    );
    assert_eq!(em.rules().len(), 1);
}

#[tokio::test]
async fn dry_run_validates_and_changes_nothing() {
    let em = Emulator::start().await.unwrap();
    em.add_rule("keep", None).unwrap();
    let before = em.rules();
    let r = post(
        &em,
        &format!("{RULES}?dry_run=true"),
        r#"{"add":[{"value":"new one","tag":"t"},{"value":"bad ("}]}"#,
    )
    .await;
    assert_eq!(r.status, 200);
    let v = strip_sent(r.json().await);
    assert_eq!(v["data"][0]["value"], "new one");
    assert_eq!(v["data"][0]["tag"], "t");
    assert!(is_rule_id(&v["data"][0]["id"]));
    assert_eq!(v["errors"][0]["title"], "UnprocessableEntity");
    assert_eq!(
        v["meta"]["summary"],
        json!({"created": 1, "not_created": 1, "valid": 1, "invalid": 1})
    );
    assert_eq!(em.rules(), before);

    let r = post(
        &em,
        &format!("{RULES}?dry_run=true"),
        r#"{"delete":{"values":["keep"]}}"#,
    )
    .await;
    assert_eq!(
        strip_sent(r.json().await),
        json!({"meta": {"summary": {"deleted": 1, "not_deleted": 0}}})
    );
    assert_eq!(em.rules(), before);

    let r = post(&em, &format!("{RULES}?delete_all=true&dry_run=true"), "").await;
    assert_eq!(strip_sent(r.json().await)["meta"]["summary"]["deleted"], 1);
    assert_eq!(em.rules(), before);
}

#[tokio::test]
async fn delete_by_ids_and_by_values() {
    let em = Emulator::start().await.unwrap();
    let a = em.add_rule("a1", None).unwrap();
    em.add_rule("b1", None).unwrap();
    let c = em.add_rule("c1", Some("c")).unwrap();
    let body = json!({"delete": {"ids": [a, "1234567890123456789"], "values": ["b1", "nope"]}})
        .to_string();
    let r = post(&em, RULES, &body).await;
    assert_eq!(r.status, 200);
    let v = strip_sent(r.json().await);
    assert_eq!(
        v["meta"]["summary"],
        json!({"deleted": 2, "not_deleted": 2})
    );
    assert!(v.get("data").is_none());
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2);
    for e in errors {
        assert_eq!(
            e["type"],
            "https://api.twitter.com/2/problems/invalid-request"
        );
        assert!(
            e["errors"][0]["message"]
                .as_str()
                .unwrap()
                .starts_with("Rule does not exist")
        );
    }
    assert_eq!(em.rules(), vec![(c, "c1".to_owned(), Some("c".to_owned()))]);
}

#[tokio::test]
async fn delete_all_removes_every_rule() {
    let em = Emulator::start().await.unwrap();
    for i in 0..3 {
        em.add_rule(&format!("rule{i}"), None).unwrap();
    }
    let r = post(&em, &format!("{RULES}?delete_all=true"), "").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        strip_sent(r.json().await),
        json!({"meta": {"summary": {"deleted": 3, "not_deleted": 0}}})
    );
    assert!(em.rules().is_empty());
    let r = get(&em, RULES).await;
    assert_eq!(
        strip_sent(r.json().await),
        json!({"meta": {"result_count": 0}})
    );
}

#[tokio::test]
async fn get_lists_filters_by_ids_and_paginates() {
    let em = Emulator::start().await.unwrap();
    let ids: Vec<String> = (0..7)
        .map(|i| {
            em.add_rule(&format!("word{i}"), Some(&format!("t{i}")))
                .unwrap()
        })
        .collect();

    let v = strip_sent(get(&em, RULES).await.json().await);
    assert_eq!(v["meta"], json!({"result_count": 7}));
    assert_eq!(
        v["data"][3],
        json!({"id": ids[3], "value": "word3", "tag": "t3"})
    );

    let v = strip_sent(
        get(&em, &format!("{RULES}?ids={},{}", ids[1], ids[5]))
            .await
            .json()
            .await,
    );
    assert_eq!(v["meta"]["result_count"], 2);
    assert_eq!(v["data"][0]["id"], ids[1].as_str());
    assert_eq!(v["data"][1]["id"], ids[5].as_str());

    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &token {
            Some(t) => format!("{RULES}?max_results=3&pagination_token={t}"),
            None => format!("{RULES}?max_results=3"),
        };
        let r = get(&em, &q).await;
        assert_eq!(r.status, 200);
        let v = strip_sent(r.json().await);
        pages += 1;
        let data = v["data"].as_array().unwrap();
        assert_eq!(v["meta"]["result_count"], data.len());
        seen.extend(data.iter().map(|d| d["id"].as_str().unwrap().to_owned()));
        match v["meta"].get("next_token") {
            Some(t) => {
                let t = t.as_str().unwrap();
                assert_eq!(t.len(), 16);
                token = Some(t.to_owned());
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);
}

#[tokio::test]
async fn bad_parameters_and_bodies_are_400_invalid_request() {
    let em = Emulator::start().await.unwrap();
    for q in [
        "max_results=0",
        "max_results=1001",
        "pagination_token=abc",
        "foo=1",
    ] {
        let r = get(&em, &format!("{RULES}?{q}")).await;
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.headers["content-type"], "application/problem+json");
        let v = r.json().await;
        assert_eq!(v["title"], "Invalid Request");
        assert_eq!(
            v["detail"],
            "One or more parameters to your request was invalid."
        );
        assert_eq!(
            v["type"],
            "https://api.twitter.com/2/problems/invalid-request"
        );
        assert!(v["errors"][0]["message"].is_string());
        assert!(v["errors"][0]["parameters"].is_object());
    }
    for body in [
        "not json",
        r#"{"add":[],"delete":{}}"#,
        "{}",
        r#"{"add":[{"tag":"no value"}]}"#,
    ] {
        let r = post(&em, RULES, body).await;
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(
            r.json().await["type"],
            "https://api.twitter.com/2/problems/invalid-request"
        );
    }
    let r = post(
        &em,
        &format!("{RULES}?dry_run=maybe"),
        r#"{"add":[{"value":"x"}]}"#,
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(em.rules().is_empty());
}

#[tokio::test]
async fn rule_cap_is_enforced() {
    let em = Emulator::builder().max_rules(2).start().await.unwrap();
    let r = post(
        &em,
        RULES,
        r#"{"add":[{"value":"a"},{"value":"b"},{"value":"c"}]}"#,
    )
    .await;
    assert_eq!(r.status, 201);
    let v = strip_sent(r.json().await);
    assert_eq!(
        v["errors"][0]["type"],
        "https://api.twitter.com/2/problems/rule-cap"
    );
    assert_eq!(v["errors"][0]["value"], "c");
    assert_eq!(
        v["meta"]["summary"],
        json!({"created": 2, "not_created": 1, "valid": 2, "invalid": 1})
    );
}

#[tokio::test]
async fn preloaded_rules_and_invalid_preloads() {
    let em = Emulator::builder()
        .rule("a OR b", Some("ab"))
        .rule("c", None)
        .start()
        .await
        .unwrap();
    assert_eq!(em.rules().len(), 2);
    let err = Emulator::builder()
        .rule("a (", None)
        .start()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
