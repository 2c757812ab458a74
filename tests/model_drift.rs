//! Drifted values X has sent: each keeps the post typed, keeps the original
//! text reachable in the object's `extra`, and re-encodes exactly.

use bytes::Bytes;
use tweetstream::decode_line;
use tweetstream::model::roundtrip::check_line;
use tweetstream::model::{RuleId, StreamLine};

fn line(json: &str) -> StreamLine {
    check_line(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

#[test]
fn a_rule_id_sent_as_a_number_is_read_exactly_and_re_encoded_as_a_number() {
    let l = line(
        r#"{"data":{"id":"1","text":"t"},"matching_rules":[{"id":1377649934414049282,"tag":null}]}"#,
    );
    let rule = &l.matching_rules[0];
    assert_eq!(rule.id, RuleId(1_377_649_934_414_049_282)); // beyond 2^53, exact
    assert_eq!(rule.extra.get("id").unwrap().get(), "1377649934414049282");
    assert_eq!(rule.tag, None);
    assert_eq!(rule.extra.get("tag").unwrap().get(), "null");
    let again = serde_json::to_string(&l).unwrap();
    assert!(again.contains(r#""id":1377649934414049282"#), "{again}");
    assert!(again.contains(r#""tag":null"#), "{again}");
}

#[test]
fn a_null_tag_stays_null_and_an_absent_tag_stays_absent() {
    let with_null =
        line(r#"{"data":{"id":"1","text":"t"},"matching_rules":[{"id":"7","tag":null}]}"#);
    let absent = line(r#"{"data":{"id":"1","text":"t"},"matching_rules":[{"id":"7"}]}"#);
    assert_ne!(with_null, absent);
    assert!(!serde_json::to_string(&absent).unwrap().contains("tag"));
}

#[test]
fn edits_remaining_as_a_string_is_read_and_kept_as_a_string() {
    let l = line(
        r#"{"data":{"id":"1","text":"t","edit_controls":{"edits_remaining":"4","is_edit_eligible":true,"editable_until":"2022-10-12T14:01:12.000Z"}}}"#,
    );
    let ec = l.data.as_ref().unwrap().edit_controls.as_ref().unwrap();
    assert_eq!(ec.edits_remaining, Some(4));
    assert_eq!(ec.extra.get("edits_remaining").unwrap().get(), "\"4\"");
}

#[test]
fn a_url_status_as_a_string_is_read_and_kept() {
    let l = line(
        r#"{"data":{"id":"1","text":"t","entities":{"urls":[{"start":0,"end":23,"url":"https://t.co/x","status":"200"}]}}}"#,
    );
    let url = &l.data.unwrap().entities.unwrap().urls.unwrap()[0];
    assert_eq!(url.status, Some(200));
    assert_eq!(url.extra.get("status").unwrap().get(), "\"200\"");
}

#[test]
fn a_probability_or_similarity_keeps_its_number_text() {
    // An `f64` re-encodes in its shortest form (`0.5`, `1.0`); text in any other
    // form (trailing zero, an integer, an exponent) is kept as sent.
    let l = line(
        r#"{"data":{"id":"1","text":"t","entities":{"annotations":[{"start":0,"end":1,"probability":0.50,"type":"Place","normalized_text":"x"},{"start":2,"end":3,"probability":1,"type":"Place","normalized_text":"y"},{"start":4,"end":5,"probability":0.8828,"type":"Place","normalized_text":"z"}]}},"matching_rules":[{"id":"7","embedding_similarity":9.5E-1,"embedding_threshold":0.9}]}"#,
    );
    let annotations = l
        .data
        .as_ref()
        .unwrap()
        .entities
        .as_ref()
        .unwrap()
        .annotations
        .as_ref()
        .unwrap();
    let probabilities: Vec<_> = annotations.iter().map(|a| a.probability).collect();
    assert_eq!(probabilities, [Some(0.5), Some(1.0), Some(0.8828)]);
    assert_eq!(
        annotations[0].extra.get("probability").unwrap().get(),
        "0.50"
    );
    assert_eq!(annotations[1].extra.get("probability").unwrap().get(), "1");
    assert!(
        annotations[2].extra.is_empty(),
        "the shortest form is read strictly"
    );
    let rule = &l.matching_rules[0];
    assert_eq!(
        (rule.embedding_similarity, rule.embedding_threshold),
        (Some(0.95), Some(0.9))
    );
    assert_eq!(
        rule.extra.get("embedding_similarity").unwrap().get(),
        "9.5E-1"
    );
}

#[test]
fn unknown_members_are_kept_at_every_depth_with_their_number_text() {
    let l = line(
        r#"{"data":{"id":"1","text":"t","brand_new":{"a":[1,2.50,-0]},"public_metrics":{"like_count":3,"future_count":1.0}},"includes":{"users":[{"id":"2","name":"n","username":"u","x":null}],"gadgets":[]},"top":true}"#,
    );
    let t = l.data.as_ref().unwrap();
    assert_eq!(
        t.extra.get("brand_new").unwrap().get(),
        r#"{"a":[1,2.50,-0]}"#
    );
    let pm = t.public_metrics.as_ref().unwrap();
    assert_eq!(pm.extra.get("future_count").unwrap().get(), "1.0");
    assert_eq!(l.extra.get("top").unwrap().get(), "true");
}

#[test]
fn a_value_of_the_wrong_type_costs_only_that_member() {
    let json = r#"{"data":{"id":"5","text":"hi","public_metrics":"lots","lang":7,"entities":{"hashtags":[{"start":"x"}]}},"matching_rules":[{"id":"9","tag":{"odd":1}}]}"#;
    let l = line(json);
    let t = l.data.as_ref().unwrap();
    assert_eq!((t.id.get(), t.text.as_str()), (5, "hi"));
    assert_eq!(t.public_metrics, None);
    assert_eq!(t.extra.get("public_metrics").unwrap().get(), "\"lots\"");
    assert_eq!(t.extra.get("lang").unwrap().get(), "7");
    let entities = t.entities.as_ref().unwrap();
    assert_eq!(entities.hashtags, None);
    assert!(entities.extra.get("hashtags").is_some());
    assert_eq!(
        l.matching_rules[0].extra.get("tag").unwrap().get(),
        r#"{"odd":1}"#
    );
    // The stream hands it over as a post, not as an undecodable line.
    let response = decode_line(Bytes::from(json)).expect("decodes");
    assert!(response.decoded().data.is_some());
}

#[test]
fn ids_keep_leading_zeros_and_non_canonical_forms() {
    let l = line(r#"{"data":{"id":"1","text":"t","author_id":"0042","conversation_id":12}}"#);
    let t = l.data.unwrap();
    assert_eq!(t.author_id.map(|a| a.get()), Some(42));
    assert_eq!(t.extra.get("author_id").unwrap().get(), "\"0042\"");
    assert_eq!(t.conversation_id.map(|c| c.get()), Some(12));
}

#[test]
fn only_a_post_without_its_essentials_is_undecodable() {
    for bad in [
        r#"{"data":{"text":"no id"}}"#,
        r#"{"data":{"id":"x1","text":"bad id"}}"#,
        r#"{"data":{"id":"1"}}"#,
        r#"{"data":"nope"}"#,
    ] {
        assert!(decode_line(Bytes::from(bad)).is_err(), "{bad}");
    }
}

#[test]
fn the_round_trip_comparison_sees_number_text_nulls_and_members() {
    use tweetstream::model::roundtrip::{diff_text, same_json};
    assert!(same_json(r#"{"a":1,"b":"\u00e9"}"#, r#"{"b":"é","a":1}"#));
    for (a, b) in [
        (r#"{"a":1}"#, r#"{"a":1.0}"#),
        (r#"{"a":2.50}"#, r#"{"a":2.5}"#),
        (r#"{"a":null}"#, r#"{}"#),
        (r#"{"a":"1"}"#, r#"{"a":1}"#),
        (r#"{"a":[]}"#, r#"{}"#),
    ] {
        let d = diff_text(a, b).unwrap();
        assert_eq!(d.len(), 1, "{a} vs {b}: {d:?}");
        assert_eq!(d[0].path, "/a");
    }
}
