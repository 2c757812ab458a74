//! Peak resident memory of the client against hostile bodies (issue 22), each case in a child
//! process so that the server's buffers stay out of what is measured:
//!
//! - `bomb-gzip`: 256 MiB of one endless line, gzip-compressed into about 250 KB sent in one
//!   chunk (the client asked for gzip);
//! - `bomb-plain`: the same 256 MiB sent as they are;
//! - `tiny-gzip`: 200,000 lines of four bytes (`{}` and CRLF) gzip-compressed in one chunk;
//! - `tiny-plain`: the same 800,000 bytes sent as they are, in one write;
//! - `normal`: 2,000 ordinary posts, for comparison.
//!
//! ```sh
//! cargo run --release --example hostile_rss            # every case, one JSON line each
//! cargo run --release --example hostile_rss -- tiny-gzip
//! ```
//!
//! Each line gives the case, the events the client produced, the bytes on the wire and the
//! child's peak RSS (`VmHWM`, KiB); the goal is under 16 MiB for every case. Linux only
//! (`/proc`). The client uses its defaults (4 MiB line limit) and one connection.

#[path = "support/rss.rs"]
mod rss;

use std::io::{BufRead as _, Read as _, Write as _};
use std::net::TcpListener;
use std::process::{Command, Stdio};

use futures_util::StreamExt as _;
use tweetstream::{StreamEvent, StreamParams, StreamingClient};

const CASES: [&str; 5] = [
    "normal",
    "bomb-plain",
    "bomb-gzip",
    "tiny-plain",
    "tiny-gzip",
];
const BOMB: usize = 256 << 20;
const TINY_LINES: usize = 200_000;
const GOAL_KIB: u64 = 16 * 1024;

fn gzip_of(chunks: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for c in chunks {
        e.write_all(&c).unwrap();
    }
    e.finish().unwrap()
}

/// The body of a case: (gzip?, the bytes to send, in writes).
fn body(case: &str) -> (bool, Vec<Vec<u8>>) {
    let spaces = || (0..BOMB / 65536).map(|_| vec![b' '; 65536]);
    let tiny = || b"{}\r\n".repeat(TINY_LINES);
    match case {
        "normal" => {
            let mut out = Vec::new();
            for i in 1..=2000u64 {
                out.extend(format!(
                    "{{\"data\":{{\"id\":\"{i}\",\"text\":\"an ordinary post of a few words, number {i}\",\"edit_history_tweet_ids\":[\"{i}\"]}}}}\r\n"
                ).into_bytes());
            }
            (false, vec![out])
        }
        "bomb-plain" => (false, spaces().collect()),
        "bomb-gzip" => (true, vec![gzip_of(spaces())]),
        "tiny-plain" => (false, vec![tiny()]),
        "tiny-gzip" => (true, vec![gzip_of(std::iter::once(tiny()))]),
        other => panic!("unknown case {other}"),
    }
}

/// Serves one connection: HTTP/1.1 chunked, one chunk per write, then the last chunk.
fn serve(listener: TcpListener, gzip: bool, writes: Vec<Vec<u8>>) -> u64 {
    let (mut socket, _) = listener.accept().expect("accept");
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && socket.read(&mut byte).unwrap_or(0) == 1 {
        head.push(byte[0]);
    }
    let mut wire = 0u64;
    let coding = if gzip {
        "Content-Encoding: gzip\r\n"
    } else {
        ""
    };
    let _ = write!(
        socket,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n{coding}\r\n"
    );
    for w in writes {
        wire += w.len() as u64;
        if write!(socket, "{:x}\r\n", w.len()).is_err()
            || socket.write_all(&w).is_err()
            || socket.write_all(b"\r\n").is_err()
        {
            return wire; // the client gave up on the connection (a line over its limit)
        }
    }
    let _ = socket.write_all(b"0\r\n\r\n");
    wire
}

fn parent(cases: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let mut over = false;
    for case in cases {
        let (gzip, writes) = body(case);
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let mut child = Command::new(std::env::current_exe()?)
            .args(["--child", case, &url])
            .arg(if gzip { "gzip" } else { "plain" })
            .stdout(Stdio::piped())
            .spawn()?;
        let server = std::thread::spawn(move || serve(listener, gzip, writes));
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
        child.wait()?;
        let wire = server.join().expect("server");
        let (events, peak): (u64, u64) = {
            let mut parts = line.split_whitespace();
            (
                parts.next().and_then(|v| v.parse().ok()).unwrap_or(0),
                parts.next().and_then(|v| v.parse().ok()).unwrap_or(0),
            )
        };
        over |= peak > GOAL_KIB;
        println!(
            "{}",
            serde_json::json!({
                "case": case,
                "events": events,
                "wire_bytes": wire,
                "peak_rss_kib": peak,
                "goal_kib": GOAL_KIB,
            })
        );
    }
    if over {
        return Err("a case went over the memory goal".into());
    }
    Ok(())
}

/// The measured process: one stream to the end, then its event count and peak RSS.
fn child(url: &str, gzip: bool) -> Result<(), Box<dyn std::error::Error>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let events = rt.block_on(async {
        let client = StreamingClient::builder("token")
            .base_url(url)
            .gzip(gzip)
            .max_retries(0)
            .build()?;
        let mut stream = client.sample(StreamParams::new())?;
        let mut n = 0u64;
        while let Some(event) = stream.next().await {
            n += 1;
            if let StreamEvent::Disconnected(_) = event {
                break;
            }
        }
        Ok::<u64, Box<dyn std::error::Error>>(n)
    })?;
    let (_, peak) = rss::rss_kib();
    println!("{events} {peak}");
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[2], args.get(3).map(String::as_str) == Some("gzip"));
    }
    let cases: Vec<String> = if args.is_empty() {
        CASES.iter().map(|c| (*c).to_owned()).collect()
    } else {
        args
    };
    parent(&cases)
}
