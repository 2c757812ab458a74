//! Lossless-round-trip checking, shared by the fixture tests, the corpus test
//! over the emulator's generator, and users who archive what they receive.

use std::fmt;

use serde_json::Value;

use super::StreamLine;

/// One place where re-encoding differs from the original JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// A JSON-pointer-like path, such as `/data/entities/urls/0/end`.
    pub path: String,
    /// The original value there (`None`: absent from the original).
    pub original: Option<Value>,
    /// The re-encoded value there (`None`: dropped on re-encoding).
    pub reencoded: Option<Value>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<Value>| v.as_ref().map_or("(absent)".to_owned(), Value::to_string);
        write!(
            f,
            "{}: sent {}, re-encoded {}",
            self.path,
            show(&self.original),
            show(&self.reencoded)
        )
    }
}

/// Why a line does not round-trip.
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

/// Decodes `line` as a [`StreamLine`], re-encodes it and compares the two as
/// JSON values (so key order and whitespace do not matter, but every key,
/// value, array length and number representation does). Returns the decoded
/// line when they are equal.
pub fn check_line(line: &str) -> Result<StreamLine, RoundTripError> {
    let decoded: StreamLine = serde_json::from_str(line).map_err(RoundTripError::Decode)?;
    let original: Value = serde_json::from_str(line).map_err(RoundTripError::Decode)?;
    let reencoded = serde_json::to_value(&decoded).map_err(RoundTripError::Decode)?;
    let diffs = diff(&original, &reencoded);
    if diffs.is_empty() {
        Ok(decoded)
    } else {
        Err(RoundTripError::Mismatch(diffs))
    }
}

/// Every difference between two JSON values.
pub fn diff(original: &Value, reencoded: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    diff_at(
        &mut String::new(),
        Some(original),
        Some(reencoded),
        &mut out,
    );
    out
}

fn diff_at(path: &mut String, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Difference>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, va) in x {
                let len = path.len();
                path.push('/');
                path.push_str(k);
                diff_at(path, Some(va), y.get(k), out);
                path.truncate(len);
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    let len = path.len();
                    path.push('/');
                    path.push_str(k);
                    diff_at(path, None, Some(vb), out);
                    path.truncate(len);
                }
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                diff_at(path, x.get(i), y.get(i), out);
                path.truncate(len);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.clone()
            },
            original: a.cloned(),
            reencoded: b.cloned(),
        }),
    }
}
