//! Rules calls against a scripted server: 429 with and without `wait_on_rate_limit` (on
//! paused time), the bounded wait, error kinds with their problems, and exact request heads.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use support::server::Server;
use tweetstream::model::ProblemKind;
use tweetstream::rules::RulesQuery;
use tweetstream::{ErrorKind, StreamingClient};

const TOO_MANY: &str = r#"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#;
const EMPTY_LOOKUP: &str = r#"{"meta":{"sent":"2024-01-01T00:00:00.000Z","result_count":0}}"#;

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn client(server: &Server, wait: bool) -> StreamingClient {
    support::client(&server.url())
        .wait_on_rate_limit(wait)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn without_wait_a_429_is_returned_with_the_reset_time() {
    let mut server = Server::start().await;
    let c = client(&server, false);
    let call = tokio::spawn(async move { c.get_rules(&[]).await });
    let reset = now_secs() + 90;
    let reset_text = reset.to_string();
    server.next().await.status(
        429,
        &[
            ("content-type", "application/problem+json"),
            ("x-rate-limit-limit", "450"),
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", &reset_text),
        ],
        TOO_MANY,
    );
    let e = call.await.unwrap().unwrap_err();
    assert!(
        e.kind() == tweetstream::ErrorKind::TooManyRequests && e.status().is_some(),
        "{e}"
    );
    assert_eq!(e.kind(), ErrorKind::TooManyRequests);
    assert_eq!(e.status(), Some(429));
    assert_eq!(
        e.rate_limit_reset(),
        Some(UNIX_EPOCH + Duration::from_secs(reset))
    );
    let rl = e.rate_limit().unwrap();
    assert_eq!((rl.limit, rl.remaining), (Some(450), Some(0)));
    assert_eq!(e.problem().unwrap().title, "Too Many Requests");
    assert_eq!(
        server.seen().len(),
        1,
        "no retry without wait_on_rate_limit"
    );
    assert!(!server.has_pending());
}

#[tokio::test(start_paused = true)]
async fn with_wait_a_429_is_slept_out_until_the_reset_plus_a_second() {
    let mut server = Server::start().await;
    let c = client(&server, true);
    assert!(c.wait_on_rate_limit());
    let call = tokio::spawn(async move { c.add_rules_dry_run(["cats"]).await });

    let first = server.next().await;
    let first_at = first.seen.at;
    let reset = (now_secs() + 90).to_string();
    first.status(
        429,
        &[
            ("x-rate-limit-reset", &reset),
            ("x-rate-limit-remaining", "0"),
        ],
        TOO_MANY,
    );
    let second = server.next().await;
    let waited = second.seen.at - first_at;
    // The reset is whole seconds: 89 s to 90 s away when the client read it, plus 1 s.
    assert!(waited >= Duration::from_secs(90), "{waited:?}");
    assert!(waited < Duration::from_secs(92), "{waited:?}");
    // The retry is the same request.
    assert_eq!(second.seen.method, "POST");
    assert_eq!(second.seen.query.as_deref(), Some("dry_run=true"));
    second.status(
        200,
        &[("content-type", "application/json")],
        r#"{"data":[{"id":"1","value":"cats"}],"meta":{"sent":"2024-01-01T00:00:00.000Z","summary":{"created":1,"not_created":0,"valid":1,"invalid":0}}}"#,
    );
    let r = call.await.unwrap().unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.data[0].value, "cats");
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn the_wait_is_bounded_per_call() {
    let mut server = Server::start().await;
    let c = client(&server, true);
    let call = tokio::spawn(async move { c.get_rules(&[]).await });
    let start = tokio::time::Instant::now();
    // No reset header: a minute each time; after three waits the fourth 429 is returned.
    for _ in 0..4 {
        server.next().await.status(429, &[], TOO_MANY);
    }
    let e = call.await.unwrap().unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::TooManyRequests);
    assert_eq!(e.rate_limit_reset(), None);
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    for pair in seen.windows(2) {
        assert_eq!(pair[1].at - pair[0].at, Duration::from_secs(60));
    }
    assert!(start.elapsed() >= Duration::from_secs(180));
}

#[tokio::test(start_paused = true)]
async fn a_rate_limited_page_is_retried_and_pagination_goes_on() {
    let mut server = Server::start().await;
    let c = client(&server, true);
    let call = tokio::spawn(async move { c.get_rules(&[]).await });
    server.next().await.status(
        200,
        &[],
        r#"{"data":[{"id":"1","value":"a"}],"meta":{"sent":"2024-01-01T00:00:00.000Z","result_count":1,"next_token":"t2"}}"#,
    );
    let reset = (now_secs() + 5).to_string();
    server
        .next()
        .await
        .status(429, &[("x-rate-limit-reset", &reset)], TOO_MANY);
    let retry = server.next().await;
    assert_eq!(retry.seen.query.as_deref(), Some("pagination_token=t2"));
    retry.status(
        200,
        &[],
        r#"{"data":[{"id":"2","value":"b","tag":"t"}],"meta":{"sent":"2024-01-01T00:00:00.000Z","result_count":1}}"#,
    );
    let rules = call.await.unwrap().unwrap();
    let values: Vec<&str> = rules.iter().map(|r| r.value.as_str()).collect();
    assert_eq!(values, ["a", "b"]);
    assert_eq!(rules[1].tag.as_deref(), Some("t"));
}

#[tokio::test]
async fn statuses_map_to_kinds_with_their_problems() {
    let cases: &[(u16, &str, ErrorKind)] = &[
        (
            400,
            r#"{"errors":[{"parameters":{"ids":["x"]},"message":"The `ids` query parameter value [x] is not valid"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#,
            ErrorKind::BadRequest,
        ),
        (
            401,
            r#"{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}"#,
            ErrorKind::Unauthorized,
        ),
        (
            403,
            r#"{"title":"Client Forbidden","detail":"This request must be made using an approved developer account.","reason":"client-not-enrolled","registration_url":"https://developer.x.com/en/portal/dashboard","type":"https://api.twitter.com/2/problems/client-forbidden"}"#,
            ErrorKind::Forbidden,
        ),
        (
            404,
            r#"{"title":"Not Found Error","type":"about:blank","status":404}"#,
            ErrorKind::NotFound,
        ),
        (
            503,
            r#"{"title":"Service Unavailable","type":"about:blank","status":503}"#,
            ErrorKind::ServerError,
        ),
        (418, "I'm a teapot, not JSON", ErrorKind::Status),
    ];
    for (status, body, kind) in cases {
        let mut server = Server::start().await;
        let c = client(&server, true);
        let call = tokio::spawn(async move { c.delete_all_rules().await });
        server.next().await.status(*status, &[], body);
        let e = call.await.unwrap().unwrap_err();
        assert_eq!(e.kind(), *kind, "{e}");
        assert_eq!(e.status(), Some(*status));
        assert!(e.kind() != tweetstream::ErrorKind::TooManyRequests);
        if *status == 418 {
            assert!(e.problem().is_none());
        } else {
            let p = e.problem().expect("problem");
            assert!(e.to_string().contains(&p.title), "{e}");
        }
        assert_eq!(server.seen().len(), 1, "only 429 is retried");
    }
}

#[tokio::test]
async fn problems_keep_their_details() {
    let mut server = Server::start().await;
    let c = client(&server, false);
    let call = tokio::spawn(async move { c.get_rules_page(&RulesQuery::new()).await });
    server.next().await.status(
        403,
        &[],
        r#"{"title":"Client Forbidden","detail":"Not enrolled.","reason":"client-not-enrolled","registration_url":"https://developer.x.com/","type":"https://api.twitter.com/2/problems/client-forbidden"}"#,
    );
    let e = call.await.unwrap().unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::Forbidden);
    let p = e.problem().unwrap();
    assert_eq!(p.kind.kind(), ProblemKind::ClientForbidden);
    assert_eq!(p.detail.as_deref(), Some("Not enrolled."));
    assert_eq!(
        p.registration_url.as_deref(),
        Some("https://developer.x.com/")
    );
}

#[tokio::test]
async fn an_undecodable_success_is_a_decode_error_and_partial_failures_are_data() {
    let mut server = Server::start().await;
    let c = client(&server, false);
    let c2 = c.clone();
    let call = tokio::spawn(async move { c.get_rules(&[]).await });
    server.next().await.status(200, &[], "<html>oops</html>");
    let e = call.await.unwrap().unwrap_err();
    assert!(e.kind() == tweetstream::ErrorKind::Decode, "{e}");
    assert_eq!(e.kind(), ErrorKind::Decode);

    let call = tokio::spawn(async move { c2.delete_rules([1u64, 2]).await });
    server.next().await.status(
        200,
        &[],
        r#"{"errors":[{"errors":[{"parameters":{},"message":"Rule does not exist: 2"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}],"meta":{"sent":"2024-01-01T00:00:00.000Z","summary":{"deleted":1,"not_deleted":1}}}"#,
    );
    let r = call.await.unwrap().unwrap();
    assert_eq!(r.summary().deleted, Some(1));
    assert_eq!(r.errors.len(), 1);
    assert!(r.errors[0].to_string().contains("Rule does not exist: 2"));
}

#[tokio::test]
async fn request_heads_are_exact() {
    let mut server = Server::start().await;
    let c = client(&server, false);
    let call = tokio::spawn(async move {
        c.get_rules_page(
            &RulesQuery::new()
                .ids([7u64, 8])
                .max_results(100)
                .pagination_token("abc"),
        )
        .await
    });
    let p = server.next().await;
    assert_eq!(p.seen.method, "GET");
    assert_eq!(p.seen.path, "/2/tweets/search/stream/rules");
    assert_eq!(
        p.seen.query.as_deref(),
        Some("ids=7,8&max_results=100&pagination_token=abc")
    );
    assert_eq!(p.seen.headers["authorization"], "Bearer test-token");
    assert!(
        p.seen.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("tweetstream/")
    );
    assert!(
        p.seen.headers.get("content-type").is_none(),
        "a GET has no body"
    );
    p.status(200, &[], EMPTY_LOOKUP);
    let r = call.await.unwrap().unwrap();
    assert!(r.data.is_empty());
    assert_eq!(r.meta.result_count, Some(0));
}
