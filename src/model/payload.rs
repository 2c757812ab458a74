//! The `data` of the streams whose lines do not carry posts (likes, compliance, labels,
//! X Activity events).

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Activity, Compliance, Includes, Label, Like, Problem, RawJson, StreamLine, tolerant};
use crate::model::codec::lossless::lossless_object;

/// A line's `data` on a likes, compliance, label or activity stream.
///
/// The stream's [`PayloadKind`](crate::PayloadKind) says which arm a line's `data` is read
/// into; it encodes back to the `data` as received.
///
/// ```
/// use bytes::Bytes;
/// use tweetstream::model::Payload;
/// use tweetstream::{PayloadKind, decode_line_as};
/// let data = r#"{"user_delete":{"user":{"id":"1375036644"},"event_at":"2022-06-27T23:49:41.839+00:00"}}"#;
/// let line = Bytes::from(format!(r#"{{"data":{data}}}"#));
/// let response = decode_line_as(line, PayloadKind::Compliance).unwrap();
/// let payload = response.payload().unwrap();
/// assert!(matches!(payload, Payload::Compliance(c) if c.kind() == "user_delete"));
/// assert_eq!(serde_json::to_string(payload).unwrap(), data);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Payload {
    /// A like (likes firehose, likes sample10).
    Like(Like),
    /// A compliance event (posts, users, likes compliance).
    Compliance(Compliance),
    /// A label event.
    Label(Label),
    /// An X Activity event (`/2/activity/stream`).
    Activity(Box<Activity>),
}

lossless_object! {
    /// One line of such a stream: `data`, `includes` (likes only) and `errors`.
    ///
    /// Why `data` is held as raw JSON here rather than as a generic `T`: the
    /// `lossless_object!` macro (one visitor, strict and tolerant passes,
    /// `extra`) then serves these lines as it serves every other object,
    /// instead of a hand-rolled generic copy of it. `data` is read into its
    /// payload type afterwards, by [`PayloadLine::split`], with its own strict
    /// then tolerant pass. The cost is one extra scan of `data`, which on these
    /// streams is a small object.
    #[derive(Debug)]
    pub struct PayloadLine {
        /// The payload, still as text.
        opt data: RawJson = "data";
        /// Objects the requested expansions pulled in (likes streams).
        opt includes: Includes = "includes";
        /// Problems.
        vec errors: Vec<Problem> = "errors";
    }
}

impl PayloadLine {
    /// Reads `data` as a `T` and splits into the shared line (no post) and
    /// the payload. The line's `extra` keeps what the line's own members
    /// did not hold (unknown members, a `null` `includes` or `data`), so that
    /// the [`Line`](crate::Line) re-encodes the line whole.
    pub(crate) fn split<T: DeserializeOwned>(
        self,
        wrap: fn(T) -> Payload,
    ) -> serde_json::Result<(StreamLine, Option<Payload>)> {
        let payload = match &self.data {
            Some(raw) => Some(wrap(tolerant::decode::<T>(raw.get())?)),
            None => None,
        };
        let line = StreamLine {
            data: None,
            includes: self.includes,
            errors: self.errors,
            matching_rules: Vec::new(),
            extra: self.extra,
        };
        Ok((line, payload))
    }
}
