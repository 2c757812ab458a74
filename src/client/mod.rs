//! `StreamingClient`: opens streams (one live stream at a time) and makes the rules calls
//! (in `rules`), over a connector its builder set up.

pub(crate) mod builder;
pub(crate) mod shared;

use std::fmt;
use std::sync::Arc;

use crate::client::builder::ClientBuilder;
use crate::client::shared::StreamingClient;
use crate::error::Error;
use crate::request::endpoint::StreamEndpoint;
use crate::request::params::StreamParams;
use crate::request::params::path_and_query;
use crate::stream::disconnect::SlotGuard;
use crate::stream::driver::StreamSpec;
use crate::stream::event_stream::EventStream;
use crate::stream::reconnect::ReconnectPolicy;

impl StreamingClient {
    /// X's production API.
    ///
    /// ```
    /// use tweetstream::StreamingClient;
    /// assert_eq!(StreamingClient::new("token").unwrap().base_url(), StreamingClient::DEFAULT_BASE_URL);
    /// ```
    pub const DEFAULT_BASE_URL: &str = "https://api.x.com";

    /// Most connections [`StreamingClient::redundant`] opens.
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let group = client.redundant(StreamEndpoint::Sample10, StreamParams::new().partition(1), StreamingClient::MAX_REDUNDANT).unwrap();
    /// assert_eq!(group.live_connections(), 8);
    /// ```
    pub const MAX_REDUNDANT: usize = 8;
}

impl StreamingClient {
    /// A client with every default, from an app-only bearer token.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::new("AAAA-app-only-token").unwrap();
    /// assert_eq!(client.base_url(), "https://api.x.com");
    /// assert!(StreamingClient::new("").unwrap_err().kind() == tweetstream::ErrorKind::Builder);
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
        self.inner.connector.user_agent.to_str().unwrap_or_default()
    }

    /// The API base URL.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// let client = StreamingClient::builder("token").base_url("http://127.0.0.1:8080/").build().unwrap();
    /// assert_eq!(client.base_url(), "http://127.0.0.1:8080"); // trailing slash trimmed
    /// ```
    pub fn base_url(&self) -> &str {
        &self.inner.connector.base_url
    }

    /// The reconnect policy in force.
    ///
    /// ```
    /// # use tweetstream::StreamingClient;
    /// # use tweetstream::__private::*;
    /// # use tweetstream::{DisconnectReason, ReconnectPolicy};
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
        self.inner.live.is_taken()
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
        self.inner.live.disconnect();
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
        let (path_and_query, slot) = self.claim(endpoint, &params)?;
        let spec = self.spec(endpoint, params, path_and_query);
        Ok(EventStream::single(spec, slot))
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
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().partition(1);
    /// let err = client.redundant(StreamEndpoint::Firehose, params.clone(), StreamingClient::MAX_REDUNDANT + 1).unwrap_err();
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
    ) -> Result<EventStream, Error> {
        if !(1..=Self::MAX_REDUNDANT).contains(&n) {
            return Err(Error::parameter(
                "n",
                format!("{n} connections: between 1 and {}", Self::MAX_REDUNDANT),
            ));
        }
        let (path_and_query, slot) = self.claim(endpoint, &params)?;
        let specs = (0..n)
            .map(|_| self.spec(endpoint, params.clone(), path_and_query.clone()))
            .collect();
        Ok(EventStream::redundant(specs, slot))
    }
}

impl StreamingClient {
    /// Checks `params` against `endpoint` and takes the one live-stream slot: the request
    /// target and the handle that holds the slot.
    fn claim(
        &self,
        endpoint: StreamEndpoint,
        params: &StreamParams,
    ) -> Result<(String, SlotGuard), Error> {
        params.validate_for(endpoint)?;
        let path_and_query = path_and_query(endpoint, params);
        // Built once here so a bad URL is refused now, before any connection attempt.
        self.inner
            .connector
            .request(http::Method::GET, &path_and_query, None)
            .map_err(|_| Error::parameter("params", "does not make a valid URL"))?;
        Ok((path_and_query, self.inner.live.claim()?))
    }

    /// What one connection of a stream needs.
    fn spec(
        &self,
        endpoint: StreamEndpoint,
        params: StreamParams,
        path_and_query: String,
    ) -> StreamSpec {
        StreamSpec {
            connector: Arc::clone(&self.inner.connector),
            reconnect: self.inner.reconnect.clone(),
            recover: self.inner.recover,
            take_over: self.inner.take_over_connections,
            endpoint,
            params,
            path_and_query,
        }
    }
}

impl fmt::Debug for StreamingClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        let c = &i.connector;
        f.debug_struct("StreamingClient")
            .field("base_url", &c.base_url)
            .field("bearer_token", &"<redacted>")
            .field("user_agent", &self.user_agent())
            .field("proxy", &c.proxy)
            .field("stall_timeout", &c.stall_timeout)
            .field("connect_timeout", &c.connect_timeout)
            .field("max_line_bytes", &c.max_line_bytes)
            .field("reconnect", &i.reconnect)
            .field("wait_on_rate_limit", &i.wait_on_rate_limit)
            .field("take_over_connections", &i.take_over_connections)
            .field("streaming", &self.is_streaming())
            .finish()
    }
}
