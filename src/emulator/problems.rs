//! The RFC 7807 problem bodies X sends, as JSON strings (for the emulator's own answers and
//! for [`Script::status`](super::Script::status)).
//!
//! The `type` URIs and the discriminating members (`connection_issue`, `disconnect_type`)
//! follow X's OpenAPI specification (`Problem`, `ConnectionExceptionProblem`,
//! `OperationalDisconnectProblem`, `InvalidRequestProblem`, ...).
//!
//! ```
//! use tweetstream::emulator::problems;
//! let body: serde_json::Value = serde_json::from_str(&problems::too_many_connections()).unwrap();
//! assert_eq!(body["type"], problems::STREAMING_CONNECTION);
//! assert_eq!(body["connection_issue"], "TooManyConnections");
//! ```

use serde_json::{Value, json};

/// `type` of a generic problem (401, 503, ...).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::unauthorized()).unwrap();
/// assert_eq!(body["type"], problems::ABOUT_BLANK);
/// ```
pub const ABOUT_BLANK: &str = "about:blank";
/// `type` of a `ConnectionExceptionProblem` (409 `RuleConfigurationIssue`, 429 `TooManyConnections`).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::too_many_connections()).unwrap();
/// assert_eq!(body["type"], problems::STREAMING_CONNECTION);
/// assert_eq!(body["connection_issue"], "TooManyConnections");
/// ```
pub const STREAMING_CONNECTION: &str = "https://api.twitter.com/2/problems/streaming-connection";
/// `type` of an `OperationalDisconnectProblem` (sent as an `errors` line inside a stream).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let line: serde_json::Value = serde_json::from_str(&problems::operational_disconnect_line()).unwrap();
/// assert_eq!(line["errors"][0]["type"], problems::OPERATIONAL_DISCONNECT);
/// ```
pub const OPERATIONAL_DISCONNECT: &str =
    "https://api.twitter.com/2/problems/operational-disconnect";
/// `type` of an `InvalidRequestProblem` (400).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body = problems::invalid_request("backfill_minutes", &["9"], "too large");
/// let body: serde_json::Value = serde_json::from_str(&body).unwrap();
/// assert_eq!(body["type"], problems::INVALID_REQUEST);
/// ```
pub const INVALID_REQUEST: &str = "https://api.twitter.com/2/problems/invalid-request";
/// `type` of an `InvalidRuleProblem` (an `errors` item of a rules response).
///
/// ```
/// # use tweetstream::emulator::{Emulator, problems};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let answer = client.add_rules(["cats (dogs"]).await.unwrap();
/// assert_eq!(answer.errors[0].problem_kind(), ProblemKind::InvalidRules);
/// let raw: serde_json::Value = serde_json::from_slice(&answer.raw).unwrap();
/// assert_eq!(raw["errors"][0]["type"], problems::INVALID_RULES);
/// # }
/// ```
pub const INVALID_RULES: &str = "https://api.twitter.com/2/problems/invalid-rules";
/// `type` of a `DuplicateRuleProblem` (an `errors` item of a rules response).
///
/// ```
/// # use tweetstream::emulator::{Emulator, problems};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::builder().rule("cats", None).start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let answer = client.add_rules(["cats"]).await.unwrap();
/// let raw: serde_json::Value = serde_json::from_slice(&answer.raw).unwrap();
/// assert_eq!(raw["errors"][0]["type"], problems::DUPLICATE_RULES);
/// # }
/// ```
pub const DUPLICATE_RULES: &str = "https://api.twitter.com/2/problems/duplicate-rules";
/// `type` of a `RulesCapProblem`.
///
/// ```
/// # use tweetstream::emulator::{Emulator, problems};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::builder().max_rules(0).start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let answer = client.add_rules(["cats"]).await.unwrap();
/// let raw: serde_json::Value = serde_json::from_slice(&answer.raw).unwrap();
/// assert_eq!(raw["errors"][0]["type"], problems::RULE_CAP);
/// # }
/// ```
pub const RULE_CAP: &str = "https://api.twitter.com/2/problems/rule-cap";

/// 401: the body X answers a missing or wrong bearer token with.
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::unauthorized()).unwrap();
/// assert_eq!((body["status"].as_u64(), body["title"].as_str()), (Some(401), Some("Unauthorized")));
/// ```
pub fn unauthorized() -> String {
    json!({"title": "Unauthorized", "type": ABOUT_BLANK, "status": 401, "detail": "Unauthorized"})
        .to_string()
}

/// 429: a second connection to a stream already at its connection limit.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{Emulator, Script, problems};
/// # use tweetstream::model::enums::ConnectionIssue;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// em.push_script(Script::new().status(429, problems::too_many_connections()));
/// let client = em.client_builder().build().unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap();
/// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 429") };
/// assert_eq!(e.problem.unwrap().connection_issue, Some(ConnectionIssue::TooManyConnections));
/// # }
/// ```
pub fn too_many_connections() -> String {
    json!({
        "title": "ConnectionException",
        "detail": "This stream is currently at the maximum allowed connection limit.",
        "connection_issue": "TooManyConnections",
        "type": STREAMING_CONNECTION,
    })
    .to_string()
}

/// 409: the filtered stream was opened with no rules in place.
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::rule_configuration_issue()).unwrap();
/// assert_eq!(body["connection_issue"], "RuleConfigurationIssue");
/// assert_eq!(body["type"], problems::STREAMING_CONNECTION);
/// ```
pub fn rule_configuration_issue() -> String {
    json!({
        "title": "ConnectionException",
        "detail": "This stream has no rules configured. Add rules with POST /2/tweets/search/stream/rules before connecting.",
        "connection_issue": "RuleConfigurationIssue",
        "type": STREAMING_CONNECTION,
    })
    .to_string()
}

/// 429 without a connection issue: the request rate limit of an endpoint was exceeded.
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::too_many_requests()).unwrap();
/// assert_eq!(body["status"], 429);
/// assert!(body.get("connection_issue").is_none()); // unlike `too_many_connections`
/// ```
pub fn too_many_requests() -> String {
    json!({"title": "Too Many Requests", "detail": "Too Many Requests", "type": ABOUT_BLANK, "status": 429})
        .to_string()
}

/// 503: the service is temporarily unavailable.
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::service_unavailable()).unwrap();
/// assert_eq!((body["status"].as_u64(), body["type"].as_str()), (Some(503), Some(problems::ABOUT_BLANK)));
/// ```
pub fn service_unavailable() -> String {
    json!({"title": "Service Unavailable", "detail": "Service Unavailable", "type": ABOUT_BLANK, "status": 503})
        .to_string()
}

/// 404: no such endpoint.
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body: serde_json::Value = serde_json::from_str(&problems::not_found()).unwrap();
/// assert_eq!(body["status"], 404);
/// assert_eq!(body["detail"], "Sorry, that page does not exist.");
/// ```
pub fn not_found() -> String {
    json!({"title": "Not Found Error", "detail": "Sorry, that page does not exist.", "type": ABOUT_BLANK, "status": 404})
        .to_string()
}

/// The HTML page a reverse proxy serves for `code` when X is down or slow, byte for byte
/// what nginx 1.22 sends for its own 502/503/504 with `server_tokens off`
/// (`tests/interop_nginx.rs` checks 502 and 504 against a real nginx). For [`Script::html_status`](super::Script::html_status).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let page = problems::proxy_error_page(504);
/// assert!(page.contains("<title>504 Gateway Time-out</title>")); // nginx's wording
/// assert!(problems::proxy_error_page(502).contains("502 Bad Gateway"));
/// ```
pub fn proxy_error_page(code: u16) -> String {
    // nginx's own wording, which is not always the canonical reason phrase.
    let reason = match code {
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        _ => http::StatusCode::from_u16(code)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error"),
    };
    format!(
        "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n\
         <center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n\
         </body>\r\n</html>\r\n"
    )
}

/// The `errors` line X writes into a stream before closing it for operational reasons.
///
/// ```
/// # use tweetstream::emulator::problems;
/// # use tweetstream::model::enums::DisconnectType;
/// let line = tweetstream::decode_line(problems::operational_disconnect_line().into()).unwrap();
/// let errors = line.errors();
/// assert_eq!(errors[0].disconnect_type, Some(DisconnectType::OperationalDisconnect));
/// ```
pub fn operational_disconnect_line() -> String {
    json!({"errors": [{
        "title": "operational-disconnect",
        "disconnect_type": "OperationalDisconnect",
        "detail": "This stream has been disconnected for operational reasons.",
        "type": OPERATIONAL_DISCONNECT,
    }]})
    .to_string()
}

/// 400: one invalid query parameter (`errors` items carry `parameters` and `message`).
///
/// ```
/// # use tweetstream::emulator::problems;
/// let body = problems::invalid_request("backfill_minutes", &["9"], "must be between 0 and 5");
/// let body: serde_json::Value = serde_json::from_str(&body).unwrap();
/// assert_eq!(body["errors"][0]["parameters"]["backfill_minutes"][0], "9");
/// assert_eq!(body["errors"][0]["message"], "must be between 0 and 5");
/// ```
pub fn invalid_request(parameter: &str, values: &[&str], message: &str) -> String {
    invalid_request_many(vec![(
        parameter.to_owned(),
        values.iter().map(|v| (*v).to_owned()).collect(),
        message.to_owned(),
    )])
}

pub(crate) fn invalid_request_many(items: Vec<(String, Vec<String>, String)>) -> String {
    let errors: Vec<Value> = items
        .into_iter()
        .map(|(p, v, m)| json!({"parameters": {p: v}, "message": m}))
        .collect();
    json!({
        "errors": errors,
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": INVALID_REQUEST,
    })
    .to_string()
}

/// 400 for a request body that is not what the endpoint takes.
pub(crate) fn invalid_body(message: &str) -> String {
    json!({
        "errors": [{"message": message}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": INVALID_REQUEST,
    })
    .to_string()
}
