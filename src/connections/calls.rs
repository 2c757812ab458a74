//! The Stream Connections calls on [`StreamingClient`] (OpenAPI 2.167:
//! `getConnectionHistory`, `deleteAllConnections`, `deleteConnectionsByEndpoint`,
//! `deleteConnectionsByUuids`).

use bytes::Bytes;
use http::Method;

use super::types::{Connection, ConnectionHistory, ConnectionsQuery, Terminated};
use crate::client::shared::StreamingClient;
use crate::connection::rest;
use crate::error::Error;
use crate::request::endpoint::StreamEndpoint;

/// Pages `connections_all` reads at most.
const MAX_PAGES: usize = 100;

impl StreamingClient {
    /// One page of the app's stream connections (`GET /2/connections`).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::connections::{ConnectionStatus, ConnectionsQuery};
    /// # use tweetstream::prelude::*;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
    /// let page = client.connections(&ConnectionsQuery::new().status(ConnectionStatus::Active)).await.unwrap();
    /// assert_eq!(page.connections[0].endpoint(), Some(StreamEndpoint::Sample));
    /// # }
    /// ```
    pub async fn connections(&self, query: &ConnectionsQuery) -> Result<ConnectionHistory, Error> {
        let path = query.path_and_query()?;
        let answer = rest::call(&self.inner.connector, Method::GET, &path, None).await?;
        let (_, rate_limit, body) = answer.into_success()?;
        ConnectionHistory::decode(rate_limit, &body)
    }

    /// Every page of the app's stream connections, following `next_token` (at most 100 pages).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::connections::{ConnectionStatus, ConnectionsQuery};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let all = client.connections_all(ConnectionsQuery::new().status(ConnectionStatus::All)).await.unwrap();
    /// assert!(all.is_empty());
    /// # }
    /// ```
    pub async fn connections_all(&self, query: ConnectionsQuery) -> Result<Vec<Connection>, Error> {
        let mut query = query;
        let mut out = Vec::new();
        for _ in 0..MAX_PAGES {
            let page = self.connections(&query).await?;
            out.extend(page.connections);
            match page.next_token {
                Some(token) => query.pagination_token = Some(token),
                None => break,
            }
        }
        Ok(out)
    }

    /// Ends every stream connection of the app (`DELETE /2/connections/all`), other
    /// processes' included.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// client.terminate_all_connections().await.unwrap();
    /// assert_eq!(em.requests()[0].path, "/2/connections/all");
    /// # }
    /// ```
    pub async fn terminate_all_connections(&self) -> Result<Terminated, Error> {
        self.terminate("/2/connections/all", None).await
    }

    /// Ends the app's connections to one stream (`DELETE /2/connections/{endpoint_id}`).
    /// Refused before any request (parameter `endpoint`) for the activity stream, which has
    /// no Stream Connections id.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::StreamEndpoint;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// client.terminate_connections(StreamEndpoint::Filter).await.unwrap();
    /// assert_eq!(em.requests()[0].path, "/2/connections/filtered_stream");
    /// let err = client.terminate_connections(StreamEndpoint::Activity).await.unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("endpoint"));
    /// # }
    /// ```
    pub async fn terminate_connections(
        &self,
        endpoint: StreamEndpoint,
    ) -> Result<Terminated, Error> {
        let path = endpoint.connections_path()?;
        self.terminate(&path, None).await
    }

    /// Ends these connections, by uuid (`DELETE /2/connections` with `{"uuids":[...]}`, 1 to
    /// 100 of them; checked before any request, parameter `uuids`).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let t = client.terminate_connections_by_uuid(["no-such-uuid"]).await.unwrap();
    /// assert_eq!((t.successful_kills, t.failed_kills), (0, 1));
    /// assert_eq!(&em.requests()[0].body[..], br#"{"uuids":["no-such-uuid"]}"#);
    /// # }
    /// ```
    pub async fn terminate_connections_by_uuid<I>(&self, uuids: I) -> Result<Terminated, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let uuids: Vec<String> = uuids.into_iter().map(Into::into).collect();
        if !(1..=100).contains(&uuids.len()) || uuids.iter().any(String::is_empty) {
            return Err(Error::parameter(
                "uuids",
                format!("{} uuids: 1 to 100, none empty", uuids.len()),
            ));
        }
        let body = serde_json::json!({ "uuids": uuids }).to_string();
        self.terminate("/2/connections", Some(Bytes::from(body)))
            .await
    }

    async fn terminate(&self, path: &str, body: Option<Bytes>) -> Result<Terminated, Error> {
        let answer = rest::call(&self.inner.connector, Method::DELETE, path, body).await?;
        let (_, _, body) = answer.into_success()?;
        let t = Terminated::decode(&body)?;
        tracing::info!(
            path,
            ended = t.successful_kills,
            failed = t.failed_kills,
            "connections terminated"
        );
        Ok(t)
    }
}
