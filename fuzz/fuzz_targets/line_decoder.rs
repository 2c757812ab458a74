//! The line decoder never panics: arbitrary bytes give a decoded line or the raw line back
//! with a reason, and either way the bytes handed back are exactly the bytes given.
//! The raw mode's check, `validate_line`, accepts what serde_json accepts as an object (so
//! every line the typed decoder accepts) and differs from it only as documented.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use tweetstream::{LineError, PayloadKind, StreamEvent, decode_line, decode_line_as};

#[path = "../../tests/support/validate_contract.rs"]
mod validate_contract;

fuzz_target!(|data: &[u8]| {
    let input = Bytes::copy_from_slice(data);
    // Raw mode's check, against serde_json (panics on any difference it does not document).
    let validated = validate_contract::agrees(data);
    // An X Activity line (payload typed by its event type) never panics either, and keeps
    // its bytes whichever way it goes.
    match decode_line_as(input.clone(), PayloadKind::Activity) {
        Ok(line) => {
            assert_eq!(line.bytes(), &input);
            serde_json::to_vec(&line).expect("a decoded activity line serializes");
        }
        Err(bad) => assert_eq!(bad.raw, input),
    }
    match decode_line(input.clone()) {
        Ok(response) => {
            assert_eq!(
                response.bytes(),
                &input,
                "a decoded line keeps its raw bytes"
            );
            assert!(validated, "whatever decodes is a line raw mode accepts");
            // A decoded line is UTF-8; what it decoded to serializes, and that decodes back to
            // the same line (no field is mangled on the way through the model).
            assert!(std::str::from_utf8(data).is_ok());
            let _ = format!("{response:?}");
            let json = serde_json::to_vec(response.decoded()).expect("a decoded line serializes");
            let again = decode_line(Bytes::from(json)).expect("a serialized line decodes");
            assert_eq!(
                again.decoded(),
                response.decoded(),
                "decode -> serialize -> decode is stable"
            );
        }
        Err(bad) => {
            assert_eq!(bad.raw, input, "an undecodable line comes back whole");
            match &bad.reason {
                LineError::NotUtf8 { valid_up_to } => {
                    assert!(*valid_up_to < data.len());
                    assert!(std::str::from_utf8(&data[..*valid_up_to]).is_ok());
                    assert!(std::str::from_utf8(data).is_err());
                }
                LineError::NotJson(m) | LineError::Shape(m) => {
                    assert!(std::str::from_utf8(data).is_ok());
                    assert!(!m.is_empty());
                }
                LineError::Truncated => panic!("decode_line never says Truncated"),
                _ => {}
            }
            // Display and Debug of the reason and of the event must not panic either.
            let _ = bad.reason.to_string();
            let _ = format!("{:?}", StreamEvent::Undecodable(bad));
        }
    }
});
