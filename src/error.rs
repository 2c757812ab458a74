//! One opaque error for everything the client refuses or fails at, with predicates in the
//! style of reqwest, so callers branch on meaning rather than on our internals.

use std::error::Error as StdError;
use std::fmt;

use crate::connection::rate_limit::RateLimit;
use crate::model::Problem;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// The error type of `tweetstream`.
///
/// Stream failures after a stream has started are events, not errors (see
/// [`StreamEvent`](crate::StreamEvent)); this type is for what is refused up front
/// (settings, parameters, a second stream) and for the REST calls.
///
/// ```
/// use tweetstream::prelude::*;
/// use tweetstream::StreamEndpoint;
///
/// let client = StreamingClient::new("my-bearer-token")?;
/// // The firehose needs a partition: refused before any request, naming it.
/// let err = client.stream(StreamEndpoint::Firehose, StreamParams::new()).unwrap_err();
/// assert!(err.kind() == tweetstream::ErrorKind::InvalidParameter);
/// assert_eq!(err.parameter_name(), Some("partition"));
/// assert!(err.to_string().contains("partition"));
/// # Ok::<(), Error>(())
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    /// The setting or request parameter at fault, for `Builder` and `InvalidParameter`.
    parameter: Option<&'static str>,
    message: String,
    status: Option<u16>,
    problem: Option<Problem>,
    rate_limit: Option<RateLimit>,
    source: Option<BoxError>,
}

/// What went wrong, broadly. More kinds may be added.
///
/// ```
/// use tweetstream::{ErrorKind, StreamingClient};
/// let err = StreamingClient::new("  ").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Builder);
/// assert_eq!(err.parameter_name(), Some("bearer_token"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A client setting was refused at `build()`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token").stall_timeout(Duration::ZERO).build().unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::Builder);
    /// assert_eq!(err.parameter_name(), Some("stall_timeout"));
    /// ```
    Builder,
    /// A request parameter was refused before anything was sent.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// // The 1% sample has no partitions.
    /// let err = client.sample(StreamParams::new().partition(1)).unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::InvalidParameter);
    /// assert_eq!(err.parameter_name(), Some("partition"));
    /// ```
    InvalidParameter,
    /// This client already has a live stream.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let first = client.filter(StreamParams::new()).unwrap();
    /// assert!(client.sample(StreamParams::new()).unwrap_err().kind() == tweetstream::ErrorKind::AlreadyConnected);
    /// drop(first); // dropping the stream frees the slot
    /// assert!(client.sample(StreamParams::new()).is_ok());
    /// ```
    AlreadyConnected,
    /// Connecting, TLS, or reading/writing the connection failed.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // Nothing listens on a port just released.
    /// let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    /// let client = StreamingClient::builder("token").base_url(format!("http://127.0.0.1:{port}")).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::Transport);
    /// assert_eq!(err.status(), None);
    /// # }
    /// ```
    Transport,
    /// A timeout elapsed (connect, response head, or body).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // A server that accepts connections and never answers.
    /// let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// let client = StreamingClient::builder("token")
    ///     .base_url(format!("http://{}", silent.local_addr().unwrap()))
    ///     .connect_timeout(Duration::from_millis(100))
    ///     .build()
    ///     .unwrap();
    /// assert!(client.get_rules(&[]).await.unwrap_err().kind() == tweetstream::ErrorKind::Timeout);
    /// # }
    /// ```
    Timeout,
    /// 400: the request was malformed.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let err = client.get_rules_page(&RulesQuery::new().pagination_token("bogus")).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::BadRequest);
    /// # }
    /// ```
    BadRequest,
    /// 401: the bearer token was refused.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = StreamingClient::builder("revoked-token").base_url(em.base_url()).build().unwrap();
    /// let err = client.add_rules(["cats"]).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::Unauthorized);
    /// assert!(em.rules().is_empty());
    /// # }
    /// ```
    Unauthorized,
    /// 403: the token lacks access to this endpoint.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n").await;
    /// # });
    /// // `base_url` points at a server answering 403 (the app lacks access).
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::Forbidden && err.kind() != tweetstream::ErrorKind::Unauthorized);
    /// # }
    /// ```
    Forbidden,
    /// 404.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// // A base URL with a wrong prefix: every path under it is unknown.
    /// let base_url = format!("{}/v9", em.base_url());
    /// let client = em.client_builder().base_url(base_url).build().unwrap();
    /// assert!(client.get_rules(&[]).await.unwrap_err().kind() == tweetstream::ErrorKind::NotFound);
    /// # }
    /// ```
    NotFound,
    /// 429 (or 420): rate limited; see [`Error::rate_limit`].
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\n\r\n").await;
    /// # });
    /// // `base_url` points at a server answering 429.
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::TooManyRequests);
    /// assert_eq!(err.status(), Some(429));
    /// # }
    /// ```
    TooManyRequests,
    /// 5xx.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n\r\n").await;
    /// # });
    /// // `base_url` points at a server answering 503.
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::ServerError);
    /// assert_eq!(err.status(), Some(503));
    /// # }
    /// ```
    ServerError,
    /// Any other unexpected status.
    Status,
    /// The response body could not be decoded.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nnot json!").await;
    /// # });
    /// // `base_url` points at a server answering 200 with a body that is not JSON.
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// assert!(client.get_rules(&[]).await.unwrap_err().kind() == tweetstream::ErrorKind::Decode);
    /// # }
    /// ```
    Decode,
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                parameter: None,
                message: message.into(),
                status: None,
                problem: None,
                rate_limit: None,
                source: None,
            }),
        }
    }

    pub(crate) fn builder(setting: &'static str, why: impl fmt::Display) -> Self {
        let mut e = Error::new(
            ErrorKind::Builder,
            format!("invalid setting `{setting}`: {why}"),
        );
        e.inner.parameter = Some(setting);
        e
    }

    pub(crate) fn parameter(name: &'static str, why: impl fmt::Display) -> Self {
        let mut e = Error::new(
            ErrorKind::InvalidParameter,
            format!("invalid parameter `{name}`: {why}"),
        );
        e.inner.parameter = Some(name);
        e
    }

    pub(crate) fn already_connected() -> Self {
        Error::new(
            ErrorKind::AlreadyConnected,
            "this client already has a live stream; drop it or disconnect first",
        )
    }

    pub(crate) fn transport(message: impl Into<String>, source: Option<BoxError>) -> Self {
        let mut e = Error::new(ErrorKind::Transport, message);
        e.inner.source = source;
        e
    }

    pub(crate) fn timeout(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::Timeout, message)
    }

    pub(crate) fn decode(message: impl Into<String>, source: Option<BoxError>) -> Self {
        let mut e = Error::new(ErrorKind::Decode, message);
        e.inner.source = source;
        e
    }

    /// An error for a non-success HTTP status, carrying the decoded problem body when there is one.
    pub(crate) fn status_error(
        status: u16,
        problem: Option<Problem>,
        rate_limit: Option<RateLimit>,
    ) -> Self {
        let kind = match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            420 | 429 => ErrorKind::TooManyRequests,
            500..=599 => ErrorKind::ServerError,
            _ => ErrorKind::Status,
        };
        let message = match &problem {
            Some(p) => format!("HTTP {status}: {p}"),
            None => format!("HTTP {status}"),
        };
        let mut e = Error::new(kind, message);
        e.inner.status = Some(status);
        e.inner.problem = problem;
        e.inner.rate_limit = rate_limit;
        e
    }

    /// What kind of error this is.
    ///
    /// ```
    /// # use tweetstream::{ErrorKind, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let _live = client.sample(StreamParams::new()).unwrap();
    /// let err = client.sample(StreamParams::new()).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::AlreadyConnected);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The setting or parameter that was refused, for builder and parameter errors.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.sample(StreamParams::new().tweet_fields(["created-at"])).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("tweet.fields"));
    /// let err = StreamingClient::builder("token").base_url("ftp://x").build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("base_url"));
    /// ```
    pub fn parameter_name(&self) -> Option<&'static str> {
        self.inner.parameter
    }

    /// The HTTP status, when the server answered with an error status.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::StreamingClient;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = StreamingClient::builder("not-the-token").base_url(em.base_url()).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert_eq!(err.status(), Some(401));
    /// # }
    /// ```
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// The RFC 7807 problem the server sent with its error status, when it decoded.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let query = RulesQuery::new().pagination_token("not-a-token");
    /// let err = client.get_rules_page(&query).await.unwrap_err();
    /// let problem = err.problem().expect("X explains a 400");
    /// assert_eq!(problem.title, "Invalid Request");
    /// # }
    /// ```
    pub fn problem(&self) -> Option<&Problem> {
        self.inner.problem.as_ref()
    }

    /// The rate-limit headers of the failed response (for 429: when the window resets).
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # // A server answering every request with a 429 and X's rate-limit headers.
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 429 Too Many Requests\r\nx-rate-limit-limit: 450\r\n\
    /// #         x-rate-limit-remaining: 0\r\nx-rate-limit-reset: 1700000900\r\ncontent-length: 0\r\n\r\n").await;
    /// # });
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// let limit = err.rate_limit().unwrap();
    /// assert_eq!((limit.limit, limit.remaining, limit.reset), (Some(450), Some(0), Some(1_700_000_900)));
    /// # }
    /// ```
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.inner.rate_limit.as_ref()
    }

    /// For a rate-limit error: when the window resets (`x-rate-limit-reset`), if sent.
    ///
    /// ```
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # use tweetstream::StreamingClient;
    /// # use tokio::io::{AsyncReadExt, AsyncWriteExt};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    /// # let base_url = format!("http://{}", listener.local_addr().unwrap());
    /// # tokio::spawn(async move {
    /// #     let (mut tcp, _) = listener.accept().await.unwrap();
    /// #     let _ = tcp.read(&mut [0; 4096]).await;
    /// #     let _ = tcp.write_all(b"HTTP/1.1 429 Too Many Requests\r\nx-rate-limit-reset: 1700000900\r\ncontent-length: 0\r\n\r\n").await;
    /// # });
    /// // `base_url` points at a server answering 429 with `x-rate-limit-reset: 1700000900`.
    /// let client = StreamingClient::builder("token").base_url(base_url).build().unwrap();
    /// let err = client.get_rules(&[]).await.unwrap_err();
    /// assert_eq!(err.rate_limit_reset(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_900)));
    /// # }
    /// ```
    pub fn rate_limit_reset(&self) -> Option<std::time::SystemTime> {
        self.inner.rate_limit.as_ref().and_then(RateLimit::reset_at)
    }
}

impl fmt::Debug for Error {
    // Never prints request headers: there are none stored here, so the token cannot leak.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("tweetstream::Error");
        d.field("kind", &self.inner.kind);
        if let Some(p) = self.inner.parameter {
            d.field("parameter", &p);
        }
        d.field("message", &self.inner.message);
        if let Some(s) = self.inner.status {
            d.field("status", &s);
        }
        if let Some(p) = &self.inner.problem {
            d.field("problem", p);
        }
        if let Some(r) = &self.inner.rate_limit {
            d.field("rate_limit", r);
        }
        if let Some(s) = &self.inner.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)?;
        if let Some(source) = &self.inner.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_errors_map_to_kinds_and_predicates() {
        let e = Error::status_error(429, None, None);
        assert_eq!(e.kind(), ErrorKind::TooManyRequests);
        assert!(e.kind() == ErrorKind::TooManyRequests && e.status().is_some());
        assert_eq!(e.status(), Some(429));
        assert_eq!(
            Error::status_error(401, None, None).kind(),
            ErrorKind::Unauthorized
        );
        assert_eq!(
            Error::status_error(503, None, None).kind(),
            ErrorKind::ServerError
        );
        assert_eq!(
            Error::status_error(418, None, None).kind(),
            ErrorKind::Status
        );
        assert!(Error::status_error(400, None, None).kind() == ErrorKind::BadRequest);
        assert!(Error::status_error(401, None, None).kind() == ErrorKind::Unauthorized);
        assert!(Error::status_error(403, None, None).kind() == ErrorKind::Forbidden);
        assert!(Error::status_error(404, None, None).kind() == ErrorKind::NotFound);
        assert!(Error::status_error(502, None, None).kind() == ErrorKind::ServerError);
        assert!(Error::status_error(502, None, None).kind() != ErrorKind::TooManyRequests);
        let rl = RateLimit {
            limit: Some(450),
            remaining: Some(0),
            reset: Some(1_700_000_000),
        };
        let e = Error::status_error(429, None, Some(rl));
        assert_eq!(
            e.rate_limit_reset(),
            Some(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000))
        );
        assert!(
            Error::status_error(429, None, None)
                .rate_limit_reset()
                .is_none()
        );
    }

    #[test]
    fn builder_and_parameter_errors_name_what_was_refused() {
        let e = Error::builder("stall_timeout", "must be above zero");
        assert!(e.kind() == ErrorKind::Builder);
        assert_eq!(e.parameter_name(), Some("stall_timeout"));
        assert!(e.to_string().contains("stall_timeout"));
        let e = Error::parameter("backfill_minutes", "must be 0 to 5");
        assert!(e.kind() == ErrorKind::InvalidParameter && e.kind() != ErrorKind::Builder);
        assert!(e.to_string().contains("backfill_minutes"));
    }
}
