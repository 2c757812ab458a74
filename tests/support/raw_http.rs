//! A tiny raw HTTP/1 client for the emulator tests (plain or TLS), independent of the
//! crate's own client.

use std::sync::Arc;

use super::deadline::bounded;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tweetstream::emulator::Emulator;

/// A response whose body is read incrementally.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Incoming,
    buf: Vec<u8>,
}

/// Sends one request on a fresh connection (TLS if the emulator serves HTTPS); panics if
/// the response head does not come in time.
pub async fn send(
    em: &Emulator,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Resp {
    bounded(
        "the response head",
        send_unbounded(em, method, path, token, body),
    )
    .await
}

async fn send_unbounded(
    em: &Emulator,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Resp {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1");
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(Full::new(Bytes::from(body.unwrap_or("").to_owned())))
        .unwrap();
    let tcp = tokio::net::TcpStream::connect(em.local_addr())
        .await
        .unwrap();
    let resp = match em.ca_pem() {
        None => {
            let (mut tx, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
                .await
                .unwrap();
            tokio::spawn(conn);
            tx.send_request(req).await.unwrap()
        }
        Some(pem) => {
            let mut roots = rustls::RootCertStore::empty();
            let der = pem_to_der(pem);
            roots
                .add(rustls::pki_types::CertificateDer::from(der))
                .unwrap();
            let config = rustls::ClientConfig::builder_with_provider(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
            let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
            let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
            let tls = connector.connect(name, tcp).await.unwrap();
            let (mut tx, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
                .await
                .unwrap();
            tokio::spawn(conn);
            tx.send_request(req).await.unwrap()
        }
    };
    let (parts, body) = resp.into_parts();
    Resp {
        status: parts.status,
        headers: parts.headers,
        body,
        buf: Vec::new(),
    }
}

fn pem_to_der(pem: &str) -> Vec<u8> {
    let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64_decode(&b64)
}

fn base64_decode(s: &str) -> Vec<u8> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = T.iter().position(|x| *x == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

pub async fn get(em: &Emulator, path: &str) -> Resp {
    send(em, Method::GET, path, Some(em.bearer_token()), None).await
}

pub async fn post(em: &Emulator, path: &str, body: &str) -> Resp {
    send(em, Method::POST, path, Some(em.bearer_token()), Some(body)).await
}

impl Resp {
    /// The next body chunk as the client received it, or `None` at the end (or on error).
    pub async fn chunk(&mut self) -> Option<Bytes> {
        self.frame().await.ok().flatten()
    }

    /// The next body frame result: `Ok(Some)` data, `Ok(None)` clean end, `Err` on a broken body.
    pub async fn frame(&mut self) -> Result<Option<Bytes>, hyper::Error> {
        loop {
            match bounded("the next body frame", self.body.frame()).await {
                Some(Ok(f)) => {
                    if let Ok(d) = f.into_data() {
                        return Ok(Some(d));
                    }
                }
                Some(Err(e)) => return Err(e),
                None => return Ok(None),
            }
        }
    }

    /// The next `\r\n`-terminated line (without the terminator; empty for a keep-alive), or
    /// `None` when the body ends.
    pub async fn line(&mut self) -> Option<Vec<u8>> {
        loop {
            if let Some(i) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = self.buf[..i].to_vec();
                self.buf.drain(..i + 2);
                return Some(line);
            }
            let c = self.chunk().await?;
            self.buf.extend_from_slice(&c);
        }
    }

    /// The next non-keep-alive line, parsed as JSON.
    pub async fn json_line(&mut self) -> Option<Value> {
        loop {
            let l = self.line().await?;
            if !l.is_empty() {
                return Some(serde_json::from_slice(&l).expect("a JSON line"));
            }
        }
    }

    /// The whole remaining body as a string.
    pub async fn text(self) -> String {
        let mut v = self.buf;
        let rest = bounded("the end of the body", self.body.collect()).await;
        v.extend_from_slice(&rest.unwrap().to_bytes());
        String::from_utf8(v).unwrap()
    }

    pub async fn json(self) -> Value {
        serde_json::from_str(&self.text().await).unwrap()
    }
}

/// [`Emulator::wait_for_active_streams`], bounded.
pub async fn wait_active_streams(em: &Emulator, n: usize) {
    let what = format!("{n} active streams");
    bounded(&what, em.wait_for_active_streams(n)).await;
}

/// [`Emulator::wait_for_stream_connections`], bounded.
pub async fn wait_stream_connections(em: &Emulator, n: usize) {
    let what = format!("{n} stream connections");
    bounded(&what, em.wait_for_stream_connections(n)).await;
}
