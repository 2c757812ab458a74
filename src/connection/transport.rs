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

    /// Sends a request and reads the whole body (at most `limit` bytes), for the REST calls.
    /// The head is the answer: it comes back even when the body then fails, so the caller
    /// decides whether a cut body matters (it does not for an error status).
    pub(crate) async fn send_collect(
        &self,
        request: http::Request<Full<Bytes>>,
        limit: usize,
    ) -> Result<(http::response::Parts, Result<Bytes, Error>), Error> {
        let Exchange { response, conn } = self.open(request).await?;
        let (parts, body) = response.into_parts();
        let body = read_body(body, conn, limit, self.connect_timeout).await;
        Ok((parts, body))
    }
}

/// A driver whose connection already ended: it only reports how, once polled. The
/// hyper connection itself is dropped, which releases anything still waiting on it.
fn finished(result: hyper::Result<()>) -> ConnDriver {
    Box::pin(std::future::ready(result))
}

/// Reads a body to its end while driving its connection, bounded in size and time.
///
/// The body decides: a connection that fails after the last byte of a complete body
/// (a reset after `Connection: close`) does not spoil it; a cut body is an error.
pub(crate) async fn read_body(
    mut body: Incoming,
    mut conn: ConnDriver,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, Error> {
    use http_body_util::BodyExt;
    let read = async {
        let mut buf = bytes::BytesMut::new();
        let mut conn_done = false;
        let mut conn_error = None;
        loop {
            let frame = if conn_done {
                body.frame().await
            } else {
                tokio::select! {
                    biased;
                    f = body.frame() => f,
                    r = &mut conn => {
                        conn_done = true;
                        conn_error = r.err().map(|e| chain(&e));
                        continue;
                    }
                }
            };
            match frame {
                None => return Ok(buf.freeze()),
                Some(Err(e)) => {
                    let why = conn_error.unwrap_or_else(|| chain(&e));
                    return Err(Error::transport(
                        format!("reading the body failed: {why}"),
                        None,
                    ));
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        if buf.len() + data.len() > limit {
                            return Err(Error::decode(
                                format!("body larger than {limit} bytes"),
                                None,
                            ));
                        }
                        buf.extend_from_slice(&data);
                    }
                }
            }
        }
    };
    tokio::time::timeout(timeout, read)
        .await
        .map_err(|_| Error::timeout(format!("body not complete within {timeout:?}")))?
}
