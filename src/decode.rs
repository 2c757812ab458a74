//! Turns one framed line into events; never fails the stream, hands bad lines back raw.

use std::collections::VecDeque;
use std::sync::Arc;

use bytes::Bytes;

use crate::events::{LineError, Shared, StreamEvent, StreamResponse, UndecodableLine};
use crate::model::StreamLine;

/// Decodes one stream line (without its `\r\n`).
///
/// Public so that archives written with `--raw` can be replayed through the same model.
pub fn decode_line(raw: Bytes) -> Result<StreamResponse, UndecodableLine> {
    let text = match std::str::from_utf8(&raw) {
        Ok(text) => text,
        Err(e) => {
            let reason = LineError::NotUtf8 {
                valid_up_to: e.valid_up_to(),
            };
            return Err(UndecodableLine { raw, reason });
        }
    };
    match serde_json::from_str::<StreamLine>(text) {
        Ok(line) => Ok(StreamResponse::new(line, raw)),
        Err(e) => {
            let reason = match e.classify() {
                serde_json::error::Category::Data => LineError::Shape(e.to_string()),
                _ => LineError::NotJson(e.to_string()),
            };
            Err(UndecodableLine { raw, reason })
        }
    }
}

/// Appends the events of one data line, in tweepy's order.
pub(crate) fn push_line_events(raw: Bytes, out: &mut VecDeque<StreamEvent>) {
    push_decoded(decode_line(raw), out);
}

/// Appends the events of one decoded (or undecodable) line, in tweepy's order.
pub(crate) fn push_decoded(
    decoded: Result<StreamResponse, UndecodableLine>,
    out: &mut VecDeque<StreamEvent>,
) {
    let response = match decoded {
        Ok(r) => Arc::new(r),
        Err(bad) => {
            tracing::warn!(reason = %bad.reason, len = bad.raw.len(), "undecodable line");
            out.push_back(StreamEvent::Undecodable(bad));
            return;
        }
    };
    let line = response.line();
    if line.data.is_some() {
        out.push_back(StreamEvent::Tweet(Shared::new(response.clone(), |r| {
            r.line().data.as_ref().expect("checked present")
        })));
    }
    if line.includes.is_some() {
        out.push_back(StreamEvent::Includes(Shared::new(response.clone(), |r| {
            r.line().includes.as_ref().expect("checked present")
        })));
    }
    if !line.errors.is_empty() {
        out.push_back(StreamEvent::Errors(Shared::new(response.clone(), |r| {
            &r.line().errors[..]
        })));
    }
    if !line.matching_rules.is_empty() {
        out.push_back(StreamEvent::MatchingRules(Shared::new(
            response.clone(),
            |r| &r.line().matching_rules[..],
        )));
    }
    out.push_back(StreamEvent::Response(response));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(raw: &'static [u8]) -> Vec<&'static str> {
        let mut q = VecDeque::new();
        push_line_events(Bytes::from_static(raw), &mut q);
        q.iter().map(StreamEvent::name).collect()
    }

    #[test]
    fn events_come_in_tweepy_order_and_only_when_present() {
        assert_eq!(
            names(br#"{"data":{"id":"1","text":"hi"},"includes":{},"matching_rules":[{"id":"7"}]}"#),
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

        let bad = decode_line(Bytes::from_static(br#"{"data":42}"#)).unwrap_err();
        assert!(matches!(bad.reason, LineError::Shape(_)), "{:?}", bad.reason);
    }

    #[test]
    fn shared_parts_point_into_one_payload() {
        let mut q = VecDeque::new();
        push_line_events(
            Bytes::from_static(br#"{"data":{"id":"5","text":"x"},"matching_rules":[{"id":"9","tag":"t"}]}"#),
            &mut q,
        );
        let (StreamEvent::Tweet(t), StreamEvent::Response(r)) = (&q[0], &q[2]) else {
            panic!("unexpected events {q:?}");
        };
        assert!(Arc::ptr_eq(t.response(), r));
        assert_eq!(t.text, "x");
    }
}
