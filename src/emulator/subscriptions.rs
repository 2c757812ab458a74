//! The emulator's X Activity subscriptions: `GET/POST/DELETE /2/activity/subscriptions`
//! and `PUT/DELETE /2/activity/subscriptions/{id}`, with X's request checks and cap.
//!
//! Shapes: OpenAPI 2.167 (`CreateActivitySubscriptionRequest`/`Response`, ...). The cap is
//! X's self-serve limit (1,500, docs.x.com "Subscription limits"), settable on the builder.

use serde_json::{Value, json};

use super::generator::iso8601;
use super::problems;
use super::rules::Reply;
use crate::model::enums::ActivityType;

/// One subscription as the emulator keeps it.
#[derive(Debug, Clone)]
pub(crate) struct Sub {
    pub id: u64,
    pub event_type: String,
    pub user_id: Option<String>,
    pub keyword: Option<String>,
    pub direction: Option<String>,
    pub tag: Option<String>,
    pub webhook_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

impl Sub {
    fn to_json(&self) -> Value {
        let mut filter = serde_json::Map::new();
        for (k, v) in [
            ("user_id", &self.user_id),
            ("keyword", &self.keyword),
            ("direction", &self.direction),
        ] {
            if let Some(v) = v {
                filter.insert(k.into(), json!(v));
            }
        }
        let mut v = json!({
            "subscription_id": self.id.to_string(),
            "event_type": self.event_type,
            "filter": filter,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        });
        if let Some(t) = &self.tag {
            v["tag"] = json!(t);
        }
        if let Some(w) = &self.webhook_id {
            v["webhook_id"] = json!(w);
        }
        v
    }
}

/// The subscriptions, in creation order.
pub(crate) struct SubscriptionStore {
    pub subs: Vec<Sub>,
    next_id: u64,
    cap: usize,
}

fn now_iso() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    iso8601(ms)
}

fn bad(parameter: &str, value: &str, message: &str) -> Reply {
    Reply::problem(400, problems::invalid_request(parameter, &[value], message))
}

fn is_id(s: &str) -> bool {
    (1..=19).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn str_member<'a>(v: &'a Value, k: &str) -> Result<Option<&'a str>, Reply> {
    match v.get(k) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(bad(
            k,
            &other.to_string(),
            &format!("`{k}` must be a string"),
        )),
    }
}

/// Checks `tag` (1 to 200 characters) and `webhook_id` (`^[0-9]{1,19}$`).
fn tag_and_webhook(body: &Value) -> Result<(Option<String>, Option<String>), Reply> {
    let tag = str_member(body, "tag")?;
    if let Some(t) = tag {
        if !(1..=200).contains(&t.chars().count()) {
            return Err(bad("tag", t, "`tag` must be 1 to 200 characters"));
        }
    }
    let webhook = str_member(body, "webhook_id")?;
    if let Some(w) = webhook.filter(|w| !is_id(w)) {
        return Err(bad(
            "webhook_id",
            w,
            "`webhook_id` must match ^[0-9]{1,19}$",
        ));
    }
    Ok((tag.map(str::to_owned), webhook.map(str::to_owned)))
}

fn parse_body(bytes: &[u8]) -> Result<Value, Reply> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(Reply::problem(
            400,
            problems::invalid_body("The request body is not a JSON object"),
        )),
    }
}

impl SubscriptionStore {
    pub(crate) fn new(cap: usize) -> Self {
        SubscriptionStore {
            subs: Vec::new(),
            next_id: 1_976_325_569_252_868_096,
            cap,
        }
    }

    /// `POST /2/activity/subscriptions`.
    pub(crate) fn create(&mut self, bytes: &[u8]) -> Reply {
        match self.try_create(bytes) {
            Ok(sub) => Reply::ok(200, json!({"data": {"subscription": sub.to_json()}})),
            Err(reply) => reply,
        }
    }

    fn try_create(&mut self, bytes: &[u8]) -> Result<Sub, Reply> {
        let body = parse_body(bytes)?;
        let known = ["event_type", "filter", "tag", "webhook_id"];
        if let Some(k) = body
            .as_object()
            .and_then(|o| o.keys().find(|k| !known.contains(&k.as_str())))
        {
            return Err(bad(k, k, &format!("[{k}] is not a member of the request")));
        }
        let event_type = str_member(&body, "event_type")?.unwrap_or_default();
        if !ActivityType::SUBSCRIBABLE
            .iter()
            .any(|t| t.as_str() == event_type)
        {
            return Err(bad(
                "event_type",
                event_type,
                "`event_type` is not one of the subscribable event types",
            ));
        }
        let filter = body.get("filter").cloned().unwrap_or(Value::Null);
        let (user_id, keyword, direction) = check_filter(event_type, &filter)?;
        let (tag, webhook_id) = tag_and_webhook(&body)?;
        if self.subs.len() >= self.cap {
            return Err(Reply::problem(429, cap_problem(self.cap)));
        }
        let now = now_iso();
        self.next_id += 1;
        let sub = Sub {
            id: self.next_id,
            event_type: event_type.to_owned(),
            user_id,
            keyword,
            direction,
            tag,
            webhook_id,
            created_at: now.clone(),
            updated_at: now,
        };
        self.subs.push(sub.clone());
        Ok(sub)
    }

    /// `GET /2/activity/subscriptions` (`max_results` 1 to 1000, `pagination_token`).
    pub(crate) fn list(&self, query: Option<&str>) -> Reply {
        let mut max = 100usize;
        let mut start = 0usize;
        for (k, v) in super::fields::query_pairs(query) {
            match k.as_str() {
                "max_results" => match v.parse::<usize>() {
                    Ok(n) if (1..=1000).contains(&n) => max = n,
                    _ => {
                        return bad(
                            "max_results",
                            &v,
                            "`max_results` must be between 1 and 1000",
                        );
                    }
                },
                "pagination_token" => match v
                    .strip_prefix("0000000000000000")
                    .and_then(|n| n.parse().ok())
                {
                    Some(n) => start = n,
                    None => {
                        return bad(
                            "pagination_token",
                            &v,
                            "The `pagination_token` is not valid",
                        );
                    }
                },
                _ => return bad(&k, &v, &format!("The query parameter [{k}] is not allowed")),
            }
        }
        let page: Vec<Value> = self
            .subs
            .iter()
            .skip(start)
            .take(max)
            .map(Sub::to_json)
            .collect();
        let mut v = json!({"data": page, "meta": {"result_count": page.len()}});
        if start + max < self.subs.len() {
            v["meta"]["next_token"] = json!(format!("0000000000000000{}", start + max));
        }
        Reply::ok(200, v)
    }

    /// `PUT /2/activity/subscriptions/{id}`: a new `tag` and/or `webhook_id`.
    pub(crate) fn update(&mut self, id: &str, bytes: &[u8]) -> Reply {
        let body = match parse_body(bytes) {
            Ok(b) => b,
            Err(r) => return r,
        };
        if let Some(k) = body.as_object().and_then(|o| {
            o.keys()
                .find(|k| !["tag", "webhook_id"].contains(&k.as_str()))
        }) {
            return bad(k, k, &format!("[{k}] cannot be updated"));
        }
        let (tag, webhook) = match tag_and_webhook(&body) {
            Ok(x) => x,
            Err(r) => return r,
        };
        let total = self.subs.len();
        let Some(sub) = self.find(id) else {
            return not_found(id);
        };
        if tag.is_some() {
            sub.tag = tag;
        }
        if webhook.is_some() {
            sub.webhook_id = webhook;
        }
        sub.updated_at = now_iso();
        Reply::ok(
            200,
            json!({"data": {"subscription": sub.to_json(), "total_subscriptions": total}}),
        )
    }

    fn find(&mut self, id: &str) -> Option<&mut Sub> {
        self.subs.iter_mut().find(|s| s.id.to_string() == id)
    }

    /// `DELETE /2/activity/subscriptions/{id}`.
    pub(crate) fn delete(&mut self, id: &str) -> Reply {
        let before = self.subs.len();
        self.subs.retain(|s| s.id.to_string() != id);
        if self.subs.len() == before {
            return not_found(id);
        }
        Reply::ok(200, json!({"data": {"deleted": true}}))
    }

    /// `DELETE /2/activity/subscriptions?ids=..` (1 to 100): per-id failures are `errors`.
    pub(crate) fn delete_many(&mut self, query: Option<&str>) -> Reply {
        let ids: Vec<String> = super::fields::query_pairs(query)
            .into_iter()
            .filter(|(k, _)| k == "ids")
            .flat_map(|(_, v)| v.split(',').map(str::to_owned).collect::<Vec<_>>())
            .collect();
        if ids.is_empty() || ids.len() > 100 || ids.iter().any(|i| !is_id(i)) {
            return bad(
                "ids",
                &ids.join(","),
                "`ids` must be 1 to 100 ids matching ^[0-9]{1,19}$",
            );
        }
        let (mut data, mut errors) = (Vec::new(), Vec::new());
        for id in ids {
            let before = self.subs.len();
            self.subs.retain(|s| s.id.to_string() != id);
            if self.subs.len() < before {
                data.push(json!({"subscription_id": id, "deleted": true}));
            } else {
                errors.push(json!({"subscription_id": id, "reason": "not_found",
                    "message": format!("Subscription {id} does not exist")}));
            }
        }
        let mut v = json!({"data": data, "meta": {"total_subscriptions": self.subs.len()}});
        if !errors.is_empty() {
            v["errors"] = Value::Array(errors);
        }
        Reply::ok(200, v)
    }
}

/// A filter's `user_id`, `keyword` and `direction`.
type FilterParts = (Option<String>, Option<String>, Option<String>);

/// Checks a filter the way the spec describes: `user_id` (digits) or `keyword` (1 to 150
/// characters), `direction` `inbound`/`outbound`, not for mute.* or block.* events.
fn check_filter(event_type: &str, filter: &Value) -> Result<FilterParts, Reply> {
    if !filter.is_object() {
        return Err(bad(
            "filter",
            &filter.to_string(),
            "`filter` is required and must be an object",
        ));
    }
    if let Some(k) = filter.as_object().and_then(|o| {
        o.keys()
            .find(|k| !["user_id", "keyword", "direction"].contains(&k.as_str()))
    }) {
        return Err(bad("filter", k, &format!("[{k}] is not a filter member")));
    }
    let user_id = str_member(filter, "user_id")?;
    let keyword = str_member(filter, "keyword")?;
    let direction = str_member(filter, "direction")?;
    if let Some(u) = user_id.filter(|u| !is_id(u)) {
        return Err(bad(
            "filter.user_id",
            u,
            "`filter.user_id` must match ^[0-9]{1,19}$",
        ));
    }
    if let Some(k) = keyword.filter(|k| !(1..=150).contains(&k.chars().count())) {
        return Err(bad(
            "filter.keyword",
            k,
            "`filter.keyword` must be 1 to 150 characters",
        ));
    }
    if user_id.is_none() && keyword.is_none() {
        return Err(bad(
            "filter",
            "{}",
            "`filter` needs a `user_id` or a `keyword`",
        ));
    }
    if let Some(d) = direction {
        if event_type.starts_with("mute.") || event_type.starts_with("block.") {
            return Err(bad(
                "filter.direction",
                d,
                "`direction` is not supported for mute.* or block.* events",
            ));
        }
        if d != "inbound" && d != "outbound" {
            return Err(bad(
                "filter.direction",
                d,
                "`filter.direction` must be inbound or outbound",
            ));
        }
    }
    let own = |s: Option<&str>| s.map(str::to_owned);
    Ok((own(user_id), own(keyword), own(direction)))
}

fn not_found(id: &str) -> Reply {
    Reply::problem(
        404,
        json!({"title": "Not Found Error", "type": "https://api.twitter.com/2/problems/resource-not-found",
            "detail": format!("Could not find subscription with id: [{id}]."),
            "resource_type": "subscription", "parameter": "subscription_id", "value": id})
        .to_string(),
    )
}

/// Over the cap: X's usage-capped problem shape.
fn cap_problem(cap: usize) -> String {
    json!({"title": "Usage capped", "type": "https://api.twitter.com/2/problems/usage-capped",
        "detail": format!("This app already has the maximum of {cap} X Activity subscriptions."),
        "status": 429})
    .to_string()
}
