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

mod activity;
mod body;
mod connections;
mod feeds;
mod fields;
mod gzip;
mod response;
mod rest;
mod rule_counts;
mod rule_lang;
mod rules;
mod script;
mod server;
mod steps;
mod stream;
mod subscriptions;
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
pub use script::{ChunkPattern, ContentCoding, Script};

/// How fast the emulator sends generated posts on a normal connection.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use std::time::Duration;
/// # use tweetstream::emulator::{Emulator, Rate};
/// # use tweetstream::prelude::*;
/// # use tweetstream::EventKinds;
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// assert_eq!(Rate::default(), Rate::PerSecond(10.0));
/// // No posts at all: only keep-alives, every second of (paused) tokio time.
/// let em = Emulator::builder()
///     .rate(Rate::PerSecond(0.0))
///     .keep_alive_interval(Duration::from_secs(1))
///     .start()
///     .await
///     .unwrap();
/// let client = em.client_builder().build().unwrap();
/// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET | EventKinds::KEEP_ALIVE);
/// let names: Vec<&str> = stream.take(3).map(|e| e.name()).collect().await;
/// assert_eq!(names, ["connected", "keep_alive", "keep_alive"]);
/// # }
/// ```
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
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let mut stream = client.sample(StreamParams::new().tweet_fields([TweetField::Lang])).unwrap();
/// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
/// let seen = &em.requests()[0];
/// assert_eq!(seen.method, "GET");
/// assert_eq!(seen.path, "/2/tweets/sample/stream");
/// assert_eq!(seen.query.as_deref(), Some("tweet.fields=lang"));
/// assert_eq!(seen.headers["authorization"], "Bearer emulator-token");
/// assert!(seen.body.is_empty());
/// # }
/// ```
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
    /// Every stream connection, for `/2/connections`.
    pub connections: Mutex<connections::Registry>,
    /// The X Activity subscriptions.
    pub subscriptions: Mutex<subscriptions::SubscriptionStore>,
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
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{Emulator, Rate};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::builder()
///     .bearer_token("my-token")
///     .seed(42)
///     .rate(Rate::AsFastAsRead)
///     .rule("coffee", Some("drinks"))
///     .start()
///     .await
///     .unwrap();
/// let client = em.client_builder().build().unwrap();
/// let tweet = client.filter(StreamParams::new()).unwrap().tweets().next().await.unwrap();
/// assert!(tweet.rule_tags().any(|tag| tag == "drinks"));
/// # }
/// ```
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
    subscriptions: Vec<serde_json::Value>,
    max_subscriptions: usize,
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
            subscriptions: Vec::new(),
            max_subscriptions: 1500,
        }
    }
}

impl EmulatorBuilder {
    /// Listen on this address (default `127.0.0.1:0`, an OS-chosen port).
    ///
    /// ```
    /// # use std::net::SocketAddr;
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().addr(SocketAddr::from(([127, 0, 0, 1], 0))).start().await.unwrap();
    /// assert!(em.local_addr().ip().is_loopback());
    /// assert_ne!(em.local_addr().port(), 0); // port 0: the OS chose one
    /// # }
    /// ```
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The bearer token the emulator accepts (default `emulator-token`).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().bearer_token("s3cret").start().await.unwrap();
    /// assert_eq!(em.bearer_token(), "s3cret");
    /// // Any other token gets X's 401, which retrying cannot fix.
    /// let client = StreamingClient::builder("wrong").base_url(em.base_url()).build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 401") };
    /// assert_eq!((e.status, e.retry_in), (401, None));
    /// # }
    /// ```
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The seed of the post generator (same seed, same posts).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # async fn first_post(seed: u64) -> (String, String) {
    /// #     let em = Emulator::builder().seed(seed).start().await.unwrap();
    /// #     let client = em.client_builder().build().unwrap();
    /// #     let tweet = client.sample(StreamParams::new()).unwrap().tweets().next().await.unwrap();
    /// #     (tweet.id.to_string(), tweet.text.clone())
    /// # }
    /// // `first_post` starts an emulator with this seed and returns its first post's id and text.
    /// assert_eq!(first_post(7).await, first_post(7).await);
    /// assert_ne!(first_post(7).await, first_post(8).await);
    /// # }
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// How often a keep-alive `\r\n` is sent on an open stream (default 20 s, as X does).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use std::time::Duration;
    /// # use tokio::time::Instant;
    /// # use tweetstream::emulator::{Emulator, Rate};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let em = Emulator::builder()
    ///     .keep_alive_interval(Duration::from_secs(5))
    ///     .rate(Rate::PerSecond(0.0))
    ///     .start()
    ///     .await
    ///     .unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let start = Instant::now();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::KEEP_ALIVE);
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// assert!(matches!(stream.next().await, Some(StreamEvent::KeepAlive)));
    /// assert!(start.elapsed() >= Duration::from_secs(5)); // paused time: no real wait
    /// # }
    /// ```
    pub fn keep_alive_interval(mut self, d: Duration) -> Self {
        self.keep_alive = d;
        self
    }

    /// How fast posts are sent (default [`Rate::PerSecond(10.0)`](Rate::PerSecond)).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Rate};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // At the default 10 a second this would take 50 s; as fast as read it is immediate.
    /// let em = Emulator::builder().rate(Rate::AsFastAsRead).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// assert_eq!(tweets.take(500).count().await, 500);
    /// # }
    /// ```
    pub fn rate(mut self, rate: Rate) -> Self {
        self.rate = rate;
        self
    }

    /// Serve HTTPS with a self-signed CA made at start (see [`Emulator::ca_pem`]).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().tls(true).start().await.unwrap();
    /// assert!(em.base_url().starts_with("https://127.0.0.1:"));
    /// // `client_builder` trusts the emulator's CA.
    /// let client = em.client_builder().build().unwrap();
    /// assert!(client.sample(StreamParams::new()).unwrap().tweets().next().await.is_some());
    /// # }
    /// ```
    pub fn tls(mut self, on: bool) -> Self {
        self.tls = on;
        self
    }

    /// Preload a filtered-stream rule. [`start`](Self::start) fails with
    /// [`io::ErrorKind::InvalidInput`] if the rule does not parse.
    ///
    /// ```
    /// # use std::io;
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cat OR dog", Some("pets")).start().await.unwrap();
    /// let (_id, value, tag) = &em.rules()[0];
    /// assert_eq!((value.as_str(), tag.as_deref()), ("cat OR dog", Some("pets")));
    ///
    /// let err = Emulator::builder().rule("(cat", None).start().await.unwrap_err();
    /// assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    /// # }
    /// ```
    pub fn rule(mut self, value: impl Into<String>, tag: Option<&str>) -> Self {
        self.rules.push((value.into(), tag.map(str::to_owned)));
        self
    }

    /// The most rules the rule set holds (default 1000); adds beyond it get a `rule-cap` error.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().max_rules(1).rule("cat", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.add_rules(["dog"]).await.unwrap();
    /// assert_eq!(answer.errors[0].problem_kind(), ProblemKind::RuleCap);
    /// assert_eq!(em.rules().len(), 1);
    /// # }
    /// ```
    pub fn max_rules(mut self, n: usize) -> Self {
        self.max_rules = n;
        self
    }

    /// How many simultaneous connections each stream endpoint accepts before answering 429
    /// `TooManyConnections` (default 1, as X's standard plans). As with X, a client that
    /// reconnects the instant it drops a stream can race the server noticing the drop; tests
    /// can await [`Emulator::wait_for_active_streams`] first, or raise this limit.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().max_connections(2).start().await.unwrap();
    /// let (a, b) = (em.client_builder().build().unwrap(), em.client_builder().build().unwrap());
    /// let mut first = a.sample(StreamParams::new()).unwrap();
    /// let mut second = b.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(first.next().await, Some(StreamEvent::Connected(_))));
    /// assert!(matches!(second.next().await, Some(StreamEvent::Connected(_))));
    /// assert_eq!(em.active_streams(), 2);
    /// // A third gets 429 TooManyConnections.
    /// let c = em.client_builder().build().unwrap();
    /// let Some(StreamEvent::RequestError(e)) = c.sample(StreamParams::new()).unwrap().next().await else { panic!() };
    /// assert_eq!(e.status, 429);
    /// # }
    /// ```
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// An X Activity subscription to start with, as `POST /2/activity/subscriptions` takes
    /// it: an event type, a user id, an optional tag. The activity stream sends events of
    /// the active subscriptions only.
    ///
    /// ```
    /// # use std::io;
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().activity_subscription("follow.follow", "2244994945", Some("follows"))
    ///     .start().await.unwrap();
    /// assert_eq!(em.activity_subscriptions()[0].1, "follow.follow");
    /// let err = Emulator::builder().activity_subscription("follow.nope", "1", None).start().await.unwrap_err();
    /// assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    /// # }
    /// ```
    pub fn activity_subscription(
        mut self,
        event_type: &str,
        user_id: &str,
        tag: Option<&str>,
    ) -> Self {
        let mut body =
            serde_json::json!({"event_type": event_type, "filter": {"user_id": user_id}});
        if let Some(tag) = tag {
            body["tag"] = serde_json::json!(tag);
        }
        self.subscriptions.push(body);
        self
    }

    /// The most X Activity subscriptions the app may hold (default 1,500, X's self-serve
    /// limit); a create beyond it is refused with 429 `usage-capped`.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().max_activity_subscriptions(1)
    ///     .activity_subscription("news.new", "1", None).start().await.unwrap();
    /// assert_eq!(em.activity_subscriptions().len(), 1);
    /// # }
    /// ```
    pub fn max_activity_subscriptions(mut self, n: usize) -> Self {
        self.max_subscriptions = n;
        self
    }

    /// Bind, spawn the server on the current tokio runtime, and return the handle.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = tweetstream::emulator::Emulator::builder().seed(1).start().await.unwrap();
    /// assert_eq!(em.stream_connections(), 0); // listening, nothing received yet
    /// assert!(std::net::TcpStream::connect(em.local_addr()).is_ok());
    /// # }
    /// ```
    pub async fn start(self) -> io::Result<Emulator> {
        let mut store = rules::RuleStore::new(self.seed, self.max_rules);
        for (value, tag) in &self.rules {
            store.add_one(value, tag.clone()).map_err(|e| {
                io::Error::new(io::ErrorKind::InvalidInput, format!("rule {value:?}: {e}"))
            })?;
        }
        let mut subs = subscriptions::SubscriptionStore::new(self.max_subscriptions);
        for body in &self.subscriptions {
            let reply = subs.create(body.to_string().as_bytes());
            if reply.status != 200 {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, reply.body));
            }
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
            connections: Mutex::new(connections::Registry::default()),
            subscriptions: Mutex::new(subs),
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
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let addr = em.local_addr();
/// let client = em.client_builder().build().unwrap();
/// assert!(client.sample(StreamParams::new()).unwrap().tweets().next().await.is_some());
/// drop(em); // shuts the server down
/// assert!(tokio::net::TcpStream::connect(addr).await.is_err());
/// # }
/// ```
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
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = tweetstream::emulator::Emulator::start().await.unwrap();
    /// assert_eq!(em.bearer_token(), "emulator-token");
    /// assert!(em.ca_pem().is_none()); // plain HTTP by default
    /// # }
    /// ```
    pub async fn start() -> io::Result<Emulator> {
        Self::builder().start().await
    }

    /// A builder for options.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().bearer_token("token").start().await.unwrap();
    /// assert_eq!(em.bearer_token(), "token");
    /// # }
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// `http://127.0.0.1:PORT` (an IP literal, no DNS), or `https://...` with TLS.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = tweetstream::emulator::Emulator::start().await.unwrap();
    /// assert_eq!(em.base_url(), format!("http://127.0.0.1:{}", em.local_addr().port()));
    /// let client = tweetstream::StreamingClient::builder(em.bearer_token()).base_url(em.base_url()).build().unwrap();
    /// assert_eq!(client.base_url(), em.base_url());
    /// # }
    /// ```
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The socket address the emulator listens on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = tweetstream::emulator::Emulator::start().await.unwrap();
    /// let addr = em.local_addr();
    /// assert!(addr.ip().is_loopback());
    /// assert!(em.base_url().ends_with(&format!(":{}", addr.port())));
    /// # }
    /// ```
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
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = StreamingClient::builder(em.bearer_token()).base_url(em.base_url()).build().unwrap();
    /// assert!(client.sample(StreamParams::new()).unwrap().tweets().next().await.is_some());
    /// # }
    /// ```
    pub fn bearer_token(&self) -> &str {
        &self.state.config.token
    }

    /// With TLS, the PEM of the CA that signed the server certificate (valid for `127.0.0.1`
    /// and `localhost`): trust it through the client's root-CA option.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().tls(true).start().await.unwrap();
    /// let pem = em.ca_pem().unwrap();
    /// assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    /// let client = StreamingClient::builder(em.bearer_token())
    ///     .base_url(em.base_url())
    ///     .add_root_certificate_pem(pem)
    ///     .build()
    ///     .unwrap();
    /// assert!(client.sample(StreamParams::new()).unwrap().tweets().next().await.is_some());
    /// # }
    /// ```
    pub fn ca_pem(&self) -> Option<&str> {
        self.ca_pem.as_deref()
    }

    /// Queue a script: the next stream connections (any stream endpoint) follow the queued
    /// scripts in order, one each; then connections behave normally again.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script, problems};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread", start_paused = true)]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().status(503, problems::service_unavailable()));
    /// em.push_script(Script::new().status(500, "{}"));
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let mut seen = Vec::new();
    /// while let Some(event) = stream.next().await {
    ///     match event {
    ///         StreamEvent::RequestError(e) => seen.push(e.status),
    ///         StreamEvent::Connected(_) => break, // the third connection is normal
    ///         _ => {}
    ///     }
    /// }
    /// assert_eq!(seen, [503, 500]); // in order; paused time skips the backoff
    /// # }
    /// ```
    pub fn push_script(&self, script: Script) {
        State::lock(&self.state.scripts).push_back(script);
    }

    /// How many queued scripts no connection has taken yet.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::{Emulator, Script};
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// em.push_script(Script::new().tweets(1));
    /// em.push_script(Script::new().close());
    /// assert_eq!(em.pending_scripts(), 2);
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// assert_eq!(em.pending_scripts(), 1);
    /// # }
    /// ```
    pub fn pending_scripts(&self) -> usize {
        State::lock(&self.state.scripts).len()
    }

    /// Every request seen so far, in arrival order.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// client.add_rules([("cat", "pets")]).await.unwrap();
    /// let requests = em.requests();
    /// assert_eq!(requests.len(), 1);
    /// assert_eq!(requests[0].method, "POST");
    /// assert_eq!(requests[0].path, "/2/tweets/search/stream/rules");
    /// assert!(String::from_utf8_lossy(&requests[0].body).contains(r#""tag":"pets""#));
    /// # }
    /// ```
    pub fn requests(&self) -> Vec<SeenRequest> {
        State::lock(&self.state.requests).clone()
    }

    /// Stream requests received so far (any status, scripted or not).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// // The filtered stream without rules: refused with 409, but counted.
    /// let mut stream = client.filter(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 409") };
    /// assert_eq!(e.status, 409);
    /// assert_eq!(em.stream_connections(), 1);
    /// # }
    /// ```
    pub fn stream_connections(&self) -> usize {
        self.state.stream_connections.load(Ordering::SeqCst)
    }

    /// Resolves once [`stream_connections`](Self::stream_connections) reaches at least `n`.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// let reader = tokio::spawn(async move { while stream.next().await.is_some() {} });
    /// em.wait_for_stream_connections(1).await; // no polling, no sleep
    /// assert_eq!(em.stream_connections(), 1);
    /// reader.abort();
    /// # }
    /// ```
    pub async fn wait_for_stream_connections(&self, n: usize) {
        let mut rx = self.state.connections_tx.subscribe();
        let _ = rx.wait_for(|v| *v >= n).await;
    }

    /// Stream responses currently open (drops when the response ends or the client goes away).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// assert_eq!(em.active_streams(), 1);
    /// drop(stream);
    /// em.wait_for_active_streams(0).await;
    /// assert_eq!(em.active_streams(), 0);
    /// # }
    /// ```
    pub fn active_streams(&self) -> usize {
        *self.state.active_tx.borrow()
    }

    /// Resolves when [`active_streams`](Self::active_streams) equals `n` (no polling).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(stream.next().await.is_some());
    /// drop(stream); // the server notices a moment later
    /// em.wait_for_active_streams(0).await;
    /// // Now a new connection is not refused as a second one.
    /// let mut again = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(again.next().await, Some(StreamEvent::Connected(_))));
    /// # }
    /// ```
    pub async fn wait_for_active_streams(&self, n: usize) {
        let mut rx = self.state.active_tx.subscribe();
        let _ = rx.wait_for(|v| *v == n).await;
    }

    /// A snapshot of the active rule set: `(id, value, tag)` in creation order.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cat", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// client.add_rules([("dog", "pets")]).await.unwrap();
    /// let values: Vec<_> = em.rules().into_iter().map(|(_, value, tag)| (value, tag)).collect();
    /// assert_eq!(values, [("cat".into(), None), ("dog".into(), Some("pets".into()))]);
    /// # }
    /// ```
    pub fn rules(&self) -> Vec<(String, String, Option<String>)> {
        State::lock(&self.state.rules).snapshot()
    }

    /// The active X Activity subscriptions: (id, event type, tag), in creation order.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().activity_subscription("post.create", "1", Some("posts")).start().await.unwrap();
    /// let (id, kind, tag) = &em.activity_subscriptions()[0];
    /// assert!(id.bytes().all(|b| b.is_ascii_digit()));
    /// assert_eq!((kind.as_str(), tag.as_deref()), ("post.create", Some("posts")));
    /// # }
    /// ```
    pub fn activity_subscriptions(&self) -> Vec<(String, String, Option<String>)> {
        let store = State::lock(&self.state.subscriptions);
        store
            .subs
            .iter()
            .map(|s| (s.id.to_string(), s.event_type.clone(), s.tag.clone()))
            .collect()
    }

    /// Add a rule directly (as a successful POST would), returning its id.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let id = em.add_rule("cat has:images", Some("cats")).unwrap();
    /// assert_eq!(em.rules()[0].0, id);
    /// // The client sees it as if it had been POSTed.
    /// let client = em.client_builder().build().unwrap();
    /// let rules = client.get_rules(&[]).await.unwrap();
    /// assert_eq!(rules[0].value, "cat has:images");
    /// assert!(em.add_rule("cat OR", None).is_err());
    /// # }
    /// ```
    pub fn add_rule(&self, value: &str, tag: Option<&str>) -> Result<String, RuleError> {
        State::lock(&self.state.rules).add_one(value, tag.map(str::to_owned))
    }

    /// Body bytes the enterprise streams (everything but filter and sample) have written:
    /// `(before gzip, on the wire)`.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// assert_eq!(em.feed_bytes(), (0, 0));
    /// let client = em.client_builder().gzip(false).build().unwrap();
    /// let params = StreamParams::new().partition(1);
    /// let mut tweets = client.stream(StreamEndpoint::Firehose, params).unwrap().tweets();
    /// assert!(tweets.next().await.is_some());
    /// let (plain, wire) = em.feed_bytes();
    /// assert!(plain > 0 && wire == plain); // no gzip asked for
    /// # }
    /// ```
    pub fn feed_bytes(&self) -> (u64, u64) {
        let f = &self.state.feeds;
        (
            f.plain_bytes.load(Ordering::Relaxed),
            f.wire_bytes.load(Ordering::Relaxed),
        )
    }

    /// Remove every rule.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cat", None).rule("dog", None).start().await.unwrap();
    /// em.clear_rules();
    /// assert!(em.rules().is_empty());
    /// // Now the filtered stream refuses to start: 409 RuleConfigurationIssue.
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.filter(StreamParams::new()).unwrap();
    /// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 409") };
    /// assert_eq!(e.status, 409);
    /// # }
    /// ```
    pub fn clear_rules(&self) {
        State::lock(&self.state.rules).clear();
    }
}
