//! A faithful, embeddable emulator of the X API v2 streaming and rules endpoints.
//!
//! Enabled by the cargo feature `emulator` (off by default; this crate's examples, tests and
//! benches turn it on). [`Emulator::start`] serves on `127.0.0.1` with an OS-chosen port and
//! shuts down when dropped. It runs on the current tokio runtime, and all of its timing
//! (keep-alives, tweet rate, scripted delays) goes through `tokio::time`, so tests on paused
//! time (`#[tokio::test(start_paused = true)]`) drive it deterministically.
//!
//! What it serves, with X's semantics and payload shapes:
//!
//! * a bearer check on every request (a wrong token gets X's 401 problem);
//! * `GET /2/tweets/sample/stream` and `GET /2/tweets/search/stream`: chunked NDJSON lines
//!   separated by `\r\n`, a bare `\r\n` keep-alive every 20 s (configurable), 409
//!   `RuleConfigurationIssue` for the filtered stream without rules, 429
//!   `TooManyConnections` for a second connection, `backfill_minutes` validated (0 to 5, as the spec says),
//!   field parameters validated and honoured (see [`generator`]);
//! * the enterprise streams (`sample10`, the firehoses and language firehoses, posts / users /
//!   likes compliance, likes firehose and sample10, labels; see
//!   [`StreamEndpoint`](crate::StreamEndpoint)): a deterministic timeline per stream with
//!   10 minutes of history, split into X's partitions without overlap, `backfill_minutes`
//!   and `start_time`/`end_time` replayed from it, parameters checked as X's spec declares
//!   them (400 otherwise), payloads in the spec's shapes; [`Emulator::feed_bytes`] counts
//!   what they sent;
//! * gzip on every stream when the request's `Accept-Encoding` takes it (flushed per write);
//! * `GET`/`POST /2/tweets/search/stream/rules`: an in-memory rule set with tags, duplicate
//!   and invalid-rule errors, deletion by ids and values, `dry_run`, `delete_all`, and
//!   paginated lookup, with `meta.sent`, `result_count`, `next_token` and `summary`;
//! * posts from a seeded [`generator::Generator`]; the filtered stream delivers only posts
//!   matching the active rules (a useful subset of X's rule language, see `rule_lang`), with
//!   `matching_rules`;
//! * fault injection with [`Script`]s, and a record of what it saw ([`Emulator::requests`],
//!   [`Emulator::stream_connections`], [`Emulator::active_streams`]);
//! * HTTPS on demand ([`EmulatorBuilder::tls`]) with a fresh self-signed CA
//!   ([`Emulator::ca_pem`]).
//!
//! # Testing your own pipeline
//!
//! A test a user would write for their own pipeline: start the emulator with a rule, make
//! the first connection fail with a 503 and the second deliver three posts and then an
//! operational disconnect, and check that the pipeline still got what it wanted. Paused
//! time makes the 5 s backoff instant; it needs tokio's **`test-util`** feature in your
//! dev-dependencies (`#[tokio::test(start_paused = true)]`).
//!
//! ```
//! use tweetstream::emulator::{Emulator, Script, problems};
//! use tweetstream::prelude::*;
//!
//! /// The code under test: the texts of the first `n` posts tagged "coffee".
//! async fn coffee_posts(client: &StreamingClient, n: usize) -> Vec<String> {
//!     let params = StreamParams::new().tweet_fields([TweetField::Lang]);
//!     let mut tweets = client.filter(params).unwrap().tweets();
//!     let mut texts = Vec::new();
//!     while texts.len() < n {
//!         let tweet = tweets.next().await.expect("the stream ended");
//!         if tweet.rule_tags().any(|tag| tag == "coffee") {
//!             texts.push(tweet.text.clone());
//!         }
//!     }
//!     texts
//! }
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let em = Emulator::builder().rule("coffee OR café", Some("coffee")).start().await.unwrap();
//! em.push_script(Script::new().status(503, problems::service_unavailable()));
//! em.push_script(Script::new().tweets(3).operational_disconnect());
//! let client = em.client_builder().build().unwrap();
//!
//! let texts = coffee_posts(&client, 5).await;
//! assert_eq!(texts.len(), 5);
//! assert!(em.stream_connections() >= 3, "a 503, a disconnect, then a good stream");
//! assert!(em.requests().iter().all(|r| r.query.as_deref() == Some("tweet.fields=lang")));
//! # }
//! ```

pub mod generator;
pub mod problems;

mod body;
mod feeds;
mod fields;
mod gzip;
mod rule_lang;
mod rules;
mod script;
mod server;
mod steps;
mod stream;
mod tls;

use std::{
    collections::VecDeque,
    io,
    net::SocketAddr,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::{sync::watch, task::JoinHandle};

pub use feeds::{LIKE_EXPANSIONS, LIKE_FIELDS};
pub use fields::{EXPANSIONS, MEDIA_FIELDS, PLACE_FIELDS, POLL_FIELDS, TWEET_FIELDS, USER_FIELDS};
pub use rule_lang::RuleError;
pub use script::{ChunkPattern, Script};

/// How fast the emulator sends generated posts on a normal connection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// About this many posts a second (evenly spaced, tokio time). Zero or less sends no
    /// posts at all (only keep-alives), which is handy for keep-alive tests.
    PerSecond(f64),
    /// As fast as the client reads: the body is backpressured by the client's reading
    /// (through TCP, so the emulator may run ahead of the reader by the socket buffers,
    /// up to a few megabytes on loopback).
    AsFastAsRead,
}

impl Default for Rate {
    fn default() -> Self {
        Rate::PerSecond(10.0)
    }
}

/// One request the emulator received.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    /// The HTTP method.
    pub method: http::Method,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (without `?`), if any.
    pub query: Option<String>,
    /// All request headers.
    pub headers: http::HeaderMap,
    /// The request body (empty for GET; filled for rules POSTs once read).
    pub body: bytes::Bytes,
}

/// Which stream endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Sample,
    Filter,
}

pub(crate) struct Config {
    pub token: String,
    pub seed: u64,
    pub keep_alive: Duration,
    pub rate: Rate,
    pub max_connections: usize,
}

/// State shared by the server tasks and the [`Emulator`] handle.
pub(crate) struct State {
    pub config: Config,
    pub scripts: Mutex<VecDeque<Script>>,
    pub requests: Mutex<Vec<SeenRequest>>,
    pub stream_connections: AtomicUsize,
    pub connections_tx: watch::Sender<usize>,
    /// Open stream responses per endpoint `[sample, filter]`.
    pub active: Mutex<[usize; 2]>,
    pub active_tx: watch::Sender<usize>,
    pub rules: Mutex<rules::RuleStore>,
    pub shutdown: watch::Receiver<()>,
    /// The enterprise streams' timeline clock and byte counters.
    pub feeds: feeds::FeedState,
}

impl State {
    fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
        m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts one more stream connection attempt (refused ones too); returns its index.
    fn count_stream_connection(&self) -> usize {
        let index = self
            .stream_connections
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.connections_tx.send_replace(index + 1);
        index
    }
}

/// Builder for an [`Emulator`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    token: String,
    seed: u64,
    keep_alive: Duration,
    rate: Rate,
    tls: bool,
    rules: Vec<(String, Option<String>)>,
    max_rules: usize,
    max_connections: usize,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            token: "emulator-token".into(),
            seed: 0x7EE7,
            keep_alive: Duration::from_secs(20),
            rate: Rate::default(),
            tls: false,
            rules: Vec::new(),
            max_rules: 1000,
            max_connections: 1,
        }
    }
}

impl EmulatorBuilder {
    /// Listen on this address (default `127.0.0.1:0`, an OS-chosen port).
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The bearer token the emulator accepts (default `emulator-token`).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The seed of the post generator (same seed, same posts).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How often a keep-alive `\r\n` is sent on an open stream (default 20 s, as X does).
    pub fn keep_alive_interval(mut self, d: Duration) -> Self {
        self.keep_alive = d;
        self
    }

    /// How fast posts are sent (default [`Rate::PerSecond(10.0)`](Rate::PerSecond)).
    pub fn rate(mut self, rate: Rate) -> Self {
        self.rate = rate;
        self
    }

    /// Serve HTTPS with a self-signed CA made at start (see [`Emulator::ca_pem`]).
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }

    /// Preload a filtered-stream rule. [`start`](Self::start) fails with
    /// [`io::ErrorKind::InvalidInput`] if the rule does not parse.
    pub fn rule(mut self, value: impl Into<String>, tag: Option<&str>) -> Self {
        self.rules.push((value.into(), tag.map(str::to_owned)));
        self
    }

    /// The most rules the rule set holds (default 1000); adds beyond it get a `rule-cap` error.
    pub fn max_rules(mut self, n: usize) -> Self {
        self.max_rules = n;
        self
    }

    /// How many simultaneous connections each stream endpoint accepts before answering 429
    /// `TooManyConnections` (default 1, as X's standard plans). As with X, a client that
    /// reconnects the instant it drops a stream can race the server noticing the drop; tests
    /// can await [`Emulator::wait_for_active_streams`] first, or raise this limit.
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// Bind, spawn the server on the current tokio runtime, and return the handle.
    pub async fn start(self) -> io::Result<Emulator> {
        let mut store = rules::RuleStore::new(self.seed, self.max_rules);
        for (value, tag) in &self.rules {
            store.add_one(value, tag.clone()).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidInput, format!("rule {value:?}: {e}"))
            })?;
        }
        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let local = listener.local_addr()?;
        let (tls, ca_pem) = if self.tls {
            let (acceptor, pem) = tls::make()?;
            (Some(acceptor), Some(pem))
        } else {
            (None, None)
        };
        let (shutdown_tx, shutdown) = watch::channel(());
        let state = Arc::new(State {
            config: Config {
                token: self.token.clone(),
                seed: self.seed,
                keep_alive: self.keep_alive,
                rate: self.rate,
                max_connections: self.max_connections.max(1),
            },
            scripts: Mutex::new(VecDeque::new()),
            requests: Mutex::new(Vec::new()),
            stream_connections: AtomicUsize::new(0),
            connections_tx: watch::channel(0).0,
            active: Mutex::new([0, 0]),
            active_tx: watch::channel(0).0,
            rules: Mutex::new(store),
            shutdown,
            feeds: feeds::FeedState::new(),
        });
        let task = tokio::spawn(server::serve(listener, tls, state.clone()));
        let scheme = if ca_pem.is_some() { "https" } else { "http" };
        let host = match local {
            SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
            SocketAddr::V4(a) => a.to_string(),
        };
        tracing::debug!(%local, tls = ca_pem.is_some(), "emulator listening");
        Ok(Emulator {
            state,
            base_url: format!("{scheme}://{host}"),
            addr: local,
            ca_pem,
            _shutdown: shutdown_tx,
            task,
        })
    }
}

/// A running emulator. Dropping it shuts the server down: the listener closes and every
/// open connection is aborted.
pub struct Emulator {
    state: Arc<State>,
    base_url: String,
    addr: SocketAddr,
    ca_pem: Option<String>,
    _shutdown: watch::Sender<()>,
    task: JoinHandle<()>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Emulator {
    /// Start with the defaults (`Emulator::builder().start()`).
    pub async fn start() -> io::Result<Emulator> {
        Self::builder().start().await
    }

    /// A builder for options.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT` (an IP literal, no DNS), or `https://...` with TLS.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The socket address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// A client builder already pointed at this emulator: its base URL, its bearer token and,
    /// with TLS, its CA. Add settings and `build()`.
    ///
    /// ```
    /// use tweetstream::emulator::Emulator;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().max_retries(3).build().unwrap();
    /// assert_eq!(client.base_url(), em.base_url());
    /// # }
    /// ```
    pub fn client_builder(&self) -> crate::ClientBuilder {
        let builder = crate::StreamingClient::builder(self.bearer_token()).base_url(&self.base_url);
        match &self.ca_pem {
            Some(pem) => builder.add_root_certificate_pem(pem),
            None => builder,
        }
    }

    /// The bearer token it accepts.
    pub fn bearer_token(&self) -> &str {
        &self.state.config.token
    }

    /// With TLS, the PEM of the CA that signed the server certificate (valid for `127.0.0.1`
    /// and `localhost`): trust it through the client's root-CA option.
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Queue a script: the next stream connections (any stream endpoint) follow the queued
    /// scripts in order, one each; then connections behave normally again.
    pub fn push_script(&self, script: Script) {
        State::lock(&self.state.scripts).push_back(script);
    }

    /// How many queued scripts no connection has taken yet.
    pub fn pending_scripts(&self) -> usize {
        State::lock(&self.state.scripts).len()
    }

    /// Every request seen so far, in arrival order.
    pub fn requests(&self) -> Vec<SeenRequest> {
        State::lock(&self.state.requests).clone()
    }

    /// Stream requests received so far (any status, scripted or not).
    pub fn stream_connections(&self) -> usize {
        self.state.stream_connections.load(Ordering::SeqCst)
    }

    /// Resolves once [`stream_connections`](Self::stream_connections) reaches at least `n`.
    pub async fn wait_for_stream_connections(&self, n: usize) {
        let mut rx = self.state.connections_tx.subscribe();
        let _ = rx.wait_for(|v| *v >= n).await;
    }

    /// Stream responses currently open (drops when the response ends or the client goes away).
    pub fn active_streams(&self) -> usize {
        *self.state.active_tx.borrow()
    }

    /// Resolves when [`active_streams`](Self::active_streams) equals `n` (no polling).
    pub async fn wait_for_active_streams(&self, n: usize) {
        let mut rx = self.state.active_tx.subscribe();
        let _ = rx.wait_for(|v| *v == n).await;
    }

    /// A snapshot of the active rule set: `(id, value, tag)` in creation order.
    pub fn rules(&self) -> Vec<(String, String, Option<String>)> {
        State::lock(&self.state.rules).snapshot()
    }

    /// Add a rule directly (as a successful POST would), returning its id.
    pub fn add_rule(&self, value: &str, tag: Option<&str>) -> Result<String, RuleError> {
        State::lock(&self.state.rules).add_one(value, tag.map(str::to_owned))
    }

    /// Body bytes the enterprise streams (everything but filter and sample) have written:
    /// `(before gzip, on the wire)`.
    pub fn feed_bytes(&self) -> (u64, u64) {
        let f = &self.state.feeds;
        (
            f.plain_bytes.load(Ordering::Relaxed),
            f.wire_bytes.load(Ordering::Relaxed),
        )
    }

    /// Remove every rule.
    pub fn clear_rules(&self) {
        State::lock(&self.state.rules).clear();
    }
}
