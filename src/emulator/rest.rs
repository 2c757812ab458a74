//! The emulator's REST calls beside the rules: X Activity subscriptions, stream connections
//! and rule counts, each a synchronous answer from the shared state.

use http::Method;

use super::State;
use super::rules::Reply;

const COUNTS: &str = "/2/tweets/search/stream/rules/counts";

/// Whether `path` is one of these calls.
pub(crate) fn handles(path: &str) -> bool {
    path.starts_with("/2/activity/subscriptions")
        || path == "/2/connections"
        || path.starts_with("/2/connections/")
        || path == COUNTS
}

/// The answer to `method path?query` with `body`, or `None` for a method the path does not take.
pub(crate) fn dispatch(
    state: &State,
    method: &Method,
    path: &str,
    query: Option<&str>,
    body: &[u8],
) -> Option<Reply> {
    if let Some(rest) = path.strip_prefix("/2/activity/subscriptions") {
        let mut subs = State::lock(&state.subscriptions);
        return match (method, rest.strip_prefix('/')) {
            (&Method::GET, None) => Some(subs.list(query)),
            (&Method::POST, None) => Some(subs.create(body)),
            (&Method::DELETE, None) => Some(subs.delete_many(query)),
            (&Method::PUT, Some(id)) => Some(subs.update(id, body)),
            (&Method::DELETE, Some(id)) => Some(subs.delete(id)),
            _ => None,
        };
    }
    if path == COUNTS {
        let (rules, cap) = State::lock(&state.rules).usage();
        return (method == Method::GET).then(|| super::rule_counts::counts(query, rules, cap));
    }
    if let Some(rest) = path.strip_prefix("/2/connections") {
        let mut reg = State::lock(&state.connections);
        return match (method, rest.strip_prefix('/')) {
            (&Method::GET, None) => Some(reg.list(query)),
            (&Method::DELETE, None) => Some(reg.kill_uuids(body)),
            (&Method::DELETE, Some("all")) => Some(reg.kill_all()),
            (&Method::DELETE, Some(id)) => Some(reg.kill_endpoint(id)),
            _ => None,
        };
    }
    None
}
