//! One-line, human-readable `Display` for the events, for logs and quick programs. The
//! structured data stays in the fields (and in `Serialize`, for machines).

use std::fmt;
use std::time::Duration;

use crate::event::stream_event::{
    ConnectionError, ConnectionErrorKind, Delivered, RequestError, StreamEvent,
};
use crate::model::Tweet;
use crate::model::enums::ConnectionIssue;

/// `; retrying in 5s`, or `; not retrying` when the stream stops.
fn retry(f: &mut fmt::Formatter<'_>, retry_in: Option<Duration>) -> fmt::Result {
    match retry_in {
        Some(d) => write!(f, "; retrying in {d:?}"),
        None => f.write_str("; not retrying"),
    }
}

/// `id @username: text` (the author when expanded; the long form of a long post).
///
/// ```
/// # use tweetstream::prelude::*;
/// fn log(tweet: &Delivered<Tweet>) {
///     tracing::info!("{tweet}"); // e.g. "1460323737035677698 @TwitterDev: Introducing ..."
/// }
/// ```
impl fmt::Display for Delivered<Tweet> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)?;
        if let Some(author) = self.author() {
            write!(f, " @{}", author.username)?;
        }
        write!(f, ": {}", self.full_text())
    }
}

/// `connect`, `io`, `stall`, `line too long`.
///
/// ```
/// use tweetstream::ConnectionErrorKind;
/// assert_eq!(ConnectionErrorKind::LineTooLong.to_string(), "line too long");
/// ```
impl fmt::Display for ConnectionErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConnectionErrorKind::Connect => "connect",
            ConnectionErrorKind::Io => "io",
            ConnectionErrorKind::Stall => "stall",
            ConnectionErrorKind::LineTooLong => "line too long",
            ConnectionErrorKind::ContentCoding => "content coding",
        })
    }
}

/// `connection error (stall): no data for 30s; retrying in 0ns`.
///
/// ```
/// # use tweetstream::prelude::*;
/// fn log(e: &ConnectionError) {
///     tracing::warn!("{e}");
/// }
/// ```
impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection error ({}): {}", self.kind, self.message)?;
        retry(f, self.retry_in)
    }
}

/// `HTTP 400: Invalid Request: ... (The `expansions` query parameter value [author] ...); not retrying`.
///
/// ```
/// # use tweetstream::prelude::*;
/// fn log(e: &RequestError) {
///     tracing::warn!("{e}");
/// }
/// ```
/// What to do about `TooManyConnections`: the calls that list and end connections.
const TOO_MANY_CONNECTIONS_HINT: &str = " (another connection to this stream is still open, \
    perhaps a crashed process's: list them with client.connections() (GET /2/connections) and \
    end them with client.terminate_connections(endpoint) (DELETE /2/connections/{endpoint_id}), \
    or let the client do it once with ClientBuilder::take_over_connections(true))";

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(problem) = &self.problem {
            write!(f, ": {problem}")?;
            if problem.connection_issue == Some(ConnectionIssue::TooManyConnections) {
                f.write_str(TOO_MANY_CONNECTIONS_HINT)?;
            }
        } else if let Ok(body) = std::str::from_utf8(&self.body) {
            let body = body.trim();
            if !body.is_empty() {
                write!(f, ": {}", body.chars().take(200).collect::<String>())?;
            }
        }
        retry(f, self.retry_in)
    }
}

/// One line per event, for logs: the tweet as `id @author: text`, the errors with their
/// reasons, the connection events with what happens next.
///
/// ```
/// # use tweetstream::prelude::*;
/// fn log(event: &StreamEvent) {
///     tracing::debug!("{event}");
/// }
/// ```
impl fmt::Display for StreamEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamEvent::Connected(c) => {
                write!(
                    f,
                    "connected (HTTP {}, connection {})",
                    c.status, c.connection
                )
            }
            StreamEvent::Tweet(tweet) => write!(f, "tweet {tweet}"),
            StreamEvent::Errors(problems) => {
                f.write_str("errors: ")?;
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            StreamEvent::MatchingRules(rules) => {
                f.write_str("matching rules:")?;
                for r in rules.iter() {
                    match &r.tag {
                        Some(tag) => write!(f, " {tag:?}")?,
                        None => write!(f, " {}", r.id)?,
                    }
                }
                Ok(())
            }
            StreamEvent::Response(r) => write!(f, "response ({} bytes)", r.bytes().len()),
            StreamEvent::Raw(raw) => write!(f, "raw line ({} bytes)", raw.len()),
            StreamEvent::Undecodable(u) => {
                write!(f, "undecodable line ({} bytes): {}", u.raw.len(), u.reason)
            }
            StreamEvent::Closed(c) => {
                f.write_str("closed by the server")?;
                retry(f, c.retry_in)
            }
            StreamEvent::ConnectionError(e) => write!(f, "{e}"),
            StreamEvent::RequestError(e) => write!(f, "request error: {e}"),
            StreamEvent::Disconnected(reason) => write!(f, "disconnected: {reason}"),
            StreamEvent::Like(like) => {
                f.write_str("like")?;
                if let Some(post) = &like.liked_tweet_id {
                    write!(f, " of post {post}")?;
                }
                if let Some(author) = like.author_id() {
                    write!(f, " by author {author}")?;
                }
                Ok(())
            }
            StreamEvent::Compliance(event) => write!(f, "compliance {}", event.kind()),
            StreamEvent::Label(label) => write!(f, "label {}", label.kind()),
            StreamEvent::Activity(a) => {
                write!(f, "activity {}", a.kind())?;
                if let Some(tag) = &a.tag {
                    write!(f, " (tag {tag})")?;
                }
                Ok(())
            }
            StreamEvent::Recovered {
                gap,
                backfill_minutes,
            } => write!(
                f,
                "recovered a gap of {:.1}s with backfill_minutes={backfill_minutes}",
                gap.as_secs_f64()
            ),
            // Includes, KeepAlive and any later variant: the name says it.
            other => f.write_str(&other.name().replace('_', " ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::stream_event::Closed;

    #[test]
    fn recovery_says_the_gap_and_the_backfill() {
        let e = StreamEvent::Recovered {
            gap: Duration::from_millis(95_500),
            backfill_minutes: 2,
        };
        assert_eq!(
            e.to_string(),
            "recovered a gap of 95.5s with backfill_minutes=2"
        );
    }

    #[test]
    fn connection_events_say_what_happens_next() {
        let e = ConnectionError {
            kind: ConnectionErrorKind::Stall,
            message: "no data for 30s".into(),
            retry_in: Some(Duration::from_millis(250)),
        };
        assert_eq!(
            e.to_string(),
            "connection error (stall): no data for 30s; retrying in 250ms"
        );
        let closed = StreamEvent::Closed(Closed { retry_in: None });
        assert_eq!(closed.to_string(), "closed by the server; not retrying");
        assert_eq!(StreamEvent::KeepAlive.to_string(), "keep alive");
    }

    #[test]
    fn a_request_error_without_a_problem_shows_its_body() {
        let e = RequestError {
            status: 502,
            problem: None,
            body: bytes::Bytes::from_static(b"<html>bad gateway</html>\n"),
            rate_limit: None,
            retry_in: Some(Duration::from_secs(5)),
        };
        assert_eq!(
            e.to_string(),
            "HTTP 502: <html>bad gateway</html>; retrying in 5s"
        );
    }
}
