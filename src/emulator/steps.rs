//! Running a fault [`Script`](super::Script) on any stream: the leading steps that shape the
//! answer (delays, headers, a status or HTML page, `Connection: close`, HTTP/1.0) and the
//! body steps. Every stream runs them the same way; a stream only says how to make its own
//! items for [`Script::tweets`](super::Script::tweets).

use bytes::Bytes;
use http::{HeaderValue, Response, header};
use http_body_util::{BodyExt, BodyStream, StreamBody};
use tokio::time::sleep;

use super::{
    State,
    body::{Gone, Out},
    gzip::bomb_member,
    problems,
    response::{ResBody, full, insert_headers, problem_response},
    script::{ContentCoding, Step},
};

/// A script that opens a 200 body: pass the response through `wire`, then run `steps`.
pub(crate) struct Opening {
    /// Extra response headers.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) wire: Wire,
    /// The body steps.
    pub(crate) steps: Vec<Step>,
    /// The body's content coding, when the script chose one.
    pub(crate) coding: Option<ContentCoding>,
}

/// Runs the leading steps of a script: delays (which delay the response headers), headers,
/// wire options, and a status answer if there is one (`limit` is its rate limit), which is
/// returned as the `Err` side, complete.
pub(crate) async fn open(
    state: &State,
    limit: u32,
    steps: Vec<Step>,
) -> Result<Opening, Response<ResBody>> {
    let mut headers = Vec::new();
    let mut wire = Wire::default();
    // A coding fault anywhere decides the head: an explicit coding, else gzip members for
    // a bomb.
    let mut coding = None;
    for step in &steps {
        match step {
            Step::Coding(c) => coding = Some(*c),
            Step::Bomb(_) if coding.is_none() => coding = Some(ContentCoding::GzipMembers),
            _ => {}
        }
    }
    let mut steps = steps
        .into_iter()
        .filter(|s| !matches!(s, Step::Coding(_)))
        .peekable();
    while let Some(step) = steps.peek() {
        match step {
            Step::Delay(d) => sleep(*d).await,
            Step::Header { name, value } => headers.push((name.clone(), value.clone())),
            Step::ConnectionClose => wire.close = true,
            Step::Http10 => wire.http10 = true,
            Step::Status { code, body } => {
                let resp = problem_response(state, limit, *code, body.clone(), &headers);
                return Err(wire.apply(resp));
            }
            Step::Html { code, body } => {
                return Err(wire.apply(html_response(*code, body.clone(), &headers)));
            }
            _ => break,
        }
        steps.next();
    }
    Ok(Opening {
        headers,
        wire,
        steps: steps.collect(),
        coding,
    })
}

/// How a scripted answer goes on the wire (see `Script::connection_close`, `Script::http10`).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Wire {
    close: bool,
    http10: bool,
}

impl Wire {
    pub(crate) fn apply(self, mut resp: Response<ResBody>) -> Response<ResBody> {
        if self.close {
            resp.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        if self.http10 {
            // hyper writes an HTTP/1.0 head, and a body of unknown length (a stream of its
            // frames hides the length) runs until it closes the connection.
            *resp.version_mut() = http::Version::HTTP_10;
            resp = resp.map(|body| StreamBody::new(BodyStream::new(body)).boxed_unsync());
        }
        resp
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

/// One of a stream's own items, for `Script::tweets`.
pub(crate) enum Item {
    Line(String),
    /// Nothing to send this time (no post matched the rules).
    Skip,
    /// The stream has nothing more (past its `end_time`): the body ends.
    End,
}

/// Whether the script ended the body, or ran out of steps and normal traffic follows.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Done {
    Ended,
    RanOut,
}

/// Runs the body steps of a script, taking the stream's items from `next_item`.
pub(crate) async fn run_body(
    out: &mut Out,
    steps: Vec<Step>,
    mut next_item: impl FnMut() -> Item,
) -> Result<Done, Gone> {
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
                    match next_item() {
                        Item::Line(line) => out.line(line).await?,
                        Item::Skip => {}
                        Item::End => return Ok(Done::Ended),
                    }
                }
            }
            Step::RawLine(b) => out.line(b).await?,
            Step::RawBytes(b) => out.write(b).await?,
            Step::KeepAlive => out.keep_alive().await?,
            Step::OperationalDisconnect => {
                out.line(problems::operational_disconnect_line()).await?;
                return Ok(Done::Ended);
            }
            Step::OversizedLine(n) => out.line(oversized(n)).await?,
            Step::Stall => {
                out.closed().await;
                return Err(Gone);
            }
            Step::Close => return Ok(Done::Ended),
            Step::Reset => {
                out.reset().await;
                return Ok(Done::Ended);
            }
            Step::Delay(d) => sleep(d).await,
            Step::Chunks(p) => out.chunks(p),
            Step::Coding(_) => {}
            Step::Bomb(n) => out.write_coded(bomb_member(n), n).await?,
            Step::Corrupt => {
                // Not a gzip member, and a reserved deflate block type: no coding reads it.
                let garbage = Bytes::from_static(b"\xff\xff\xff\xff not coded at all");
                out.write_coded(garbage, 0).await?;
            }
        }
    }
    Ok(Done::RanOut)
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
}
