//! `sync_rules` against the emulator, from several starting sets.

use tweetstream::emulator::{Emulator, SeenRequest};
use tweetstream::model::ProblemKind;
use tweetstream::rules::NewRule;

const RULES: &str = "/2/tweets/search/stream/rules";

fn active(em: &Emulator) -> Vec<(String, Option<String>)> {
    let mut v: Vec<_> = em.rules().into_iter().map(|(_, v, t)| (v, t)).collect();
    v.sort();
    v
}

fn set(rules: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
    let mut v: Vec<_> = rules
        .iter()
        .map(|(v, t)| ((*v).to_owned(), t.map(str::to_owned)))
        .collect();
    v.sort();
    v
}

fn desired(rules: &[(&str, Option<&str>)]) -> Vec<NewRule> {
    rules
        .iter()
        .map(|(v, t)| NewRule {
            value: (*v).to_owned(),
            tag: t.map(str::to_owned),
        })
        .collect()
}

/// Method, query and body of each rules request, in order.
fn calls(em: &Emulator) -> Vec<(String, Option<String>, String)> {
    em.requests()
        .into_iter()
        .filter(|r: &SeenRequest| r.path == RULES)
        .map(|r| {
            (
                r.method.to_string(),
                r.query.clone(),
                String::from_utf8(r.body.to_vec()).unwrap(),
            )
        })
        .collect()
}

const TARGET: &[(&str, Option<&str>)] = &[
    ("cats OR dogs", Some("pets")),
    ("coffee", None),
    ("#rustlang", Some("rust")),
];

#[tokio::test]
async fn from_empty_adds_everything() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let report = c.sync_rules(desired(TARGET)).await.unwrap();
    assert!(report.is_clean());
    assert!(report.kept().is_empty() && report.deleted().is_empty());
    assert_eq!(report.plan().add, desired(TARGET));
    assert_eq!(report.created().len(), 3);
    assert_eq!(report.responses().len(), 1);
    assert_eq!(active(&em), set(TARGET));
    assert_eq!(
        calls(&em),
        [
            ("GET".into(), None, String::new()),
            (
                "POST".into(),
                None,
                r##"{"add":[{"value":"cats OR dogs","tag":"pets"},{"value":"coffee"},{"value":"#rustlang","tag":"rust"}]}"##.into()
            ),
        ]
    );
}

#[tokio::test]
async fn already_in_sync_sends_no_change() {
    let em = Emulator::start().await.unwrap();
    for (v, t) in TARGET {
        em.add_rule(v, *t).unwrap();
    }
    let c = em.client_builder().build().unwrap();
    let mut shuffled = desired(TARGET);
    shuffled.reverse();
    shuffled.push(shuffled[0].clone()); // listed twice: counts once
    let report = c.sync_rules(shuffled).await.unwrap();
    assert!(report.plan().is_empty());
    assert_eq!(report.kept().len(), 3);
    assert!(report.responses().is_empty());
    assert_eq!(calls(&em).len(), 1, "only the lookup");
    assert_eq!(active(&em), set(TARGET));
}

#[tokio::test]
async fn mixed_start_with_extra_missing_and_changed_tags() {
    let em = Emulator::start().await.unwrap();
    let kept = em.add_rule("cats OR dogs", Some("pets")).unwrap();
    let extra = em.add_rule("tea", None).unwrap();
    let retag = em.add_rule("coffee", Some("old tag")).unwrap();
    let untag = em.add_rule("#rustlang", None).unwrap();
    let c = em.client_builder().build().unwrap();
    let report = c.sync_rules(desired(TARGET)).await.unwrap();
    assert!(report.is_clean(), "{:?}", report.errors());

    assert_eq!(report.kept().len(), 1);
    assert_eq!(report.kept()[0].id.to_string(), kept);
    let deleted: Vec<String> = report.deleted().iter().map(|r| r.id.to_string()).collect();
    assert_eq!(deleted, [extra.clone(), retag.clone(), untag.clone()]);
    assert_eq!(
        report.plan().retagged().collect::<Vec<_>>(),
        ["coffee", "#rustlang"]
    );
    assert_eq!(report.created().len(), 2);
    assert!(report.created().iter().all(|r| r.id.to_string() != retag));
    assert_eq!(active(&em), set(TARGET));
    // The kept rule keeps its id.
    assert!(em.rules().iter().any(|(id, _, _)| *id == kept));

    let calls = calls(&em);
    assert_eq!(calls.len(), 3);
    assert_eq!(
        calls[1],
        (
            "POST".into(),
            None,
            format!(r#"{{"delete":{{"ids":["{extra}","{retag}","{untag}"]}}}}"#)
        )
    );
    assert_eq!(
        calls[2].2,
        r##"{"add":[{"value":"coffee"},{"value":"#rustlang","tag":"rust"}]}"##
    );
}

#[tokio::test]
async fn to_an_empty_set_deletes_everything() {
    let em = Emulator::start().await.unwrap();
    for (v, t) in TARGET {
        em.add_rule(v, *t).unwrap();
    }
    let c = em.client_builder().build().unwrap();
    let report = c.sync_rules(Vec::<NewRule>::new()).await.unwrap();
    assert_eq!(report.deleted().len(), 3);
    assert!(report.created().is_empty());
    assert_eq!(report.responses().len(), 1);
    assert_eq!(report.responses()[0].summary().deleted, Some(3));
    assert!(em.rules().is_empty());
}

#[tokio::test]
async fn dry_run_changes_nothing_and_reports_the_plan() {
    let em = Emulator::start().await.unwrap();
    em.add_rule("tea", None).unwrap();
    em.add_rule("coffee", Some("old tag")).unwrap();
    let before = em.rules();
    let c = em.client_builder().build().unwrap();
    let report = c
        .sync_rules_dry_run(desired(&[
            ("coffee", Some("new")),
            ("cats OR dogs", None),
            ("bad (", None),
        ]))
        .await
        .unwrap();
    assert!(report.is_dry_run());
    assert_eq!(em.rules(), before);
    assert_eq!(report.deleted().len(), 2);
    assert_eq!(report.plan().add.len(), 3);
    // Only the new values are validated: the retagged one is still active.
    assert_eq!(report.created().len(), 1);
    assert_eq!(report.created()[0].value, "cats OR dogs");
    assert_eq!(report.errors().len(), 1);
    assert_eq!(report.errors()[0].problem_kind(), ProblemKind::InvalidRules);
    assert!(!report.is_clean());
    let calls = calls(&em);
    assert_eq!(calls[1].1.as_deref(), Some("dry_run=true"));
    assert_eq!(calls[2].1.as_deref(), Some("dry_run=true"));
    assert_eq!(
        calls[2].2,
        r#"{"add":[{"value":"cats OR dogs"},{"value":"bad ("}]}"#
    );
}

#[tokio::test]
async fn refused_rules_are_reported_not_errors() {
    let em = Emulator::builder().max_rules(2).start().await.unwrap();
    em.add_rule("a", None).unwrap();
    let c = em.client_builder().build().unwrap();
    let report = c
        .sync_rules(desired(&[("a", None), ("b", None), ("c", None)]))
        .await
        .unwrap();
    assert_eq!(report.created().len(), 1);
    assert_eq!(report.errors().len(), 1);
    assert_eq!(report.errors()[0].problem_kind(), ProblemKind::RuleCap);
    assert_eq!(report.errors()[0].value.as_deref(), Some("c"));
    assert_eq!(active(&em), set(&[("a", None), ("b", None)]));
    // Running again converges as far as the cap allows, and changes nothing else.
    let again = c
        .sync_rules(desired(&[("a", None), ("b", None)]))
        .await
        .unwrap();
    assert!(again.plan().is_empty());
}

#[tokio::test]
async fn conflicting_tags_are_refused_before_sending() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let e = c
        .sync_rules(desired(&[("a", Some("x")), ("a", Some("y"))]))
        .await
        .unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::InvalidParameter);
    assert_eq!(e.parameter_name(), Some("desired"));
    assert!(em.requests().is_empty());
}
