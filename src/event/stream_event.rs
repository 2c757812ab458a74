//! The items of an [`EventStream`](crate::EventStream): one variant per tweepy callback.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use serde::{Serialize, Serializer};

use crate::connection::rate_limit::RateLimit;
use crate::model::{
    Activity, Compliance, Includes, Label, Like, MatchingRule, Payload, Problem, StreamLine, Tweet,
};

/// One thing that happened on the stream.
///
/// For each data line the events come in tweepy's order: `Tweet`, `Includes`, `Errors`,
/// `MatchingRules` (each only when present), then `Response`; they share one decoded
/// payload rather than copying it. Serializes as `{"event": "<snake_case>", "data": ...}`.
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap();
/// let mut names = Vec::new();
/// while let Some(event) = stream.next().await {
///     names.push(event.name());
///     if let StreamEvent::Response(line) = &event {
///         assert!(line.tweet().is_some());
///         break;
///     }
/// }
/// // A connection, then each line's parts in tweepy's order, ending with the whole line.
/// assert_eq!(names.first(), Some(&"connected"));
/// assert!(names.ends_with(&["tweet", "response"]) || names.ends_with(&["includes", "response"]));
/// # }
/// ```
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", content = "data", rename_all = "snake_case")]
#[non_exhaustive]
pub enum StreamEvent {
    /// A connection was established (tweepy's `on_connect`).
    Connected(ConnectInfo),
    /// The line's `data` (tweepy's `on_tweet`).
    Tweet(Delivered<Tweet>),
    /// The line's `data` on the likes streams.
    Like(Delivered<Like>),
    /// The line's `data` on the compliance streams (posts, users, likes).
    Compliance(Delivered<Compliance>),
    /// The line's `data` on the label stream.
    Label(Delivered<Label>),
    /// The line's `data` on the X Activity stream.
    Activity(Delivered<Activity>),
    /// The line's `includes` (tweepy's `on_includes`).
    Includes(Delivered<Includes>),
    /// The line's `errors` (tweepy's `on_errors`), e.g. an operational disconnect notice.
    Errors(Delivered<[Problem]>),
    /// The line's `matching_rules` (tweepy's `on_matching_rules`).
    MatchingRules(Delivered<[MatchingRule]>),
    /// The whole decoded line (tweepy's `on_response`), with its raw bytes.
    Response(Arc<Line>),
    /// A keep-alive blank line (tweepy's `on_keep_alive`).
    KeepAlive,
    /// In raw mode ([`EventStream::raw`](crate::EventStream::raw)): a data line exactly as
    /// received (without `\r\n`), checked to be a UTF-8 JSON object but not decoded
    /// (tweepy's `on_data`).
    Raw(#[serde(serialize_with = "raw_json")] Bytes),
    /// A line that could not be decoded, handed back whole with the reason; the stream goes on
    /// (where tweepy's `on_exception` would have killed it).
    Undecodable(UndecodableLine),
    /// The server ended a 200 stream (tweepy's `on_closed`); a reconnect follows.
    Closed(Closed),
    /// A network error, TLS error, stall or oversized line (tweepy's `on_connection_error`).
    ConnectionError(ConnectionError),
    /// The server answered with an error status (tweepy's `on_request_error`).
    /// Boxed: the problem body is large next to the other events.
    RequestError(Box<RequestError>),
    /// With `recover(true)`: a reconnection after a gap asked for this much backfill; what
    /// the backfill sends twice is dropped.
    Recovered {
        /// Time from the last line received to the new connection.
        #[serde(rename = "gap_secs", serialize_with = "secs_f64")]
        gap: Duration,
        /// The `backfill_minutes` sent (the gap rounded up, at most 5).
        backfill_minutes: u32,
    },
    /// The final item when the stream ends by itself (tweepy's `on_disconnect`).
    Disconnected(DisconnectReason),
}

impl StreamEvent {
    /// A short snake_case name of the variant, as in the serialized form.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let event = StreamEvent::KeepAlive;
    /// assert_eq!(event.name(), "keep_alive");
    /// assert_eq!(serde_json::to_value(&event).unwrap()["event"], "keep_alive");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            StreamEvent::Connected(_) => "connected",
            StreamEvent::Tweet(_) => "tweet",
            StreamEvent::Like(_) => "like",
            StreamEvent::Compliance(_) => "compliance",
            StreamEvent::Label(_) => "label",
            StreamEvent::Activity(_) => "activity",
            StreamEvent::Recovered { .. } => "recovered",
            StreamEvent::Includes(_) => "includes",
            StreamEvent::Errors(_) => "errors",
            StreamEvent::MatchingRules(_) => "matching_rules",
            StreamEvent::Response(_) => "response",
            StreamEvent::KeepAlive => "keep_alive",
            StreamEvent::Raw(_) => "raw",
            StreamEvent::Undecodable(_) => "undecodable",
            StreamEvent::Closed(_) => "closed",
            StreamEvent::ConnectionError(_) => "connection_error",
            StreamEvent::RequestError(_) => "request_error",
            StreamEvent::Disconnected(_) => "disconnected",
        }
    }

    /// The tweet, when this is a [`StreamEvent::Tweet`].
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn text(event: &StreamEvent) -> Option<&str> {
    ///     event.as_tweet().map(|tweet| tweet.text.as_str())
    /// }
    /// ```
    pub fn as_tweet(&self) -> Option<&Delivered<Tweet>> {
        match self {
            StreamEvent::Tweet(tweet) => Some(tweet),
            _ => None,
        }
    }

    /// The tweet, when this is a [`StreamEvent::Tweet`]; for `filter_map` in a pipeline.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn tweets(events: Vec<StreamEvent>) -> Vec<Delivered<Tweet>> {
    ///     events.into_iter().filter_map(StreamEvent::into_tweet).collect()
    /// }
    /// ```
    pub fn into_tweet(self) -> Option<Delivered<Tweet>> {
        match self {
            StreamEvent::Tweet(tweet) => Some(tweet),
            _ => None,
        }
    }
}

/// A part of a decoded line, shared with the line's other events instead of copied.
///
/// What is cheap: reading it (it derefs to the part, e.g. `tweet.text`), `clone()` (one
/// reference-count increment, whatever the size of the line) and sending it to another
/// task or thread (it is `Send + Sync + 'static`). What copies: [`into_owned`](Self::into_owned),
/// which clones the part itself; you need it only where an API wants the plain type.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
/// let tweet: Delivered<Tweet> = tweets.next().await.unwrap();
/// let copy = tweet.clone(); // no copy of the tweet: both point into the same line
/// assert!(std::ptr::eq(&*tweet, &*copy));
/// assert!(!tweet.text.is_empty()); // reads like a `&Tweet`
/// # }
/// ```
pub struct Delivered<T: ?Sized + 'static> {
    line: Arc<Line>,
    project: fn(&Line) -> &T,
}

impl<T: ?Sized> Delivered<T> {
    pub(crate) fn new(line: Arc<Line>, project: fn(&Line) -> &T) -> Self {
        Delivered { line, project }
    }

    /// The whole line this part belongs to.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut tweets = client.sample(StreamParams::new()).unwrap().tweets();
    /// let tweet = tweets.next().await.unwrap();
    /// let line = tweet.line();
    /// assert_eq!(line.tweet().map(|t| t.id), Some(tweet.id));
    /// assert!(line.bytes().starts_with(b"{"));
    /// # }
    /// ```
    pub fn line(&self) -> &Arc<Line> {
        &self.line
    }

    /// A copy of the part, detached from the line (a deep clone: a `Tweet` for a
    /// `Delivered<Tweet>`, a `Vec<Problem>` for a `Delivered<[Problem]>`). Keeping or sending the
    /// `Delivered` itself is cheaper; use this where an API wants the plain type.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// fn keep(tweet: Delivered<Tweet>) -> Tweet {
    ///     tweet.into_owned()
    /// }
    /// ```
    pub fn into_owned(self) -> T::Owned
    where
        T: ToOwned,
    {
        (*self).to_owned()
    }
}

impl<T: ?Sized> Deref for Delivered<T> {
    type Target = T;
    fn deref(&self) -> &T {
        (self.project)(&self.line)
    }
}

impl<T: ?Sized> Clone for Delivered<T> {
    fn clone(&self) -> Self {
        Delivered {
            line: Arc::clone(&self.line),
            project: self.project,
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Delivered<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + Serialize> Serialize for Delivered<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

/// One decoded data line: tweepy's `Line(tweet, includes, errors, matching_rules)`
/// plus the raw bytes, so that no field X sends is ever lost.
///
/// ```
/// use bytes::Bytes;
/// let line = Bytes::from_static(br#"{"data":{"id":"1","text":"hi"},"matching_rules":[{"id":"7","tag":"greetings"}]}"#);
/// let response = tweetstream::decode_line(line.clone()).unwrap();
/// assert_eq!(response.tweet().unwrap().text, "hi");
/// assert_eq!(response.matching_rules()[0].tag.as_deref(), Some("greetings"));
/// assert_eq!(response.bytes(), &line);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    line: StreamLine,
    payload: Option<Payload>,
    raw: Bytes,
}

impl Line {
    pub(crate) fn with_payload(line: StreamLine, payload: Option<Payload>, raw: Bytes) -> Self {
        Line { line, payload, raw }
    }

    /// The `data` of a likes, compliance or label line.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// use tweetstream::{PayloadKind, decode_line_as};
    /// let line = Bytes::from_static(br#"{"data":{"id":"8ba4","liked_tweet_id":"1346889436626259968"}}"#);
    /// let response = decode_line_as(line, PayloadKind::Like).unwrap();
    /// assert!(response.payload().is_some());
    /// assert!(response.tweet().is_none()); // a like is not a post
    /// ```
    pub fn payload(&self) -> Option<&Payload> {
        self.payload.as_ref()
    }

    /// The like (`data` on the likes streams), when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::{PayloadKind, decode_line_as};
    /// let line = Bytes::from_static(br#"{"data":{"id":"8ba4","liked_tweet_id":"1346889436626259968"}}"#);
    /// let like = decode_line_as(line, PayloadKind::Like).unwrap().like().cloned().unwrap();
    /// assert_eq!(like.liked_tweet_id.unwrap(), 1346889436626259968);
    /// ```
    pub fn like(&self) -> Option<&Like> {
        match &self.payload {
            Some(Payload::Like(l)) => Some(l),
            _ => None,
        }
    }

    /// The compliance event (`data` on the compliance streams), when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::{PayloadKind, decode_line_as};
    /// let line = Bytes::from_static(
    ///     br#"{"data":{"delete":{"tweet":{"id":"1346889436626259968","author_id":"2244994945"},"event_at":"2021-07-06T18:40:40.000Z"}}}"#,
    /// );
    /// let response = decode_line_as(line, PayloadKind::Compliance).unwrap();
    /// assert!(matches!(response.compliance(), Some(tweetstream::model::Compliance::Delete(_))));
    /// assert!(response.like().is_none());
    /// ```
    pub fn compliance(&self) -> Option<&Compliance> {
        match &self.payload {
            Some(Payload::Compliance(c)) => Some(c),
            _ => None,
        }
    }

    /// The X Activity event (`data` on the activity stream), when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::{PayloadKind, decode_line_as};
    /// let line = Bytes::from_static(
    ///     br#"{"data":{"event_type":"profile.update.bio","payload":{"before":"a","after":"b"}}}"#,
    /// );
    /// let response = decode_line_as(line, PayloadKind::Activity).unwrap();
    /// assert_eq!(response.activity().unwrap().kind(), "profile.update.bio");
    /// ```
    pub fn activity(&self) -> Option<&Activity> {
        match &self.payload {
            Some(Payload::Activity(a)) => Some(a),
            _ => None,
        }
    }

    /// The label event (`data` on the label stream), when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// # use tweetstream::{PayloadKind, decode_line_as};
    /// let line = Bytes::from_static(
    ///     br#"{"data":{"public_tweet_unviewable":{"tweet":{"id":"1","author_id":"2"},"event_type":"unviewable","event_at":"2021-07-06T18:40:40.000Z","application":"apply"}}}"#,
    /// );
    /// let response = decode_line_as(line, PayloadKind::Label).unwrap();
    /// assert!(response.label().is_some());
    /// assert!(response.compliance().is_none());
    /// ```
    pub fn label(&self) -> Option<&Label> {
        match &self.payload {
            Some(Payload::Label(l)) => Some(l),
            _ => None,
        }
    }

    /// The decoded line.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let response = tweetstream::decode_line(Bytes::from_static(br#"{"data":{"id":"5","text":"x"}}"#)).unwrap();
    /// assert!(response.decoded().data.as_ref().is_some_and(|t| t.id == 5));
    /// ```
    pub fn decoded(&self) -> &StreamLine {
        &self.line
    }

    /// The tweet (`data`), when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let response = tweetstream::decode_line(Bytes::from_static(br#"{"data":{"id":"5","text":"x"}}"#)).unwrap();
    /// assert_eq!(response.tweet().unwrap().id, 5);
    /// ```
    pub fn tweet(&self) -> Option<&Tweet> {
        self.line.data.as_ref()
    }

    /// The `includes`, when present.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let response = tweetstream::decode_line(Bytes::from_static(
    ///     br#"{"data":{"id":"5","text":"x","author_id":"9"},"includes":{"users":[{"id":"9","name":"N","username":"n"}]}}"#,
    /// )).unwrap();
    /// let users = response.includes().unwrap().users.as_deref().unwrap();
    /// assert_eq!(users[0].username, "n");
    /// ```
    pub fn includes(&self) -> Option<&Includes> {
        self.line.includes.as_ref()
    }

    /// The `errors` (empty when absent).
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let line = br#"{"errors":[{"title":"operational-disconnect","disconnect_type":"UpstreamOperationalDisconnect","detail":"This stream has been disconnected upstream for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}"#;
    /// let response = tweetstream::decode_line(Bytes::from_static(line)).unwrap();
    /// assert_eq!(response.errors()[0].title, "operational-disconnect");
    /// assert!(response.tweet().is_none());
    /// ```
    pub fn errors(&self) -> &[Problem] {
        &self.line.errors
    }

    /// The `matching_rules` (empty when absent, as on the sample stream).
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let line = br#"{"data":{"id":"5","text":"x"},"matching_rules":[{"id":"7","tag":"cats"}]}"#;
    /// let response = tweetstream::decode_line(Bytes::from_static(line)).unwrap();
    /// assert_eq!(response.matching_rules()[0].id, 7);
    /// let sample = tweetstream::decode_line(Bytes::from_static(br#"{"data":{"id":"5","text":"x"}}"#)).unwrap();
    /// assert!(sample.matching_rules().is_empty());
    /// ```
    pub fn matching_rules(&self) -> &[MatchingRule] {
        &self.line.matching_rules
    }

    /// The line exactly as received, without its `\r\n`.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// // Fields this crate does not model are kept in the raw line.
    /// let line = Bytes::from_static(br#"{"data":{"id":"5","text":"x"},"brand_new":1}"#);
    /// assert_eq!(tweetstream::decode_line(line.clone()).unwrap().bytes(), &line);
    /// ```
    pub fn bytes(&self) -> &Bytes {
        &self.raw
    }

    /// Consumes the response, returning the decoded line.
    ///
    /// ```
    /// # use bytes::Bytes;
    /// let response = tweetstream::decode_line(Bytes::from_static(br#"{"data":{"id":"5","text":"x"}}"#)).unwrap();
    /// let line: tweetstream::model::StreamLine = response.into_decoded();
    /// assert_eq!(line.data.unwrap().text, "x");
    /// ```
    pub fn into_decoded(self) -> StreamLine {
        self.line
    }
}

impl Serialize for Line {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(payload) = &self.payload else {
            return self.line.serialize(s);
        };
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        // As `StreamLine` does: typed members unless a kept member of the
        // same name replaces them, then the kept ones (unknown members, a
        // `null` `includes`), so the line re-encodes whole.
        let (line, extra) = (&self.line, &self.line.extra);
        m.serialize_entry("data", payload)?;
        if let Some(i) = line
            .includes
            .as_ref()
            .filter(|_| !extra.overrides("includes"))
        {
            m.serialize_entry("includes", i)?;
        }
        if !line.errors.is_empty() && !extra.overrides("errors") {
            m.serialize_entry("errors", &line.errors)?;
        }
        extra.serialize_into(&mut m)?;
        m.end()
    }
}

/// Why a line could not be decoded.
///
/// ```
/// use bytes::Bytes;
/// use tweetstream::{LineError, decode_line};
/// let err = decode_line(Bytes::from_static(b"ab\xff")).unwrap_err();
/// assert_eq!(err.reason, LineError::NotUtf8 { valid_up_to: 2 });
/// let err = decode_line(Bytes::from_static(b"[1]")).unwrap_err();
/// assert!(matches!(err.reason, LineError::Shape(_)));
/// let err = decode_line(Bytes::from_static(b"{\"data\":")).unwrap_err();
/// assert!(matches!(err.reason, LineError::NotJson(_)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LineError {
    /// The bytes are not UTF-8 (`valid_up_to` bytes are).
    NotUtf8 {
        /// Length of the valid UTF-8 prefix.
        valid_up_to: usize,
    },
    /// The text is not a JSON object.
    NotJson(String),
    /// It is JSON, but not of the shape of a stream line.
    Shape(String),
    /// The server closed the connection in the middle of this line.
    Truncated,
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::NotUtf8 { valid_up_to } => {
                write!(f, "not UTF-8 (invalid byte after {valid_up_to} bytes)")
            }
            LineError::NotJson(e) => write!(f, "not JSON: {e}"),
            LineError::Shape(e) => write!(f, "unexpected shape: {e}"),
            LineError::Truncated => f.write_str("connection closed in the middle of the line"),
        }
    }
}

impl std::error::Error for LineError {}

impl Serialize for LineError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A line handed back undecoded, with the reason.
///
/// ```
/// use bytes::Bytes;
/// // A bad line is handed back whole, with the reason.
/// let err = tweetstream::decode_line(Bytes::from_static(b"{not json}")).unwrap_err();
/// assert_eq!(err.raw, Bytes::from_static(b"{not json}"));
/// assert!(err.reason.to_string().starts_with("not JSON"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndecodableLine {
    /// The line as received, without its terminator.
    pub raw: Bytes,
    /// Why it did not decode.
    pub reason: LineError,
}

impl Serialize for UndecodableLine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("UndecodableLine", 2)?;
        st.serialize_field("raw", &String::from_utf8_lossy(&self.raw))?;
        st.serialize_field("reason", &self.reason)?;
        st.end()
    }
}

/// A checked raw line serializes as the JSON it is, not as a string.
fn raw_json<S: Serializer>(raw: &Bytes, s: S) -> Result<S::Ok, S::Error> {
    let text = std::str::from_utf8(raw).map_err(serde::ser::Error::custom)?;
    let value: &serde_json::value::RawValue =
        serde_json::from_str(text).map_err(serde::ser::Error::custom)?;
    value.serialize(s)
}

/// Which per-line events a stream builds; the others cost nothing.
///
/// Connection events (`Connected`, `Closed`, `ConnectionError`, `RequestError`,
/// `Disconnected`) and `Undecodable` are always delivered: a stream never fails silently.
///
/// ```
/// use tweetstream::EventKinds;
/// let kinds = EventKinds::TWEET | EventKinds::ERRORS;
/// assert!(kinds.contains(EventKinds::ERRORS));
/// assert!(!kinds.contains(EventKinds::KEEP_ALIVE));
/// assert_eq!(EventKinds::default(), EventKinds::ALL);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EventKinds(u8);

impl EventKinds {
    /// `Tweet`, and on the other streams `Like`, `Compliance`, `Label` and `Activity` (the line's `data`).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::TWEET);
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Tweet(_))));
    /// # }
    /// ```
    pub const TWEET: EventKinds = EventKinds(1);
    /// `Includes`.
    ///
    /// ```
    /// # use tweetstream::EventKinds;
    /// assert!(!EventKinds::TWEET.contains(EventKinds::INCLUDES));
    /// assert!((EventKinds::TWEET | EventKinds::INCLUDES).contains(EventKinds::INCLUDES));
    /// ```
    pub const INCLUDES: EventKinds = EventKinds(1 << 1);
    /// `Errors`.
    ///
    /// ```
    /// # use tweetstream::EventKinds;
    /// // What `tweets()` builds: the posts and the in-line problems.
    /// let kinds = EventKinds::TWEET | EventKinds::ERRORS;
    /// assert!(kinds.contains(EventKinds::ERRORS) && !kinds.contains(EventKinds::RESPONSE));
    /// ```
    pub const ERRORS: EventKinds = EventKinds(1 << 2);
    /// `MatchingRules`.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cats", Some("cats")).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.filter(StreamParams::new()).unwrap().only(EventKinds::MATCHING_RULES);
    /// let rules = loop {
    ///     if let Some(StreamEvent::MatchingRules(rules)) = stream.next().await {
    ///         break rules;
    ///     }
    /// };
    /// assert_eq!(rules[0].tag.as_deref(), Some("cats"));
    /// # }
    /// ```
    pub const MATCHING_RULES: EventKinds = EventKinds(1 << 3);
    /// `Response`.
    ///
    /// ```
    /// # use tweetstream::EventKinds;
    /// assert_ne!(EventKinds::RESPONSE, EventKinds::TWEET);
    /// assert!(EventKinds::ALL.contains(EventKinds::RESPONSE));
    /// ```
    pub const RESPONSE: EventKinds = EventKinds(1 << 4);
    /// `KeepAlive`.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use std::time::Duration;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().keep_alive_interval(Duration::from_millis(20)).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// // Only the keep-alives (and connection events): the posts in between cost nothing.
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::KEEP_ALIVE);
    /// let names: Vec<&str> = stream.take(3).map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["connected", "keep_alive", "keep_alive"]);
    /// # }
    /// ```
    pub const KEEP_ALIVE: EventKinds = EventKinds(1 << 5);
    /// Every kind (the default).
    ///
    /// ```
    /// # use tweetstream::EventKinds;
    /// let every = EventKinds::TWEET | EventKinds::INCLUDES | EventKinds::ERRORS
    ///     | EventKinds::MATCHING_RULES | EventKinds::RESPONSE | EventKinds::KEEP_ALIVE;
    /// assert_eq!(every, EventKinds::ALL);
    /// ```
    pub const ALL: EventKinds = EventKinds(0b11_1111);
    /// None of the per-line kinds: only connection events and undecodable lines.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::EventKinds;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().bearer_token("right").start().await.unwrap();
    /// let client = StreamingClient::builder("wrong").base_url(em.base_url()).build().unwrap();
    /// // Connection events still come: a stream never fails silently.
    /// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
    /// let names: Vec<&str> = stream.map(|e| e.name()).collect().await;
    /// assert_eq!(names, ["request_error", "disconnected"]);
    /// # }
    /// ```
    pub const NONE: EventKinds = EventKinds(0);

    /// Whether every kind in `other` is in `self`.
    ///
    /// ```
    /// # use tweetstream::EventKinds;
    /// assert!(EventKinds::ALL.contains(EventKinds::RESPONSE | EventKinds::INCLUDES));
    /// assert!(EventKinds::TWEET.contains(EventKinds::NONE));
    /// assert!(!EventKinds::NONE.contains(EventKinds::TWEET));
    /// ```
    pub const fn contains(self, other: EventKinds) -> bool {
        self.0 & other.0 == other.0
    }
}

impl std::ops::BitOr for EventKinds {
    type Output = EventKinds;
    fn bitor(self, rhs: EventKinds) -> EventKinds {
        EventKinds(self.0 | rhs.0)
    }
}

impl Default for EventKinds {
    fn default() -> Self {
        EventKinds::ALL
    }
}

fn secs_f64<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

fn secs<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&d.as_secs_f64()),
        None => s.serialize_none(),
    }
}

/// What a successful connection reported.
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
/// let Some(StreamEvent::Connected(info)) = stream.next().await else { panic!("no connection") };
/// assert_eq!((info.status, info.connection), (200, 1));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectInfo {
    /// The HTTP status (200).
    pub status: u16,
    /// The rate-limit headers, when present.
    pub rate_limit: Option<RateLimit>,
    /// How many connections this stream has made, this one included.
    pub connection: u64,
}

/// The server ended a 200 stream.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{Emulator, Script};
/// # use tweetstream::prelude::*;
/// # use tweetstream::EventKinds;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// em.push_script(Script::new().tweets(1).close());
/// let client = em.client_builder().build().unwrap();
/// // Only the connection events.
/// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
/// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
/// let Some(StreamEvent::Closed(closed)) = stream.next().await else { panic!("expected Closed") };
/// // Closed before it was healthy: retried like a network failure, the first one at once.
/// assert_eq!(closed.retry_in, Some(std::time::Duration::ZERO));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Closed {
    /// The wait before the next connection, or `None` when the stream stops.
    #[serde(rename = "retry_in_secs", serialize_with = "secs")]
    pub retry_in: Option<Duration>,
}

/// What kind of connection failure happened.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::{Emulator, Script};
/// # use tweetstream::prelude::*;
/// # use tweetstream::{ConnectionErrorKind, EventKinds};
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// em.push_script(Script::new().oversized_line(4096));
/// let client = em.client_builder().max_line_bytes(1024).build().unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
/// let error = loop {
///     match stream.next().await {
///         Some(StreamEvent::ConnectionError(e)) => break e,
///         Some(_) => continue,
///         None => panic!("the stream ended"),
///     }
/// };
/// assert_eq!(error.kind, ConnectionErrorKind::LineTooLong);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConnectionErrorKind {
    /// Connecting (DNS, TCP, proxy, TLS) failed or timed out.
    Connect,
    /// The connection failed while streaming (reset, I/O error, malformed HTTP).
    Io,
    /// No byte, not even a keep-alive, arrived within the stall timeout.
    Stall,
    /// A line exceeded `max_line_bytes`; it was skipped without buffering it.
    LineTooLong,
    /// The body's content coding is one the client does not decode (`br`, `zstd`, ...),
    /// or its compressed data is corrupt; the message names the coding.
    ContentCoding,
}

/// A network failure, with its cause.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::prelude::*;
/// # use tweetstream::ConnectionErrorKind;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // Nothing listens on a port just released.
/// let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
/// let client = StreamingClient::builder("token")
///     .base_url(format!("http://127.0.0.1:{port}"))
///     .max_retries(0)
///     .build()
///     .unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap();
/// let Some(StreamEvent::ConnectionError(e)) = stream.next().await else { panic!("expected an error") };
/// assert_eq!(e.kind, ConnectionErrorKind::Connect);
/// assert_eq!(e.retry_in, None); // no retries left
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionError {
    /// What failed.
    pub kind: ConnectionErrorKind,
    /// The cause, as text (its whole source chain).
    pub message: String,
    /// The wait before the next connection, or `None` when the stream stops.
    #[serde(rename = "retry_in_secs", serialize_with = "secs")]
    pub retry_in: Option<Duration>,
}

/// The server answered with an error status.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use std::time::Duration;
/// # use tweetstream::emulator::{Emulator, Script, problems};
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// em.push_script(Script::new().status(503, problems::service_unavailable()));
/// let client = em.client_builder().build().unwrap();
/// let mut stream = client.sample(StreamParams::new()).unwrap();
/// let Some(StreamEvent::RequestError(e)) = stream.next().await else { panic!("expected a 503") };
/// assert_eq!(e.status, 503);
/// assert_eq!(e.problem.as_ref().map(|p| p.title.as_str()), Some("Service Unavailable"));
/// assert_eq!(e.retry_in, Some(Duration::from_secs(5))); // X's HTTP backoff starts at 5 s
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestError {
    /// The HTTP status.
    pub status: u16,
    /// The decoded RFC 7807 problem, when the body was one.
    pub problem: Option<Problem>,
    /// The body as received (bounded), for whatever did not decode.
    #[serde(skip)]
    pub body: Bytes,
    /// The rate-limit headers, when present.
    pub rate_limit: Option<RateLimit>,
    /// The wait before the next try, or `None` when the status is fatal or retries are spent.
    #[serde(rename = "retry_in_secs", serialize_with = "secs")]
    pub retry_in: Option<Duration>,
}

/// Why the stream ended by itself.
///
/// ```
/// # use futures_util::StreamExt as _;
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # use tweetstream::EventKinds;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = StreamingClient::builder("revoked").base_url(em.base_url()).build().unwrap();
/// let stream = client.sample(StreamParams::new()).unwrap().only(EventKinds::NONE);
/// let events: Vec<StreamEvent> = stream.collect().await;
/// let Some(StreamEvent::Disconnected(reason)) = events.last() else { panic!("no end") };
/// let DisconnectReason::FatalStatus { status, problem, .. } = reason else { panic!("{reason}") };
/// assert_eq!(*status, 401);
/// assert_eq!(problem.as_ref().unwrap().title, "Unauthorized"); // X's own words are kept
/// assert!(reason.to_string().starts_with("the server answered 401 (Unauthorized"));
/// assert!(reason.to_string().ends_with(", which retrying cannot fix"));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DisconnectReason {
    /// The server answered with a status that retrying cannot fix (401, 403, ...).
    #[non_exhaustive]
    FatalStatus {
        /// The status.
        status: u16,
        /// X's problem body, when it sent one: what to fix (a revoked token, a missing
        /// enrollment, ...).
        problem: Option<Box<Problem>>,
    },
    /// `max_retries` further attempts failed in a row.
    RetriesExhausted {
        /// Requests made in the failing run.
        attempts: u32,
    },
    /// A [`DisconnectHandle`](crate::DisconnectHandle) or `StreamingClient::disconnect` asked for it.
    Requested,
    /// The stream's `end_time` has passed: there is nothing more to receive.
    Finished,
}

impl fmt::Display for DisconnectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DisconnectReason::FatalStatus { status, problem } => {
                write!(f, "the server answered {status}")?;
                if let Some(problem) = problem {
                    write!(f, " ({problem})")?;
                }
                f.write_str(", which retrying cannot fix")
            }
            DisconnectReason::RetriesExhausted { attempts } => {
                let plural = if *attempts == 1 { "" } else { "s" };
                write!(
                    f,
                    "gave up after {attempts} failed attempt{plural} in a row"
                )
            }
            DisconnectReason::Requested => f.write_str("disconnect requested"),
            DisconnectReason::Finished => f.write_str("the stream's end_time has passed"),
        }
    }
}
