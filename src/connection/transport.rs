//! Opens one HTTP/1.1 exchange over TCP, optionally through an HTTP CONNECT proxy, with
//! rustls. No pool and no spawned task: the connection's driver future is handed to the
//! caller, so dropping the caller's stream closes the socket at once.

use std::error::Error as StdError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Uri;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder, MaybeHttpsStream};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::rt::TokioIo;
use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::connection::inflate::{Coding, ContentDecoder, DEFAULT_STEP, strip_bom};
use crate::connection::proxy::Proxy;
use crate::error::Error;

/// The future that drives one HTTP/1 connection; it must be polled for the body to move.
pub(crate) type ConnDriver = Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>;

type Io = MaybeHttpsStream<TokioIo<TcpStream>>;

/// A response head, with the driver of its connection.
pub(crate) struct Exchange {
    pub(crate) response: http::Response<Incoming>,
    pub(crate) conn: ConnDriver,
}

#[derive(Clone)]
enum Connector {
    Direct(HttpsConnector<HttpConnector>),
    Proxied(HttpsConnector<Tunnel<HttpConnector>>),
}

/// How exchanges are opened; cheap to clone.
#[derive(Clone)]
pub(crate) struct Transport {
    connector: Connector,
    connect_timeout: Duration,
}

/// Where `Transport::open` failed, so the stream can classify it.
#[derive(Debug)]
pub(crate) enum OpenError {
    /// Connecting, the proxy tunnel or the TLS handshake failed.
    Connect(String),
    /// The connection failed while the request was sent or the head awaited.
    Io(String),
    /// The head did not arrive within the connect timeout.
    Timeout(Duration),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Connect(m) => write!(f, "connect failed: {m}"),
            OpenError::Io(m) => write!(f, "connection failed: {m}"),
            OpenError::Timeout(d) => write!(f, "no response head within {d:?}"),
        }
    }
}

impl From<OpenError> for Error {
    fn from(e: OpenError) -> Error {
        match e {
            OpenError::Timeout(_) => Error::timeout(e.to_string()),
            _ => Error::transport(e.to_string(), None),
        }
    }
}

/// The whole source chain of an error, as one line: the reason users need to read.
pub(crate) fn chain(e: &(dyn StdError + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    text
}

/// The root certificates: the built-in and/or system stores (by feature) plus extra PEMs.
fn root_store(extra_pem: &[Vec<u8>]) -> Result<RootCertStore, Error> {
    #[allow(unused_mut)]
    let mut roots = RootCertStore::empty();
    #[cfg(feature = "webpki-roots")]
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    #[cfg(feature = "native-roots")]
    {
        let found = rustls_native_certs::load_native_certs();
        for e in &found.errors {
            tracing::warn!(error = %e, "could not load some system root certificates");
        }
        let (added, ignored) = roots.add_parsable_certificates(found.certs);
        tracing::debug!(added, ignored, "system root certificates");
    }
    for pem in extra_pem {
        let mut any = false;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| Error::builder("root_certificate", e))?;
            roots
                .add(cert)
                .map_err(|e| Error::builder("root_certificate", e))?;
            any = true;
        }
        if !any {
            return Err(Error::builder(
                "root_certificate",
                "no PEM certificate found",
            ));
        }
    }
    Ok(roots)
}

impl Transport {
    pub(crate) fn new(
        proxy: Option<&Proxy>,
        extra_roots_pem: &[Vec<u8>],
        connect_timeout: Duration,
    ) -> Result<Transport, Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::builder("tls", e))?
            .with_root_certificates(root_store(extra_roots_pem)?)
            .with_no_client_auth();
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(connect_timeout));
        let builder = HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1();
        let connector = match proxy {
            None => Connector::Direct(builder.wrap_connector(http)),
            Some(p) => {
                let mut tunnel = Tunnel::new(p.uri().clone(), http);
                if let Some(auth) = p.authorization() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Connector::Proxied(builder.wrap_connector(tunnel))
            }
        };
        Ok(Transport {
            connector,
            connect_timeout,
        })
    }

    async fn connect(&self, uri: Uri) -> Result<Io, OpenError> {
        let err = |e: Box<dyn StdError + Send + Sync>| OpenError::Connect(chain(&*e));
        match self.connector.clone() {
            Connector::Direct(mut c) => c.call(uri).await.map_err(err),
            Connector::Proxied(mut c) => c.call(uri).await.map_err(err),
        }
    }

    /// Connects, sends `request` and waits for the response head, all within the connect
    /// timeout.
    pub(crate) async fn open(
        &self,
        mut request: http::Request<Full<Bytes>>,
    ) -> Result<Exchange, OpenError> {
        // The connector needs the absolute URI; HTTP/1.1 wants origin-form plus `Host`.
        let uri = request.uri().clone();
        let origin = uri.path_and_query().map_or("/", |p| p.as_str());
        *request.uri_mut() =
            Uri::try_from(origin).map_err(|e| OpenError::Connect(e.to_string()))?;
        if let Some(authority) = uri.authority() {
            let host = http::HeaderValue::try_from(authority.as_str())
                .map_err(|e| OpenError::Connect(e.to_string()))?;
            request.headers_mut().insert(http::header::HOST, host);
        }
        let attempt = async move {
            let io = self.connect(uri).await?;
            let (mut sender, conn) = hyper::client::conn::http1::Builder::new()
                .handshake::<_, Full<Bytes>>(io)
                .await
                .map_err(|e| OpenError::Connect(chain(&e)))?;
            let mut conn: ConnDriver = Box::pin(conn);
            let send = sender.send_request(request);
            tokio::pin!(send);
            let response = tokio::select! {
                biased;
                r = &mut send => r,
                r = &mut conn => {
                    // The connection may end in the same poll that hands the response over
                    // (`Connection: close`, HTTP/1.0, a reset after the body): the answer
                    // is then already in `send`. Dropping the finished driver makes `send`
                    // resolve at once, with the response or with why there is none.
                    conn = finished(r);
                    send.await
                }
            };
            let response = match response {
                Ok(response) => response,
                Err(e) => {
                    let why = chain(&e);
                    tracing::debug!(error = %why, "no response head");
                    return Err(OpenError::Io(why));
                }
            };
            Ok(Exchange { response, conn })
        };
        tokio::time::timeout(self.connect_timeout, attempt)
            .await
            .map_err(|_| OpenError::Timeout(self.connect_timeout))?
    }

    /// Sends a request and reads the whole body with [`read_body`], for the REST calls:
    /// a success body within `success`, an error body within [`BodyLimits::error`]. The
    /// head is the answer: it comes back even when the body then fails, with what was read.
    pub(crate) async fn send_collect(
        &self,
        request: http::Request<Full<Bytes>>,
        success: BodyLimits,
        stall_timeout: Duration,
    ) -> Result<(http::response::Parts, BodyRead), Error> {
        let Exchange { response, conn } = self.open(request).await?;
        let limits = if response.status().is_success() {
            success
        } else {
            BodyLimits::error(stall_timeout, self.connect_timeout)
        };
        let (parts, body) = response.into_parts();
        let read = read_body(&parts.headers, body, conn, limits).await;
        Ok((parts, read))
    }
}

/// A driver whose connection already ended: it only reports how, once polled. The
/// hyper connection itself is dropped, which releases anything still waiting on it.
fn finished(result: hyper::Result<()>) -> ConnDriver {
    Box::pin(std::future::ready(result))
}

/// An error body larger than this (decoded) is cut: X's problems are a few hundred bytes.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// The longest silence an error body may keep before it is cut, even with a longer stall
/// timeout: X sends its problem with the head, so waiting longer only delays the answer.
pub(crate) const ERROR_BODY_IDLE: Duration = Duration::from_secs(3);

/// The longest an error body may take in all, however it drips.
pub(crate) const ERROR_BODY_TOTAL: Duration = Duration::from_secs(10);

/// How much of a body is read, and for how long.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    /// Decoded bytes kept; beyond, the body is cut.
    pub(crate) max_bytes: usize,
    /// The longest gap between two received chunks.
    pub(crate) idle: Duration,
    /// The longest the whole body may take.
    pub(crate) total: Duration,
}

impl BodyLimits {
    /// The limits on every error body, stream and REST: at most [`MAX_ERROR_BODY`] bytes,
    /// a gap of at most the stall timeout (and [`ERROR_BODY_IDLE`]), at most the connect
    /// timeout (and [`ERROR_BODY_TOTAL`]) in all.
    pub(crate) fn error(stall_timeout: Duration, connect_timeout: Duration) -> BodyLimits {
        BodyLimits {
            max_bytes: MAX_ERROR_BODY,
            idle: stall_timeout.min(ERROR_BODY_IDLE),
            total: connect_timeout.min(ERROR_BODY_TOTAL),
        }
    }
}

/// A body as read: its decoded bytes (all of them, or those before it was cut) and, when
/// it was cut, why.
#[derive(Debug)]
pub(crate) struct BodyRead {
    pub(crate) bytes: Bytes,
    pub(crate) cut: Option<Error>,
}

impl BodyRead {
    /// The whole body, or why it is not whole.
    pub(crate) fn complete(self) -> Result<Bytes, Error> {
        match self.cut {
            None => Ok(self.bytes),
            Some(e) => Err(e),
        }
    }
}

/// The next frame of `body`, driving its connection meanwhile.
async fn next_frame(
    body: &mut Incoming,
    conn: &mut ConnDriver,
    conn_done: &mut bool,
    conn_error: &mut Option<String>,
) -> Option<Result<hyper::body::Frame<Bytes>, hyper::Error>> {
    use http_body_util::BodyExt;
    loop {
        if *conn_done {
            return body.frame().await;
        }
        tokio::select! {
            biased;
            f = body.frame() => return f,
            r = &mut *conn => {
                *conn_done = true;
                *conn_error = r.err().map(|e| chain(&e));
            }
        }
    }
}

/// Reads a body to its end while driving its connection: decoded by its content coding
/// (the same decoder as the stream's), bounded in decoded size, in the gap between two
/// chunks and in total time. Whatever happens, what was read so far comes back.
///
/// The body decides: a connection that fails after the last byte of a complete body
/// (a reset after `Connection: close`) does not spoil it; a cut body is an error.
pub(crate) async fn read_body(
    headers: &http::HeaderMap,
    body: Incoming,
    conn: ConnDriver,
    limits: BodyLimits,
) -> BodyRead {
    let mut buf = bytes::BytesMut::new();
    let cut = |buf: bytes::BytesMut, e: Error| BodyRead {
        bytes: buf.freeze(),
        cut: Some(e),
    };
    let mut decoder = match Coding::from_headers(headers) {
        Ok(coding) => ContentDecoder::new(coding, DEFAULT_STEP),
        Err(e) => return cut(buf, Error::decode(e.to_string(), None)),
    };
    let mut source = BodySource {
        body,
        conn,
        conn_done: false,
        conn_error: None,
        start: tokio::time::Instant::now(),
        limits,
    };
    let mut first = true;
    loop {
        let data = match source.next_data().await {
            Ok(Some(data)) => data,
            Ok(None) => {
                if let Some(e) = decoder.as_ref().and_then(|d| d.finish().err()) {
                    return cut(buf, Error::decode(e.to_string(), None));
                }
                return BodyRead {
                    bytes: buf.freeze(),
                    cut: None,
                };
            }
            Err(e) => return cut(buf, e),
        };
        let pieces = match decoded_pieces(decoder.as_mut(), data, buf.len(), limits.max_bytes) {
            Ok(pieces) => pieces,
            Err(e) => return cut(buf, e),
        };
        if let Err(e) = append_bounded(&mut buf, pieces, &mut first, limits.max_bytes) {
            return cut(buf, e);
        }
    }
}

/// A body and its connection, read a data frame at a time within the limits' times.
struct BodySource {
    body: Incoming,
    conn: ConnDriver,
    conn_done: bool,
    conn_error: Option<String>,
    start: tokio::time::Instant,
    limits: BodyLimits,
}

impl BodySource {
    /// The next data frame (trailers skipped), `None` at the body's end, or why none came.
    async fn next_data(&mut self) -> Result<Option<Bytes>, Error> {
        let end = self.start + self.limits.total;
        loop {
            let deadline = (tokio::time::Instant::now() + self.limits.idle).min(end);
            let next = next_frame(
                &mut self.body,
                &mut self.conn,
                &mut self.conn_done,
                &mut self.conn_error,
            );
            let Ok(frame) = tokio::time::timeout_at(deadline, next).await else {
                let why = if tokio::time::Instant::now() >= end {
                    format!("body not complete within {:?}", self.limits.total)
                } else {
                    format!("no body byte for {:?}", self.limits.idle)
                };
                return Err(Error::timeout(why));
            };
            match frame {
                None => return Ok(None),
                Some(Err(e)) => {
                    let why = self.conn_error.take().unwrap_or_else(|| chain(&e));
                    let message = format!("reading the body failed: {why}");
                    return Err(Error::transport(message, None));
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        return Ok(Some(data));
                    }
                }
            }
        }
    }
}

/// `data` decoded by `decoder` (as it came without one), stopping once `have` plus what
/// was decoded passes `max_bytes`.
fn decoded_pieces(
    decoder: Option<&mut ContentDecoder>,
    data: Bytes,
    have: usize,
    max_bytes: usize,
) -> Result<Vec<Bytes>, Error> {
    let Some(d) = decoder else {
        return Ok(vec![data]);
    };
    d.push(data);
    let mut pieces = Vec::new();
    let mut total = have;
    while total <= max_bytes {
        match d.next_output() {
            Ok(Some(piece)) => {
                total += piece.len();
                pieces.push(piece);
            }
            Ok(None) => break,
            Err(e) => return Err(Error::decode(e.to_string(), None)),
        }
    }
    Ok(pieces)
}

/// Appends `pieces` to `buf` (a byte order mark at the body's start dropped), up to
/// `max_bytes`; past it, keeps what fits and says so.
fn append_bounded(
    buf: &mut bytes::BytesMut,
    pieces: Vec<Bytes>,
    first: &mut bool,
    max_bytes: usize,
) -> Result<(), Error> {
    for mut piece in pieces {
        if *first && !piece.is_empty() {
            strip_bom(&mut piece);
            *first = false;
        }
        let room = max_bytes - buf.len();
        if piece.len() > room {
            buf.extend_from_slice(&piece[..room]);
            return Err(Error::decode(
                format!("body larger than {max_bytes} bytes"),
                None,
            ));
        }
        buf.extend_from_slice(&piece);
    }
    Ok(())
}
