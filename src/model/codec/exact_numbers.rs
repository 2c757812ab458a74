//! Strict reading of the JSON numbers the model holds as values, not text:
//! the `Vec<serde_json::Number>` arrays (a point's `coordinates`, a place's
//! `bbox`) and the `f64` members (an annotation's `probability`, a rule's
//! `embedding_similarity`).
//!
//! A number's value re-encodes in its shortest form: `-73.9900` comes back as
//! `-73.99`, `1.0E-5` (as Java's `Double.toString` writes a small coordinate)
//! as `0.00001`, and an `f64` read from `1` as `1.0`. So the strict pass
//! accepts a number only when it re-encodes to the text X sent; otherwise it
//! fails and the tolerant pass keeps the original text in the object's
//! `extra` (with the value still read into the field).

use serde::Serialize;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error};
use serde_json::Number;
use serde_json::value::RawValue;

/// A value whose JSON text must re-encode as sent, read strictly: `Exact<Vec<Number>>`
/// (an array of numbers) or `Exact<f64>`. The `lossless_object!` kinds `ess_exact` and
/// `opt_exact` read a field of type `T` through it.
pub(crate) struct Exact<T>(pub(crate) T);

impl<'de> Deserialize<'de> for Exact<Vec<Number>> {
    /// The array is captured whole as raw text (one allocation, not one per
    /// number), then each number is read from its own text.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        exact_numbers(raw.get()).map(Self).map_err(D::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Exact<f64> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        exact::<f64>(raw.get()).map(Self).map_err(D::Error::custom)
    }
}

const NOT_A_NUMBER: &str = "a number";
const NOT_EXACT: &str = "a number whose text would not re-encode as sent";

/// Reads `text` (one JSON value) as a `T`, if the `T` re-encodes to `text`
/// (compared in a stack buffer: no allocation).
fn exact<T: DeserializeOwned + Serialize>(text: &str) -> Result<T, &'static str> {
    let value: T = serde_json::from_str(text).map_err(|_| NOT_A_NUMBER)?;
    let mut buf = [0u8; 40];
    let mut out = &mut buf[..];
    // A number's shortest form is at most 24 bytes; longer text is not exact.
    let same = serde_json::to_writer(&mut out, &value).is_ok() && {
        let unused = out.len();
        &buf[..buf.len() - unused] == text.as_bytes()
    };
    if same { Ok(value) } else { Err(NOT_EXACT) }
}

/// The numbers of the JSON array `text` (already valid JSON), each only if it
/// re-encodes to the text it was read from.
fn exact_numbers(text: &str) -> Result<Vec<Number>, &'static str> {
    const WS: &[char] = &[' ', '\t', '\n', '\r'];
    let inner = text
        .trim_matches(WS)
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or("an array of numbers")?
        .trim_matches(WS);
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    // The text is valid JSON, so between the brackets a comma only separates
    // elements unless an element is a string, array or object, none of which
    // reads as a number.
    inner
        .split(',')
        .map(|item| exact::<Number>(item.trim_matches(WS)))
        .collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn arrays_are_split_into_their_numbers_exactly() {
        use crate::model::codec::exact_numbers::exact_numbers;
        let read = |t: &str| {
            exact_numbers(t).map(|v| v.iter().map(ToString::to_string).collect::<Vec<_>>())
        };
        assert_eq!(read("[]"), Ok(vec![]));
        assert_eq!(read(" [ \n ] "), Ok(vec![]));
        assert_eq!(
            read("[ -74 ,\t40.73, 12.0,18446744073709551615]"),
            Ok(vec![
                "-74".into(),
                "40.73".into(),
                "12.0".into(),
                "18446744073709551615".into()
            ])
        );
        for not_exact in ["[-73.9900]", "[1.0E-5]", "[-0]", "[1e2]"] {
            assert!(read(not_exact).is_err(), "{not_exact}");
        }
        for not_numbers in [
            "[\"1,2\"]",
            "[[1,2],[3,4]]",
            "[{\"a\":1}]",
            "[true]",
            "{}",
            "1",
        ] {
            assert!(read(not_numbers).is_err(), "{not_numbers}");
        }
    }

    #[test]
    fn an_f64_is_strict_only_in_its_shortest_form() {
        use super::Exact;
        let read = |t: &str| serde_json::from_str::<Exact<f64>>(t).map(|v| v.0).ok();
        assert_eq!(read("0.8828"), Some(0.8828));
        assert_eq!(read("1.0"), Some(1.0));
        for not_exact in ["0.50", "1", "1.0E-5", "-0", "\"0.5\""] {
            assert_eq!(read(not_exact), None, "{not_exact}");
        }
    }
}
