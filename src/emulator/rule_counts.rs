//! `GET /2/tweets/search/stream/rules/counts` (OpenAPI 2.167, `getRuleCounts`): the rule caps
//! and usage of the emulator's one project with one client app.

use serde_json::json;

use super::problems;
use super::rules::Reply;

/// The `rules_count.fields` values (`RulesCountFieldsParameter`).
const FIELDS: [&str; 5] = [
    "all_project_client_apps",
    "cap_per_client_app",
    "cap_per_project",
    "client_app_rules_count",
    "project_rules_count",
];

/// The emulator's client app id.
const CLIENT_APP_ID: &str = "29820954";

/// The answer for `rules` rules under a cap of `cap`; the four members the schema requires
/// always, `all_project_client_apps` when `rules_count.fields` asks for it.
pub(crate) fn counts(query: Option<&str>, rules: usize, cap: usize) -> Reply {
    let mut all_apps = false;
    for (k, v) in super::fields::query_pairs(query) {
        if k != "rules_count.fields" {
            let message = format!("The query parameter [{k}] is not allowed on this endpoint");
            return Reply::problem(400, problems::invalid_request(&k, &[&v], &message));
        }
        for f in v.split(',') {
            if !FIELDS.contains(&f) {
                let message = format!(
                    "The `rules_count.fields` query parameter value [{f}] is not one of {FIELDS:?}"
                );
                return Reply::problem(400, problems::invalid_request(&k, &[f], &message));
            }
            all_apps |= f == "all_project_client_apps";
        }
    }
    let app = json!({"client_app_id": CLIENT_APP_ID, "rule_count": rules});
    let mut data = json!({
        "cap_per_client_app": cap.to_string(),
        "cap_per_project": cap.to_string(),
        "client_app_rules_count": app,
        "project_rules_count": rules.to_string(),
    });
    if all_apps {
        data["all_project_client_apps"] = json!([app]);
    }
    Reply::ok(200, json!({ "data": data }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_checked_and_honoured() {
        let r = counts(None, 2, 5);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["data"]["project_rules_count"], "2");
        assert_eq!(v["data"]["cap_per_client_app"], "5");
        assert!(v["data"].get("all_project_client_apps").is_none());
        let r = counts(Some("rules_count.fields=all_project_client_apps"), 2, 5);
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["data"]["all_project_client_apps"][0]["rule_count"], 2);
        for bad in ["rules_count.fields=caps", "max_results=2"] {
            let r = counts(Some(bad), 0, 5);
            assert_eq!((r.status, r.problem), (400, true), "{bad}");
        }
    }
}
