//! The emulator's wire-level fault steps, read byte for byte from a raw TCP socket:
//! `connection_close`, `http10` and `html_status` put exactly what real servers put on the
//! wire (compare `tests/interop_nginx.rs` and `tests/interop_closing_server.rs`).

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tweetstream::emulator::{Emulator, Script, problems};

/// Sends one HTTP/1.1 GET and returns the bytes of the head (through the blank line) and
/// the socket, positioned at the body.
async fn request(em: &Emulator, path: &str) -> (String, TcpStream) {
    let mut tcp = TcpStream::connect(em.local_addr()).await.unwrap();
    let req = format!(
        "GET {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {}\r\n\r\n",
        em.bearer_token()
    );
    tcp.write_all(req.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(tcp.read(&mut byte).await.unwrap(), 1, "head cut: {head:?}");
        head.push(byte[0]);
    }
    (String::from_utf8(head).unwrap().to_ascii_lowercase(), tcp)
}

async fn rest(tcp: &mut TcpStream) -> Vec<u8> {
    let mut body = Vec::new();
    tcp.read_to_end(&mut body).await.unwrap();
    body
}

const SAMPLE: &str = "/2/tweets/sample/stream";

#[tokio::test]
async fn connection_close_sends_a_length_and_closes() {
    let em = Emulator::start().await.unwrap();
    let problem = problems::unauthorized();
    em.push_script(
        Script::new()
            .connection_close()
            .status(401, problem.clone()),
    );
    let (head, mut tcp) = request(&em, SAMPLE).await;
    assert!(head.starts_with("http/1.1 401 unauthorized\r\n"), "{head}");
    assert!(head.contains("\r\nconnection: close\r\n"), "{head}");
    assert!(
        head.contains(&format!("\r\ncontent-length: {}\r\n", problem.len())),
        "{head}"
    );
    assert_eq!(
        rest(&mut tcp).await,
        problem.as_bytes(),
        "body, then the close"
    );
}

#[tokio::test]
async fn http10_error_page_runs_until_the_close() {
    let em = Emulator::start().await.unwrap();
    let page = problems::proxy_error_page(502);
    em.push_script(Script::new().http10().html_status(502, page.clone()));
    let (head, mut tcp) = request(&em, SAMPLE).await;
    assert!(head.starts_with("http/1.0 502 bad gateway\r\n"), "{head}");
    assert!(head.contains("\r\ncontent-type: text/html\r\n"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    assert!(!head.contains("transfer-encoding"), "{head}");
    assert!(!head.contains("x-rate-limit"), "a proxy's page: {head}");
    assert_eq!(rest(&mut tcp).await, page.as_bytes());
}

#[tokio::test(start_paused = true)]
async fn http10_stream_sends_its_head_at_once_and_ends_at_the_close() {
    let em = Emulator::start().await.unwrap();
    em.push_script(
        Script::new()
            .http10()
            .chunks(tweetstream::emulator::ChunkPattern::Whole)
            .delay(Duration::from_secs(20))
            .raw_line("{\"a\":1}")
            .close(),
    );
    let start = Instant::now();
    let (head, mut tcp) = request(&em, SAMPLE).await;
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "the head waited {:?} for the body",
        start.elapsed()
    );
    assert!(head.starts_with("http/1.0 200 ok\r\n"), "{head}");
    assert!(!head.contains("transfer-encoding"), "{head}");
    assert_eq!(rest(&mut tcp).await, b"{\"a\":1}\r\n");
    assert!(start.elapsed() >= Duration::from_secs(20));
}
