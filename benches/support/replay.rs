//! Delivered by `benches/end_to_end.rs` and `examples/perf.rs`: the corpus, a replay server and
//! a per-thread CPU clock.
//!
//! The replay server measures the client, not a generator: the lines are generated once
//! (`Generator::full`, every field and expansion, non-ASCII text) and pre-encoded as an
//! HTTP/1.1 chunked body, one chunk per line as X (and the emulator) send them. A plain
//! `std` thread per connection writes that body over and over until the client goes away,
//! so the server's CPU never lands on the client's thread.

#![allow(dead_code)] // each user takes what it needs

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use tweetstream::emulator::generator::Generator;

/// `n` lines of `Generator::full(seed)`, without terminators, each checked to decode.
pub fn corpus(n: usize, seed: u64) -> Vec<String> {
    let mut g = Generator::full(seed);
    (0..n)
        .map(|_| {
            let line = g.next_line();
            if let Err(bad) = tweetstream::decode_line(Bytes::from(line.clone())) {
                panic!("corpus line does not decode: {}", bad.reason);
            }
            line
        })
        .collect()
}

/// The lines joined as the stream body carries them (`line\r\n` each).
pub fn joined(lines: &[String]) -> Bytes {
    let mut body = Vec::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
    for l in lines {
        body.extend_from_slice(l.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    Bytes::from(body)
}

/// The lines as HTTP/1.1 chunks, one chunk per `line\r\n`.
fn chunked(lines: &[String]) -> Vec<u8> {
    let mut body = Vec::new();
    for l in lines {
        write!(body, "{:x}\r\n", l.len() + 2).expect("vec");
        body.extend_from_slice(l.as_bytes());
        body.extend_from_slice(b"\r\n\r\n");
    }
    body
}

/// What the replay server does on each connection.
#[derive(Clone, Copy, Debug)]
pub enum Serve {
    /// Send the body again and again until the client goes away.
    Forever,
    /// Send the body once, then wait for the client to close and report when it did.
    OnceThenWait,
}

/// A loopback server replaying one pre-encoded body.
pub struct Replay {
    pub addr: SocketAddr,
    /// For `OnceThenWait`: when the server saw each connection closed.
    pub closed: std::sync::mpsc::Receiver<std::time::Instant>,
}

impl Replay {
    pub fn start(lines: &[String], serve: Serve) -> Replay {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let body: Arc<[u8]> = chunked(lines).into();
        let (tx, closed) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("replay-accept".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    let Ok(conn) = conn else { continue };
                    let body = Arc::clone(&body);
                    let tx = tx.clone();
                    std::thread::Builder::new()
                        .name("replay-conn".into())
                        .spawn(move || {
                            let _ = serve_one(conn, &body, serve, &tx);
                        })
                        .expect("spawn");
                }
            })
            .expect("spawn");
        Replay { addr, closed }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

fn serve_one(
    mut conn: TcpStream,
    body: &[u8],
    serve: Serve,
    closed: &std::sync::mpsc::Sender<std::time::Instant>,
) -> std::io::Result<()> {
    conn.set_nodelay(true)?;
    // Read the request head (small; no body).
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    conn.write_all(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json; charset=utf-8\r\n\
          transfer-encoding: chunked\r\n\r\n",
    )?;
    match serve {
        Serve::Forever => loop {
            conn.write_all(body)?;
        },
        Serve::OnceThenWait => {
            conn.write_all(body)?;
            // Block until the client's FIN (0) or RST (error), then say when.
            let r = conn.read(&mut buf);
            let at = std::time::Instant::now();
            let _ = closed.send(at);
            r.map(drop)
        }
    }
}

/// CPU time (user + system) consumed so far by the calling thread.
pub fn thread_cpu() -> Duration {
    cpu_clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// CPU time (user + system) consumed so far by the whole process.
pub fn process_cpu() -> Duration {
    cpu_clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn cpu_clock(clock: libc::clockid_t) -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime({clock})");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
