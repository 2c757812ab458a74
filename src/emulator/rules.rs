//! The in-memory rule set and the `GET`/`POST /2/tweets/search/stream/rules` endpoint.

use std::{sync::Arc, time::SystemTime};

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    fields::query_pairs,
    generator::iso8601,
    problems,
    rule_lang::{Expr, RuleError, parse},
};

/// The longest rule value accepted (X's limit for most plans).
pub(crate) const MAX_RULE_LEN: usize = 1024;
/// Pagination tokens are 16 characters, as X's.
const TOKEN_MASK: u64 = 0x5A17_C0FF_EE00_0000;

/// A rule in the active set.
#[derive(Debug, Clone)]
pub(crate) struct ActiveRule {
    pub id: String,
    pub value: String,
    pub tag: Option<String>,
    pub expr: Expr,
}

/// The rule set. Readers (the filtered streams) take cheap `Arc` snapshots.
#[derive(Debug)]
pub(crate) struct RuleStore {
    rules: Arc<Vec<ActiveRule>>,
    next_id: u64,
    max_rules: usize,
}

/// What a rules endpoint answers: status and JSON body.
pub(crate) struct Reply {
    pub status: u16,
    pub body: String,
    pub problem: bool,
}

impl Reply {
    pub(crate) fn ok(status: u16, v: Value) -> Self {
        Reply {
            status,
            body: v.to_string(),
            problem: false,
        }
    }
    pub(crate) fn problem(status: u16, body: String) -> Self {
        Reply {
            status,
            body,
            problem: true,
        }
    }
}

fn now_iso() -> String {
    let ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    iso8601(ms)
}

fn validate(value: &str) -> Result<Expr, RuleError> {
    let len = value.chars().count();
    if len > MAX_RULE_LEN {
        return Err(RuleError {
            position: MAX_RULE_LEN + 1,
            message: format!("Rule length {len} exceeds the maximum of {MAX_RULE_LEN} characters"),
        });
    }
    parse(value)
}

fn invalid_item(value: &str, e: &RuleError) -> Value {
    json!({
        "value": value,
        "details": [e.to_string()],
        "title": "UnprocessableEntity",
        "type": problems::INVALID_RULES,
    })
}

#[derive(Deserialize)]
struct RuleIn {
    value: String,
    #[serde(default)]
    tag: Option<String>,
}

#[derive(Deserialize, Default)]
struct DeleteIn {
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    values: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    #[serde(default)]
    add: Option<Vec<RuleIn>>,
    #[serde(default)]
    delete: Option<DeleteIn>,
}

impl RuleStore {
    pub(crate) fn new(seed: u64, max_rules: usize) -> Self {
        // Snowflake-like 19-digit ids, different per seed, increasing.
        let base = 1_870_000_000_000_000_000u64 + (seed % 1_000_000) * 1_000_000_000;
        RuleStore {
            rules: Arc::new(Vec::new()),
            next_id: base,
            max_rules,
        }
    }

    /// A cheap snapshot for the stream producers.
    pub(crate) fn active(&self) -> Arc<Vec<ActiveRule>> {
        self.rules.clone()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// How many rules there are, and the cap.
    pub(crate) fn usage(&self) -> (usize, usize) {
        (self.rules.len(), self.max_rules)
    }

    pub(crate) fn snapshot(&self) -> Vec<(String, String, Option<String>)> {
        self.rules
            .iter()
            .map(|r| (r.id.clone(), r.value.clone(), r.tag.clone()))
            .collect()
    }

    pub(crate) fn clear(&mut self) {
        self.rules = Arc::new(Vec::new());
    }

    fn mint_id(&mut self) -> String {
        self.next_id += 1_048_577;
        self.next_id.to_string()
    }

    /// Adds one rule (used by the builder and [`Emulator::add_rule`](super::Emulator::add_rule)).
    pub(crate) fn add_one(
        &mut self,
        value: &str,
        tag: Option<String>,
    ) -> Result<String, RuleError> {
        let expr = validate(value)?;
        if let Some(r) = self.rules.iter().find(|r| r.value == value) {
            return Ok(r.id.clone());
        }
        let id = self.mint_id();
        Arc::make_mut(&mut self.rules).push(ActiveRule {
            id: id.clone(),
            value: value.to_owned(),
            tag,
            expr,
        });
        Ok(id)
    }

    /// `GET /2/tweets/search/stream/rules`.
    pub(crate) fn lookup(&self, query: Option<&str>) -> Reply {
        let mut ids: Option<Vec<String>> = None;
        let mut max = 1000usize;
        let mut offset = 0usize;
        let mut bad = Vec::new();
        for (k, v) in query_pairs(query) {
            match k.as_str() {
                "ids" => ids = Some(v.split(',').filter(|s| !s.is_empty()).map(str::to_owned).collect()),
                "max_results" => match v.parse::<usize>() {
                    Ok(n) if (1..=1000).contains(&n) => max = n,
                    _ => bad.push((
                        k.clone(),
                        vec![v.clone()],
                        format!("The `max_results` query parameter value [{v}] is not between 1 and 1000"),
                    )),
                },
                "pagination_token" => match decode_token(&v) {
                    Some(o) => offset = o,
                    None => bad.push((
                        k.clone(),
                        vec![v.clone()],
                        format!("The `pagination_token` query parameter value [{v}] is not valid"),
                    )),
                },
                _ => bad.push((
                    k.clone(),
                    vec![v.clone()],
                    format!("The query parameter [{k}] is not one of [ids,max_results,pagination_token]"),
                )),
            }
        }
        if !bad.is_empty() {
            return Reply::problem(400, problems::invalid_request_many(bad));
        }
        let selected: Vec<&ActiveRule> = self
            .rules
            .iter()
            .filter(|r| ids.as_ref().is_none_or(|ids| ids.contains(&r.id)))
            .collect();
        let page: Vec<Value> = selected
            .iter()
            .skip(offset)
            .take(max)
            .map(|r| rule_json(r))
            .collect();
        let mut meta = Map::new();
        meta.insert("sent".into(), Value::from(now_iso()));
        meta.insert("result_count".into(), Value::from(page.len()));
        if offset + page.len() < selected.len() {
            meta.insert(
                "next_token".into(),
                Value::from(encode_token(offset + page.len())),
            );
        }
        let mut out = Map::new();
        if !page.is_empty() {
            out.insert("data".into(), Value::Array(page));
        }
        out.insert("meta".into(), Value::Object(meta));
        Reply::ok(200, Value::Object(out))
    }

    /// `POST /2/tweets/search/stream/rules`.
    pub(crate) fn modify(&mut self, query: Option<&str>, body: &[u8]) -> Reply {
        let mut dry_run = false;
        let mut delete_all = false;
        let mut bad = Vec::new();
        for (k, v) in query_pairs(query) {
            let flag = match v.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            };
            match (k.as_str(), flag) {
                ("dry_run", Some(b)) => dry_run = b,
                ("delete_all", Some(b)) => delete_all = b,
                ("dry_run" | "delete_all", None) => bad.push((
                    k.clone(),
                    vec![v.clone()],
                    format!("The `{k}` query parameter value [{v}] must be one of [true,false]"),
                )),
                _ => bad.push((
                    k.clone(),
                    vec![v.clone()],
                    format!("The query parameter [{k}] is not one of [dry_run,delete_all]"),
                )),
            }
        }
        if !bad.is_empty() {
            return Reply::problem(400, problems::invalid_request_many(bad));
        }
        if delete_all {
            let n = self.rules.len();
            if !dry_run {
                self.clear();
            }
            return Reply::ok(
                200,
                json!({"meta": {"sent": now_iso(), "summary": {"deleted": n, "not_deleted": 0}}}),
            );
        }
        let parsed: Body = match serde_json::from_slice(body) {
            Ok(b) => b,
            Err(e) => {
                return Reply::problem(
                    400,
                    problems::invalid_body(&format!(
                        "The request body is not a valid rules request: {e}"
                    )),
                );
            }
        };
        match (parsed.add, parsed.delete) {
            (Some(add), None) => self.add(add, dry_run),
            (None, Some(del)) => self.delete(del, dry_run),
            _ => Reply::problem(
                400,
                problems::invalid_body(
                    "The request body must contain exactly one of `add` or `delete`",
                ),
            ),
        }
    }

    fn add(&mut self, add: Vec<RuleIn>, dry_run: bool) -> Reply {
        let mut created = Vec::new();
        let mut errors = Vec::new();
        let mut invalid = 0usize;
        let mut next = (*self.rules).clone();
        let saved_id = self.next_id;
        for r in add {
            let expr = match validate(&r.value) {
                Ok(e) => e,
                Err(e) => {
                    invalid += 1;
                    errors.push(invalid_item(&r.value, &e));
                    continue;
                }
            };
            if let Some(existing) = next.iter().find(|x| x.value == r.value) {
                invalid += 1;
                errors.push(json!({
                    "value": r.value,
                    "id": existing.id,
                    "title": "DuplicateRule",
                    "type": problems::DUPLICATE_RULES,
                }));
                continue;
            }
            if next.len() >= self.max_rules {
                invalid += 1;
                errors.push(json!({
                    "value": r.value,
                    "title": "RulesCapExceeded",
                    "detail": format!("This request would exceed the maximum of {} rules.", self.max_rules),
                    "type": problems::RULE_CAP,
                }));
                continue;
            }
            let rule = ActiveRule {
                id: self.mint_id(),
                value: r.value,
                tag: r.tag,
                expr,
            };
            created.push(rule_json(&rule));
            next.push(rule);
        }
        let n_created = created.len();
        if dry_run {
            self.next_id = saved_id;
        } else {
            self.rules = Arc::new(next);
        }
        let mut out = Map::new();
        if !created.is_empty() {
            out.insert("data".into(), Value::Array(created));
        }
        if !errors.is_empty() {
            out.insert("errors".into(), Value::Array(errors));
        }
        out.insert(
            "meta".into(),
            json!({"sent": now_iso(), "summary": {"created": n_created, "not_created": invalid, "valid": n_created, "invalid": invalid}}),
        );
        let status = if n_created > 0 && !dry_run { 201 } else { 200 };
        Reply::ok(status, Value::Object(out))
    }

    fn delete(&mut self, del: DeleteIn, dry_run: bool) -> Reply {
        let mut next = (*self.rules).clone();
        let mut deleted = 0usize;
        let mut not_deleted = 0usize;
        let mut errors = Vec::new();
        let not_found = |what: &str, errors: &mut Vec<Value>| {
            errors.push(json!({
                "errors": [{"parameters": {}, "message": format!("Rule does not exist: {what}")}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": problems::INVALID_REQUEST,
            }));
        };
        for id in &del.ids {
            match next.iter().position(|r| &r.id == id) {
                Some(i) => {
                    next.remove(i);
                    deleted += 1;
                }
                None => {
                    not_deleted += 1;
                    not_found(id, &mut errors);
                }
            }
        }
        for value in &del.values {
            match next.iter().position(|r| &r.value == value) {
                Some(i) => {
                    next.remove(i);
                    deleted += 1;
                }
                None => {
                    not_deleted += 1;
                    not_found(value, &mut errors);
                }
            }
        }
        if !dry_run {
            self.rules = Arc::new(next);
        }
        let mut out = Map::new();
        if !errors.is_empty() {
            out.insert("errors".into(), Value::Array(errors));
        }
        out.insert(
            "meta".into(),
            json!({"sent": now_iso(), "summary": {"deleted": deleted, "not_deleted": not_deleted}}),
        );
        Reply::ok(200, Value::Object(out))
    }
}

fn rule_json(r: &ActiveRule) -> Value {
    let mut o = Map::new();
    o.insert("id".into(), Value::from(r.id.clone()));
    o.insert("value".into(), Value::from(r.value.clone()));
    if let Some(t) = &r.tag {
        o.insert("tag".into(), Value::from(t.clone()));
    }
    Value::Object(o)
}

fn encode_token(offset: usize) -> String {
    format!("{:016x}", offset as u64 ^ TOKEN_MASK)
}

fn decode_token(s: &str) -> Option<usize> {
    if s.len() != 16 {
        return None;
    }
    let v = u64::from_str_radix(s, 16).ok()? ^ TOKEN_MASK;
    usize::try_from(v).ok().filter(|v| *v < 1 << 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_are_16_chars() {
        for o in [0, 1, 999, 123_456] {
            let t = encode_token(o);
            assert_eq!(t.len(), 16);
            assert_eq!(decode_token(&t), Some(o));
        }
        assert_eq!(decode_token("short"), None);
        assert_eq!(decode_token("zzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn ids_are_decimal_up_to_19_digits() {
        let mut s = RuleStore::new(u64::MAX, 10);
        let id = s.add_one("cats", None).unwrap();
        assert!(
            id.len() <= 19 && id.chars().all(|c| c.is_ascii_digit()),
            "{id}"
        );
    }
}
