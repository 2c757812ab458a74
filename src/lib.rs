//! `tweetstream`: an async client for the X (Twitter) API v2 streaming endpoints.
//!
//! tweepy's `AsyncStreamingClient`, without callbacks: [`StreamingClient::filter`] and
//! [`StreamingClient::sample`] return an [`EventStream`], a `futures_core::Stream` of
//! [`StreamEvent`]s. It reconnects by X's backoff schedules, detects stalls, never drops a
//! line (undecodable ones come back raw with the reason) and closes its socket as soon as it
//! is dropped. `use tweetstream::prelude::*;` brings in what the common case needs.
//!
//! The three things you do with it:
//!
//! # 1. Stream
//!
//! Every event, with the connection's ups and downs (each event has a one-line `Display`):
//!
//! ```no_run
//! use futures_util::StreamExt as _;
//! use tweetstream::prelude::*;
//!
//! # async fn run() -> Result<(), Error> {
//! let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").unwrap())?;
//! let params = StreamParams::new().expansions([Expansion::AuthorId]);
//! let mut stream = client.filter(params)?;
//! while let Some(event) = stream.next().await {
//!     match event {
//!         StreamEvent::Tweet(tweet) => println!("{tweet}"), // id @author: text
//!         // A 409 (no rules yet), a 429, a dropped connection, the end: say why.
//!         StreamEvent::ConnectionError(_)
//!         | StreamEvent::RequestError(_)
//!         | StreamEvent::Disconnected(_) => eprintln!("{event}"),
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! Or tweets only, for pipelines: [`EventStream::tweets`] yields [`Shared<Tweet>`]s, logs
//! everything else through `tracing`, and tells why it ended. The tweet carries its line's
//! context: [`author()`](Shared::author), [`rule_tags()`](Shared::rule_tags),
//! [`media()`](Shared::media), [`referenced()`](Shared::referenced), [`includes()`](Shared::includes).
//!
//! ```no_run
//! # use tweetstream::prelude::*;
//! # async fn run(client: StreamingClient) -> Result<(), Error> {
//! let mut tweets = client.sample(StreamParams::new())?.tweets();
//! while let Some(tweet) = tweets.next().await {
//!     println!("{:?} {}", tweet.author().map(|u| &u.username), tweet.text);
//! }
//! eprintln!("ended: {:?}", tweets.disconnect_reason());
//! # Ok(()) }
//! ```
//!
//! Field and expansion names are checked against the typed lists ([`model::TweetField`],
//! [`model::Expansion`], ...) before any request; a name X added after this crate goes
//! through [`StreamParams::allow_unknown_fields`].
//!
//! # 2. Manage rules
//!
//! ```no_run
//! # use tweetstream::prelude::*;
//! # async fn run(client: StreamingClient) -> Result<(), Error> {
//! let desired = [NewRule::new("cats has:images").tag("cats"), NewRule::new("rust lang")];
//! let report = client.sync_rules(desired, false).await?;
//! println!("{report}"); // kept 1, deleted 0, created 1; refused: ... (with X's reason)
//! # Ok(()) }
//! ```
//!
//! `add_rules`, `delete_rules`, `get_rules` and friends are on [`StreamingClient`].
//!
//! # 3. Test with the emulator
//!
//! With the `emulator` feature (put it in your dev-dependencies), the built-in X API
//! emulator serves streams and rules on loopback, with fault scripts; see [`emulator`].
//!
//! ```toml
//! [dev-dependencies]
//! tweetstream = { version = "0.1", features = ["emulator"] }
//! tokio = { version = "1", features = ["macros", "rt", "test-util"] } # test-util: paused time
//! ```
//!
//! ```
//! use tweetstream::emulator::{Emulator, Script, problems};
//! use tweetstream::prelude::*;
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! // In a test: #[tokio::test(start_paused = true)] async fn my_pipeline_survives_a_503() {
//! let em = Emulator::start().await.unwrap();
//! em.push_script(Script::new().status(503, problems::service_unavailable()));
//! let client = em.client_builder().build().unwrap(); // pointed at the emulator
//! let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
//! assert!(tweets.next().await.is_some()); // the 5 s backoff after the 503 passes instantly
//! # }
//! ```
//!
//! **Paused time** (`#[tokio::test(start_paused = true)]`, which makes backoffs instant and
//! tests deterministic) needs tokio's `test-util` feature in your dev-dependencies.

mod client;
mod decode;
mod dedup;
mod display;
mod endpoint;
mod error;
mod events;
mod field_names;
pub mod framing;
mod inflate;
mod json_check;
pub mod model;
mod params;
mod percent;
pub mod prelude;
mod proxy;
mod rate_limit;
pub mod reconnect;
mod recovery;
mod redundant;
mod rules;
mod stream;
mod transport;
mod tweet_event;
mod tweets;

#[cfg(feature = "emulator")]
pub mod emulator;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use crate::client::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_STALL_TIMEOUT, MAX_REDUNDANT,
    StreamingClient,
};
pub use crate::decode::{decode_line, decode_line_as, validate_line};
pub use crate::dedup::DEDUP_WINDOW;
pub use crate::endpoint::{PayloadKind, StreamEndpoint, UnknownStream};
pub use crate::error::{Error, ErrorKind};
pub use crate::events::{
    Closed, ConnectInfo, ConnectionError, ConnectionErrorKind, DisconnectReason, EventKinds,
    LineError, RequestError, Shared, StreamEvent, StreamResponse, UndecodableLine,
};
pub use crate::framing::DEFAULT_MAX_LINE_BYTES;
pub use crate::model::{
    Includes, MatchingRule, Media, Problem, ProblemKind, Tweet, TweetId, User, UserId,
};
pub use crate::params::StreamParams;
pub use crate::rate_limit::RateLimit;
pub use crate::reconnect::ReconnectPolicy;
pub use crate::recovery::{MAX_BACKFILL_MINUTES, RECOVERY_MARGIN, backfill_minutes_for};
pub use crate::redundant::RedundantStream;
pub use crate::rules::{
    NewRule, Rule, RulePages, RuleProblem, RulesMeta, RulesQuery, RulesResponse, RulesSummary,
    SyncPlan, SyncReport,
};
pub use crate::stream::{DisconnectHandle, EventStream};
pub use crate::tweets::Tweets;
