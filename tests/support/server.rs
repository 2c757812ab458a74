//! A scripted loopback HTTP/1.1 server: each accepted request is handed to the test, which
//! answers with a status or with a body it feeds chunk by chunk through a channel, so it
//! controls chunk boundaries, stalls, clean ends and aborts.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, StreamBody, combinators::BoxBody};
use hyper::body::{Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

use super::deadline::bounded;

type Body = BoxBody<Bytes, std::io::Error>;

/// What the server saw of one request.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: http::HeaderMap,
    /// Server-side time the request arrived (tokio's clock, so paused tests can measure waits).
    pub at: tokio::time::Instant,
}

/// One request awaiting the test's answer.
pub struct Pending {
    pub seen: Seen,
    respond: oneshot::Sender<Response<Body>>,
}

/// The feeding end of a streamed 200 body.
pub struct BodyFeed {
    tx: mpsc::Sender<Result<Frame<Bytes>, std::io::Error>>,
}

impl BodyFeed {
    /// Sends one chunk (one `Frame`, so the client sees exactly this boundary unless TCP merges
    /// it). Returns false once the client has gone.
    pub async fn chunk(&self, bytes: impl Into<Bytes>) -> bool {
        let sent = self.tx.send(Ok(Frame::data(bytes.into())));
        bounded("the client to read a chunk", sent).await.is_ok()
    }

    /// Sends each byte as its own chunk.
    pub async fn bytewise(&self, bytes: &[u8]) -> bool {
        for b in bytes {
            if !self.chunk(Bytes::copy_from_slice(&[*b])).await {
                return false;
            }
        }
        true
    }

    /// Resolves once the client has closed the connection (the body was dropped).
    pub async fn client_gone(&self) {
        bounded("the client to close the connection", self.tx.closed()).await;
    }

    /// Aborts the response mid-body: the chunked encoding is never finished.
    pub async fn abort(self) {
        let _ = self
            .tx
            .send(Err(std::io::Error::other("scripted abort")))
            .await;
    }

    /// Ends the body cleanly (terminating chunk).
    pub fn end(self) {}
}

impl Pending {
    /// Answers 200 with a body fed by the returned handle.
    pub fn stream(self) -> BodyFeed {
        let (tx, rx) = mpsc::channel(64);
        let body = StreamBody::new(ReceiverStream(rx));
        let response = Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(BodyExt::boxed(body))
            .expect("response");
        let _ = self.respond.send(response);
        BodyFeed { tx }
    }

    /// Answers with a status, extra headers and a whole body.
    pub fn status(self, status: u16, headers: &[(&str, &str)], body: &str) {
        let mut builder = Response::builder().status(status);
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        let body = Full::new(Bytes::from(body.to_owned()))
            .map_err(|never: Infallible| match never {})
            .boxed();
        let _ = self.respond.send(builder.body(body).expect("response"));
    }
}

struct ReceiverStream(mpsc::Receiver<Result<Frame<Bytes>, std::io::Error>>);

impl futures_core::Stream for ReceiverStream {
    type Item = Result<Frame<Bytes>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The server; dropping it stops accepting.
pub struct Server {
    pub addr: SocketAddr,
    incoming: mpsc::UnboundedReceiver<Pending>,
    seen: Arc<Mutex<Vec<Seen>>>,
    accept: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl Server {
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, incoming) = mpsc::unbounded_channel();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let seen_log = Arc::clone(&seen);
        let accept = tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let tx = tx.clone();
                let seen_log = Arc::clone(&seen_log);
                tokio::spawn(async move {
                    let service = service_fn(move |req: Request<Incoming>| {
                        let tx = tx.clone();
                        let seen_log = Arc::clone(&seen_log);
                        async move {
                            let seen = Seen {
                                method: req.method().to_string(),
                                path: req.uri().path().to_owned(),
                                query: req.uri().query().map(str::to_owned),
                                headers: req.headers().clone(),
                                at: tokio::time::Instant::now(),
                            };
                            seen_log.lock().unwrap().push(seen.clone());
                            let (respond, answer) = oneshot::channel();
                            if tx.send(Pending { seen, respond }).is_err() {
                                return Err("test gone");
                            }
                            answer.await.map_err(|_| "test dropped the request")
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(socket), service)
                        .await;
                });
            }
        });
        Server {
            addr,
            incoming,
            seen,
            accept,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The next request; panics if the server stopped.
    pub async fn next(&mut self) -> Pending {
        bounded("the next request", self.incoming.recv())
            .await
            .expect("server stopped")
    }

    /// Every request seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Whether a request is waiting that the test has not taken.
    pub fn has_pending(&mut self) -> bool {
        !self.incoming.is_empty()
    }
}
