//! Turns one framed line into events; never fails the stream, hands bad lines back raw.

use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;

use crate::event::stream_event::{
    Delivered, EventKinds, Line, LineError, StreamEvent, UndecodableLine,
};
use crate::model::{Payload, PayloadLine, Problem, StreamLine, tolerant};
use crate::request::endpoint::PayloadKind;

/// The line as text; X sends UTF-8, anything else is handed back.
///
/// simdutf8's check is several times faster than std's on non-ASCII text; only a line that
/// fails it is checked again by std, for the position of the first bad byte.
fn utf8(raw: &[u8]) -> Result<&str, LineError> {
    simdutf8::basic::from_utf8(raw)
        .or_else(|_| std::str::from_utf8(raw))
        .map_err(|e| LineError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })
}

/// Whether JSON text is an object (its first non-whitespace character opens one).
fn is_object(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Decodes one stream line (without its `\r\n`).
///
/// Public so that archives written with `--raw` can be replayed through the same model.
///
/// ```
/// use bytes::Bytes;
/// // A line archived with `--raw`, replayed through the model.
/// let line = Bytes::from_static(br#"{"data":{"id":"1460323737035677698","text":"Introducing a new era"}}"#);
/// let response = tweetstream::decode_line(line).unwrap();
/// assert_eq!(response.tweet().unwrap().id, 1460323737035677698);
/// // A post without its `id` and `text` is handed back with the reason.
/// let bad = tweetstream::decode_line(Bytes::from_static(br#"{"data":{"lang":"en"}}"#)).unwrap_err();
/// assert!(matches!(bad.reason, tweetstream::LineError::Shape(_)));
/// ```
pub fn decode_line(raw: Bytes) -> Result<Line, UndecodableLine> {
    decode_line_as(raw, PayloadKind::Post)
}

/// Decodes one line of a stream carrying `kind` (likes, compliance events, labels or posts).
///
/// ```
/// use bytes::Bytes;
/// use tweetstream::{PayloadKind, StreamEndpoint, decode_line_as};
/// let line = Bytes::from_static(
///     br#"{"data":{"user_suspend":{"user":{"id":"2244994945"},"event_at":"2021-07-06T18:40:40.000Z"}}}"#,
/// );
/// let kind = StreamEndpoint::ComplianceUsers.payload();
/// assert_eq!(kind, PayloadKind::Compliance);
/// let response = decode_line_as(line, kind).unwrap();
/// assert!(response.compliance().is_some());
/// ```
pub fn decode_line_as(raw: Bytes, kind: PayloadKind) -> Result<Line, UndecodableLine> {
    let text = match utf8(&raw) {
        Ok(text) => text,
        Err(reason) => return Err(UndecodableLine { raw, reason }),
    };
    // serde's derived structs also read a JSON array (`[]` as an empty line); X sends
    // objects only, and raw mode (`validate_line`) refuses anything else too.
    if !is_object(text) {
        let reason = LineError::Shape("not a JSON object".to_owned());
        return Err(UndecodableLine { raw, reason });
    }
    fn other<T: serde::de::DeserializeOwned>(
        text: &str,
        wrap: fn(T) -> Payload,
    ) -> serde_json::Result<(StreamLine, Option<Payload>)> {
        tolerant::decode::<PayloadLine>(text)?.split(wrap)
    }
    // Strict first (the fast path); tolerant only when that fails.
    let decoded = match kind {
        PayloadKind::Post => tolerant::decode::<StreamLine>(text).map(|l| (l, None)),
        PayloadKind::Like => other(text, Payload::Like),
        PayloadKind::Compliance => other(text, Payload::Compliance),
        PayloadKind::Label => other(text, Payload::Label),
        PayloadKind::Activity => other(text, |a| Payload::Activity(Box::new(a))),
    };
    match decoded {
        Ok((line, _))
            if kind == PayloadKind::Post
                && line.data.is_none()
                && line.extra.get("data").is_some() =>
        {
            // The tolerant pass kept a `data` it could not read: a post
            // without its essentials (`id`, `text`) is not a post.
            let reason = LineError::Shape("`data` lacks a readable `id` or `text`".to_owned());
            Err(UndecodableLine { raw, reason })
        }
        Ok((mut line, payload)) => {
            if line.errors.is_empty() && line.extra.get("errors").is_some() {
                read_other_errors(&mut line);
            }
            Ok(Line::with_payload(line, payload, raw))
        }
        Err(e) => {
            let reason = match e.classify() {
                serde_json::error::Category::Data => LineError::Shape(e.to_string()),
                _ => LineError::NotJson(e.to_string()),
            };
            Err(UndecodableLine { raw, reason })
        }
    }
}

/// An `errors` member that is not X's problems (the REST shape `{"parameters":..,
/// "message":..}`, or anything else) was kept raw in `extra` by the tolerant pass: it is
/// still a line's errors. Each becomes a [`Problem`] whose missing `type` is `about:blank`
/// and whose missing `title` is its `message` (or its JSON text); the raw member stays in
/// `extra` and is what the line re-encodes to.
#[cold]
fn read_other_errors(line: &mut StreamLine) {
    use serde_json::Value;
    let Some(raw) = line.extra.get("errors") else {
        return;
    };
    let text = raw.get();
    let value = serde_json::from_str::<Value>(text).or_else(|e| {
        crate::model::codec::tolerant::lone_surrogates_replaced(text)
            .ok_or(e)
            .and_then(|t| serde_json::from_str::<Value>(&t))
    });
    let items = match value {
        Ok(Value::Array(items)) => items,
        Ok(Value::Null) => return, // `"errors": null` is no error
        Ok(other) => vec![other],
        Err(_) => vec![Value::String(text.to_owned())],
    };
    for item in items {
        let mut members = match item {
            Value::Object(m) => m,
            other => {
                let mut m = serde_json::Map::new();
                m.insert("value".into(), other);
                m
            }
        };
        if !members.get("type").is_some_and(Value::is_string) {
            members.insert("type".into(), Value::String("about:blank".into()));
        }
        if !members.get("title").is_some_and(Value::is_string) {
            let title = match members.get("message").or_else(|| members.get("detail")) {
                Some(Value::String(m)) => m.clone(),
                _ => Value::Object(members.clone()).to_string(),
            };
            members.insert("title".into(), Value::String(title));
        }
        let json = Value::Object(members).to_string();
        match tolerant::from_str::<Problem>(&json) {
            Ok(problem) => line.errors.push(problem),
            Err(e) => tracing::debug!(error = %e, "an error member that is not a problem"),
        }
    }
}

/// Checks that a line is one UTF-8 JSON object without building anything (raw mode).
///
/// It accepts every line `serde_json` reads as an object (`Map<String, Value>`), and refuses
/// every line that is not JSON text for an object. Like serde's `IgnoredAny`, it checks the
/// grammar of numbers and `\u` escapes without evaluating them, and skips nesting without
/// serde_json's depth limit, so three kinds of lines that RFC 8259 allows but
/// `serde_json::Value` refuses pass: a number beyond `f64` (`1e400`), an unpaired surrogate
/// escape (`"\ud800"`) and nesting deeper than 128 levels. (Evaluating numbers and escapes
/// too made this check about 1.5x slower on X-like lines.)
///
/// ```
/// use bytes::Bytes;
/// use tweetstream::validate_line;
/// let ok = Bytes::from_static(br#"{"data":{"id":"1","text":"hi"},"n":1e400}"#);
/// assert_eq!(validate_line(ok.clone()).unwrap(), ok); // the same bytes, not rebuilt
/// assert!(validate_line(Bytes::from_static(b"[1,2]")).is_err());
/// assert!(validate_line(Bytes::from_static(br#"{"a":tru}"#)).is_err());
/// ```
pub fn validate_line(raw: Bytes) -> Result<Bytes, UndecodableLine> {
    let text = match utf8(&raw) {
        Ok(text) => text,
        Err(reason) => return Err(UndecodableLine { raw, reason }),
    };
    if !is_object(text) {
        let reason = LineError::Shape("not a JSON object".to_owned());
        return Err(UndecodableLine { raw, reason });
    }
    if crate::event::json_check::is_json(text.as_bytes()) {
        return Ok(raw);
    }
    // Refused: serde_json gives the reason (and has the last word).
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Ok(raw),
        Err(e) => Err(UndecodableLine {
            raw,
            reason: LineError::NotJson(e.to_string()),
        }),
    }
}

/// How data lines become events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Decode into the model (lines carrying this payload); build only these per-line events.
    Typed(EventKinds, PayloadKind),
    /// Validate only; one `Raw` event per line.
    Raw,
}

/// Appends the events of one data line.
pub(crate) fn push_line_events(raw: Bytes, mode: Mode, out: &mut VecDeque<StreamEvent>) {
    match mode {
        Mode::Typed(kinds, payload) => push_decoded(decode_line_as(raw, payload), kinds, out),
        Mode::Raw => match validate_line(raw) {
            Ok(raw) => out.push_back(StreamEvent::Raw(raw)),
            Err(bad) => push_undecodable(bad, out),
        },
    }
}

fn push_undecodable(bad: UndecodableLine, out: &mut VecDeque<StreamEvent>) {
    tracing::warn!(reason = %bad.reason, len = bad.raw.len(), "undecodable line");
    out.push_back(StreamEvent::Undecodable(bad));
}

/// Appends the events of one decoded (or undecodable) line, in tweepy's order.
pub(crate) fn push_decoded(
    decoded: Result<Line, UndecodableLine>,
    kinds: EventKinds,
    out: &mut VecDeque<StreamEvent>,
) {
    let response = match decoded {
        Ok(r) => Arc::new(r),
        Err(bad) => return push_undecodable(bad, out),
    };
    let line = response.decoded();
    if line.data.is_some() && kinds.contains(EventKinds::TWEET) {
        out.push_back(StreamEvent::Tweet(Delivered::new(response.clone(), |r| {
            r.decoded().data.as_ref().expect("checked present")
        })));
    }
    if let (Some(payload), true) = (response.payload(), kinds.contains(EventKinds::TWEET)) {
        let shared = response.clone();
        out.push_back(match payload {
            Payload::Like(_) => {
                StreamEvent::Like(Delivered::new(shared, |r| r.like().expect("like")))
            }
            Payload::Compliance(_) => StreamEvent::Compliance(Delivered::new(shared, |r| {
                r.compliance().expect("compliance")
            })),
            Payload::Label(_) => {
                StreamEvent::Label(Delivered::new(shared, |r| r.label().expect("label")))
            }
            Payload::Activity(_) => {
                StreamEvent::Activity(Delivered::new(shared, |r| r.activity().expect("activity")))
            }
        });
    }
    if line.includes.is_some() && kinds.contains(EventKinds::INCLUDES) {
        out.push_back(StreamEvent::Includes(Delivered::new(
            response.clone(),
            |r| r.decoded().includes.as_ref().expect("checked present"),
        )));
    }
    if !line.errors.is_empty() && kinds.contains(EventKinds::ERRORS) {
        out.push_back(StreamEvent::Errors(Delivered::new(response.clone(), |r| {
            &r.decoded().errors[..]
        })));
    }
    if !line.matching_rules.is_empty() && kinds.contains(EventKinds::MATCHING_RULES) {
        out.push_back(StreamEvent::MatchingRules(Delivered::new(
            response.clone(),
            |r| &r.decoded().matching_rules[..],
        )));
    }
    if kinds.contains(EventKinds::RESPONSE) {
        out.push_back(StreamEvent::Response(response));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_style_errors_are_errors_and_re_encode_as_sent() {
        let raw: &[u8] = br#"{"errors":[{"parameters":{"ids":["x"]},"message":"The `ids` query parameter value [x] is not valid"}]}"#;
        let line = decode_line(Bytes::from_static(raw)).unwrap();
        let errors = &line.decoded().errors;
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].title,
            "The `ids` query parameter value [x] is not valid"
        );
        assert_eq!(serde_json::to_vec(line.decoded()).unwrap(), raw);
        assert!(names(raw).contains(&"errors"), "{:?}", names(raw));
        for odd in [
            &br#"{"errors":"down"}"#[..],
            br#"{"errors":[1,{"message":2}]}"#,
        ] {
            let line = decode_line(Bytes::from_static(odd)).unwrap();
            assert!(!line.decoded().errors.is_empty());
            assert_eq!(serde_json::to_vec(line.decoded()).unwrap(), odd);
        }
    }

    #[test]
    fn lone_surrogates_read_as_fffd_and_re_encode_as_sent() {
        let raw: &[u8] = br#"{"data":{"id":"1","text":"cut \ud83d","lang":"en\udc00"}}"#;
        let line = decode_line(Bytes::from_static(raw)).unwrap();
        let tweet = line.tweet().unwrap();
        assert_eq!(tweet.text, "cut \u{fffd}");
        assert_eq!(tweet.lang.as_deref(), Some("en\u{fffd}"));
        assert_eq!(serde_json::to_vec(line.decoded()).unwrap(), raw);
    }

    fn names(raw: &'static [u8]) -> Vec<&'static str> {
        let mut q = VecDeque::new();
        push_line_events(
            Bytes::from_static(raw),
            Mode::Typed(EventKinds::ALL, PayloadKind::Post),
            &mut q,
        );
        q.iter().map(StreamEvent::name).collect()
    }

    #[test]
    fn events_come_in_tweepy_order_and_only_when_present() {
        assert_eq!(
            names(
                br#"{"data":{"id":"1","text":"hi"},"includes":{},"matching_rules":[{"id":"7"}]}"#
            ),
            ["tweet", "includes", "matching_rules", "response"]
        );
        assert_eq!(
            names(br#"{"errors":[{"title":"operational-disconnect","type":"x"}]}"#),
            ["errors", "response"]
        );
    }

    #[test]
    fn bad_lines_come_back_raw_with_the_reason() {
        let bad = decode_line(Bytes::from_static(b"{not json")).unwrap_err();
        assert_eq!(&bad.raw[..], b"{not json");
        assert!(matches!(bad.reason, LineError::NotJson(_)));

        let bad = decode_line(Bytes::from_static(b"{\"data\":\"\xff\"}")).unwrap_err();
        assert_eq!(bad.reason, LineError::NotUtf8 { valid_up_to: 9 });

        // serde's derived structs read arrays too; a line is an object or undecodable.
        for line in [&b"[]"[..], b" []", b"[null]"] {
            let bad = decode_line(Bytes::copy_from_slice(line)).unwrap_err();
            assert!(matches!(&bad.reason, LineError::Shape(m) if m == "not a JSON object"));
        }

        let bad = decode_line(Bytes::from_static(br#"{"data":42}"#)).unwrap_err();
        assert!(
            matches!(bad.reason, LineError::Shape(_)),
            "{:?}",
            bad.reason
        );
    }

    #[test]
    fn only_the_asked_kinds_are_built() {
        let mut q = VecDeque::new();
        let line = br#"{"data":{"id":"1","text":"hi"},"matching_rules":[{"id":"7"}]}"#;
        push_line_events(
            Bytes::from_static(line),
            Mode::Typed(EventKinds::TWEET, PayloadKind::Post),
            &mut q,
        );
        assert_eq!(
            q.iter().map(StreamEvent::name).collect::<Vec<_>>(),
            ["tweet"]
        );
        q.clear();
        push_line_events(
            Bytes::from_static(b"{bad"),
            Mode::Typed(EventKinds::NONE, PayloadKind::Post),
            &mut q,
        );
        assert_eq!(
            q.iter().map(StreamEvent::name).collect::<Vec<_>>(),
            ["undecodable"]
        );
    }

    #[test]
    fn raw_mode_checks_json_but_keeps_the_bytes() {
        let mut q = VecDeque::new();
        for line in [
            &b"{\"data\":{\"id\":\"1\"}}"[..],
            b"[1]",
            b"{\"a\":",
            b"\xff{}",
        ] {
            push_line_events(Bytes::copy_from_slice(line), Mode::Raw, &mut q);
        }
        let names: Vec<_> = q.iter().map(StreamEvent::name).collect();
        assert_eq!(names, ["raw", "undecodable", "undecodable", "undecodable"]);
        let StreamEvent::Raw(raw) = &q[0] else {
            unreachable!()
        };
        assert_eq!(&raw[..], b"{\"data\":{\"id\":\"1\"}}");
        let json = serde_json::to_string(&q[0]).unwrap();
        assert_eq!(json, r#"{"event":"raw","data":{"data":{"id":"1"}}}"#);
    }

    #[test]
    fn shared_parts_point_into_one_payload() {
        let mut q = VecDeque::new();
        push_line_events(
            Bytes::from_static(
                br#"{"data":{"id":"5","text":"x"},"matching_rules":[{"id":"9","tag":"t"}]}"#,
            ),
            Mode::Typed(EventKinds::ALL, PayloadKind::Post),
            &mut q,
        );
        let (StreamEvent::Tweet(t), StreamEvent::Response(r)) = (&q[0], &q[2]) else {
            panic!("unexpected events {q:?}");
        };
        assert!(Arc::ptr_eq(t.line(), r));
        assert_eq!(t.text, "x");
    }
}
