//! Events as short comparable lines, so a test can assert a whole sequence at once.

use tweetstream::{DisconnectReason, LineError, StreamEvent};

/// `connected 1`, `tweet 7`, `request_error 429 Some(60s)`, `closed Some(0ns)`, ...
pub fn describe(e: &StreamEvent) -> String {
    match e {
        StreamEvent::Connected(c) => format!("connected {}", c.connection),
        StreamEvent::Tweet(t) => format!("tweet {}", t.id.get()),
        StreamEvent::Undecodable(u) => match u.reason {
            LineError::Truncated => format!("truncated {}", String::from_utf8_lossy(&u.raw)),
            ref other => format!("undecodable {other}"),
        },
        StreamEvent::Closed(c) => format!("closed {:?}", c.retry_in),
        StreamEvent::ConnectionError(c) => {
            format!(
                "connection_error {:?} {:?}: {}",
                c.kind, c.retry_in, c.message
            )
        }
        StreamEvent::RequestError(r) => format!("request_error {} {:?}", r.status, r.retry_in),
        StreamEvent::Disconnected(DisconnectReason::FatalStatus {
            status, problem, ..
        }) => match problem {
            Some(p) => format!(
                "disconnected FatalStatus {{ status: {status} }}: {}",
                p.title
            ),
            None => format!("disconnected FatalStatus {{ status: {status} }}"),
        },
        StreamEvent::Disconnected(r) => format!("disconnected {r:?}"),
        other => other.name().to_owned(),
    }
}
