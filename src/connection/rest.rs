//! One REST call (rules, connections, subscriptions): send, read the whole answer, and turn
//! an error status into an [`Error`] with X's problem.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::Method;

use crate::connection::connector::Connector;
use crate::connection::rate_limit::{RateLimit, server_wait};
use crate::connection::transport::BodyLimits;
use crate::error::Error;
use crate::model::Problem;

/// Largest REST answer read (1000 rules of 1024 characters fit several times over).
const MAX_BODY: usize = 16 << 20;

/// What a REST call answered.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) rate_limit: Option<RateLimit>,
    /// The server's wait for a 429 or 503 (`Retry-After`, `x-rate-limit-reset`).
    pub(crate) server_wait: Option<Duration>,
    /// The body (an error body as far as it was read).
    pub(crate) body: Bytes,
}

impl Answer {
    /// The body of a success, or the error the status and X's problem make.
    pub(crate) fn into_success(self) -> Result<(u16, Option<RateLimit>, Bytes), Error> {
        if (200..300).contains(&self.status) {
            return Ok((self.status, self.rate_limit, self.body));
        }
        let problem = serde_json::from_slice::<Problem>(&self.body).ok();
        Err(Error::status_error(self.status, problem, self.rate_limit))
    }
}

/// Sends `method path_and_query` (with a JSON `body`) and reads the answer whole.
pub(crate) async fn call(
    connector: &Connector,
    method: Method,
    path_and_query: &str,
    body: Option<Bytes>,
) -> Result<Answer, Error> {
    let request = connector.request(method.clone(), path_and_query, body)?;
    tracing::debug!(%method, path = %path_and_query, "REST request");
    let success = BodyLimits {
        max_bytes: MAX_BODY,
        idle: connector.stall_timeout,
        total: connector.connect_timeout,
    };
    let (parts, read) = connector
        .transport
        .send_collect(request, success, connector.stall_timeout)
        .await?;
    let status = parts.status.as_u16();
    tracing::debug!(status, "REST response");
    let body = if parts.status.is_success() {
        read.complete()?
    } else {
        // An error status is the answer even when its body was cut off or too large.
        if let Some(e) = &read.cut {
            tracing::debug!(status, error = %e, kept = read.bytes.len(), "error body cut");
        }
        read.bytes
    };
    Ok(Answer {
        status,
        rate_limit: RateLimit::from_headers(&parts.headers),
        server_wait: server_wait(status, &parts.headers, SystemTime::now()),
        body,
    })
}
