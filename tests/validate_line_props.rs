//! `validate_line` (the raw mode's check) against `serde_json`: it accepts every line
//! serde_json reads as an object, refuses every line serde_json refuses for its syntax, and
//! differs only where its docs say it does (a number beyond `f64` or an unpaired surrogate
//! escape, which it checks for grammar but does not evaluate, and nesting beyond serde_json's
//! depth limit). It always hands back the bytes given.

mod support;
use support::validate_contract;

use proptest::prelude::*;
use serde_json::{Map, Value};
use validate_contract::agrees;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[a-zA-Z0-9 _éü✓😀\"\\\\/\n\t-]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Pieces that are valid JSON text on their own or famously borderline: numbers out of
/// `f64` range, escapes (including lone surrogates), whitespace JSON does and does not allow.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        json_value().prop_map(|v| v.to_string()),
        prop::sample::select(vec![
            "1e400",
            "-1e400",
            "1E-400",
            "123456789012345678901234567890",
            "-0",
            "0.0e0",
            "01",
            "1.",
            ".5",
            "+1",
            "NaN",
            "Infinity",
            "\"\\ud800\"",
            "\"\\udc00\\ud800\"",
            "\"\\ud83d\\ude00\"",
            "\"\\u00e9\"",
            "\"\\x41\"",
            "\"\\u12\"",
            "\"\t\"",
            "\"\u{7f}\"",
            "\"\u{0}\"",
            "true",
            "nul",
            "[]",
            "{}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\":1,\"a\":2}",
            " ",
            "\t",
            "\r",
            "\n",
            "\u{a0}",
            "\u{feff}",
            "\u{3000}",
            ",",
            ":",
            "{",
            "}",
            "[",
            "]",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A line: an object built from tokens, possibly mutated at the byte level.
fn line() -> impl Strategy<Value = Vec<u8>> {
    let object = (
        prop::collection::vec(("[a-z]{1,3}", token()), 0..4),
        token(),
        token(),
    )
        .prop_map(|(members, before, after)| {
            let body: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("\"{k}\":{v}"))
                .collect();
            let mut s = format!("{{{}}}", body.join(","));
            // Sometimes whitespace (or anything) around it, or another top-level value.
            if before.trim().is_empty() {
                s.insert_str(0, &before);
            }
            if after.trim().is_empty() {
                s.push_str(&after);
            }
            s
        });
    let text = prop_oneof![4 => object, 1 => token()];
    (
        text,
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 0..3),
    )
        .prop_map(|(text, edits)| {
            let mut bytes = text.into_bytes();
            for (at, byte, op) in edits {
                let i = at.index(bytes.len() + 1);
                match op {
                    0 => bytes.insert(i, byte),
                    1 if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => bytes.truncate(i),
                }
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn accepts_exactly_what_serde_json_accepts_as_an_object(line in line()) {
        agrees(&line);
    }
}

#[test]
fn borderline_lines() {
    let deep = |n: usize| format!("{{\"a\":{}1{}}}", "[".repeat(n), "]".repeat(n));
    let accepted = |line: &str| agrees(line.as_bytes());
    for line in ["{}", " \t\r\n{}", "{} ", "{\"a\":1,\"a\":2}", &deep(100)] {
        assert!(accepted(line), "{line}");
    }
    for line in [
        "{}{}",
        "{} x",
        "[]",
        "\"{}\"",
        "\u{a0}{}",
        "\u{feff}{}",
        "{\"a\":01}",
    ] {
        assert!(!accepted(line), "{line}");
    }
    // Well-formed, but not representable as a serde_json `Value`: passed, as documented.
    for line in [
        "{\"a\":1e400}",
        "{\"a\":\"\\ud800\"}",
        "{\"a\":\"\\udc00x\"}",
        &deep(200),
    ] {
        assert!(accepted(line), "{line}");
        assert!(serde_json::from_str::<Value>(line).is_err(), "{line}");
    }
    assert!(!agrees(b"{\"a\":\"\xff\"}"));
    assert!(!agrees(b"{\"a\":\"\xe2\x82\"}"));
}
