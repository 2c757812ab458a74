//! The drifted forms X has been seen to send (a rule id as a number, `tag: null` ...), now and then.

use serde_json::{Map, Value, json};

/// Whether the post `id` carries drifted form `form`: about one post in 128
/// per form (drift is rare on the wire), decided by the (seeded) id so runs
/// repeat.
pub(super) fn drifted(id: u64, form: u64) -> bool {
    (id / 3)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(form as u32 * 8)
        % 128
        == 0
}

/// Rewrites a rendered line into forms X has actually sent now and then
/// (issue 11), so that the model's tolerance is exercised by every consumer
/// of the generator: a rule id as a JSON number and an untagged rule's `tag`
/// as `null` (filtered stream, 2021), `edits_remaining` as a string (2022-10),
/// a URL `status` as a string, and a member the model does not know (inside
/// `public_metrics`).
pub(super) fn drift(id: u64, line: &mut Map<String, Value>) {
    if drifted(id, 1) {
        if let Some(Value::Array(rules)) = line.get_mut("matching_rules") {
            for r in rules.iter_mut().filter_map(Value::as_object_mut) {
                if let Some(n) = r
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<u64>().ok())
                {
                    r.insert("id".into(), Value::from(n));
                }
                r.entry("tag").or_insert(Value::Null);
            }
        }
    }
    let Some(Value::Object(data)) = line.get_mut("data") else {
        return;
    };
    if drifted(id, 2) {
        if let Some(Value::Object(ec)) = data.get_mut("edit_controls") {
            if let Some(n) = ec.get("edits_remaining").and_then(Value::as_u64) {
                ec.insert("edits_remaining".into(), Value::from(n.to_string()));
            }
        }
    }
    if drifted(id, 3) {
        if let Some(Value::Array(urls)) = data.get_mut("entities").and_then(|e| e.get_mut("urls")) {
            for u in urls.iter_mut().filter_map(Value::as_object_mut) {
                if let Some(n) = u.get("status").and_then(Value::as_u64) {
                    u.insert("status".into(), Value::from(n.to_string()));
                }
            }
        }
    }
    if drifted(id, 4) {
        // X adds members to existing objects without notice (as it did with
        // `bookmark_count` and `impression_count` in `public_metrics`).
        if let Some(Value::Object(pm)) = data.get_mut("public_metrics") {
            pm.insert(
                "x_unreleased_count".into(),
                json!({"value": 1.0, "ids": [1, "2"], "note": null}),
            );
        }
    }
}
