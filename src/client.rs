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
///
/// ```
/// use tweetstream::{DEFAULT_BASE_URL, StreamingClient};
/// assert_eq!(StreamingClient::new("token").unwrap().base_url(), DEFAULT_BASE_URL);
/// ```
pub const DEFAULT_BASE_URL: &str = "https://api.x.com";
/// No byte for this long (X sends a keep-alive every 20 s) means the connection stalled.
///
/// ```
/// # use std::time::Duration;
/// assert_eq!(tweetstream::DEFAULT_STALL_TIMEOUT, Duration::from_secs(30)); // 1.5 keep-alive periods
/// ```
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// Time allowed from starting an attempt until the response head arrives.
///
/// ```
/// # use std::time::Duration;
/// assert_eq!(tweetstream::DEFAULT_CONNECT_TIMEOUT, Duration::from_secs(20));
/// ```
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(20);

/// A client for the v2 streaming endpoints (tweepy's `AsyncStreamingClient`).
///
/// Cheap to clone; clones share the settings and the one-live-stream rule.
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client: StreamingClient = em.client_builder().build().unwrap();
/// client.add_rules([("cats has:images", "cats")], false).await.unwrap();
/// let mut tweets = client.filter(StreamParams::new()).unwrap().tweets();
/// let tweet = tweets.next().await.unwrap();
/// assert_eq!(tweet.rule_tags().collect::<Vec<_>>(), ["cats"]);
/// // The bearer token never shows in Debug output.
/// assert!(!format!("{client:?}").contains(em.bearer_token()));
/// # }
/// ```
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
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::new("AAAA-app-only-token").unwrap();
    /// assert_eq!(client.base_url(), "https://api.x.com");
    /// assert!(StreamingClient::new("").unwrap_err().is_builder());
    /// ```
    pub fn new(bearer_token: impl Into<String>) -> Result<StreamingClient, Error> {
        Self::builder(bearer_token).build()
    }

    /// A builder, to change the defaults.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").max_retries(5).wait_on_rate_limit(true).build().unwrap();
    /// assert_eq!(client.reconnect_policy().get_max_retries(), Some(5));
    /// assert!(client.wait_on_rate_limit());
    /// ```
    pub fn builder(bearer_token: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(bearer_token.into())
    }

    /// The `User-Agent` sent with every request.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::new("token").unwrap();
    /// assert!(client.user_agent().starts_with("tweetstream/"));
    /// ```
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or_default()
    }

    /// The API base URL.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").base_url("http://127.0.0.1:8080/").build().unwrap();
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080"); // trailing slash trimmed
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The reconnect policy in force.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tweetstream::reconnect::ReconnectPolicy;
    /// let client = StreamingClient::new("token").unwrap();
    /// assert_eq!(client.reconnect_policy(), &ReconnectPolicy::default());
    /// ```
    pub fn reconnect_policy(&self) -> &ReconnectPolicy {
        &self.inner.reconnect
    }

    /// Whether 429 answers to the REST calls are waited out rather than returned.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// assert!(!StreamingClient::new("token").unwrap().wait_on_rate_limit());
    /// ```
    pub fn wait_on_rate_limit(&self) -> bool {
        self.inner.wait_on_rate_limit
    }

    /// Streams the tweets matching the active rules (`GET /2/tweets/search/stream`).
    ///
    /// Refused, before any request, when `params` is invalid or this client already has a
    /// live stream. The connection is made when the stream is first polled.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("coffee", Some("coffee")).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut tweets = client.filter(StreamParams::new()).unwrap().tweets();
    /// let tweet = tweets.next().await.unwrap();
    /// assert!(tweet.rule_tags().any(|tag| tag == "coffee"));
    /// assert_eq!(em.requests()[0].path, "/2/tweets/search/stream");
    /// # }
    /// ```
    pub fn filter(&self, params: StreamParams) -> Result<EventStream, Error> {
        self.stream(StreamEndpoint::Filter, params)
    }

    /// Streams about 1% of all public tweets (`GET /2/tweets/sample/stream`).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// let tweet = tweets.next().await.unwrap();
    /// assert_eq!(tweet.rule_tags().count(), 0); // the sample matches no rules
    /// assert_eq!(em.requests()[0].path, "/2/tweets/sample/stream");
    /// # }
    /// ```
    pub fn sample(&self, params: StreamParams) -> Result<EventStream, Error> {
        self.stream(StreamEndpoint::Sample, params)
    }

    /// Whether a stream from this client is live (neither dropped nor ended).
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// assert!(!client.is_streaming());
    /// let stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(client.is_streaming());
    /// drop(stream);
    /// assert!(!client.is_streaming());
    /// ```
    pub fn is_streaming(&self) -> bool {
        self.inner.live.lock().expect("lock").is_some()
    }

    /// Ends the live stream, if any (tweepy's `disconnect()`); it yields `Disconnected`.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// client.disconnect();
    /// let rest: Vec<StreamEvent> = stream.collect().await;
    /// assert!(matches!(rest.last(), Some(StreamEvent::Disconnected(DisconnectReason::Requested))));
    /// assert!(!client.is_streaming());
    /// # }
    /// ```
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
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// // The firehose requires a partition: refused before any request, naming it.
    /// let err = client.stream(StreamEndpoint::Firehose, StreamParams::new()).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("partition"));
    /// assert_eq!(em.requests().len(), 0);
    ///
    /// let mut tweets = client.stream(StreamEndpoint::Firehose, StreamParams::new().partition(1)).unwrap().tweets();
    /// assert!(tweets.next().await.is_some());
    /// assert_eq!(em.requests()[0].query.as_deref(), Some("partition=1"));
    /// # }
    /// ```
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
    ///
    /// ```
    /// # use tweetstream::{MAX_REDUNDANT, StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().partition(1);
    /// let err = client.redundant(StreamEndpoint::Firehose, params.clone(), MAX_REDUNDANT + 1).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("n"));
    /// let group = client.redundant(StreamEndpoint::Firehose, params, 2).unwrap();
    /// assert!(client.is_streaming()); // the group is the client's one live stream
    /// # drop(group);
    /// ```
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
///
/// ```
/// # use tweetstream::{MAX_REDUNDANT, StreamEndpoint, StreamParams, StreamingClient};
/// let client = StreamingClient::new("token").unwrap();
/// let group = client.redundant(StreamEndpoint::Sample10, StreamParams::new().partition(1), MAX_REDUNDANT).unwrap();
/// assert_eq!(group.live_connections(), 8);
/// ```
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
    /// # use tweetstream::reconnect::ReconnectPolicy;
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
    /// `backfill_minutes` covering the gap plus [`RECOVERY_MARGIN`](crate::RECOVERY_MARGIN)
    /// (rounded up to whole minutes, at most 5; X serves backfill on the
    /// streams and plans that offer it), and a bounded de-duplication window (by post id; by
    /// event identity for likes, compliance and labels; at most
    /// [`DEDUP_WINDOW`](crate::DEDUP_WINDOW) keys, under 5 MiB) drops what the backfill
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

    /// Checks every setting, naming the first one refused.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let err = StreamingClient::builder("token")
    ///     .base_url("https://user:pass@api.x.com")
    ///     .build()
    ///     .unwrap_err();
    /// assert!(err.is_builder());
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
