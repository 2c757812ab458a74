//! A hostile (or merely unusual) HTTP server: raw tokio `TcpListener`, no HTTP library, so
//! it writes exactly the bytes a script gives, with exactly the timing it gives (tokio's
//! clock, so paused tests are deterministic). Independent of the emulator.
//!
//! Each accepted connection reads one request head (up to `\r\n\r\n`), records it with the
//! tokio time it arrived, and plays the next script of the list; connections beyond the
//! list are closed at once (and still recorded, so a test sees them).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// One step of a connection's script.
#[derive(Debug, Clone)]
pub enum Act {
    /// Writes these bytes (in one write).
    Send(Vec<u8>),
    /// Writes these bytes one write at a time, `every` apart, `size` bytes a write.
    Drip {
        bytes: Vec<u8>,
        size: usize,
        every: Duration,
    },
    /// Waits.
    Pause(Duration),
    /// Closes the socket (FIN).
    Close,
    /// Resets the socket (RST: linger 0).
    Reset,
    /// Keeps the socket open, reading and discarding, until the client goes.
    Hold,
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request head, as text.
    pub head: String,
    /// When its head was complete (tokio's clock).
    pub at: Instant,
}

impl Seen {
    /// A header's value (the first), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

pub struct Hostile {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        for t in self.tasks.lock().unwrap().drain(..) {
            t.abort();
        }
    }
}

impl Hostile {
    /// Starts serving `scripts`, one per connection, in order.
    pub async fn start(scripts: Vec<Vec<Act>>) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let seen = Arc::new(Mutex::new(Vec::new()));
        let tasks = Arc::new(Mutex::new(Vec::new()));
        let (seen2, tasks2) = (Arc::clone(&seen), Arc::clone(&tasks));
        let accept = tokio::spawn(async move {
            let mut scripts = scripts.into_iter();
            while let Ok((socket, _)) = listener.accept().await {
                let script = scripts.next().unwrap_or_else(|| vec![Act::Close]);
                let seen = Arc::clone(&seen2);
                let task = tokio::spawn(serve(socket, script, seen));
                tasks2.lock().unwrap().push(task);
            }
        });
        tasks.lock().unwrap().push(accept);
        Hostile { addr, seen, tasks }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn origin(&self) -> String {
        self.addr.to_string()
    }

    /// The requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn serve(mut socket: TcpStream, script: Vec<Act>, seen: Arc<Mutex<Vec<Seen>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match socket.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 1 << 20 {
            return;
        }
    }
    seen.lock().unwrap().push(Seen {
        head: String::from_utf8_lossy(&head).into_owned(),
        at: Instant::now(),
    });
    for act in script {
        match act {
            Act::Send(bytes) => {
                if socket.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Act::Drip { bytes, size, every } => {
                for piece in bytes.chunks(size.max(1)) {
                    if socket.write_all(piece).await.is_err() {
                        return;
                    }
                    tokio::time::sleep(every).await;
                }
            }
            Act::Pause(d) => tokio::time::sleep(d).await,
            Act::Close => {
                let _ = socket.shutdown().await;
                return;
            }
            Act::Reset => {
                #[allow(deprecated)] // blocking on drop is harmless with linger 0
                let _ = socket.set_linger(Some(Duration::ZERO));
                drop(socket);
                return;
            }
            Act::Hold => {
                while let Ok(n) = socket.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                }
                return;
            }
        }
    }
    let _ = socket.shutdown().await;
}

// Wire helpers.

/// A response head: status line, headers, blank line.
pub fn head(status_line: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!("{status_line}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// One chunk of a chunked body.
pub fn chunk(data: &[u8]) -> Vec<u8> {
    let mut out = format!("{:x}\r\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\r\n");
    out
}

/// The last chunk with no trailers.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

/// A post line with `\r\n`.
pub fn tweet(id: u64) -> Vec<u8> {
    format!("{{\"data\":{{\"id\":\"{id}\",\"text\":\"t{id}\"}}}}\r\n").into_bytes()
}

/// gzip of `data` (one member).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// zlib (`deflate` as RFC 9110 means it) of `data`.
pub fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Raw deflate (`deflate` as some servers send it) of `data`.
pub fn raw_deflate(data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A 200 with a chunked body of `chunks`, then the last chunk.
pub fn ok_chunked(extra_headers: &[(&str, &str)], chunks: &[&[u8]]) -> Vec<u8> {
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Transfer-Encoding", "chunked"),
    ];
    headers.extend_from_slice(extra_headers);
    let mut out = head("HTTP/1.1 200 OK", &headers);
    for c in chunks {
        out.extend(chunk(c));
    }
    out.extend_from_slice(LAST_CHUNK);
    out
}

/// An error status with a body of exactly `body` (Content-Length).
pub fn status_with_body(status_line: &str, extra_headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let len = body.len().to_string();
    let mut headers = vec![
        ("Content-Type", "application/problem+json"),
        ("Content-Length", len.as_str()),
    ];
    headers.extend_from_slice(extra_headers);
    let mut out = head(status_line, &headers);
    out.extend_from_slice(body);
    out
}
