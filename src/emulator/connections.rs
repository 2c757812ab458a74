//! The emulator's stream-connection bookkeeping and X's Stream Connections calls: every 200
//! stream body gets a uuid and a record (kept after it ends); `GET /2/connections` lists
//! them, the `DELETE` calls end them: the stream then writes a problem line and closes.
//!
//! Shapes: OpenAPI 2.167 (`getConnectionHistory`, `Delete*ConnectionsResponse`). X does not
//! document its disconnect reasons or the line a terminated stream gets; the emulator says
//! `client_disconnect` / `terminated` and sends an `operational-disconnect` problem whose
//! detail names the termination.

use std::sync::Arc;

use serde_json::{Value, json};
use tokio::sync::watch;

use super::generator::iso8601;
use super::rules::Reply;
use super::{State, problems};
use crate::request::endpoint::StreamEndpoint;

/// One stream connection.
struct Record {
    uuid: String,
    endpoint: &'static str,
    connected_at: String,
    disconnected_at: Option<String>,
    reason: Option<&'static str>,
    kill: watch::Sender<bool>,
}

/// Every stream connection so far, in connection order.
#[derive(Default)]
pub(crate) struct Registry {
    records: Vec<Record>,
}

fn now_iso() -> String {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    iso8601(ms)
}

/// Held by a stream's producer: ends the record when dropped.
pub(crate) struct Ticket {
    state: Arc<State>,
    uuid: String,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut reg = State::lock(&self.state.connections);
        if let Some(r) = reg.records.iter_mut().find(|r| r.uuid == self.uuid) {
            if r.disconnected_at.is_none() {
                r.disconnected_at = Some(now_iso());
                r.reason.get_or_insert("client_disconnect");
            }
        }
    }
}

/// Records a new connection to `endpoint`; the receiver turns `true` when it is terminated.
pub(crate) fn open(state: &Arc<State>, endpoint: &'static str) -> (Ticket, watch::Receiver<bool>) {
    let mut reg = State::lock(&state.connections);
    let n = reg.records.len() as u64 + 1;
    let uuid = format!("{:08x}-7e57-4000-8000-{:012x}", state.config.seed as u32, n);
    let (kill, rx) = watch::channel(false);
    reg.records.push(Record {
        uuid: uuid.clone(),
        endpoint,
        connected_at: now_iso(),
        disconnected_at: None,
        reason: None,
        kill,
    });
    (
        Ticket {
            state: state.clone(),
            uuid,
        },
        rx,
    )
}

/// The line a terminated stream gets before it closes.
pub(crate) fn terminated_line() -> String {
    json!({"errors": [{
        "title": "operational-disconnect",
        "disconnect_type": "OperationalDisconnect",
        "detail": "This stream has been disconnected: the connection was terminated through /2/connections.",
        "type": problems::OPERATIONAL_DISCONNECT,
    }]})
    .to_string()
}

impl Record {
    fn to_json(&self, fields: &[String]) -> Value {
        let all = [
            ("id", Some(json!(self.uuid))),
            ("endpoint_name", Some(json!(self.endpoint))),
            ("client_ip", Some(json!("127.0.0.1"))),
            ("connected_at", Some(json!(self.connected_at))),
            (
                "disconnected_at",
                self.disconnected_at.as_ref().map(|t| json!(t)),
            ),
            ("disconnect_reason", self.reason.map(|r| json!(r))),
        ];
        let mut m = serde_json::Map::new();
        for (k, v) in all {
            if let Some(v) =
                v.filter(|_| k == "id" || fields.is_empty() || fields.iter().any(|f| f == k))
            {
                m.insert(k.into(), v);
            }
        }
        Value::Object(m)
    }
}

fn bad(parameter: &str, value: &str, message: &str) -> Reply {
    Reply::problem(400, problems::invalid_request(parameter, &[value], message))
}

const FIELDS: [&str; 6] = [
    "client_ip",
    "connected_at",
    "disconnect_reason",
    "disconnected_at",
    "endpoint_name",
    "id",
];
const STATUSES: [&str; 3] = ["active", "inactive", "all"];

/// A listing's parameters.
struct ListQuery {
    status: String,
    endpoints: Vec<String>,
    max: usize,
    start: usize,
    fields: Vec<String>,
}

fn list_query(query: Option<&str>) -> Result<ListQuery, Reply> {
    let mut q = ListQuery {
        status: "active".into(),
        endpoints: Vec::new(),
        max: 10,
        start: 0,
        fields: Vec::new(),
    };
    for (k, v) in super::fields::query_pairs(query) {
        let list = || v.split(',').map(str::to_owned).collect::<Vec<_>>();
        match k.as_str() {
            "status" if STATUSES.contains(&v.as_str()) => q.status = v.clone(),
            "endpoints"
                if list()
                    .iter()
                    .all(|e| StreamEndpoint::from_connection_id(e).is_some()) =>
            {
                q.endpoints = list();
            }
            "connection.fields" if list().iter().all(|f| FIELDS.contains(&f.as_str())) => {
                q.fields = list();
            }
            "max_results" if v.parse::<usize>().is_ok_and(|n| (1..=100).contains(&n)) => {
                q.max = v.parse().unwrap_or(10);
            }
            "pagination_token" if v.parse::<usize>().is_ok() => q.start = v.parse().unwrap_or(0),
            "status" | "endpoints" | "connection.fields" | "max_results" | "pagination_token" => {
                return Err(bad(
                    &k,
                    &v,
                    &format!("The `{k}` query parameter value [{v}] is not valid"),
                ));
            }
            _ => {
                return Err(bad(
                    &k,
                    &v,
                    &format!("The query parameter [{k}] is not allowed on /2/connections"),
                ));
            }
        }
    }
    Ok(q)
}

impl Registry {
    /// `GET /2/connections`: newest first, filtered by `status` and `endpoints`, paged.
    pub(crate) fn list(&self, query: Option<&str>) -> Reply {
        let q = match list_query(query) {
            Ok(q) => q,
            Err(r) => return r,
        };
        let matching: Vec<&Record> = self
            .records
            .iter()
            .rev()
            .filter(|r| match q.status.as_str() {
                "active" => r.disconnected_at.is_none(),
                "inactive" => r.disconnected_at.is_some(),
                _ => true,
            })
            .filter(|r| q.endpoints.is_empty() || q.endpoints.iter().any(|e| e == r.endpoint))
            .collect();
        let page: Vec<Value> = matching
            .iter()
            .skip(q.start)
            .take(q.max)
            .map(|r| r.to_json(&q.fields))
            .collect();
        let mut v = json!({"data": page, "meta": {"result_count": page.len()}});
        if q.start + q.max < matching.len() {
            v["meta"]["next_token"] = json!((q.start + q.max).to_string());
        }
        Reply::ok(200, v)
    }

    /// Ends the active connections `pick` selects, and the uuids asked for that are not active.
    fn kill(&mut self, pick: impl Fn(&Record) -> bool, missing: &[String]) -> Reply {
        let mut results = Vec::new();
        for r in self
            .records
            .iter_mut()
            .filter(|r| r.disconnected_at.is_none() && pick(r))
        {
            r.reason = Some("terminated");
            r.disconnected_at = Some(now_iso());
            r.kill.send_replace(true);
            results.push(json!({"uuid": r.uuid, "success": true}));
        }
        let ok = results.len();
        for uuid in missing {
            results.push(json!({"uuid": uuid, "success": false,
                "error_message": format!("No active connection with uuid {uuid}")}));
        }
        Reply::ok(
            200,
            json!({"data": {"successful_kills": ok, "failed_kills": missing.len(), "results": results}}),
        )
    }

    /// `DELETE /2/connections/all`.
    pub(crate) fn kill_all(&mut self) -> Reply {
        self.kill(|_| true, &[])
    }

    /// `DELETE /2/connections/{endpoint_id}`.
    pub(crate) fn kill_endpoint(&mut self, id: &str) -> Reply {
        if StreamEndpoint::from_connection_id(id).is_none() {
            return bad(
                "endpoint_id",
                id,
                &format!("The `endpoint_id` path parameter value [{id}] is not valid"),
            );
        }
        self.kill(|r| r.endpoint == id, &[])
    }

    /// `DELETE /2/connections` with `{"uuids":[...]}` (1 to 100).
    pub(crate) fn kill_uuids(&mut self, body: &[u8]) -> Reply {
        let uuids: Vec<String> = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(o)) if o.len() == 1 => {
                match o.get("uuids").map(|u| serde_json::from_value(u.clone())) {
                    Some(Ok(u)) => u,
                    _ => {
                        return Reply::problem(
                            400,
                            problems::invalid_body("`uuids` must be an array of strings"),
                        );
                    }
                }
            }
            _ => {
                return Reply::problem(
                    400,
                    problems::invalid_body("The body must be {\"uuids\": [...]}"),
                );
            }
        };
        if !(1..=100).contains(&uuids.len()) {
            return bad(
                "uuids",
                &uuids.len().to_string(),
                "`uuids` must hold 1 to 100 uuids",
            );
        }
        let active = |u: &String| {
            self.records
                .iter()
                .any(|r| &r.uuid == u && r.disconnected_at.is_none())
        };
        let missing: Vec<String> = uuids.iter().filter(|u| !active(u)).cloned().collect();
        self.kill(|r| uuids.contains(&r.uuid), &missing)
    }

    /// The active connections to `endpoint`.
    pub(crate) fn active(&self, endpoint: &str) -> usize {
        let open = |r: &&Record| r.endpoint == endpoint && r.disconnected_at.is_none();
        self.records.iter().filter(open).count()
    }
}
