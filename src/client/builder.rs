//! `ClientBuilder`: every client setting, checked once at `build()`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::{HeaderValue, Uri};

use crate::client::shared::{ClientInner, StreamingClient};
use crate::connection::connector::Connector;
use crate::connection::proxy::Proxy;
use crate::connection::transport::Transport;
use crate::error::Error;
use crate::stream::disconnect::LiveSlot;
use crate::stream::reconnect::ReconnectPolicy;

/// Settings of a [`StreamingClient`]; each is checked at [`build`](ClientBuilder::build).
///
/// ```
/// use std::time::Duration;
/// use tweetstream::StreamingClient;
///
/// let client = StreamingClient::builder("token")
///     .user_agent("my-research-app/1.0")
///     .stall_timeout(Duration::from_secs(45))
///     .max_retries(10)
///     .build()
///     .unwrap();
/// assert_eq!(client.user_agent(), "my-research-app/1.0");
/// // Each setting is checked at build(), and the error names it.
/// let err = StreamingClient::builder("token").proxy("socks5://proxy:1080").build().unwrap_err();
/// assert_eq!(err.parameter_name(), Some("proxy"));
/// ```
pub struct ClientBuilder {
    bearer_token: String,
    base_url: String,
    user_agent: Option<String>,
    stall_timeout: Duration,
    connect_timeout: Duration,
    max_line_bytes: usize,
    reconnect: ReconnectPolicy,
    wait_on_rate_limit: bool,
    proxy: Option<String>,
    root_certificates_pem: Vec<Vec<u8>>,
    gzip: bool,
    recover: bool,
    take_over_connections: bool,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &redact_url(&self.base_url))
            .field("bearer_token", &"<redacted>")
            .field("user_agent", &self.user_agent)
            .field("proxy", &self.proxy.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

/// A URL as given by the user, with any `user:pass@` and query replaced: `build()` refuses
/// both in a base URL, but the builder's Debug runs before that check.
fn redact_url(url: &str) -> String {
    let (rest, query) = match url.split_once('?') {
        Some((rest, _)) => (rest, "?<redacted>"),
        None => (url, ""),
    };
    let (scheme, after) = rest.split_once("://").unwrap_or(("", rest));
    let sep = if scheme.is_empty() { "" } else { "://" };
    let (authority, path) = after.find('/').map_or((after, ""), |i| after.split_at(i));
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}{sep}<redacted>@{host}{path}{query}"),
        None => format!("{scheme}{sep}{authority}{path}{query}"),
    }
}

impl ClientBuilder {
    /// No byte for this long (X sends a keep-alive every 20 s) means the connection stalled.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(tweetstream::ClientBuilder::DEFAULT_STALL_TIMEOUT, Duration::from_secs(30)); // 1.5 keep-alive periods
    /// ```
    pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(30);

    /// Time allowed from starting an attempt until the response head arrives.
    ///
    /// ```
    /// # use std::time::Duration;
    /// assert_eq!(tweetstream::ClientBuilder::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(20));
    /// ```
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

    /// The longest line accepted, in bytes (4 MiB): X's largest posts are a few tens of KiB.
    ///
    /// ```
    /// assert_eq!(tweetstream::ClientBuilder::DEFAULT_MAX_LINE_BYTES, 4 * 1024 * 1024);
    /// ```
    pub const DEFAULT_MAX_LINE_BYTES: usize = crate::connection::framing::DEFAULT_MAX_LINE_BYTES;
}

impl ClientBuilder {
    pub(crate) fn new(bearer_token: String) -> Self {
        ClientBuilder {
            bearer_token,
            base_url: StreamingClient::DEFAULT_BASE_URL.to_owned(),
            user_agent: None,
            stall_timeout: Self::DEFAULT_STALL_TIMEOUT,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            max_line_bytes: Self::DEFAULT_MAX_LINE_BYTES,
            reconnect: ReconnectPolicy::default(),
            wait_on_rate_limit: false,
            proxy: None,
            root_certificates_pem: Vec::new(),
            gzip: false,
            recover: false,
            take_over_connections: false,
        }
    }

    /// API base URL (default `https://api.x.com`); `http://` is allowed, for loopback servers.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token").base_url("https://api.x.com?x=1").build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("base_url"));
    /// let client = StreamingClient::builder("token").base_url("http://127.0.0.1:9000").build().unwrap();
    /// assert_eq!(client.base_url(), "http://127.0.0.1:9000");
    /// ```
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// `User-Agent` (default `tweetstream/<version>`).
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").user_agent("archiver/2").build().unwrap();
    /// assert_eq!(client.user_agent(), "archiver/2");
    /// let err = StreamingClient::builder("token").user_agent("bad\nagent").build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("user_agent"));
    /// ```
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// At most this many further attempts after a failure, in a row (default: unlimited).
    /// Shorthand for the reconnect policy's `max_retries`.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").max_retries(3).build().unwrap();
    /// assert_eq!(client.reconnect_policy().get_max_retries(), Some(3));
    /// ```
    pub fn max_retries(mut self, n: u32) -> Self {
        self.reconnect = self.reconnect.max_retries(Some(n));
        self
    }

    /// The whole reconnect policy (backoff schedules, fatal statuses, healthy time).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::StreamingClient;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
    /// let policy = ReconnectPolicy::default().healthy_after(Duration::from_secs(60));
    /// let client = StreamingClient::builder("token").reconnect_policy(policy.clone()).build().unwrap();
    /// assert_eq!(client.reconnect_policy(), &policy);
    /// // An invalid policy is refused at build(), naming the setting.
    /// let bad = ReconnectPolicy::default().healthy_after(Duration::ZERO);
    /// let err = StreamingClient::builder("token").reconnect_policy(bad).build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("reconnect.healthy_after"));
    /// ```
    pub fn reconnect_policy(mut self, policy: ReconnectPolicy) -> Self {
        self.reconnect = policy;
        self
    }

    /// No byte for this long is a stall: the connection is dropped and remade (default 30 s).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use std::time::Duration;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::{ConnectionErrorKind, EventKinds};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().stall()); // the server goes silent
    /// let client = em.client_builder().stall_timeout(Duration::from_millis(200)).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
    /// let error = loop {
    ///     if let Some(StreamEvent::ConnectionError(e)) = stream.next().await {
    ///         break e;
    ///     }
    /// };
    /// assert_eq!(error.kind, ConnectionErrorKind::Stall);
    /// # }
    /// ```
    pub fn stall_timeout(mut self, d: Duration) -> Self {
        self.stall_timeout = d;
        self
    }

    /// Time from starting an attempt until the response head (default 20 s).
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token").connect_timeout(Duration::ZERO).build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("connect_timeout"));
    /// assert!(StreamingClient::builder("token").connect_timeout(Duration::from_secs(5)).build().is_ok());
    /// ```
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Longest line accepted; a longer one is skipped without buffering it, reported as a
    /// `ConnectionError`, and the connection remade (default 4 MiB).
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token").max_line_bytes(0).build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("max_line_bytes"));
    /// assert!(StreamingClient::builder("token").max_line_bytes(64 * 1024).build().is_ok());
    /// ```
    pub fn max_line_bytes(mut self, n: usize) -> Self {
        self.max_line_bytes = n;
        self
    }

    /// For the rules calls: on 429, sleep until the window resets (+1 s) and retry.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").wait_on_rate_limit(true).build().unwrap();
    /// assert!(client.wait_on_rate_limit());
    /// ```
    pub fn wait_on_rate_limit(mut self, on: bool) -> Self {
        self.wait_on_rate_limit = on;
        self
    }

    /// An HTTP CONNECT proxy, `http://[user:pass@]host:port`; credentials become
    /// `Proxy-Authorization` and never appear in Debug output or errors.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").proxy("http://user:secret@127.0.0.1:3128").build().unwrap();
    /// assert!(!format!("{client:?}").contains("secret"));
    /// let err = StreamingClient::builder("token").proxy("not a url").build().unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("proxy"));
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts one more root CA (PEM), e.g. a corporate TLS proxy's or a test server's.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().tls(true).start().await.unwrap();
    /// assert!(em.base_url().starts_with("https://"));
    /// let client = StreamingClient::builder(em.bearer_token())
    ///     .base_url(em.base_url())
    ///     .add_root_certificate_pem(em.ca_pem().unwrap())
    ///     .build()
    ///     .unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// assert!(tweets.next().await.is_some()); // TLS to a server our CA signed
    /// # }
    /// ```
    pub fn add_root_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates_pem.push(pem.as_ref().to_vec());
        self
    }

    /// Asks for gzip-compressed streams (`Accept-Encoding: gzip`, default off). The body is
    /// inflated as it arrives; framing, the stall timer and `max_line_bytes` work on the
    /// inflated lines. X's docs recommend it on the high-volume streams.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().gzip(true).build().unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// assert!(tweets.next().await.is_some()); // inflated as it arrives
    /// let sent = &em.requests()[0];
    /// assert_eq!(sent.headers.get("accept-encoding").unwrap(), "gzip");
    /// # }
    /// ```
    pub fn gzip(mut self, on: bool) -> Self {
        self.gzip = on;
        self
    }

    /// Automatic recovery (default off): a reconnection after a gap asks for
    /// `backfill_minutes` covering the gap plus a 15 s margin
    /// (rounded up to whole minutes, at most 5; X serves backfill on the
    /// streams and plans that offer it), and a bounded de-duplication window (by post id; by
    /// event identity for likes, compliance and labels; at most
    /// [`EventStream::DEDUP_WINDOW`](crate::EventStream::DEDUP_WINDOW) keys, under 5 MiB) drops what the backfill
    /// sends twice. The stream yields [`StreamEvent::Recovered`](crate::StreamEvent::Recovered).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(2).reset()); // the first connection breaks
    /// let client = em.client_builder().recover(true).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
    /// let backfill = loop {
    ///     if let Some(StreamEvent::Recovered { backfill_minutes, .. }) = stream.next().await {
    ///         break backfill_minutes;
    ///     }
    /// };
    /// assert_eq!(backfill, 1); // a short gap: one minute of backfill
    /// let second = em.requests().into_iter().filter(|r| r.path == "/2/tweets/sample/stream").nth(1).unwrap();
    /// assert_eq!(second.query.as_deref(), Some("backfill_minutes=1"));
    /// # }
    /// ```
    pub fn recover(mut self, on: bool) -> Self {
        self.recover = on;
        self
    }

    /// Taking the connection over (default off): when X refuses a stream with
    /// `429 TooManyConnections` (a crashed process's connection still counts), end this
    /// stream's connections once (`DELETE /2/connections/{endpoint_id}`) and connect again
    /// at once. Once per stream; if the terminate call fails, the 429 stands and the usual
    /// schedule follows. Off by default because it ends other processes' streams too. The
    /// activity stream has no Stream Connections id, so it is never taken over.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let crashed = em.client_builder().build().unwrap(); // a connection nobody reads any more
    /// let mut old = crashed.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(old.next().await, Some(StreamEvent::Connected(_))));
    /// let client = em.client_builder().take_over_connections(true).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_)))); // not a 429
    /// assert!(em.requests().iter().any(|r| r.path == "/2/connections/sample_stream"));
    /// # }
    /// ```
    pub fn take_over_connections(mut self, on: bool) -> Self {
        self.take_over_connections = on;
        self
    }

    /// Checks every setting, naming the first one refused.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token")
    ///     .base_url("https://user:pass@api.x.com")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.kind() == tweetstream::ErrorKind::Builder);
    /// assert_eq!(err.parameter_name(), Some("base_url"));
    /// assert!(!err.to_string().contains("pass"));
    /// ```
    pub fn build(self) -> Result<StreamingClient, Error> {
        let token = self.bearer_token.trim();
        if token.is_empty() {
            return Err(Error::builder("bearer_token", "is empty"));
        }
        let mut authorization = HeaderValue::try_from(format!("Bearer {token}")).map_err(|_| {
            Error::builder(
                "bearer_token",
                "contains characters not allowed in a header",
            )
        })?;
        authorization.set_sensitive(true);

        let base_url = self.base_url.trim_end_matches('/').to_owned();
        let uri: Uri = base_url
            .parse()
            .map_err(|_| Error::builder("base_url", "not a URL"))?;
        if !matches!(uri.scheme_str(), Some("http" | "https")) {
            return Err(Error::builder(
                "base_url",
                "must start with https:// or http://",
            ));
        }
        let Some(authority) = uri.authority() else {
            return Err(Error::builder("base_url", "has no host"));
        };
        if authority.as_str().contains('@') {
            return Err(Error::builder("base_url", "must not carry credentials"));
        }
        if uri.query().is_some() {
            return Err(Error::builder("base_url", "must not have a query"));
        }

        let ua = self
            .user_agent
            .unwrap_or_else(|| concat!("tweetstream/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::try_from(ua).map_err(|_| {
            Error::builder("user_agent", "contains characters not allowed in a header")
        })?;
        if user_agent.is_empty() {
            return Err(Error::builder("user_agent", "is empty"));
        }
        if self.stall_timeout.is_zero() {
            return Err(Error::builder("stall_timeout", "must be above zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::builder("connect_timeout", "must be above zero"));
        }
        if self.max_line_bytes == 0 {
            return Err(Error::builder("max_line_bytes", "must be above zero"));
        }
        self.reconnect
            .validate()
            .map_err(|setting| Error::builder(setting, "is out of range"))?;
        let proxy = self.proxy.as_deref().map(Proxy::parse).transpose()?;
        let transport = Transport::new(
            proxy.as_ref(),
            &self.root_certificates_pem,
            self.connect_timeout,
        )?;

        Ok(StreamingClient {
            inner: Arc::new(ClientInner {
                connector: Arc::new(Connector {
                    base_url,
                    authorization,
                    user_agent,
                    transport,
                    proxy,
                    stall_timeout: self.stall_timeout,
                    connect_timeout: self.connect_timeout,
                    max_line_bytes: self.max_line_bytes,
                    gzip: self.gzip,
                }),
                reconnect: self.reconnect,
                wait_on_rate_limit: self.wait_on_rate_limit,
                recover: self.recover,
                take_over_connections: self.take_over_connections,
                live: LiveSlot::default(),
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_readable_back() {
        let c = StreamingClient::new("t0k3n").unwrap();
        assert_eq!(c.base_url(), "https://api.x.com");
        assert_eq!(
            c.user_agent(),
            concat!("tweetstream/", env!("CARGO_PKG_VERSION"))
        );
        assert!(!c.is_streaming());
        let c = StreamingClient::builder("t")
            .user_agent("mine/1")
            .build()
            .unwrap();
        assert_eq!(c.user_agent(), "mine/1");
    }

    #[test]
    fn bad_settings_are_refused_by_name() {
        let cases: Vec<(ClientBuilder, &str)> = vec![
            (StreamingClient::builder(""), "bearer_token"),
            (StreamingClient::builder("a\nb"), "bearer_token"),
            (
                StreamingClient::builder("t").base_url("ftp://x"),
                "base_url",
            ),
            (
                StreamingClient::builder("t").base_url("not a url"),
                "base_url",
            ),
            (
                StreamingClient::builder("t").base_url("https://u:p@h"),
                "base_url",
            ),
            (
                StreamingClient::builder("t").user_agent("bad\u{0}"),
                "user_agent",
            ),
            (
                StreamingClient::builder("t").stall_timeout(Duration::ZERO),
                "stall_timeout",
            ),
            (
                StreamingClient::builder("t").connect_timeout(Duration::ZERO),
                "connect_timeout",
            ),
            (
                StreamingClient::builder("t").max_line_bytes(0),
                "max_line_bytes",
            ),
            (StreamingClient::builder("t").proxy("socks5://h:1"), "proxy"),
            (
                StreamingClient::builder("t").add_root_certificate_pem("nope"),
                "root_certificate",
            ),
        ];
        for (builder, name) in cases {
            let e = builder.build().unwrap_err();
            assert!(e.kind() == crate::ErrorKind::Builder, "{e}");
            assert_eq!(e.parameter_name(), Some(name), "{e}");
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let c = StreamingClient::builder("SECRET-TOKEN-123")
            .proxy("http://bob:hunter2@127.0.0.1:1")
            .build()
            .unwrap();
        let debug = format!("{c:?}");
        assert!(!debug.contains("SECRET-TOKEN-123"), "{debug}");
        assert!(!debug.contains("hunter2"), "{debug}");
        let debug = format!("{:?}", StreamingClient::builder("SECRET-TOKEN-123"));
        assert!(!debug.contains("SECRET-TOKEN-123"), "{debug}");
        let debug = format!(
            "{:?}",
            StreamingClient::builder("t").base_url("https://u:hunter2@h/p?k=v")
        );
        assert!(
            debug.contains("https://<redacted>@h/p?<redacted>"),
            "{debug}"
        );
        assert_eq!(redact_url("http://127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(redact_url("u:hunter2@h"), "<redacted>@h");
    }
}
