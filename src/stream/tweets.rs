//! `EventStream::tweets()`: the stream most pipelines want, tweets only.
//!
//! Design: the items are plain [`Delivered<Tweet>`]s, not `Result`s, so combinators (`map`,
//! `chunks_timeout`, `forward`) take them as they are; the end happens once, so its reason is
//! state to ask for afterwards ([`Tweets::disconnect_reason`]) rather than an error case in
//! every item's type. Nothing is hidden: every other event is logged through `tracing`
//! (connection events by the stream itself; undecodable lines and in-line problems at
//! `warn` here, the rest at `debug`).

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::event::stream_event::{Delivered, DisconnectReason, EventKinds, StreamEvent};
use crate::model::Tweet;
use crate::stream::disconnect::DisconnectHandle;
use crate::stream::event_stream::EventStream;

impl EventStream {
    /// Tweets only: a [`Tweets`] stream. It builds only the tweet and in-line errors events
    /// (so it overrides [`raw`](Self::raw) and [`only`](Self::only)), logs every other event
    /// through `tracing`, and once it ends tells why.
    ///
    /// ```no_run
    /// use tweetstream::prelude::*;
    ///
    /// # async fn run() -> Result<(), tweetstream::Error> {
    /// let client = StreamingClient::new(std::env::var("X_BEARER_TOKEN").unwrap())?;
    /// let mut tweets = client.sample(StreamParams::new())?.tweets();
    /// while let Some(tweet) = tweets.next().await {
    ///     println!("{tweet}");
    /// }
    /// eprintln!("ended: {:?}", tweets.disconnect_reason());
    /// # Ok(()) }
    /// ```
    pub fn tweets(self) -> Tweets {
        Tweets {
            events: self.only(EventKinds::TWEET | EventKinds::ERRORS),
            reason: None,
        }
    }
}

/// The tweets of an [`EventStream`], from [`EventStream::tweets`]; a
/// `futures_core::Stream<Item = Delivered<Tweet>>`.
///
/// When it ends (`None`), [`disconnect_reason`](Self::disconnect_reason) says why. It is
/// `Unpin`, so a pipeline can borrow it (`(&mut tweets).chunks_timeout(..)`) and read the
/// reason after the pipeline is done.
///
/// ```no_run
/// use tweetstream::prelude::*;
///
/// # async fn run(client: StreamingClient) -> Result<(), Error> {
/// let mut tweets: Tweets = client.sample(StreamParams::new())?.tweets();
/// let mut n = 0;
/// while let Some(_tweet) = tweets.next().await {
///     n += 1;
/// }
/// match tweets.disconnect_reason() {
///     Some(DisconnectReason::Requested) => println!("{n} tweets, stopped as asked"),
///     Some(reason) => eprintln!("{n} tweets, then: {reason}"),
///     None => unreachable!("a stream that ended has a reason"),
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Tweets {
    events: EventStream,
    reason: Option<DisconnectReason>,
}

impl Tweets {
    /// Why the stream ended, once it has (`None` while it runs).
    ///
    /// ```no_run
    /// # use tweetstream::prelude::*;
    /// # async fn run(mut tweets: Tweets) {
    /// while let Some(tweet) = tweets.next().await {
    ///     println!("{tweet}");
    /// }
    /// if let Some(reason) = tweets.disconnect_reason() {
    ///     eprintln!("stream ended: {reason}");
    /// }
    /// # }
    /// ```
    pub fn disconnect_reason(&self) -> Option<&DisconnectReason> {
        self.reason.as_ref()
    }

    /// A handle that ends this stream from elsewhere (a timer, Ctrl-C).
    ///
    /// ```no_run
    /// # use tweetstream::prelude::*;
    /// # async fn run(tweets: Tweets) {
    /// let stop = tweets.disconnect_handle();
    /// tokio::spawn(async move {
    ///     let _ = tokio::signal::ctrl_c().await;
    ///     stop.disconnect();
    /// });
    /// # }
    /// ```
    pub fn disconnect_handle(&self) -> DisconnectHandle {
        self.events.disconnect_handle()
    }

    /// The next tweet, or `None` once the stream has ended: `StreamExt::next` without
    /// importing a trait. (`EventStream` has none, so that existing `StreamExt` imports stay
    /// used.)
    ///
    /// ```no_run
    /// # use tweetstream::prelude::*;
    /// # async fn run(mut tweets: Tweets) {
    /// while let Some(tweet) = tweets.next().await {
    ///     println!("{} {:?}", tweet.text, tweet.author().map(|u| &u.username));
    /// }
    /// # }
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub async fn next(&mut self) -> Option<Delivered<Tweet>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

/// Logs what a tweets-only reader does not see. Connection events are already logged by the
/// stream (`info`/`warn`), so they go at `debug` here.
fn log_skipped(event: &StreamEvent) {
    match event {
        StreamEvent::Undecodable(u) => {
            tracing::warn!(raw = %String::from_utf8_lossy(&u.raw), "skipped {event}");
        }
        StreamEvent::Errors(problems) if problems.line().tweet().is_none() => {
            tracing::warn!("{event}");
        }
        _ => tracing::debug!("{event}"),
    }
}

impl Stream for Tweets {
    type Item = Delivered<Tweet>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Delivered<Tweet>>> {
        loop {
            match Pin::new(&mut self.events).poll_next(cx) {
                Poll::Ready(Some(StreamEvent::Tweet(tweet))) => return Poll::Ready(Some(tweet)),
                Poll::Ready(Some(StreamEvent::Disconnected(reason))) => {
                    self.reason = Some(reason);
                }
                Poll::Ready(Some(event)) => log_skipped(&event),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
