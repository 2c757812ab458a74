//! `StreamingClient` and its builder: settings checked once at `build()`, then shared.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{HeaderValue, Uri};

use crate::endpoint::StreamEndpoint;
use crate::error::Error;
use crate::framing::DEFAULT_MAX_LINE_BYTES;
use crate::params::StreamParams;
use crate::proxy::Proxy;
use crate::reconnect::ReconnectPolicy;
use crate::stream::{DisconnectHandle, EventStream, StreamSpec};
use crate::transport::Transport;

/// X's production API.
pub const DEFAULT_BASE_URL: &str = "https://api.x.com";
/// No byte for this long (X sends a keep-alive every 20 s) means the connection stalled.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed from starting an attempt until the response head arrives.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for the v2 streaming endpoints (tweepy's `AsyncStreamingClient`).
///
/// Cheap to clone; clones share the settings and the one-live-stream rule.
#[derive(Clone)]
pub struct StreamingClient {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) base_url: String,
    pub(crate) authorization: HeaderValue,
    pub(crate) user_agent: HeaderValue,
    pub(crate) transport: Transport,
    pub(crate) stall_timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) max_line_bytes: usize,
    pub(crate) reconnect: ReconnectPolicy,
    pub(crate) wait_on_rate_limit: bool,
    pub(crate) proxy: Option<Proxy>,
    /// Ask for gzip (`Accept-Encoding: gzip`) on streams.
    pub(crate) gzip: bool,
    /// Recover gaps with `backfill_minutes` and drop what the backfill repeats.
    pub(crate) recover: bool,
    /// The live stream's handle; `Some` while one is live.
    pub(crate) live: Mutex<Option<DisconnectHandle>>,
}

impl StreamingClient {
    /// A client with every default, from an app-only bearer token.
    pub fn new(bearer_token: impl Into<String>) -> Result<StreamingClient, Error> {
        Self::builder(bearer_token).build()
    }

    /// A builder, to change the defaults.
    pub fn builder(bearer_token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(bearer_token.into())
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The reconnect policy in force.
    pub fn reconnect_policy(&self) -> &ReconnectPolicy {
        &self.inner.reconnect
    }

    /// Whether 429 answers to the REST calls are waited out rather than returned.
    pub fn wait_on_rate_limit(&self) -> bool {
        self.inner.wait_on_rate_limit
    }

    /// Streams the tweets matching the active rules (`GET /2/tweets/search/stream`).
    ///
    /// Refused, before any request, when `params` is invalid or this client already has a
    /// live stream. The connection is made when the stream is first polled.
    pub fn filter(&self, params: StreamParams) -> Result<EventStream, Error> {
        self.stream(StreamEndpoint::Filter, params)
    }

    /// Streams about 1% of all public tweets (`GET /2/tweets/sample/stream`).
    pub fn sample(&self, params: StreamParams) -> Result<EventStream, Error> {
        self.stream(StreamEndpoint::Sample, params)
    }

    /// Whether a stream from this client is live (neither dropped nor ended).
    pub fn is_streaming(&self) -> bool {
        self.inner.live.lock().expect("lock").is_some()
    }

    /// Ends the live stream, if any (tweepy's `disconnect()`); it yields `Disconnected`.
    pub fn disconnect(&self) {
        if let Some(handle) = self.inner.live.lock().expect("lock").as_ref() {
            handle.disconnect();
        }
    }

    /// Streams any of X's stream endpoints (see [`StreamEndpoint`]).
    ///
    /// Refused, before any request, when `params` has a parameter `endpoint` does not take,
    /// lacks a required `partition` or has one out of range (the error names it), or when
    /// this client already has a live stream. The connection is made when first polled.
    pub fn stream(
        &self,
        endpoint: StreamEndpoint,
        params: StreamParams,
    ) -> Result<EventStream, Error> {
        let (path_and_query, handle) = self.claim(endpoint, &params)?;
        let spec = StreamSpec {
            client: Arc::clone(&self.inner),
            endpoint,
            params,
            path_and_query,
        };
        Ok(EventStream::new(spec, handle))
    }
}

impl StreamingClient {
    /// Opens `n` connections (1 to 8) to one stream and merges them: each line comes out
    /// once, the first time any connection delivers it, so losing a connection loses
    /// nothing while another is up. For the enterprise streams, where X allows redundant
    /// connections; the group counts as this client's one live stream.
    ///
    /// Refused like [`stream`](Self::stream), and when `n` is 0 or above 8.
    pub fn redundant(
        &self,
        endpoint: StreamEndpoint,
        params: StreamParams,
        n: usize,
    ) -> Result<crate::redundant::RedundantStream, Error> {
        if !(1..=MAX_REDUNDANT).contains(&n) {
            return Err(Error::parameter(
                "n",
                format!("{n} connections: between 1 and {MAX_REDUNDANT}"),
            ));
        }
        let (path_and_query, handle) = self.claim(endpoint, &params)?;
        let dedup = Arc::new(Mutex::new(crate::dedup::DedupWindow::new(
            crate::dedup::DEDUP_WINDOW,
        )));
        let streams = (0..n)
            .map(|_| {
                let spec = StreamSpec {
                    client: Arc::clone(&self.inner),
                    endpoint,
                    params: params.clone(),
                    path_and_query: path_and_query.clone(),
                };
                EventStream::with_dedup(spec, handle.clone(), Some(dedup.clone()), false)
            })
            .collect();
        let inner = Arc::clone(&self.inner);
        let slot = handle.clone();
        Ok(crate::redundant::RedundantStream::new(
            streams,
            dedup,
            handle,
            Box::new(move || inner.release(&slot)),
        ))
    }
}

impl StreamingClient {
    /// Checks `params` against `endpoint` and takes the one live-stream slot: the request
    /// target and the handle that holds the slot.
    fn claim(
        &self,
        endpoint: StreamEndpoint,
        params: &StreamParams,
    ) -> Result<(String, DisconnectHandle), Error> {
        params.validate_for(endpoint)?;
        let path_and_query = path_and_query(endpoint, params);
        // Built once here so a bad URL is refused now, before any connection attempt.
        self.inner
            .request(http::Method::GET, &path_and_query, None)
            .map_err(|_| Error::parameter("params", "does not make a valid URL"))?;
        let handle = DisconnectHandle::new();
        let mut live = self.inner.live.lock().expect("lock");
        if live.is_some() {
            return Err(Error::already_connected());
        }
        *live = Some(handle.clone());
        Ok((path_and_query, handle))
    }
}

/// Most connections [`StreamingClient::redundant`] opens.
pub const MAX_REDUNDANT: usize = 8;

/// The request target of a stream: its path and, when there is one, the query.
pub(crate) fn path_and_query(endpoint: StreamEndpoint, params: &StreamParams) -> String {
    let query = params.query();
    if query.is_empty() {
        endpoint.path().to_owned()
    } else {
        format!("{}?{query}", endpoint.path())
    }
}

impl ClientInner {
    pub(crate) fn request(
        &self,
        method: http::Method,
        path_and_query: &str,
        body: Option<bytes::Bytes>,
    ) -> Result<http::Request<http_body_util::Full<bytes::Bytes>>, Error> {
        let uri = format!("{}{path_and_query}", self.base_url);
        let mut builder = http::Request::builder()
            .method(method)
            .uri(uri)
            .header(http::header::AUTHORIZATION, self.authorization.clone())
            .header(http::header::USER_AGENT, self.user_agent.clone());
        if body.is_some() {
            builder = builder.header(http::header::CONTENT_TYPE, "application/json");
        }
        builder
            .body(http_body_util::Full::new(body.unwrap_or_default()))
            .map_err(|_| Error::parameter("path", "does not make a valid request"))
    }

    /// Releases the one-live-stream slot, if `handle` still holds it.
    pub(crate) fn release(&self, handle: &DisconnectHandle) {
        let mut live = self.live.lock().expect("lock");
        if live.as_ref().is_some_and(|h| h.same(handle)) {
            *live = None;
        }
    }
}

impl fmt::Debug for StreamingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("StreamingClient")
            .field("base_url", &i.base_url)
            .field("bearer_token", &"<redacted>")
            .field("user_agent", &self.user_agent())
            .field("proxy", &i.proxy)
            .field("stall_timeout", &i.stall_timeout)
            .field("connect_timeout", &i.connect_timeout)
            .field("max_line_bytes", &i.max_line_bytes)
            .field("reconnect", &i.reconnect)
            .field("wait_on_rate_limit", &i.wait_on_rate_limit)
            .field("streaming", &self.is_streaming())
            .finish()
    }
}

/// Settings of a [`StreamingClient`]; each is checked at [`build`](ClientBuilder::build).
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
    fn new(bearer_token: String) -> Self {
        ClientBuilder {
            bearer_token,
            base_url: DEFAULT_BASE_URL.to_owned(),
            user_agent: None,
            stall_timeout: DEFAULT_STALL_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_line_bytes: DEFAULT_MAX_LINE_BYTES,
            reconnect: ReconnectPolicy::default(),
            wait_on_rate_limit: false,
            proxy: None,
            root_certificates_pem: Vec::new(),
            gzip: false,
            recover: false,
        }
    }

    /// API base URL (default `https://api.x.com`); `http://` is allowed, for loopback servers.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// `User-Agent` (default `tweetstream/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// At most this many further attempts after a failure, in a row (default: unlimited).
    /// Shorthand for the reconnect policy's `max_retries`.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.reconnect = self.reconnect.max_retries(Some(n));
        self
    }

    /// The whole reconnect policy (backoff schedules, fatal statuses, healthy time).
    pub fn reconnect_policy(mut self, policy: ReconnectPolicy) -> Self {
        self.reconnect = policy;
        self
    }

    /// No byte for this long is a stall: the connection is dropped and remade (default 30 s).
    pub fn stall_timeout(mut self, d: Duration) -> Self {
        self.stall_timeout = d;
        self
    }

    /// Time from starting an attempt until the response head (default 20 s).
    pub fn connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Longest line accepted; a longer one is skipped without buffering it, reported as a
    /// `ConnectionError`, and the connection remade (default 4 MiB).
    pub fn max_line_bytes(mut self, n: usize) -> Self {
        self.max_line_bytes = n;
        self
    }

    /// For the rules calls: on 429, sleep until the window resets (+1 s) and retry.
    pub fn wait_on_rate_limit(mut self, on: bool) -> Self {
        self.wait_on_rate_limit = on;
        self
    }

    /// An HTTP CONNECT proxy, `http://[user:pass@]host:port`; credentials become
    /// `Proxy-Authorization` and never appear in Debug output or errors.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Trusts one more root CA (PEM), e.g. a corporate TLS proxy's or a test server's.
    pub fn add_root_certificate_pem(mut self, pem: impl AsRef<[u8]>) -> Self {
        self.root_certificates_pem.push(pem.as_ref().to_vec());
        self
    }

    /// Asks for gzip-compressed streams (`Accept-Encoding: gzip`, default off). The body is
    /// inflated as it arrives; framing, the stall timer and `max_line_bytes` work on the
    /// inflated lines. X's docs recommend it on the high-volume streams.
    pub fn gzip(mut self, on: bool) -> Self {
        self.gzip = on;
        self
    }

    /// Automatic recovery (default off): a reconnection after a gap asks for
    /// `backfill_minutes` covering the gap plus [`RECOVERY_MARGIN`](crate::RECOVERY_MARGIN)
    /// (rounded up to whole minutes, at most 5; X serves backfill on the
    /// streams and plans that offer it), and a bounded de-duplication window (by post id; by
    /// event identity for likes, compliance and labels; at most
    /// [`DEDUP_WINDOW`](crate::DEDUP_WINDOW) keys, under 5 MiB) drops what the backfill
    /// sends twice. The stream yields [`StreamEvent::Recovered`](crate::StreamEvent::Recovered).
    pub fn recover(mut self, on: bool) -> Self {
        self.recover = on;
        self
    }

    /// Checks every setting, naming the first one refused.
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
                base_url,
                authorization,
                user_agent,
                transport,
                stall_timeout: self.stall_timeout,
                connect_timeout: self.connect_timeout,
                max_line_bytes: self.max_line_bytes,
                reconnect: self.reconnect,
                wait_on_rate_limit: self.wait_on_rate_limit,
                proxy,
                gzip: self.gzip,
                recover: self.recover,
                live: Mutex::new(None),
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
            assert!(e.is_builder(), "{e}");
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
