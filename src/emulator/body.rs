//! The 200 body of every stream (filter, sample and the enterprise streams): a chunked body
//! fed by a channel, the writer its producer task uses (gzip, chunk pattern, byte counts)
//! and the task itself, which ends as soon as the client goes away.

use std::{
    future::Future,
    io,
    pin::Pin,
    sync::{Arc, atomic::Ordering},
    task::{Context, Poll},
};

use bytes::Bytes;
use http::{HeaderValue, Response, header};
use hyper::body::{Body, Frame};
use tokio::sync::{mpsc, watch};

use super::{
    State,
    gzip::Coder,
    response::{ResBody, insert_headers, rate_limit_headers},
    script::ContentCoding,
    script::{ChunkPattern, Chunker},
};

/// X's keep-alive: a bare line terminator.
pub(crate) const KEEP_ALIVE: &[u8] = b"\r\n";

/// A body fed by a channel: each message is one chunk; an `Err` aborts the connection.
pub(crate) struct ChannelBody {
    rx: mpsc::Receiver<Result<Bytes, io::Error>>,
    /// An abort waiting one poll, so that hyper flushes the bytes it already took first.
    abort: Option<io::Error>,
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        if let Some(e) = self.abort.take() {
            return Poll::Ready(Some(Err(e)));
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Err(e))) => {
                self.abort = Some(e);
                cx.waker().wake_by_ref();
                Poll::Pending
            }
            other => other.map(|o| o.map(|r| r.map(Frame::data))),
        }
    }
}

/// The client went away (or the emulator shut down).
pub(crate) struct Gone;

/// Where a producer writes: gzips when asked, splits bytes into chunks, counts the bytes of
/// the enterprise streams and detects a departed client.
pub(crate) struct Out {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    chunker: Chunker,
    /// The body's content coding: gzip when the client accepts it, or a script's choice.
    coder: Option<Coder>,
    /// Set on the enterprise streams, whose bytes `Emulator::feed_bytes` reports.
    meter: Option<Arc<State>>,
    /// Turns `true` when the connection is terminated through `/2/connections`.
    kill: Option<watch::Receiver<bool>>,
}

impl Out {
    pub(crate) async fn write(&mut self, bytes: Bytes) -> Result<(), Gone> {
        let plain = bytes.len();
        let bytes = match &mut self.coder {
            Some(coder) => coder.encode(&bytes).map_err(|_| Gone)?,
            None => bytes,
        };
        self.write_coded(bytes, plain).await
    }

    /// Writes bytes already in the body's coding (or meant to break it), as they are.
    pub(crate) async fn write_coded(&mut self, bytes: Bytes, plain: usize) -> Result<(), Gone> {
        if let Some(state) = &self.meter {
            let feeds = &state.feeds;
            feeds.plain_bytes.fetch_add(plain as u64, Ordering::Relaxed);
            feeds
                .wire_bytes
                .fetch_add(bytes.len() as u64, Ordering::Relaxed);
        }
        for c in self.chunker.split(bytes) {
            self.tx.send(Ok(c)).await.map_err(|_| Gone)?;
        }
        if self.kill.as_ref().is_some_and(|k| *k.borrow()) {
            return self.terminated().await;
        }
        Ok(())
    }

    /// Terminated through `/2/connections`: X's problem line, then the end of the body.
    async fn terminated(&mut self) -> Result<(), Gone> {
        self.kill = None;
        tracing::debug!("stream connection terminated");
        let mut line = super::connections::terminated_line().into_bytes();
        line.extend_from_slice(b"\r\n");
        let coded = match &mut self.coder {
            Some(coder) => coder.encode(&line).map_err(|_| Gone)?,
            None => Bytes::from(line),
        };
        for c in self.chunker.split(coded) {
            self.tx.send(Ok(c)).await.map_err(|_| Gone)?;
        }
        Err(Gone)
    }

    /// Writes `line` and its `\r\n`.
    pub(crate) async fn line(&mut self, line: impl Into<Vec<u8>>) -> Result<(), Gone> {
        let mut v = line.into();
        v.extend_from_slice(b"\r\n");
        self.write(Bytes::from(v)).await
    }

    pub(crate) async fn keep_alive(&mut self) -> Result<(), Gone> {
        self.write(Bytes::from_static(KEEP_ALIVE)).await
    }

    /// Splits what follows into chunks following `pattern`.
    pub(crate) fn chunks(&mut self, pattern: ChunkPattern) {
        self.chunker.set(pattern);
    }

    /// Aborts the connection without the terminating chunk, and returns once hyper has
    /// dropped the body (keeping the sender until then).
    pub(crate) async fn reset(&mut self) {
        let reset = io::Error::new(io::ErrorKind::ConnectionReset, "scripted reset");
        let _ = self.tx.send(Err(reset)).await;
        self.tx.closed().await;
    }

    /// Returns once the client has gone away.
    pub(crate) async fn closed(&self) {
        self.tx.closed().await;
    }
}

/// How the bytes of a 200 body are written.
pub(crate) struct Encoding {
    pub(crate) gzip: bool,
    /// A script's coding, whatever the client asked for.
    pub(crate) coding: Option<ContentCoding>,
    /// Count the bytes in `FeedState` (the enterprise streams).
    pub(crate) metered: bool,
}

/// Builds the 200 response and spawns its producer, which runs while `guard` is held and
/// stops when the client goes away or the emulator shuts down.
pub(crate) fn start_body<G, F, Fut>(
    state: &Arc<State>,
    guard: G,
    encoding: Encoding,
    headers: &[(String, String)],
    endpoint: &'static str,
    produce: F,
) -> Response<ResBody>
where
    G: Send + 'static,
    F: FnOnce(Out) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(), Gone>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(16);
    let watch = tx.clone();
    let mut shutdown = state.shutdown.clone();
    let coding_name = out_coding_name(&encoding);
    let (ticket, kill) = super::connections::open(state, endpoint);
    let out = Out {
        tx,
        chunker: Chunker::default(),
        coder: match encoding.coding {
            Some(c) => Some(Coder::new(c)),
            None => encoding.gzip.then(|| Coder::new(ContentCoding::Gzip)),
        },
        meter: encoding.metered.then(|| state.clone()),
        kill: Some(kill),
    };
    tokio::spawn(async move {
        let _guard = (guard, ticket);
        tokio::select! {
            _ = produce(out) => {}
            _ = watch.closed() => tracing::debug!("stream client went away"),
            _ = shutdown.changed() => {}
        }
    });
    let body = ChannelBody { rx, abort: None };
    let mut resp = Response::new(http_body_util::BodyExt::boxed_unsync(body));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    rate_limit_headers(state, h, 50);
    insert_headers(h, headers);
    if let Some(name) = coding_name {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
    }
    resp
}

/// The `Content-Encoding` a body goes with, if any.
fn out_coding_name(encoding: &Encoding) -> Option<&'static str> {
    match encoding.coding {
        Some(c) => Some(Coder::new(c).name()),
        None => encoding.gzip.then_some("gzip"),
    }
}
