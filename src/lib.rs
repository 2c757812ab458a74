//! `tweetstream`: an async client for the X (Twitter) API v2 streaming endpoints.
//!
//! tweepy's `AsyncStreamingClient`, without callbacks: [`StreamingClient::filter`] and
//! [`StreamingClient::sample`] return an [`EventStream`], a `futures_core::Stream` of
//! [`StreamEvent`]s. It reconnects by X's backoff schedules, detects stalls, never drops a
//! line (undecodable ones come back raw with the reason) and closes its socket as soon as it
//! is dropped.
//!
//! ```no_run
//! use futures_util::StreamExt as _;
//! use tweetstream::{StreamEvent, StreamParams, StreamingClient};
//!
//! # async fn run() -> Result<(), tweetstream::Error> {
//! let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").unwrap())?;
//! let mut stream = client.sample(StreamParams::new().tweet_fields(["created_at", "lang"]))?;
//! while let Some(event) = stream.next().await {
//!     match event {
//!         StreamEvent::Tweet(tweet) => println!("{}", tweet.text),
//!         StreamEvent::Disconnected(reason) => eprintln!("stream ended: {reason}"),
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```

mod client;
mod decode;
mod error;
mod events;
pub mod framing;
mod json_check;
pub mod model;
mod params;
mod percent;
mod proxy;
mod rate_limit;
pub mod reconnect;
mod rules;
mod stream;
mod transport;

#[cfg(feature = "emulator")]
pub mod emulator;

/// The README's examples, compiled as doctests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

pub use crate::client::{
    ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_STALL_TIMEOUT,
    StreamingClient,
};
pub use crate::decode::{decode_line, validate_line};
pub use crate::error::{Error, ErrorKind};
pub use crate::events::{
    Closed, ConnectInfo, ConnectionError, ConnectionErrorKind, DisconnectReason, EventKinds,
    LineError, RequestError, Shared, StreamEvent, StreamResponse, UndecodableLine,
};
pub use crate::framing::DEFAULT_MAX_LINE_BYTES;
pub use crate::params::StreamParams;
pub use crate::rate_limit::RateLimit;
pub use crate::reconnect::ReconnectPolicy;
pub use crate::rules::{
    NewRule, Rule, RulePages, RuleProblem, RulesMeta, RulesQuery, RulesResponse, RulesSummary,
    SyncPlan, SyncReport,
};
pub use crate::stream::{DisconnectHandle, EventStream};
