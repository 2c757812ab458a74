//! One `use` line for the common case: `use tweetstream::prelude::*;`.
//!
//! The client and its parameters, the events, the tweets-only stream, the model types
//! every program touches, rules, and the error. Nothing here clashes with std or tokio.
//!
//! ```no_run
//! use tweetstream::prelude::*;
//!
//! # async fn run() -> Result<(), tweetstream::Error> {
//! let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").unwrap())?;
//! let mut tweets = client.filter(StreamParams::new().expansions([Expansion::AuthorId]))?.tweets();
//! while let Some(tweet) = tweets.next().await {
//!     let who: Option<&User> = tweet.author();
//!     println!("{tweet} {:?}", who.map(|u| &u.name));
//! }
//! # Ok(()) }
//! ```

pub use crate::event::stream_event::{Delivered, DisconnectReason, StreamEvent};
pub use crate::model::{
    Expansion, Includes, MatchingRule, Media, Problem, ProblemKind, Tweet, TweetField, TweetId,
    User, UserField, UserId,
};
pub use crate::rules::{NewRule, SyncReport};
pub use crate::stream::disconnect::DisconnectHandle;
pub use crate::stream::event_stream::EventStream;
pub use crate::stream::tweets::Tweets;
pub use crate::{ConnectionError, Error, RequestError, StreamParams, StreamingClient};
