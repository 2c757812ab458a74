//! X's Stream Connections API on [`StreamingClient`](crate::StreamingClient): the app's
//! stream connections, active and past (`GET /2/connections`), and ending them (`DELETE
//! /2/connections/all`, `/2/connections/{endpoint_id}`, `/2/connections` with uuids). The way
//! out of `429 TooManyConnections` when a crashed process's connection still counts; see also
//! [`ClientBuilder::take_over_connections`](crate::ClientBuilder::take_over_connections).
//!
//! (Not to be confused with the crate-private `connection` layer: one HTTP exchange.)
//!
//! ```
//! # use tweetstream::emulator::Emulator;
//! # use tweetstream::connections::ConnectionsQuery;
//! # use tweetstream::prelude::*;
//! # use tweetstream::StreamEndpoint;
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let em = Emulator::start().await.unwrap();
//! let client = em.client_builder().build().unwrap();
//! let active = client.connections(&ConnectionsQuery::new()).await.unwrap();
//! assert!(active.connections.is_empty());
//! let ended = client.terminate_connections(StreamEndpoint::Sample).await.unwrap();
//! assert_eq!(ended.successful_kills, 0);
//! # }
//! ```

mod calls;
mod types;

pub use types::{
    Connection, ConnectionHistory, ConnectionStatus, ConnectionsQuery, KillResult, Terminated,
};
