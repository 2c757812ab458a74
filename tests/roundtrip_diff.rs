//! `model::roundtrip::diff` reports every kind of difference the round-trip checks rely on
//! it to find: without these, every round-trip test would pass if `diff` returned nothing.

use serde_json::{Value, json};
use tweetstream::model::roundtrip::{Difference, RoundTripError, check_line, diff, diff_text};

fn difference(path: &str, original: Option<Value>, reencoded: Option<Value>) -> Difference {
    Difference {
        path: path.to_owned(),
        original: original.map(|v| v.to_string()),
        reencoded: reencoded.map(|v| v.to_string()),
    }
}

#[test]
fn equal_values_have_no_difference_whatever_the_key_order() {
    let a: Value = serde_json::from_str(r#"{"a":1,"b":{"c":[1,"x",null]}}"#).unwrap();
    let b: Value = serde_json::from_str(r#"{"b":{"c":[1,"x",null]},"a":1}"#).unwrap();
    assert_eq!(diff(&a, &b), []);
}

#[test]
fn a_changed_number_representation_is_reported() {
    // 1.0 and 1 are the same number, but not the same text: an archive would change.
    let original: Value = serde_json::from_str(r#"{"n":1.0,"m":-0.5}"#).unwrap();
    let reencoded: Value = serde_json::from_str(r#"{"n":1,"m":-0.5}"#).unwrap();
    assert_eq!(
        diff(&original, &reencoded),
        [difference("/n", Some(json!(1.0)), Some(json!(1)))]
    );
    // A number re-encoded as a string (or back) is a difference too.
    assert_eq!(
        diff(&json!({"id": 7}), &json!({"id": "7"})),
        [difference("/id", Some(json!(7)), Some(json!("7")))]
    );
}

#[test]
fn a_member_dropped_or_added_on_re_encoding_is_reported_with_its_path() {
    let original = json!({"data": {"entities": {"urls": [{"start": 0, "end": 23}]}}});
    let dropped = json!({"data": {"entities": {"urls": [{"start": 0}]}}});
    assert_eq!(
        diff(&original, &dropped),
        [difference(
            "/data/entities/urls/0/end",
            Some(json!(23)),
            None
        )]
    );
    assert_eq!(
        diff(&dropped, &original),
        [difference(
            "/data/entities/urls/0/end",
            None,
            Some(json!(23))
        )]
    );
}

#[test]
fn null_and_absent_are_different() {
    assert_eq!(
        diff(&json!({"a": null}), &json!({})),
        [difference("/a", Some(Value::Null), None)]
    );
    assert_eq!(
        diff(&json!({}), &json!({"a": null})),
        [difference("/a", None, Some(Value::Null))]
    );
    assert_eq!(diff(&json!({"a": null}), &json!({"a": null})), []);
}

#[test]
fn reordered_and_shortened_arrays_are_reported_element_by_element() {
    assert_eq!(
        diff(&json!({"ids": ["1", "2"]}), &json!({"ids": ["2", "1"]})),
        [
            difference("/ids/0", Some(json!("1")), Some(json!("2"))),
            difference("/ids/1", Some(json!("2")), Some(json!("1"))),
        ]
    );
    assert_eq!(
        diff(&json!([1, 2, 3]), &json!([1, 2])),
        [difference("/2", Some(json!(3)), None)]
    );
}

#[test]
fn a_different_root_is_reported_at_the_root_and_every_difference_is_listed() {
    assert_eq!(
        diff(&json!(1), &json!("1")),
        [difference("/", Some(json!(1)), Some(json!("1")))]
    );
    let found = diff(
        &json!({"a": 1, "b": [true], "c": null}),
        &json!({"a": 2, "b": [], "d": 0}),
    );
    let paths: Vec<&str> = found.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/a", "/b/0", "/c", "/d"]);
}

#[test]
fn check_line_refuses_non_json_and_accepts_a_line_that_round_trips() {
    assert!(matches!(check_line("{"), Err(RoundTripError::Decode(_))));
    let line = r#"{"data":{"id":"1","text":"hi","edit_history_tweet_ids":["1"]}}"#;
    check_line(line).unwrap_or_else(|e| panic!("{e}"));
    let shown = RoundTripError::Mismatch(vec![difference("/a", Some(json!(1)), None)]).to_string();
    assert!(shown.contains("/a: sent 1, re-encoded (absent)"), "{shown}");
}

#[test]
fn number_text_is_compared_exactly_when_diffing_text() {
    // Equal as f64, different as text: only `diff_text` can see it, and it must.
    let diffs = diff_text(
        r#"{"p":1.50,"id":1377649934414049282}"#,
        r#"{"p":1.5,"id":1377649934414049282}"#,
    )
    .unwrap();
    assert_eq!(
        diffs,
        [Difference {
            path: "/p".to_owned(),
            original: Some("1.50".to_owned()),
            reencoded: Some("1.5".to_owned()),
        }]
    );
    // An id beyond 2^53 that changed in its last digit is a difference.
    let diffs = diff_text(
        r#"{"id":1377649934414049282}"#,
        r#"{"id":1377649934414049283}"#,
    )
    .unwrap();
    assert_eq!(diffs.len(), 1);
    assert_eq!(diffs[0].path, "/id");
}
