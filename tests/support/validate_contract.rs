//! `validate_line`'s contract against serde_json, shared by the property test
//! (tests/validate_line_props.rs) and the `line_decoder` fuzz target.

use bytes::Bytes;
use serde_json::{Map, Value};
use tweetstream::validate_line;

/// serde_json's errors for JSON text that is well-formed (`validate_line` accepted it) but
/// not representable as a `Value`: out-of-range numbers, unpaired surrogates (reported as a
/// lone surrogate or as the end of the escape where its pair should start), too deep.
fn only_unevaluated(e: &serde_json::Error) -> bool {
    let m = e.to_string();
    [
        "number out of range",
        "surrogate",
        "end of hex escape",
        "recursion limit exceeded",
    ]
    .iter()
    .any(|known| m.contains(known))
}

/// Checks the property on one line; returns whether `validate_line` accepted it.
pub fn agrees(line: &[u8]) -> bool {
    let input = Bytes::copy_from_slice(line);
    let serde = serde_json::from_slice::<Map<String, Value>>(line);
    match validate_line(input.clone()) {
        Ok(raw) => {
            if let Err(e) = &serde {
                assert!(
                    only_unevaluated(e),
                    "accepted, serde_json refuses ({e}): {:?}",
                    String::from_utf8_lossy(line)
                );
            }
            assert_eq!(raw, input, "an accepted line is handed back untouched");
            true
        }
        Err(bad) => {
            assert!(
                serde.is_err(),
                "refused ({}), serde_json accepts: {:?}",
                bad.reason,
                String::from_utf8_lossy(line)
            );
            assert_eq!(bad.raw, input, "a refused line is handed back whole");
            false
        }
    }
}
