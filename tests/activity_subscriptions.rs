//! X Activity subscriptions against the emulator: X's exact request shapes (OpenAPI 2.167),
//! refusals before any request, X's errors (cap, unknown id, bad filter) as `Err`s with X's
//! problem, per-id failures of a bulk delete as data, and the activity stream following the
//! subscriptions as they change.

mod support;
use support::deadline;

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::activity::{NewSubscription, SubscriptionUpdate};
use tweetstream::emulator::Emulator;
use tweetstream::model::enums::{ActivityDirection, ActivityType};
use tweetstream::{StreamEndpoint, StreamEvent, StreamParams};

#[tokio::test(start_paused = true)]
async fn create_list_update_delete_with_x_shapes() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let new = NewSubscription::user(ActivityType::LikeCreate, 2244994945u64)
        .direction(ActivityDirection::Inbound)
        .tag("likes")
        .webhook_id("1976325569252868099");
    let sub = bounded("create", c.create_activity_subscription(new))
        .await
        .unwrap();
    let id = sub.subscription_id.clone().unwrap();
    assert_eq!(sub.event_type, Some(ActivityType::LikeCreate));
    assert_eq!(
        sub.filter.as_ref().unwrap().direction,
        Some(ActivityDirection::Inbound)
    );
    assert_eq!(sub.webhook_id.as_deref(), Some("1976325569252868099"));
    assert!(sub.created_at.is_some() && sub.extra.is_empty());
    let req = em.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/2/activity/subscriptions")
    );
    assert_eq!(
        std::str::from_utf8(&req.body).unwrap(),
        r#"{"event_type":"like.create","filter":{"user_id":"2244994945","direction":"inbound"},"tag":"likes","webhook_id":"1976325569252868099"}"#
    );
    let page = bounded("list", c.activity_subscriptions(Some(5), None))
        .await
        .unwrap();
    assert_eq!(page.subscriptions, std::slice::from_ref(&sub));
    assert_eq!(
        em.requests().pop().unwrap().query.as_deref(),
        Some("max_results=5")
    );

    let updated = bounded(
        "update",
        c.update_activity_subscription(&id, SubscriptionUpdate::new().tag("renamed")),
    )
    .await
    .unwrap();
    assert_eq!(updated.tag.as_deref(), Some("renamed"));
    let req = em.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.path.clone(), &req.body[..]),
        (
            "PUT",
            format!("/2/activity/subscriptions/{id}"),
            &br#"{"tag":"renamed"}"#[..]
        )
    );
    assert_eq!(em.activity_subscriptions()[0].2.as_deref(), Some("renamed"));

    assert!(
        bounded("delete", c.delete_activity_subscription(&id))
            .await
            .unwrap()
    );
    let err = bounded("delete again", c.delete_activity_subscription(&id))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.to_string().contains(&id), "{err}");
    assert!(em.activity_subscriptions().is_empty());
}

#[tokio::test(start_paused = true)]
async fn bad_input_is_refused_before_any_request_naming_it() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let cases = [
        (
            NewSubscription::user(ActivityType::Other("poll.vote".into()), 1u64),
            "event_type",
        ),
        (
            NewSubscription::user(ActivityType::OauthRevoke, 1u64),
            "event_type",
        ),
        (
            NewSubscription::keyword(ActivityType::NewsNew, ""),
            "filter.keyword",
        ),
        (
            NewSubscription::user(ActivityType::MuteMute, 1u64)
                .direction(ActivityDirection::Outbound),
            "filter.direction",
        ),
        (
            NewSubscription::user(ActivityType::PostCreate, 1u64).tag(""),
            "tag",
        ),
        (
            NewSubscription::user(ActivityType::PostCreate, 1u64).webhook_id("abc"),
            "webhook_id",
        ),
    ];
    for (new, name) in cases {
        let err = c.create_activity_subscription(new).await.unwrap_err();
        assert_eq!(err.parameter_name(), Some(name), "{err}");
    }
    let err = c
        .update_activity_subscription("12a", SubscriptionUpdate::new().tag("x"))
        .await
        .unwrap_err();
    assert_eq!(err.parameter_name(), Some("subscription_id"));
    let err = c
        .update_activity_subscription("12", SubscriptionUpdate::new())
        .await
        .unwrap_err();
    assert_eq!(err.parameter_name(), Some("update"));
    let err = c
        .delete_activity_subscriptions(["1", "x"])
        .await
        .unwrap_err();
    assert_eq!(err.parameter_name(), Some("ids"));
    assert!(em.requests().is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_cap_is_x_problem_and_bulk_delete_failures_are_data() {
    let em = Emulator::builder()
        .max_activity_subscriptions(2)
        .activity_subscription("news.new", "1", None)
        .activity_subscription("post.create", "1", None)
        .start()
        .await
        .unwrap();
    let c = em.client_builder().build().unwrap();
    let err = c
        .create_activity_subscription(NewSubscription::user(ActivityType::FollowFollow, 1u64))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(429));
    assert!(err.to_string().contains("maximum of 2"), "{err}");
    let first = em.activity_subscriptions()[0].0.clone();
    let d = c
        .delete_activity_subscriptions([first.as_str(), "123"])
        .await
        .unwrap();
    assert_eq!(d.deleted, std::slice::from_ref(&first));
    assert_eq!(d.failed.len(), 1);
    assert_eq!(d.failed[0].subscription_id.as_deref(), Some("123"));
    assert_eq!(d.total_subscriptions, Some(1));
    let req = em.requests().pop().unwrap();
    assert_eq!(
        (req.method.as_str(), req.query.unwrap()),
        ("DELETE", format!("ids={first},123"))
    );
}

#[tokio::test(start_paused = true)]
async fn the_stream_follows_the_subscriptions_as_they_change() {
    let em = Emulator::start().await.unwrap();
    let c = em.client_builder().build().unwrap();
    let admin = em.client_builder().build().unwrap();
    let bio = admin
        .create_activity_subscription(
            NewSubscription::user(ActivityType::ProfileUpdateBio, 7u64).tag("bio"),
        )
        .await
        .unwrap();
    let mut s = c
        .stream(StreamEndpoint::Activity, StreamParams::new())
        .unwrap();
    let mut kinds = Vec::new();
    while kinds.len() < 3 {
        if let StreamEvent::Activity(a) = bounded("an activity", s.next()).await.unwrap() {
            kinds.push((a.kind().to_owned(), a.tag.clone().unwrap()));
        }
    }
    assert!(
        kinds
            .iter()
            .all(|k| *k == ("profile.update.bio".to_owned(), "bio".to_owned())),
        "{kinds:?}"
    );
    admin
        .delete_activity_subscription(bio.subscription_id.as_deref().unwrap())
        .await
        .unwrap();
    admin
        .create_activity_subscription(
            NewSubscription::keyword(ActivityType::NewsNew, "Rust").tag("news"),
        )
        .await
        .unwrap();
    let mut after = Vec::new();
    while after.len() < 5 {
        if let StreamEvent::Activity(a) = bounded("an activity", s.next()).await.unwrap() {
            after.push(a.kind().to_owned());
        }
    }
    // Lines already on their way may still be bio updates; then only news.
    assert_eq!(
        after.last().map(String::as_str),
        Some("news.new"),
        "{after:?}"
    );
}
