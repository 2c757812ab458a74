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
//! Or tweets only, for pipelines: [`EventStream::tweets`] yields [`Delivered<Tweet>`]s, logs
//! everything else through `tracing`, and tells why it ended. The tweet carries its line's
//! context: [`author()`](Delivered::author), [`rule_tags()`](Delivered::rule_tags),
//! [`media()`](Delivered::media), [`referenced()`](Delivered::referenced), [`includes()`](Delivered::includes).
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
//! let report = client.sync_rules(desired).await?;
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

// The library never prints: what it has to say goes through `tracing` or into events.
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![forbid(unsafe_code)]

pub mod activity;
mod client;
mod connection;
pub mod connections;
mod error;
mod event;
pub mod model;
pub mod prelude;
mod request;
pub mod rules;
mod stream;

#[cfg(feature = "emulator")]
pub mod emulator;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The Rust examples in `docs/`, compiled as doctests for the same reason.
#[cfg(doctest)]
pub mod docs_doctests {
    /// docs/tweepy.md
    #[doc = include_str!("../docs/tweepy.md")]
    pub struct Tweepy;
    /// docs/reconnecting.md
    #[doc = include_str!("../docs/reconnecting.md")]
    pub struct Reconnecting;
    /// docs/performance.md
    #[doc = include_str!("../docs/performance.md")]
    pub struct Performance;
}

// The whole public surface, in one place. Model types live in `model`, rule types in
// `rules`; `prelude` gathers what a first program needs.
pub use crate::client::builder::ClientBuilder;
pub use crate::client::shared::StreamingClient;
pub use crate::connection::rate_limit::RateLimit;
pub use crate::error::{Error, ErrorKind};
pub use crate::event::decode::{decode_line, decode_line_as, validate_line};
pub use crate::event::stream_event::{
    Closed, ConnectInfo, ConnectionError, ConnectionErrorKind, Delivered, DisconnectReason,
    EventKinds, Line, LineError, RequestError, StreamEvent, UndecodableLine,
};
pub use crate::request::endpoint::{PayloadKind, StreamEndpoint, UnknownStream};
pub use crate::request::params::StreamParams;
pub use crate::stream::dedup::DedupWindow;
pub use crate::stream::disconnect::DisconnectHandle;
pub use crate::stream::event_stream::EventStream;
pub use crate::stream::reconnect::ReconnectPolicy;
pub use crate::stream::recovery::backfill_minutes_for;
pub use crate::stream::tweets::Tweets;

/// Machinery that benches, fuzz targets and property tests drive directly: the line framer
/// and the reconnect state machine. Not part of the API; it may change in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::connection::framing::{Frame, LineFramer, LineTooLong};
    pub use crate::connection::inflate::decode_all;
    pub use crate::stream::reconnect::{Decision, Failure, ReconnectState};

    /// The reason the reconnect policy gives for a fatal status (X's problem comes later).
    pub fn fatal_status(status: u16) -> crate::DisconnectReason {
        crate::DisconnectReason::FatalStatus {
            status,
            problem: None,
        }
    }
}
