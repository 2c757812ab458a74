//! The stream endpoints: admission (409, 429, 400), the channel-fed chunked body, normal
//! traffic (posts at a rate or as fast as read, keep-alives) and scripted behaviour.

use std::{
    io,
    pin::Pin,
    sync::{Arc, atomic::Ordering},
    task::{Context, Poll},
    time::Duration,
};

use bytes::Bytes;
use http::{HeaderValue, Response, header};
use hyper::body::{Body, Frame};
use tokio::{
    sync::mpsc,
    time::{Instant, MissedTickBehavior, interval_at, sleep, sleep_until},
};

use super::{
    Endpoint, Rate, State,
    fields::{Fields, query_pairs},
    generator::Generator,
    gzip::Gzip,
    problems,
    script::{Chunker, Script, Step},
    server::{ResBody, full, insert_headers, problem_response, rate_limit_headers},
};

const KEEP_ALIVE: &[u8] = b"\r\n";
/// Candidates tried to find one post matching the rules before giving up on a tick.
const MATCH_ATTEMPTS: usize = 5000;

/// A body fed by a channel: each message is one chunk; an `Err` aborts the connection.
pub(crate) struct ChannelBody {
    rx: mpsc::Receiver<Result<Bytes, io::Error>>,
    /// An abort waiting one poll, so that hyper flushes the bytes it already took first.
    abort: Option<io::Error>,
}

impl ChannelBody {
    pub(crate) fn new(rx: mpsc::Receiver<Result<Bytes, io::Error>>) -> Self {
        ChannelBody { rx, abort: None }
    }
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

/// Keeps `active_streams` right: counted while the producer of a 200 body lives.
struct ActiveGuard {
    state: Arc<State>,
    slot: usize,
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        let mut a = State::lock(&self.state.active);
        a[self.slot] -= 1;
        self.state.active_tx.send_modify(|n| *n -= 1);
    }
}

/// Registers an open stream, refusing it when `limit` streams are already open there.
fn admit(state: &Arc<State>, endpoint: Endpoint, limit: Option<usize>) -> Option<ActiveGuard> {
    let slot = endpoint as usize;
    let mut a = State::lock(&state.active);
    if limit.is_some_and(|l| a[slot] >= l) {
        return None;
    }
    a[slot] += 1;
    state.active_tx.send_modify(|n| *n += 1);
    Some(ActiveGuard {
        state: state.clone(),
        slot,
    })
}

/// Where a producer writes: splits bytes into chunks and detects a departed client.
struct Out {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    chunker: Chunker,
    /// Set when the client accepts gzip.
    gzip: Option<Gzip>,
}

/// The client went away (or the emulator shut down).
struct Gone;

impl Out {
    async fn write(&mut self, bytes: Bytes) -> Result<(), Gone> {
        let bytes = match &mut self.gzip {
            Some(gz) => gz.encode(&bytes).map_err(|_| Gone)?,
            None => bytes,
        };
        for c in self.chunker.split(bytes) {
            self.tx.send(Ok(c)).await.map_err(|_| Gone)?;
        }
        Ok(())
    }

    async fn line(&mut self, line: String) -> Result<(), Gone> {
        let mut v = line.into_bytes();
        v.extend_from_slice(b"\r\n");
        self.write(Bytes::from(v)).await
    }
}

/// Per-connection traffic: the generator, the endpoint and the rules.
struct Traffic {
    state: Arc<State>,
    endpoint: Endpoint,
    generator: Generator,
}

impl Traffic {
    /// The next line to send: any post on the sample stream; on the filtered stream, the
    /// next post matching the active rules (with `matching_rules`), or `None` if none was
    /// found among many candidates. With no rules at all, posts go out without
    /// `matching_rules` (only scripts reach that case).
    fn next_line(&mut self) -> Option<String> {
        if self.endpoint == Endpoint::Sample {
            let t = self.generator.next_tweet();
            return Some(self.generator.render(&t, &[]));
        }
        let rules = State::lock(&self.state.rules).active();
        if rules.is_empty() {
            let t = self.generator.next_tweet();
            return Some(self.generator.render(&t, &[]));
        }
        for _ in 0..MATCH_ATTEMPTS {
            let t = self.generator.next_tweet();
            let post = self.generator.post_view(&t);
            let matched: Vec<(String, Option<String>)> = rules
                .iter()
                .filter(|r| r.expr.matches(&post))
                .map(|r| (r.id.clone(), r.tag.clone()))
                .collect();
            if !matched.is_empty() {
                return Some(self.generator.render(&t, &matched));
            }
        }
        None
    }
}

/// Validates the query of a stream request into its field selection.
fn parse_query(endpoint: Endpoint, query: Option<&str>) -> Result<Fields, String> {
    let mut fields = Fields::default();
    let mut bad = Vec::new();
    let allowed = match endpoint {
        Endpoint::Sample => {
            "backfill_minutes,expansions,media.fields,place.fields,poll.fields,tweet.fields,user.fields"
        }
        Endpoint::Filter => {
            "backfill_minutes,end_time,expansions,media.fields,place.fields,poll.fields,start_time,tweet.fields,user.fields"
        }
    };
    for (k, v) in query_pairs(query) {
        if let Some(r) = fields.add_param(&k, &v) {
            if let Err((values, message)) = r {
                bad.push((k, values, message));
            }
            continue;
        }
        match k.as_str() {
            "backfill_minutes" => {
                if !v.parse::<u8>().is_ok_and(|n| n <= 5) {
                    bad.push((
                        k,
                        vec![v.clone()],
                        format!("The `backfill_minutes` query parameter value [{v}] is not between 0 and 5"),
                    ));
                }
            }
            "start_time" | "end_time" if endpoint == Endpoint::Filter => {}
            _ => bad.push((
                k.clone(),
                vec![v.clone()],
                format!("The query parameter [{k}] is not one of [{allowed}]"),
            )),
        }
    }
    if bad.is_empty() {
        Ok(fields)
    } else {
        Err(problems::invalid_request_many(bad))
    }
}

/// Handles an authenticated stream request.
pub(crate) async fn handle(
    state: Arc<State>,
    endpoint: Endpoint,
    query: Option<String>,
    gzip: bool,
) -> Response<ResBody> {
    let index = state.stream_connections.fetch_add(1, Ordering::SeqCst);
    state.connections_tx.send_replace(index + 1);
    let script = State::lock(&state.scripts).pop_front();
    let fields = match parse_query(endpoint, query.as_deref()) {
        Ok(f) => f,
        Err(body) if script.is_none() => {
            return problem_response(&state, endpoint_limit(endpoint), 400, body, &[]);
        }
        Err(_) => Fields::from_query_lenient(query.as_deref().unwrap_or("")),
    };
    let seed = state.config.seed;
    let traffic = Traffic {
        state: state.clone(),
        endpoint,
        generator: Generator::with_fields(seed, index as u64, fields),
    };
    match script {
        Some(script) => scripted(state, endpoint, traffic, script, gzip).await,
        None => {
            if endpoint == Endpoint::Filter && State::lock(&state.rules).is_empty() {
                tracing::debug!("filtered stream without rules: 409");
                return problem_response(
                    &state,
                    50,
                    409,
                    problems::rule_configuration_issue(),
                    &[],
                );
            }
            let Some(guard) = admit(&state, endpoint, Some(state.config.max_connections)) else {
                tracing::debug!(?endpoint, "too many connections: 429");
                return problem_response(&state, 50, 429, problems::too_many_connections(), &[]);
            };
            start_body(&state, guard, gzip, Vec::new(), move |out| {
                normal(traffic, out)
            })
        }
    }
}

fn endpoint_limit(_e: Endpoint) -> u32 {
    50
}

/// Builds the 200 response and spawns its producer.
fn start_body<F, Fut>(
    state: &Arc<State>,
    guard: ActiveGuard,
    gzip: bool,
    mut headers: Vec<(String, String)>,
    produce: F,
) -> Response<ResBody>
where
    F: FnOnce(Out) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Result<(), Gone>> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(16);
    let watch = tx.clone();
    let mut shutdown = state.shutdown.clone();
    let out = Out {
        tx,
        chunker: Chunker::default(),
        gzip: gzip.then(Gzip::new),
    };
    if gzip {
        headers.push(("content-encoding".into(), "gzip".into()));
    }
    tokio::spawn(async move {
        let _guard = guard;
        tokio::select! {
            _ = produce(out) => {}
            _ = watch.closed() => tracing::debug!("stream client went away"),
            _ = shutdown.changed() => {}
        }
    });
    let mut resp = Response::new(http_body_util::BodyExt::boxed_unsync(ChannelBody {
        rx,
        abort: None,
    }));
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    rate_limit_headers(state, h, endpoint_limit(Endpoint::Sample));
    insert_headers(h, &headers);
    resp
}

/// Normal traffic: posts at the configured rate (or as fast as read) plus keep-alives.
async fn normal(mut traffic: Traffic, mut out: Out) -> Result<(), Gone> {
    let ka_every = traffic
        .state
        .config
        .keep_alive
        .max(Duration::from_millis(1));
    let mut ka = interval_at(Instant::now() + ka_every, ka_every);
    ka.set_missed_tick_behavior(MissedTickBehavior::Delay);
    match traffic.state.config.rate {
        Rate::PerSecond(r) if r > 0.0 => {
            let period = Duration::from_secs_f64(1.0 / r);
            let mut next = Instant::now() + period;
            loop {
                tokio::select! {
                    biased;
                    _ = ka.tick() => out.write(Bytes::from_static(KEEP_ALIVE)).await?,
                    _ = sleep_until(next) => {
                        next += period;
                        if let Some(line) = traffic.next_line() {
                            out.line(line).await?;
                        }
                    }
                }
            }
        }
        Rate::PerSecond(_) => loop {
            ka.tick().await;
            out.write(Bytes::from_static(KEEP_ALIVE)).await?;
        },
        Rate::AsFastAsRead => {
            let mut next_ka = Instant::now() + ka_every;
            loop {
                if Instant::now() >= next_ka {
                    next_ka = Instant::now() + ka_every;
                    out.write(Bytes::from_static(KEEP_ALIVE)).await?;
                }
                match traffic.next_line() {
                    Some(line) => out.line(line).await?,
                    // Nothing matches: idle until the next keep-alive.
                    None => sleep_until(next_ka).await,
                }
            }
        }
    }
}

/// Runs a script: leading delays and headers, then a status answer or a 200 body.
async fn scripted(
    state: Arc<State>,
    endpoint: Endpoint,
    traffic: Traffic,
    script: Script,
    gzip: bool,
) -> Response<ResBody> {
    let mut steps = script.steps.into_iter().peekable();
    let mut headers = Vec::new();
    let mut wire = Wire::default();
    while let Some(step) = steps.peek() {
        match step {
            Step::Delay(d) => {
                sleep(*d).await;
            }
            Step::Header { name, value } => headers.push((name.clone(), value.clone())),
            Step::ConnectionClose => wire.close = true,
            Step::Http10 => wire.http10 = true,
            Step::Status { code, body } => {
                let (code, body) = (*code, body.clone());
                let limit = endpoint_limit(endpoint);
                return wire.apply(problem_response(&state, limit, code, body, &headers));
            }
            Step::Html { code, body } => {
                return wire.apply(html_response(*code, body.clone(), &headers));
            }
            _ => break,
        }
        steps.next();
    }
    let rest: Vec<Step> = steps.collect();
    let guard = admit(&state, endpoint, None).expect("no limit for scripted streams");
    wire.apply(start_body(&state, guard, gzip, headers, move |out| {
        run_steps(traffic, out, rest)
    }))
}

/// How a scripted answer goes on the wire (see `Script::connection_close`, `Script::http10`).
#[derive(Debug, Default, Clone, Copy)]
struct Wire {
    close: bool,
    http10: bool,
}

impl Wire {
    fn apply(self, mut resp: Response<ResBody>) -> Response<ResBody> {
        if self.close {
            resp.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.http10 {
            // hyper writes an HTTP/1.0 head, and a body of unknown length runs until it
            // closes the connection.
            *resp.version_mut() = http::Version::HTTP_10;
            resp = resp.map(|body| http_body_util::BodyExt::boxed_unsync(UntilClose(body)));
        }
        resp
    }
}

/// A body that hides its length, so that an HTTP/1.0 answer is delimited by the close.
struct UntilClose(ResBody);

impl Body for UntilClose {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        Pin::new(&mut self.0).poll_frame(cx)
    }
}

/// A proxy's own error page: `text/html`, none of X's headers.
fn html_response(code: u16, body: String, extra: &[(String, String)]) -> Response<ResBody> {
    let mut resp = Response::new(full(body));
    *resp.status_mut() = http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::BAD_GATEWAY);
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
    insert_headers(h, extra);
    resp
}

async fn run_steps(mut traffic: Traffic, mut out: Out, steps: Vec<Step>) -> Result<(), Gone> {
    for step in steps {
        match step {
            Step::Status { code, .. } => {
                tracing::warn!(code, "Script::status after body steps is ignored");
            }
            Step::Header { .. } => tracing::warn!("Script::header after body steps is ignored"),
            Step::Html { code, .. } => {
                tracing::warn!(code, "Script::html_status after body steps is ignored");
            }
            Step::ConnectionClose | Step::Http10 => {
                tracing::warn!("Script::connection_close/http10 after body steps are ignored");
            }
            Step::Tweets(n) => {
                for _ in 0..n {
                    if let Some(line) = traffic.next_line() {
                        out.line(line).await?;
                    }
                }
            }
            Step::RawLine(b) => {
                let mut v = b.to_vec();
                v.extend_from_slice(b"\r\n");
                out.write(Bytes::from(v)).await?;
            }
            Step::RawBytes(b) => out.write(b).await?,
            Step::KeepAlive => out.write(Bytes::from_static(KEEP_ALIVE)).await?,
            Step::OperationalDisconnect => {
                out.line(problems::operational_disconnect_line()).await?;
                return Ok(());
            }
            Step::OversizedLine(n) => out.line(oversized(n)).await?,
            Step::Stall => {
                out.tx.closed().await;
                return Err(Gone);
            }
            Step::Close => return Ok(()),
            Step::Reset => {
                let _ = out
                    .tx
                    .send(Err(io::Error::new(
                        io::ErrorKind::ConnectionReset,
                        "scripted reset",
                    )))
                    .await;
                // Keep the sender until hyper has dropped the body.
                out.tx.closed().await;
                return Ok(());
            }
            Step::Delay(d) => sleep(d).await,
            Step::Chunks(p) => out.chunker.set(p),
        }
    }
    normal(traffic, out).await
}

/// A valid post line of exactly `n` bytes (or the smallest such line if `n` is smaller).
fn oversized(n: usize) -> String {
    let head = r#"{"data":{"id":"1","edit_history_tweet_ids":["1"],"text":""#;
    let tail = r#""}}"#;
    let fill = n.saturating_sub(head.len() + tail.len());
    let mut s = String::with_capacity(n);
    s.push_str(head);
    s.extend(std::iter::repeat_n('x', fill));
    s.push_str(tail);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_is_exact_and_valid() {
        let l = oversized(100_000);
        assert_eq!(l.len(), 100_000);
        let v: serde_json::Value = serde_json::from_str(&l).unwrap();
        assert_eq!(v["data"]["id"], "1");
    }

    #[test]
    fn query_validation() {
        assert!(
            parse_query(
                Endpoint::Sample,
                Some("tweet.fields=lang&backfill_minutes=5")
            )
            .is_ok()
        );
        let e = parse_query(Endpoint::Sample, Some("backfill_minutes=6")).unwrap_err();
        assert!(e.contains("is not between 0 and 5"), "{e}");
        // OpenAPI 2.167: minimum 0 on every stream.
        assert!(parse_query(Endpoint::Sample, Some("backfill_minutes=0")).is_ok());
        assert!(parse_query(Endpoint::Sample, Some("backfill_minutes=-1")).is_err());
        assert!(parse_query(Endpoint::Sample, Some("start_time=x")).is_err());
        assert!(parse_query(Endpoint::Filter, Some("start_time=x")).is_ok());
        assert!(parse_query(Endpoint::Sample, Some("tweet.fields=nope")).is_err());
    }
}
