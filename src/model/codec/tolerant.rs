//! The tolerant decoding pass, run only on a line the strict pass refused.
//!
//! The strict pass (plain serde, see `lossless.rs`) accepts exactly the
//! values it can re-encode unchanged, so it fails on drift: a count sent as a
//! string, an id sent as a number, a string where an object belongs. Only
//! then is the line decoded again, through the wrapper of `tolerant_de.rs`
//! that tells every model object it is in the tolerant pass: every known
//! member is first captured as raw JSON, then read into its typed field (as
//! sent, else a string's contents, else a number as a string); if
//! the typed value would not re-encode to the same JSON, or cannot be read at
//! all, the raw text is kept in the object's [`Extra`] and is what re-encodes.
//! A value that could not be read is logged once per JSON path and run.
//!
//! ```
//! use tweetstream::model::{StreamLine, tolerant};
//! // A like count sent as a string: the strict pass refuses the line, the tolerant one keeps it.
//! let text = r#"{"data":{"id":"1","text":"hi","public_metrics":{"like_count":"7"}}}"#;
//! assert!(serde_json::from_str::<StreamLine>(text).is_err());
//! let line: StreamLine = tolerant::decode(text).unwrap();
//! assert_eq!(line.data.as_ref().unwrap().text, "hi");
//! assert_eq!(serde_json::to_string(&line).unwrap(), text); // re-encoded as sent
//! ```

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::Mutex;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::codec::extra::Extra;
use crate::model::codec::json_diff::same_json;
use crate::model::codec::raw::RawJson;
use crate::model::codec::tolerant_de::Tolerant;

thread_local! {
    /// Set during the tolerant pass, for the few checks that are not on an
    /// object's path (an id's leading zero, an event body); objects learn the
    /// pass from the wrapper's type instead (see `tolerant_de.rs`).
    static ACTIVE: Cell<bool> = const { Cell::new(false) };
    static PATH: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// Paths already warned about (once per run each).
static WARNED: Mutex<Option<HashSet<String>>> = Mutex::new(None);

/// Whether this thread is in the tolerant pass.
#[inline]
pub(crate) fn active() -> bool {
    ACTIVE.with(Cell::get)
}

/// Restores the flag (and, leaving the outermost pass, the path) even if
/// decoding panics.
struct Guard {
    outer: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        ACTIVE.with(|a| a.set(self.outer));
        if !self.outer {
            PATH.with(|p| p.borrow_mut().clear());
        }
    }
}

/// Decodes `text` with tolerance switched on.
///
/// Prefer [`decode`], which tries the strict pass first.
///
/// ```
/// use tweetstream::model::tweet::EditControls;
/// let json = r#"{"edits_remaining":"5","is_edit_eligible":true}"#;
/// assert!(serde_json::from_str::<EditControls>(json).is_err()); // strict: a string is not a count
/// let e: EditControls = tweetstream::model::tolerant::from_str(json).unwrap();
/// assert_eq!(e.edits_remaining, Some(5));
/// assert_eq!(e.extra.get("edits_remaining").unwrap().get(), r#""5""#); // re-encoded as sent
/// ```
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    let _guard = Guard {
        outer: ACTIVE.with(|a| a.replace(true)),
    };
    let mut d = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Tolerant(&mut d))?;
    d.end()?;
    Ok(value)
}

/// Decodes strictly, and tolerantly only when the strict pass fails.
///
/// ```
/// use tweetstream::model::{StreamLine, tolerant};
/// // A rule id sent as a JSON number (drift seen in the wild): the line is kept.
/// let line: StreamLine = tolerant::decode(
///     r#"{"data":{"id":"1","text":"hi"},"matching_rules":[{"id":1166916266197536768,"tag":"cats"}]}"#,
/// ).unwrap();
/// assert_eq!(line.rule_ids().next().unwrap().get(), 1166916266197536768);
/// // Text that is not JSON is still an error.
/// assert!(tolerant::decode::<StreamLine>("{\"data\":").is_err());
/// ```
pub fn decode<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_str(text).or_else(|strict| {
        // A lone surrogate escape (X cuts texts inside an emoji) is a syntax error to
        // serde_json; the tolerant pass reads it (see `lone_surrogates_replaced`). Looked
        // for only once the strict pass failed: the hot path pays nothing.
        if strict.classify() == serde_json::error::Category::Data
            || lone_surrogates_replaced(text).is_some()
        {
            from_str(text)
        } else {
            Err(strict)
        }
    })
}

/// `text` (JSON) with every lone surrogate escape (`\ud83d` without its low half, or a low
/// half alone) replaced by `\ufffd`; `None` when there is none. Escaped backslashes are
/// skipped, so `\\ud83d` (a backslash, then `ud83d`) is left alone.
pub(crate) fn lone_surrogates_replaced(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let hex = |at: usize| -> Option<u16> {
        let digits = b.get(at..at + 4)?;
        u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
    };
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    // `get`: a backslash as the last byte steps `i` past the end.
    while let Some(off) = b.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        i += off;
        if b.get(i + 1) != Some(&b'u') {
            i += 2; // any other escape, `\\` included
            continue;
        }
        let Some(unit) = hex(i + 2) else {
            i += 2;
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF => {
                let low = (b.get(i + 6) == Some(&b'\\') && b.get(i + 7) == Some(&b'u'))
                    .then(|| hex(i + 8))
                    .flatten();
                if matches!(low, Some(0xDC00..=0xDFFF)) {
                    i += 12; // a proper pair
                    continue;
                }
                true
            }
            0xDC00..=0xDFFF => true,
            _ => false,
        };
        if lone {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
            o.push_str(&text[copied..i]);
            o.push_str("\\ufffd");
            copied = i + 6;
        }
        i += 6;
    }
    out.map(|mut o| {
        o.push_str(&text[copied..]);
        o
    })
}

/// Decodes `text` strictly, as outside the tolerant pass (the flag is off
/// meanwhile: an id's leading zero, say, is not accepted).
fn strict<T: DeserializeOwned>(text: &str) -> Option<T> {
    let _guard = Guard {
        outer: ACTIVE.with(|a| a.replace(false)),
    };
    serde_json::from_str(text).ok()
}

/// The dotted path of the member being read (array indices left out).
fn path() -> String {
    PATH.with(|p| p.borrow().join("."))
}

fn warn_once(what: &'static str, raw: &RawJson) {
    let path = path();
    let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
    if warned
        .get_or_insert_with(HashSet::new)
        .insert(format!("{what}:{path}"))
    {
        tracing::warn!(
            path = %path,
            value = raw.get(),
            "X sent {what}; the post is kept and the original value is in the object's `extra`"
        );
    }
}

/// Reads one known member `name` in the tolerant pass. Returns the typed
/// value when it could be read; keeps the raw text in `extra` whenever the
/// typed value would not re-encode to it (or is missing).
pub(crate) fn field<T: DeserializeOwned + Serialize>(
    raw: RawJson,
    name: &'static str,
    extra: &mut Extra,
) -> Option<T> {
    PATH.with(|p| p.borrow_mut().push(name));
    let value = read::<T>(&raw, extra, name);
    PATH.with(|p| p.borrow_mut().pop());
    value
}

fn read<T: DeserializeOwned + Serialize>(
    raw: &RawJson,
    extra: &mut Extra,
    name: &'static str,
) -> Option<T> {
    let text = raw.get();
    if text == "null" {
        extra.push(name, raw.clone());
        return None;
    }
    // Objects (and arrays of objects) are model objects: read strictly first,
    // which is faithful by construction and keeps the tolerant pass from
    // re-reading every nested member of a line that drifted in one place.
    let nested = text.starts_with('{') || text.starts_with("[{");
    if nested {
        if let Some(v) = strict::<T>(text) {
            return Some(v);
        }
    }
    let value = from_str::<T>(text).ok().or_else(|| {
        // Lone surrogate escapes read as U+FFFD; the raw text (kept below, as the value
        // no longer re-encodes to it) gives the escapes back.
        if let Some(replaced) = lone_surrogates_replaced(text) {
            return from_str::<T>(&replaced).ok();
        }
        let alt = if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            inner.to_owned() // "4" -> 4
        } else if text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
            format!("\"{text}\"") // 1377649934414049282 -> "1377649934414049282"
        } else {
            return None;
        };
        from_str::<T>(&alt).ok()
    });
    match &value {
        Some(v) => {
            // Objects (and arrays of objects) are model objects, faithful by
            // construction (their own members went through here); scalars
            // and arrays of scalars are compared, number text included.
            let same = nested
                || serde_json::to_string(v)
                    .is_ok_and(|again| again == text || same_json(text, &again));
            if !same {
                warn_once("a value in an unexpected form", raw);
                extra.push(name, raw.clone());
            }
        }
        None => {
            warn_once("a value of an unexpected type", raw);
            extra.push(name, raw.clone());
        }
    }
    value
}

#[cfg(test)]
mod surrogate_tests {
    use super::lone_surrogates_replaced as r;

    #[test]
    fn a_backslash_as_the_last_byte_is_no_surrogate_and_no_panic() {
        // Found by the line_decoder fuzz target: a line ending in a lone backslash.
        let line = "{\n1-\\\0\\";
        assert_eq!(line.len(), 7);
        assert_eq!(r(line), None);
        assert_eq!(r("\\"), None);
        assert_eq!(r(r#"{{"\"\\"\"#), None); // the CI run's crash input
        assert_eq!(r(r#""\ud83d\"#).as_deref(), Some(r#""\ufffd\"#));
        assert!(super::decode::<crate::model::StreamLine>(line).is_err());
        let bytes = bytes::Bytes::from_static(line.as_bytes());
        assert!(crate::decode_line_as(bytes, crate::PayloadKind::Activity).is_err());
    }

    #[test]
    fn only_lone_surrogates_are_replaced() {
        assert_eq!(r(r#""plain \u00e9 \ud83d\ude00""#), None);
        assert_eq!(r(r#""cut \ud83d""#).as_deref(), Some(r#""cut \ufffd""#));
        assert_eq!(
            r(r#""\udc00x\ud83dA""#).as_deref(),
            Some(r#""\ufffdx\ufffdA""#)
        );
        assert_eq!(r(r#""\ud83d\u0041""#).as_deref(), Some(r#""\ufffd\u0041""#));
        assert_eq!(r(r#""\\ud83d""#), None); // an escaped backslash, then text
        assert_eq!(r(r#""\ud83"#), None); // not an escape at all
    }
}
