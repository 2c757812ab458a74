//! Lossless-round-trip checking, shared by the fixture tests, the corpus test
//! over the emulator's generator, and users who archive what they receive.
//!
//! ```
//! use tweetstream::model::roundtrip::{check_line, same_json};
//! let line = check_line(r#"{"data":{"id":"1","text":"hi","x_new":[1.50]}}"#).unwrap();
//! assert_eq!(line.data.unwrap().text, "hi");
//! assert!(same_json(r#"{"a":1,"b":2}"#, r#"{"b":2,"a":1}"#));
//! assert!(!same_json(r#"{"a":1}"#, r#"{"a":"1"}"#));
//! ```

use std::fmt;

use crate::model::StreamLine;
use crate::model::codec::tolerant;

pub use crate::model::codec::json_diff::{Difference, diff, diff_text, same_json};

/// Why a line does not round-trip.
///
/// ```
/// use tweetstream::model::roundtrip::{RoundTripError, check_line};
/// assert!(matches!(check_line("{not json"), Err(RoundTripError::Decode(_))));
/// // Nor can a line that is JSON but not an object.
/// let err = check_line(r#"[{"id":"1","text":"hi"}]"#).unwrap_err();
/// assert!(matches!(err, RoundTripError::Decode(_)));
/// assert!(err.to_string().starts_with("decoding failed: "));
/// ```
#[derive(Debug)]
pub enum RoundTripError {
    /// The line is not a valid [`StreamLine`] (or not JSON).
    Decode(serde_json::Error),
    /// The line decodes, but re-encoding differs.
    Mismatch(Vec<Difference>),
}

impl fmt::Display for RoundTripError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "decoding failed: {e}"),
            Self::Mismatch(diffs) => {
                write!(f, "{} difference(s) on re-encoding", diffs.len())?;
                for d in diffs.iter().take(20) {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RoundTripError {}

/// Decodes `line` as a [`StreamLine`] (strictly, then tolerantly, as the
/// stream does), re-encodes it and compares the two as JSON values: key order
/// and whitespace do not matter, string escapes are compared decoded, but
/// every key, value, array length, `null` and number text (`1` is not `1.0`)
/// does. Returns the decoded line when they are equal.
///
/// ```
/// use tweetstream::model::roundtrip::check_line;
/// // A real recorded line, with a URL `status` sent as a string.
/// let line = r#"{"data":{"id":"1507070437557096461","text":"Bookmarks https://t.co/vYayoqRtJE","edit_history_tweet_ids":["1507070437557096461"],
///   "entities":{"urls":[{"start":10,"end":33,"url":"https://t.co/vYayoqRtJE","status":"200"}]}},
///   "matching_rules":[{"id":"1166916266197536768","tag":null}]}"#;
/// let decoded = check_line(line).unwrap();
/// assert_eq!(decoded.data.unwrap().id.get(), 1507070437557096461);
/// ```
pub fn check_line(line: &str) -> Result<StreamLine, RoundTripError> {
    let decoded: StreamLine = tolerant::decode(line).map_err(RoundTripError::Decode)?;
    let reencoded = serde_json::to_string(&decoded).map_err(RoundTripError::Decode)?;
    let diffs = diff_text(line, &reencoded).map_err(RoundTripError::Decode)?;
    if diffs.is_empty() {
        Ok(decoded)
    } else {
        Err(RoundTripError::Mismatch(diffs))
    }
}
