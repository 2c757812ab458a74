//! The Stream Connections API's query and answers (OpenAPI 2.167: `getConnectionHistory`,
//! `Connection`, `Delete*ConnectionsResponse`).

use bytes::Bytes;
use serde::Deserialize;

use crate::connection::rate_limit::RateLimit;
use crate::error::Error;
use crate::model::codec::lossless::lossless_object;
use crate::model::{Problem, RawJson, Timestamp, tolerant};
use crate::request::endpoint::StreamEndpoint;

lossless_object! {
    /// One stream connection of the app, active or past (`Connection`).
    ///
    /// ```
    /// use tweetstream::connections::Connection;
    /// let c: Connection = serde_json::from_str(r#"{"id":"c0a8-1","endpoint_name":"sample_stream",
    ///   "connected_at":"2026-01-02T03:04:05.000Z"}"#).unwrap();
    /// assert_eq!(c.endpoint(), Some(tweetstream::StreamEndpoint::Sample));
    /// assert!(c.is_active());
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Connection {
        /// The connection's uuid (what `terminate_connections_by_uuid` takes).
        opt id: String = "id";
        /// The stream's Stream Connections id (`filtered_stream`, ...).
        opt endpoint_name: String = "endpoint_name";
        /// The client's address as X saw it.
        opt client_ip: String = "client_ip";
        /// When it connected.
        opt connected_at: Timestamp = "connected_at";
        /// When it ended (absent while active).
        opt disconnected_at: Timestamp = "disconnected_at";
        /// Why it ended.
        opt disconnect_reason: String = "disconnect_reason";
    }
}

impl Connection {
    /// The stream, when `endpoint_name` names one this crate knows.
    ///
    /// ```
    /// # use tweetstream::connections::Connection;
    /// let c: Connection = serde_json::from_str(r#"{"endpoint_name":"filtered_stream"}"#).unwrap();
    /// assert_eq!(c.endpoint(), Some(tweetstream::StreamEndpoint::Filter));
    /// ```
    pub fn endpoint(&self) -> Option<StreamEndpoint> {
        StreamEndpoint::from_connection_id(self.endpoint_name.as_deref()?)
    }

    /// Whether it is still connected (no `disconnected_at`).
    ///
    /// ```
    /// # use tweetstream::connections::Connection;
    /// let c: Connection = serde_json::from_str(r#"{"disconnected_at":"2026-01-02T03:04:05.000Z"}"#).unwrap();
    /// assert!(!c.is_active());
    /// ```
    pub fn is_active(&self) -> bool {
        self.disconnected_at.is_none()
    }
}

/// Which connections `GET /2/connections` lists (`status`; X's default is `active`).
///
/// ```
/// use tweetstream::connections::ConnectionStatus;
/// assert_eq!(ConnectionStatus::All.as_str(), "all");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectionStatus {
    /// Connected now.
    Active,
    /// Ended.
    Inactive,
    /// Both.
    All,
}

impl ConnectionStatus {
    /// The wire value.
    ///
    /// ```
    /// # use tweetstream::connections::ConnectionStatus;
    /// assert_eq!(ConnectionStatus::Inactive.as_str(), "inactive");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Active => "active",
            ConnectionStatus::Inactive => "inactive",
            ConnectionStatus::All => "all",
        }
    }
}

/// The parameters of one `GET /2/connections` page. Every `connection.fields` value is
/// asked for, so that each [`Connection`] is complete.
///
/// ```
/// use tweetstream::StreamEndpoint;
/// use tweetstream::connections::{ConnectionStatus, ConnectionsQuery};
/// let q = ConnectionsQuery::new().status(ConnectionStatus::All).endpoints([StreamEndpoint::Filter]).max_results(50);
/// assert_eq!(q.path_and_query().unwrap(), "/2/connections?status=all&endpoints=filtered_stream&max_results=50\
///     &connection.fields=client_ip,connected_at,disconnect_reason,disconnected_at,endpoint_name,id");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectionsQuery {
    /// `status`.
    pub status: Option<ConnectionStatus>,
    /// `endpoints`.
    pub endpoints: Vec<StreamEndpoint>,
    /// `max_results` (1 to 100; X's default 10).
    pub max_results: Option<u32>,
    /// `pagination_token` (a previous page's `next_token`).
    pub pagination_token: Option<String>,
}

/// The spec's `connection.fields` values, all of them.
const FIELDS: &str = "client_ip,connected_at,disconnect_reason,disconnected_at,endpoint_name,id";

impl ConnectionsQuery {
    /// No parameters: X's defaults (active connections, 10 a page).
    ///
    /// ```
    /// # use tweetstream::connections::ConnectionsQuery;
    /// assert_eq!(ConnectionsQuery::new().path_and_query().unwrap(),
    ///     "/2/connections?connection.fields=client_ip,connected_at,disconnect_reason,disconnected_at,endpoint_name,id");
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Lists these connections.
    ///
    /// ```
    /// # use tweetstream::connections::{ConnectionStatus, ConnectionsQuery};
    /// assert_eq!(ConnectionsQuery::new().status(ConnectionStatus::Inactive).status, Some(ConnectionStatus::Inactive));
    /// ```
    pub fn status(mut self, status: ConnectionStatus) -> Self {
        self.status = Some(status);
        self
    }

    /// Only these streams' connections (each must have a Stream Connections id).
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, connections::ConnectionsQuery};
    /// let q = ConnectionsQuery::new().endpoints([StreamEndpoint::Activity]);
    /// assert_eq!(q.path_and_query().unwrap_err().parameter_name(), Some("endpoints"));
    /// ```
    pub fn endpoints(mut self, endpoints: impl IntoIterator<Item = StreamEndpoint>) -> Self {
        self.endpoints = endpoints.into_iter().collect();
        self
    }

    /// At most this many a page (1 to 100).
    ///
    /// ```
    /// # use tweetstream::connections::ConnectionsQuery;
    /// assert!(ConnectionsQuery::new().max_results(101).path_and_query().is_err());
    /// ```
    pub fn max_results(mut self, n: u32) -> Self {
        self.max_results = Some(n);
        self
    }

    /// The page after the one that gave this `next_token`.
    ///
    /// ```
    /// # use tweetstream::connections::ConnectionsQuery;
    /// assert!(ConnectionsQuery::new().pagination_token("abc").path_and_query().unwrap().contains("pagination_token=abc"));
    /// ```
    pub fn pagination_token(mut self, token: impl Into<String>) -> Self {
        self.pagination_token = Some(token.into());
        self
    }

    /// The request's path and query; a bad parameter is refused, naming it.
    ///
    /// ```
    /// # use tweetstream::connections::ConnectionsQuery;
    /// assert_eq!(ConnectionsQuery::new().max_results(0).path_and_query().unwrap_err().parameter_name(), Some("max_results"));
    /// ```
    pub fn path_and_query(&self) -> Result<String, Error> {
        let mut q = Vec::new();
        if let Some(s) = self.status {
            q.push(format!("status={}", s.as_str()));
        }
        if !self.endpoints.is_empty() {
            let ids: Option<Vec<&str>> = self.endpoints.iter().map(|e| e.connection_id()).collect();
            let ids = ids.ok_or_else(|| {
                Error::parameter(
                    "endpoints",
                    "the activity stream has no Stream Connections id",
                )
            })?;
            q.push(format!("endpoints={}", ids.join(",")));
        }
        if let Some(n) = self.max_results {
            if !(1..=100).contains(&n) {
                return Err(Error::parameter(
                    "max_results",
                    format!("{n} is not between 1 and 100"),
                ));
            }
            q.push(format!("max_results={n}"));
        }
        if let Some(t) = &self.pagination_token {
            if t.is_empty()
                || !t
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
            {
                return Err(Error::parameter(
                    "pagination_token",
                    "is empty or not a token",
                ));
            }
            q.push(format!("pagination_token={t}"));
        }
        q.push(format!("connection.fields={FIELDS}"));
        Ok(format!("/2/connections?{}", q.join("&")))
    }
}

/// One page of `GET /2/connections`.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::connections::ConnectionsQuery;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let page = client.connections(&ConnectionsQuery::new()).await.unwrap();
/// assert_eq!((page.connections.len(), page.next_token.as_deref()), (0, None));
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConnectionHistory {
    /// The connections (`data`).
    pub connections: Vec<Connection>,
    /// The next page's token (`meta.next_token`).
    pub next_token: Option<String>,
    /// `meta.result_count`.
    pub result_count: Option<u64>,
    /// Problems X reported beside the data.
    pub errors: Vec<Problem>,
    /// The rate-limit headers.
    pub rate_limit: Option<RateLimit>,
}

/// `data` is read as text, then strictly-then-tolerantly: a drifted value stays in its
/// connection's `extra` instead of failing the call.
#[derive(Deserialize)]
struct HistoryWire {
    #[serde(default)]
    data: Option<RawJson>,
    #[serde(default)]
    errors: Option<Vec<Problem>>,
    #[serde(default)]
    meta: Option<HistoryMeta>,
}

#[derive(Deserialize)]
struct HistoryMeta {
    next_token: Option<String>,
    result_count: Option<u64>,
}

fn undecodable(what: &str, e: serde_json::Error) -> Error {
    Error::decode(
        format!("the {what} answer did not decode"),
        Some(Box::new(e)),
    )
}

impl ConnectionHistory {
    pub(crate) fn decode(rate_limit: Option<RateLimit>, body: &Bytes) -> Result<Self, Error> {
        let w: HistoryWire =
            serde_json::from_slice(body).map_err(|e| undecodable("connection history", e))?;
        let meta = w.meta.unwrap_or(HistoryMeta {
            next_token: None,
            result_count: None,
        });
        let connections = match w.data {
            Some(raw) => tolerant::decode::<Vec<Connection>>(raw.get())
                .map_err(|e| undecodable("connection history", e))?,
            None => Vec::new(),
        };
        Ok(ConnectionHistory {
            connections,
            next_token: meta.next_token,
            result_count: meta.result_count,
            errors: w.errors.unwrap_or_default(),
            rate_limit,
        })
    }
}

/// One connection a terminate call tried to end (`results[]`).
///
/// ```
/// use tweetstream::connections::KillResult;
/// let r: KillResult = serde_json::from_str(r#"{"uuid":"a-1","success":false,"error_message":"not found"}"#).unwrap();
/// assert!(!r.success);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct KillResult {
    /// The connection.
    pub uuid: String,
    /// Whether it was ended.
    pub success: bool,
    /// Why not.
    #[serde(default)]
    pub error_message: Option<String>,
}

/// What a terminate call did (`successful_kills`, `failed_kills`, `results`).
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// # let em = Emulator::start().await.unwrap();
/// # let client = em.client_builder().build().unwrap();
/// let t = client.terminate_all_connections().await.unwrap();
/// assert_eq!((t.successful_kills, t.failed_kills), (0, 0));
/// assert_eq!(t.to_string(), "ended 0 connections, 0 failed");
/// # }
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Terminated {
    /// Connections ended.
    pub successful_kills: u64,
    /// Connections that could not be ended.
    pub failed_kills: u64,
    /// Each connection tried.
    pub results: Vec<KillResult>,
    /// Problems X reported beside the data.
    pub errors: Vec<Problem>,
}

#[derive(Deserialize)]
struct TerminatedWire {
    #[serde(default)]
    data: Option<TerminatedData>,
    #[serde(default)]
    errors: Option<Vec<Problem>>,
}

#[derive(Deserialize)]
struct TerminatedData {
    successful_kills: u64,
    failed_kills: u64,
    #[serde(default)]
    results: Vec<KillResult>,
}

impl Terminated {
    pub(crate) fn decode(body: &Bytes) -> Result<Self, Error> {
        let w: TerminatedWire =
            serde_json::from_slice(body).map_err(|e| undecodable("terminate", e))?;
        let d = w.data.unwrap_or(TerminatedData {
            successful_kills: 0,
            failed_kills: 0,
            results: Vec::new(),
        });
        Ok(Terminated {
            successful_kills: d.successful_kills,
            failed_kills: d.failed_kills,
            results: d.results,
            errors: w.errors.unwrap_or_default(),
        })
    }
}

impl std::fmt::Display for Terminated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ended {} connections, {} failed",
            self.successful_kills, self.failed_kills
        )?;
        for r in self.results.iter().filter(|r| !r.success) {
            write!(
                f,
                "; {}: {}",
                r.uuid,
                r.error_message.as_deref().unwrap_or("not ended")
            )?;
        }
        Ok(())
    }
}
