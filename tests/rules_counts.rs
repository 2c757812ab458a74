//! `GET /2/tweets/search/stream/rules/counts` against the emulator: X's shape (OpenAPI
//! 2.167), every `rules_count.fields` value asked for, the counts following the rule set.

mod support;
use support::deadline;

use deadline::bounded;
use tweetstream::emulator::Emulator;

#[tokio::test(start_paused = true)]
async fn rule_counts_follow_the_rule_set_with_x_shape() {
    let em = Emulator::builder()
        .max_rules(5)
        .rule("cats", None)
        .start()
        .await
        .unwrap();
    let client = em.client_builder().build().unwrap();
    let counts = bounded("counts", client.rule_counts()).await.unwrap();
    assert_eq!(counts.cap_per_client_app.as_deref(), Some("5"));
    assert_eq!(counts.cap_per_project.as_deref(), Some("5"));
    assert_eq!(counts.project_rules_count.as_deref(), Some("1"));
    assert_eq!(
        counts.client_app_rules_count.as_ref().unwrap().rule_count,
        1
    );
    assert_eq!(counts.all_project_client_apps.len(), 1);
    assert_eq!(counts.room_left(), Some(4));
    assert!(counts.extra.is_empty());
    let seen = em.requests().pop().unwrap();
    assert_eq!(seen.path, "/2/tweets/search/stream/rules/counts");
    assert_eq!(
        seen.query.as_deref(),
        Some(
            "rules_count.fields=all_project_client_apps,cap_per_client_app,cap_per_project,client_app_rules_count,project_rules_count"
        )
    );
    bounded("add", client.add_rules(["dogs", "birds"]))
        .await
        .unwrap();
    let counts = bounded("counts", client.rule_counts()).await.unwrap();
    assert_eq!(counts.project_rules_count.as_deref(), Some("3"));
    assert_eq!(counts.room_left(), Some(2));
    // Re-encodes as X sent it.
    let json = serde_json::to_value(&counts).unwrap();
    assert_eq!(json["client_app_rules_count"]["rule_count"], 3);
}
