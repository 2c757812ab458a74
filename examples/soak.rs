//! Soak: stream a million lines from the built-in emulator through the client, with the
//! server closing the connection every ~10,000 lines, and watch the memory.
//!
//! ```text
//! cargo run --release --example soak -- --lines 1000000 --reconnects 100
//! ```
//!
//! The emulator sends as fast as the client reads. Each of the first `--reconnects`
//! connections is scripted to close cleanly after `lines / (reconnects + 1)` lines; the last
//! one runs until the total is reached. The client uses `healthy_after = 1 ms`, so each closed
//! connection counts as healthy and is remade at once (X's routine recycling) rather than
//! backed off: the soak measures the client, not the backoff schedule.
//!
//! The emulator runs in a child process (this binary with `--serve`), so the memory figures are
//! the client's alone; `--in-process` runs it alongside instead.
//!
//! Every 100,000 lines it samples VmRSS and VmHWM from `/proc/self/status`; at the end it
//! prints one JSON line: lines, connections, seconds, rss_start_kb, rss_peak_kb, rss_samples.
//! It exits non-zero if a connection delivered other than the lines it sent (count, and ids
//! strictly increasing within it), or if the connections are not what was scripted.
//!
//! `--write-corpus DIR` instead writes the first `--corpus-lines` lines (all fields and
//! expansions requested) to DIR, one file each, as seeds for `cargo fuzz run line_decoder`.

#[path = "support/rss.rs"]
mod rss;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::StreamExt as _;
use tweetstream::emulator::{self, Emulator, Rate, Script};
use tweetstream::{ReconnectPolicy, StreamEvent, StreamParams, StreamingClient};

#[derive(Parser, Debug)]
#[command(about = "Soak the stream client against the emulator")]
struct Args {
    /// Lines to receive in all.
    #[arg(long, default_value_t = 1_000_000)]
    lines: u64,
    /// Clean closes by the server (each followed by a reconnect).
    #[arg(long, default_value_t = 100)]
    reconnects: u64,
    /// Ask for every field and expansion (lines of a few KB instead of ~200 bytes).
    #[arg(long)]
    full: bool,
    /// Sample the memory every this many lines.
    #[arg(long, default_value_t = 100_000)]
    sample_every: u64,
    /// Write fuzz seeds to this directory instead of soaking.
    #[arg(long)]
    write_corpus: Option<PathBuf>,
    /// How many seeds `--write-corpus` writes.
    #[arg(long, default_value_t = 32)]
    corpus_lines: u64,
    /// Run the emulator in this process rather than in a child process. Its request log (it
    /// records every request) then counts in the RSS, about 8 kB per connection.
    #[arg(long)]
    in_process: bool,
    /// Internal: be the child process serving the emulator (prints `URL TOKEN`, serves until
    /// its stdin closes).
    #[arg(long, hide = true)]
    serve: bool,
}

/// Starts the emulator with the soak's scripts queued.
async fn start_emulator(args: &Args) -> std::io::Result<Emulator> {
    let em = Emulator::builder()
        .rate(Rate::AsFastAsRead)
        .max_connections(4)
        .start()
        .await?;
    let per_connection = args.lines / (args.reconnects + 1);
    for _ in 0..args.reconnects {
        em.push_script(Script::new().tweets(per_connection as usize).close());
    }
    Ok(em)
}

/// The child: serve until the parent closes our stdin.
async fn serve(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    use tokio::io::AsyncReadExt as _;
    let em = start_emulator(args).await?;
    println!("{} {}", em.base_url(), em.bearer_token());
    let mut sink = Vec::new();
    tokio::io::stdin().read_to_end(&mut sink).await?;
    Ok(())
}

fn all_fields(params: StreamParams) -> StreamParams {
    params
        .tweet_fields(emulator::TWEET_FIELDS)
        .user_fields(emulator::USER_FIELDS)
        .media_fields(emulator::MEDIA_FIELDS)
        .poll_fields(emulator::POLL_FIELDS)
        .place_fields(emulator::PLACE_FIELDS)
        .expansions(emulator::EXPANSIONS)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = Args::parse();
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    if args.write_corpus.is_some() {
        args.lines = args.corpus_lines;
        args.reconnects = 0;
        args.full = true;
    }
    if args.serve {
        return serve(&args).await;
    }
    let per_connection = args.lines / (args.reconnects + 1);
    // The emulator, here or in a child process fed the same arguments.
    let (em, mut child) = if args.in_process || args.write_corpus.is_some() {
        (Some(start_emulator(&args).await?), None)
    } else {
        let child = std::process::Command::new(std::env::current_exe()?)
            .args(["--serve", "--lines", &args.lines.to_string()])
            .args(["--reconnects", &args.reconnects.to_string()])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        (None, Some(child))
    };
    let (base_url, token) = match (&em, &mut child) {
        (Some(em), _) => (em.base_url().to_owned(), em.bearer_token().to_owned()),
        (None, Some(child)) => {
            use std::io::BufRead as _;
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().expect("piped")).read_line(&mut line)?;
            let (url, token) = line
                .trim()
                .split_once(' ')
                .ok_or("the emulator child said nothing")?;
            (url.to_owned(), token.to_owned())
        }
        (None, None) => unreachable!(),
    };
    let policy = ReconnectPolicy::default()
        .healthy_after(Duration::from_millis(1))
        .max_retries(Some(10));
    let client = StreamingClient::builder(token)
        .base_url(base_url)
        .reconnect_policy(policy)
        .build()?;
    let params = if args.full {
        all_fields(StreamParams::new())
    } else {
        StreamParams::new()
    };
    let mut stream = client.sample(params)?;
    let handle = stream.disconnect_handle();

    let (rss_start_kb, _) = rss::rss_kib();
    let started = Instant::now();
    let mut lines = 0u64;
    let mut connections = 0u64;
    let mut in_connection = 0u64;
    let mut problems = Vec::<String>::new();
    let mut last_id = 0u64;
    let mut samples = Vec::new();
    while let Some(event) = stream.next().await {
        match event {
            StreamEvent::Connected(info) => {
                connections += 1;
                in_connection = 0;
                last_id = 0;
                if info.connection != connections {
                    problems.push(format!(
                        "connection numbered {} is our {connections}",
                        info.connection
                    ));
                }
            }
            StreamEvent::Response(response) => {
                lines += 1;
                in_connection += 1;
                if let Some(tweet) = response.tweet() {
                    // Within one connection the generator's ids strictly increase (snowflakes
                    // of an advancing clock): a repeat or a step back is a duplicated or
                    // reordered line. (No set of all ids: it would grow the RSS it measures.)
                    let id = tweet.id.get();
                    if id <= last_id {
                        problems.push(format!(
                            "tweet {id} after {last_id} on connection {connections}"
                        ));
                    }
                    last_id = id;
                }
                if let Some(dir) = &args.write_corpus {
                    std::fs::create_dir_all(dir)?;
                    std::fs::write(dir.join(format!("generator-{lines:04}")), response.bytes())?;
                }
                if lines % args.sample_every == 0 {
                    let (rss, hwm) = rss::rss_kib();
                    let tasks = tokio::runtime::Handle::current()
                        .metrics()
                        .num_alive_tasks();
                    samples.push(serde_json::json!({"lines": lines, "rss_kb": rss, "hwm_kb": hwm, "tasks": tasks}));
                }
                if lines == args.lines {
                    handle.disconnect();
                }
            }
            StreamEvent::Closed(_) if in_connection != per_connection => {
                problems.push(format!(
                    "connection {connections} closed after {in_connection} lines, {per_connection} were sent"
                ));
            }
            StreamEvent::Undecodable(bad) => {
                // Still a line received (so the soak ends), but a problem.
                lines += 1;
                in_connection += 1;
                problems.push(format!("undecodable line: {}", bad.reason));
                if lines == args.lines {
                    handle.disconnect();
                }
            }
            StreamEvent::ConnectionError(e) => {
                problems.push(format!("connection error: {}", e.message));
            }
            StreamEvent::RequestError(e) => problems.push(format!("request error: {}", e.status)),
            _ => {}
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if let Some(mut child) = child {
        drop(child.stdin.take()); // the child serves until its stdin closes
        child.wait()?;
    }
    let (rss_end_kb, rss_peak_kb) = rss::rss_kib();
    if lines != args.lines {
        problems.push(format!("received {lines} lines, wanted {}", args.lines));
    }
    if connections != args.reconnects + 1 {
        problems.push(format!(
            "{connections} connections, wanted {}",
            args.reconnects + 1
        ));
    }
    if let Some(dir) = &args.write_corpus {
        eprintln!("wrote {lines} seeds to {}", dir.display());
    } else {
        let summary = serde_json::json!({
            "lines": lines,
            "connections": connections,
            "reconnects": connections.saturating_sub(1),
            "seconds": (seconds * 1000.0).round() / 1000.0,
            "lines_per_sec": (lines as f64 / seconds).round(),
            "emulator": if em.is_some() { "in-process" } else { "child process" },
            "rss_start_kb": rss_start_kb,
            "rss_end_kb": rss_end_kb,
            "rss_peak_kb": rss_peak_kb,
            "rss_samples": samples,
            "problems": problems.len(),
        });
        println!("{summary}");
    }
    if !problems.is_empty() {
        for p in problems.iter().take(20) {
            eprintln!("problem: {p}");
        }
        return Err(format!("{} problems", problems.len()).into());
    }
    Ok(())
}
