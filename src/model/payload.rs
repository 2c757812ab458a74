//! The `data` of the streams whose lines do not carry posts (likes, compliance, labels).

use serde::{Deserialize, Serialize};

use super::{Compliance, Includes, Label, Like, Problem, StreamLine};

/// A line's `data` on a likes, compliance or label stream.
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
}

/// One line of such a stream: `data`, `includes` (likes only) and `errors`.
#[derive(Debug, Deserialize)]
pub(crate) struct PayloadLine<T> {
    #[serde(default = "Option::default")]
    pub data: Option<T>,
    #[serde(default)]
    pub includes: Option<Includes>,
    #[serde(default)]
    pub errors: Vec<Problem>,
}

impl<T> PayloadLine<T> {
    /// Splits into the shared line (no post) and the payload.
    pub(crate) fn split(self, wrap: fn(T) -> Payload) -> (StreamLine, Option<Payload>) {
        let line = StreamLine {
            data: None,
            includes: self.includes,
            errors: self.errors,
            matching_rules: Vec::new(),
            extra: super::Extra::new(),
        };
        (line, self.data.map(wrap))
    }
}
