//! The rules calls against the emulator: exact requests, typed answers, dry runs,
//! pagination, problems, refusals before sending, and a rules call while a stream runs.

mod support;
use support::deadline;

use futures_util::StreamExt as _;
use tweetstream::emulator::{Emulator, Rate, SeenRequest};
use tweetstream::model::{ProblemKind, RuleId};
use tweetstream::rules::{NewRule, Rule, RulesQuery, RulesSummary};
use tweetstream::{StreamEvent, StreamParams, StreamingClient};

const RULES: &str = "/2/tweets/search/stream/rules";

/// The requests to the rules endpoint, in order.
fn rules_requests(em: &Emulator) -> Vec<SeenRequest> {
    em.requests()
        .into_iter()
        .filter(|r| r.path == RULES)
        .collect()
}

fn body(r: &SeenRequest) -> &str {
    std::str::from_utf8(&r.body).unwrap()
}

fn active(em: &Emulator) -> Vec<(String, Option<String>)> {
    em.rules().into_iter().map(|(_, v, t)| (v, t)).collect()
}

fn rule(value: &str, tag: Option<&str>) -> (String, Option<String>) {
    (value.to_owned(), tag.map(str::to_owned))
}

#[tokio::test]
async fn add_rules_sends_xs_body_and_answers_typed_rules() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let r = c
        .add_rules([
            NewRule::new("cat has:images").tag("cats with images"),
            NewRule::new("dog"),
        ])
        .await
        .unwrap();

    let seen = rules_requests(&em);
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, http::Method::POST);
    assert_eq!(seen[0].query, None);
    assert_eq!(
        body(&seen[0]),
        r#"{"add":[{"value":"cat has:images","tag":"cats with images"},{"value":"dog"}]}"#
    );
    assert_eq!(seen[0].headers["content-type"], "application/json");
    assert_eq!(
        seen[0].headers["authorization"],
        format!("Bearer {}", em.bearer_token()).as_str()
    );

    assert_eq!(r.status, 201);
    assert!(r.errors.is_empty());
    let ids: Vec<RuleId> = r.data.iter().map(|r| r.id).collect();
    let emulated: Vec<RuleId> = em
        .rules()
        .iter()
        .map(|(id, _, _)| id.parse().unwrap())
        .collect();
    assert_eq!(ids, emulated);
    assert_eq!(r.data[0].value, "cat has:images");
    assert_eq!(r.data[0].tag.as_deref(), Some("cats with images"));
    assert_eq!(r.data[1].tag, None);
    assert_eq!(
        r.summary(),
        RulesSummary {
            created: Some(2),
            not_created: Some(0),
            valid: Some(2),
            invalid: Some(0),
            ..RulesSummary::default()
        }
    );
    assert!(r.meta.sent.as_ref().unwrap().is_valid());
    assert_eq!(r.rate_limit.unwrap().limit, Some(450));
    // The raw body is the server's, for those who want it.
    let raw: serde_json::Value = serde_json::from_str(r.raw_str().unwrap()).unwrap();
    assert_eq!(raw["data"][0]["id"], r.data[0].id.to_string());
    assert_eq!(
        active(&em),
        [
            rule("cat has:images", Some("cats with images")),
            rule("dog", None)
        ]
    );
}

#[tokio::test]
async fn add_accepts_strings_and_pairs() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    c.add_rules(["plain"]).await.unwrap();
    c.add_rules([("tagged", "t")]).await.unwrap();
    c.add_rules(vec![String::from("owned")]).await.unwrap();
    let bodies: Vec<String> = rules_requests(&em)
        .iter()
        .map(|r| body(r).to_owned())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"add":[{"value":"plain"}]}"#,
            r#"{"add":[{"value":"tagged","tag":"t"}]}"#,
            r#"{"add":[{"value":"owned"}]}"#,
        ]
    );
}

#[tokio::test]
async fn dry_run_add_validates_and_changes_nothing() {
    let em = Emulator::start().await.unwrap();
    em.add_rule("existing", None).unwrap();
    let c = em.client_builder().build().unwrap();
    let r = c
        .add_rules_dry_run(["new one", "cats (dogs"])
        .await
        .unwrap();
    let seen = rules_requests(&em);
    assert_eq!(seen[0].query.as_deref(), Some("dry_run=true"));
    assert_eq!(
        body(&seen[0]),
        r#"{"add":[{"value":"new one"},{"value":"cats (dogs"}]}"#
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.data.len(), 1);
    assert_eq!(r.data[0].value, "new one");
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].problem_kind(), ProblemKind::InvalidRules);
    assert_eq!(r.summary().created, Some(1));
    assert_eq!(active(&em), [rule("existing", None)]);
}

#[tokio::test]
async fn duplicate_and_invalid_rules_are_data_with_their_details() {
    let em = Emulator::start().await.unwrap();
    let existing = em.add_rule("coffee", Some("c")).unwrap();
    let c = em.client_builder().build().unwrap();
    let r = c
        .add_rules(["coffee", "tea", "cats (dogs", "cats foo:bar"])
        .await
        .unwrap();
    assert_eq!(r.status, 201);
    assert_eq!(r.data.len(), 1);
    assert_eq!(r.data[0].value, "tea");
    assert_eq!(r.errors.len(), 3);

    let dup = &r.errors[0];
    assert_eq!(dup.problem_kind(), ProblemKind::DuplicateRules);
    assert_eq!(dup.title, "DuplicateRule");
    assert_eq!(dup.value.as_deref(), Some("coffee"));
    assert_eq!(dup.id.as_deref(), Some(existing.as_str()));

    for (item, value) in r.errors[1..].iter().zip(["cats (dogs", "cats foo:bar"]) {
        assert_eq!(item.problem_kind(), ProblemKind::InvalidRules);
        assert_eq!(item.value.as_deref(), Some(value));
        assert_eq!(item.details.len(), 1, "{item:?}");
        assert!(!item.details[0].is_empty());
        assert!(item.to_string().contains(&item.details[0]), "{item}");
    }
    assert_eq!(r.summary().not_created, Some(3));
    assert_eq!(r.summary().invalid, Some(3));
}

#[tokio::test]
async fn delete_by_ids_and_by_rules() {
    let em = Emulator::start().await.unwrap();
    let a: RuleId = em.add_rule("a", None).unwrap().parse().unwrap();
    let b: RuleId = em.add_rule("b", Some("bt")).unwrap().parse().unwrap();
    em.add_rule("c", None).unwrap();
    let c = em.client_builder().build().unwrap();

    let r = c.delete_rules([a]).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.summary().deleted, Some(1));
    assert_eq!(r.summary().not_deleted, Some(0));
    assert!(r.errors.is_empty());
    let seen = rules_requests(&em);
    assert_eq!(seen[0].query, None);
    assert_eq!(body(&seen[0]), format!(r#"{{"delete":{{"ids":["{a}"]}}}}"#));

    // Rules as got from a lookup, and an id that does not exist (a partial failure).
    let got = c.get_rules(&[b]).await.unwrap();
    assert_eq!(
        got,
        [Rule {
            id: b,
            value: "b".into(),
            tag: Some("bt".into())
        }]
    );
    let r = c
        .delete_rules(got.iter().map(RuleId::from).chain([a]))
        .await
        .unwrap();
    assert_eq!(r.summary().deleted, Some(1));
    assert_eq!(r.summary().not_deleted, Some(1));
    assert_eq!(r.errors.len(), 1);
    assert!(
        r.errors[0].to_string().contains(&a.to_string()),
        "{}",
        r.errors[0]
    );
    let seen = rules_requests(&em);
    assert_eq!(
        body(&seen[2]),
        format!(r#"{{"delete":{{"ids":["{b}","{a}"]}}}}"#)
    );
    assert_eq!(active(&em), [rule("c", None)]);
}

#[tokio::test]
async fn delete_by_value_and_dry_run_delete() {
    let em = Emulator::start().await.unwrap();
    em.add_rule("keep me", None).unwrap();
    em.add_rule("\"exact phrase\" lang:en", Some("t")).unwrap();
    let c = em.client_builder().build().unwrap();

    let r = c
        .delete_rules_by_value_dry_run(["\"exact phrase\" lang:en"])
        .await
        .unwrap();
    assert_eq!(r.summary().deleted, Some(1));
    assert_eq!(em.rules().len(), 2, "a dry run deletes nothing");

    let r = c
        .delete_rules_by_value(["\"exact phrase\" lang:en"])
        .await
        .unwrap();
    assert_eq!(r.summary().deleted, Some(1));
    let seen = rules_requests(&em);
    assert_eq!(seen[0].query.as_deref(), Some("dry_run=true"));
    assert_eq!(seen[1].query, None);
    for s in &seen {
        assert_eq!(
            body(s),
            r#"{"delete":{"values":["\"exact phrase\" lang:en"]}}"#
        );
    }
    assert_eq!(active(&em), [rule("keep me", None)]);
}

#[tokio::test]
async fn delete_all_with_and_without_dry_run() {
    let em = Emulator::start().await.unwrap();
    for v in ["a", "b", "c"] {
        em.add_rule(v, None).unwrap();
    }
    let c = em.client_builder().build().unwrap();
    let r = c.delete_all_rules_dry_run().await.unwrap();
    assert_eq!(r.summary().deleted, Some(3));
    assert_eq!(em.rules().len(), 3);
    let r = c.delete_all_rules().await.unwrap();
    assert_eq!(r.summary().deleted, Some(3));
    assert_eq!(r.summary().not_deleted, Some(0));
    assert!(em.rules().is_empty());
    let seen = rules_requests(&em);
    assert_eq!(
        seen[0].query.as_deref(),
        Some("dry_run=true&delete_all=true")
    );
    assert_eq!(seen[1].query.as_deref(), Some("delete_all=true"));
    assert!(seen.iter().all(|s| body(s) == r#"{"delete":{}}"#));
}

#[tokio::test]
async fn get_rules_follows_next_token_across_pages() {
    // More rules than one default page (X's default and maximum page is 1000).
    let em = Emulator::builder().max_rules(2500).start().await.unwrap();
    let mut expected = Vec::new();
    for i in 0..2100 {
        let tag = (i % 3 == 0).then(|| format!("t{i}"));
        let id = em.add_rule(&format!("word{i}"), tag.as_deref()).unwrap();
        expected.push(Rule {
            id: id.parse().unwrap(),
            value: format!("word{i}"),
            tag,
        });
    }
    let c = em.client_builder().build().unwrap();
    let got = c.get_rules(&[]).await.unwrap();
    assert_eq!(got, expected);
    let seen = rules_requests(&em);
    assert_eq!(seen.len(), 3);
    assert!(
        seen.iter()
            .all(|s| s.method == http::Method::GET && s.body.is_empty())
    );
    assert_eq!(seen[0].query, None);
    for s in &seen[1..] {
        let q = s.query.as_deref().unwrap();
        let token = q.strip_prefix("pagination_token=").unwrap();
        assert_eq!(token.len(), 16, "{q}");
    }
    assert_ne!(seen[1].query, seen[2].query);
}

#[tokio::test]
async fn a_stream_of_pages_and_single_pages() {
    let em = Emulator::start().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(em.add_rule(&format!("r{i}"), None).unwrap());
    }
    let c = em.client_builder().build().unwrap();
    let pages: Vec<_> = c
        .rules_pages(RulesQuery::new().max_results(2))
        .collect::<Vec<_>>()
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    let sizes: Vec<usize> = pages.iter().map(|p| p.data.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    let counts: Vec<Option<u64>> = pages.iter().map(|p| p.meta.result_count).collect();
    assert_eq!(counts, [Some(2), Some(2), Some(1)]);
    assert!(pages[0].next_token().is_some() && pages[1].next_token().is_some());
    assert_eq!(pages[2].next_token(), None);
    let values: Vec<&str> = pages
        .iter()
        .flat_map(|p| &p.data)
        .map(|r| r.value.as_str())
        .collect();
    assert_eq!(values, ["r0", "r1", "r2", "r3", "r4"]);
    let queries: Vec<String> = rules_requests(&em)
        .iter()
        .map(|r| r.query.clone().unwrap())
        .collect();
    assert_eq!(queries[0], "max_results=2");
    assert_eq!(
        queries[1],
        format!(
            "max_results=2&pagination_token={}",
            pages[0].next_token().unwrap()
        )
    );
    assert_eq!(
        queries[2],
        format!(
            "max_results=2&pagination_token={}",
            pages[1].next_token().unwrap()
        )
    );

    // Lookup by ids: one page, only those.
    let page = c
        .get_rules_page(
            &RulesQuery::new().ids([ids[3].parse::<RuleId>().unwrap(), ids[1].parse().unwrap()]),
        )
        .await
        .unwrap();
    let mut got: Vec<&str> = page.data.iter().map(|r| r.value.as_str()).collect();
    got.sort();
    assert_eq!(got, ["r1", "r3"]);
    assert_eq!(
        rules_requests(&em).last().unwrap().query.as_deref(),
        Some(format!("ids={},{}", ids[3], ids[1]).as_str())
    );

    // No rules: an answer with meta only.
    em.clear_rules();
    let page = c.get_rules_page(&RulesQuery::new()).await.unwrap();
    assert!(page.data.is_empty());
    assert_eq!(page.meta.result_count, Some(0));
    assert!(c.get_rules(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_bad_page_token_is_a_bad_request_with_its_problem_and_ends_the_pages() {
    let em = Emulator::start().await.unwrap();
    em.add_rule("a", None).unwrap();
    let c = em.client_builder().build().unwrap();
    let e = c
        .get_rules_page(&RulesQuery::new().pagination_token("nope"))
        .await
        .unwrap_err();
    assert!(
        e.kind() == tweetstream::ErrorKind::BadRequest && e.status().is_some(),
        "{e}"
    );
    assert_eq!(e.status(), Some(400));
    let problem = e.problem().expect("the problem body");
    assert_eq!(problem.kind.kind(), ProblemKind::InvalidRequest);
    let errors = problem.errors.as_ref().unwrap();
    assert!(
        errors[0]
            .message
            .as_deref()
            .unwrap()
            .contains("pagination_token")
    );
    assert_eq!(
        errors[0].parameters.as_ref().unwrap()["pagination_token"],
        ["nope"]
    );
    assert!(e.rate_limit().is_some());

    let items: Vec<_> = c
        .rules_pages(RulesQuery::new().pagination_token("nope"))
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(items[0].as_ref().unwrap_err().kind() == tweetstream::ErrorKind::BadRequest);
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized_and_never_shown() {
    let em = Emulator::start().await.unwrap();
    let c = StreamingClient::builder("WRONG-SECRET-TOKEN")
        .base_url(em.base_url())
        .build()
        .unwrap();
    let e = c.get_rules(&[]).await.unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::Unauthorized, "{e}");
    assert_eq!(e.problem().unwrap().title, "Unauthorized");
    for text in [format!("{e}"), format!("{e:?}")] {
        assert!(!text.contains("WRONG-SECRET-TOKEN"), "{text}");
    }
    let e = c.add_rules(["x"]).await.unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::Unauthorized);
}

#[tokio::test]
async fn empty_inputs_are_refused_before_sending() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let none: [&str; 0] = [];
    let e = c.add_rules(none).await.unwrap_err();
    assert_eq!(
        (
            e.kind() == tweetstream::ErrorKind::InvalidParameter,
            e.parameter_name()
        ),
        (true, Some("rules"))
    );
    let e = c.add_rules(["ok", "  "]).await.unwrap_err();
    assert_eq!(e.parameter_name(), Some("rules"));
    let e = c.delete_rules(Vec::<RuleId>::new()).await.unwrap_err();
    assert_eq!(e.parameter_name(), Some("ids"));
    let e = c.delete_rules_by_value_dry_run(none).await.unwrap_err();
    assert_eq!(e.parameter_name(), Some("values"));
    let e = c.delete_rules_by_value_dry_run([""]).await.unwrap_err();
    assert_eq!(e.parameter_name(), Some("values"));
    let e = c
        .get_rules_page(&RulesQuery::new().max_results(0))
        .await
        .unwrap_err();
    assert_eq!(e.parameter_name(), Some("max_results"));
    let e = c.sync_rules(["a", ""]).await.unwrap_err();
    assert_eq!(e.parameter_name(), Some("desired"));
    assert!(em.requests().is_empty(), "{:?}", em.requests());
}

#[tokio::test]
async fn rules_calls_work_while_a_stream_runs() {
    let em = Emulator::builder()
        .rate(Rate::PerSecond(50.0))
        .rule("cats OR dogs", Some("pets"))
        .start()
        .await
        .unwrap();
    let c = em.client_builder().build().unwrap();
    let mut stream = c.filter(StreamParams::new()).unwrap();
    // Wait for a post, so the stream is surely live.
    loop {
        match deadline::bounded("the next event", stream.next())
            .await
            .expect("stream ended")
        {
            StreamEvent::Tweet(_) => break,
            StreamEvent::Connected(_)
            | StreamEvent::Response(_)
            | StreamEvent::MatchingRules(_) => {}
            StreamEvent::KeepAlive | StreamEvent::Includes(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(c.is_streaming());
    assert_eq!(em.active_streams(), 1);

    // A clone shares the client; both work beside the live stream.
    let other = c.clone();
    let added = other.add_rules([("coffee", "drinks")]).await.unwrap();
    assert_eq!(added.status, 201);
    let rules = c.get_rules(&[]).await.unwrap();
    assert_eq!(rules.len(), 2);
    let report = c
        .sync_rules([("cats OR dogs", "pets"), ("coffee", "hot drinks")])
        .await
        .unwrap();
    assert_eq!(report.deleted().len(), 1);
    assert_eq!(report.created().len(), 1);
    assert_eq!(
        active(&em),
        [
            rule("cats OR dogs", Some("pets")),
            rule("coffee", Some("hot drinks"))
        ]
    );

    // The stream is still the same connection, and still delivers.
    assert_eq!(em.stream_connections(), 1);
    assert_eq!(em.active_streams(), 1);
    loop {
        if let StreamEvent::Response(_) = deadline::bounded("the next event", stream.next())
            .await
            .expect("stream ended")
        {
            break;
        }
    }
    assert_eq!(em.stream_connections(), 1);
}
