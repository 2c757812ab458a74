//! The response pieces every emulator handler shares: the body type, JSON and problem
//! responses, X's rate-limit headers and a script's extra headers.

use std::io;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, combinators::UnsyncBoxBody};

use super::State;

/// The body type of every response.
pub(crate) type ResBody = UnsyncBoxBody<Bytes, io::Error>;

pub(crate) fn full(body: impl Into<Bytes>) -> ResBody {
    Full::new(body.into())
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// X's `x-rate-limit-*` headers (the limit per 15-minute window, an arbitrary remaining
/// count, and a reset time 15 minutes from now).
pub(crate) fn rate_limit_headers(_state: &State, h: &mut HeaderMap, limit: u32) {
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        + 900;
    h.insert("x-rate-limit-limit", HeaderValue::from(limit));
    h.insert(
        "x-rate-limit-remaining",
        HeaderValue::from(limit.saturating_sub(1)),
    );
    h.insert("x-rate-limit-reset", HeaderValue::from(reset));
}

/// A response with a problem (or other JSON) body.
pub(crate) fn problem_response(
    state: &State,
    limit: u32,
    status: u16,
    body: String,
    extra: &[(String, String)],
) -> Response<ResBody> {
    let mut resp = Response::new(full(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    let ct = if status >= 400 {
        "application/problem+json"
    } else {
        "application/json; charset=utf-8"
    };
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    rate_limit_headers(state, h, limit);
    insert_headers(h, extra);
    resp
}

/// Adds a script's headers, replacing any of the same name; invalid ones are skipped.
pub(crate) fn insert_headers(h: &mut HeaderMap, extra: &[(String, String)]) {
    for (k, v) in extra {
        if let (Ok(k), Ok(v)) = (
            http::HeaderName::try_from(k.as_str()),
            HeaderValue::try_from(v.as_str()),
        ) {
            h.insert(k, v);
        }
    }
}
