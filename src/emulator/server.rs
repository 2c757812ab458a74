//! The HTTP server: accept loop (plain or TLS), request recording, bearer check and routing.

use std::{convert::Infallible, sync::Arc};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use super::response::{ResBody, full, problem_response, rate_limit_headers};
use super::rules::Reply;
use super::{Endpoint, SeenRequest, State, feeds, problems, rest, stream};
use crate::request::endpoint::StreamEndpoint;

/// Largest rules request body accepted.
const MAX_BODY: usize = 1 << 20;

/// Accepts connections until the emulator is dropped.
pub(crate) async fn serve(listener: TcpListener, tls: Option<TlsAcceptor>, state: Arc<State>) {
    let mut shutdown = state.shutdown.clone();
    loop {
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(e) => {
                    tracing::warn!(error = %e, "emulator accept failed");
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let _ = tcp.set_nodelay(true);
        let state = state.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let mut shutdown = state.shutdown.clone();
            tokio::select! {
                _ = connection(tcp, tls, state) => {}
                _ = shutdown.changed() => {}
            }
            tracing::trace!(%peer, "emulator connection closed");
        });
    }
}

async fn connection(tcp: tokio::net::TcpStream, tls: Option<TlsAcceptor>, state: Arc<State>) {
    let service = hyper::service::service_fn(move |req| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(route(state, req).await) }
    });
    let builder = hyper::server::conn::http1::Builder::new();
    let result = match tls {
        Some(acceptor) => match acceptor.accept(tcp).await {
            Ok(stream) => {
                builder
                    .serve_connection(TokioIo::new(stream), service)
                    .await
            }
            Err(e) => {
                tracing::debug!(error = %e, "emulator TLS handshake failed");
                return;
            }
        },
        None => builder.serve_connection(TokioIo::new(tcp), service).await,
    };
    if let Err(e) = result {
        tracing::debug!(error = %e, "emulator connection ended with an error");
    }
}

fn json_response(state: &State, limit: u32, status: u16, body: String) -> Response<ResBody> {
    let mut resp = Response::new(full(body));
    *resp.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    rate_limit_headers(state, h, limit);
    resp
}

fn authorized(state: &State, headers: &HeaderMap) -> bool {
    let Some(v) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = v.splitn(2, ' ');
    let scheme = parts.next().unwrap_or("");
    let token = parts.next().unwrap_or("").trim();
    scheme.eq_ignore_ascii_case("bearer") && token == state.config.token
}

async fn route(state: Arc<State>, req: Request<Incoming>) -> Response<ResBody> {
    let (parts, body) = req.into_parts();
    let index = record(&state, &parts);
    let path = parts.uri.path();
    let query = parts.uri.query().map(str::to_owned);
    tracing::debug!(method = %parts.method, %path, ?query, "emulator request");
    let endpoint = match path {
        "/2/tweets/sample/stream" => Some(Endpoint::Sample),
        "/2/tweets/search/stream" => Some(Endpoint::Filter),
        _ => None,
    };
    // The enterprise streams (sample10, firehoses, compliance, likes, labels, activity).
    let feed = StreamEndpoint::from_path(path)
        .filter(|e| !matches!(e, StreamEndpoint::Filter | StreamEndpoint::Sample));
    if !authorized(&state, &parts.headers) {
        if endpoint.is_some() || feed.is_some() {
            // A refused stream request is still a stream connection attempt.
            state.count_stream_connection();
        }
        return problem_response(&state, 50, 401, problems::unauthorized(), &[]);
    }
    if let (Some(ep), &Method::GET) = (feed, &parts.method) {
        return feeds::handle(state, ep, query, &parts.headers).await;
    }
    if rest::handles(path) {
        let bytes = match read_body(&state, 50, index, body).await {
            Ok(b) => b,
            Err(answer) => return answer,
        };
        return match rest::dispatch(&state, &parts.method, path, query.as_deref(), &bytes) {
            Some(reply) => reply_response(&state, 50, reply),
            None => method_not_allowed(&state),
        };
    }
    match (&parts.method, endpoint, path) {
        (&Method::GET, Some(ep), _) => {
            let gzip = super::gzip::wanted(&parts.headers);
            stream::handle(state, ep, query, gzip).await
        }
        (method, None, "/2/tweets/search/stream/rules") => {
            rules_call(&state, method, query.as_deref(), index, body).await
        }
        (_, Some(_), _) => method_not_allowed(&state),
        _ => problem_response(&state, 50, 404, problems::not_found(), &[]),
    }
}

/// Keeps the request (its body is added once read) and returns its index.
fn record(state: &State, parts: &http::request::Parts) -> usize {
    let mut seen = State::lock(&state.requests);
    seen.push(SeenRequest {
        method: parts.method.clone(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers.clone(),
        body: Bytes::new(),
    });
    seen.len() - 1
}

/// `GET` (look up) and `POST` (add, delete) on the filtered stream's rules: 450 a window.
async fn rules_call(
    state: &State,
    method: &Method,
    query: Option<&str>,
    index: usize,
    body: Incoming,
) -> Response<ResBody> {
    let reply = match *method {
        Method::GET => State::lock(&state.rules).lookup(query),
        Method::POST => {
            let bytes = match read_body(state, 450, index, body).await {
                Ok(b) => b,
                Err(answer) => return answer,
            };
            State::lock(&state.rules).modify(query, &bytes)
        }
        _ => return method_not_allowed(state),
    };
    reply_response(state, 450, reply)
}

/// A reply of the REST routes: a problem document or JSON, with `limit` a window.
fn reply_response(state: &State, limit: u32, reply: Reply) -> Response<ResBody> {
    if reply.problem {
        problem_response(state, limit, reply.status, reply.body, &[])
    } else {
        json_response(state, limit, reply.status, reply.body)
    }
}

fn method_not_allowed(state: &State) -> Response<ResBody> {
    let body = serde_json::json!({
        "title": "Method Not Allowed", "detail": "Method Not Allowed",
        "type": problems::ABOUT_BLANK, "status": 405
    })
    .to_string();
    problem_response(state, 50, 405, body, &[])
}

/// Reads a request body (up to `MAX_BODY`) and records it with request `index`.
async fn read_body(
    state: &State,
    limit: u32,
    index: usize,
    body: Incoming,
) -> Result<Bytes, Response<ResBody>> {
    let bytes = match http_body_util::Limited::new(body, MAX_BODY).collect().await {
        Ok(c) => c.to_bytes(),
        Err(_) => {
            let body = problems::invalid_body("The request body could not be read or is too large");
            return Err(problem_response(state, limit, 400, body, &[]));
        }
    };
    if let Some(r) = State::lock(&state.requests).get_mut(index) {
        r.body = bytes.clone();
    }
    Ok(bytes)
}
