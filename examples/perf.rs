//! Performance harness: the figures of README's Performance section in one run, plus a memory soak.
//!
//! ```text
//! cargo run --release --example perf                  # CPU per line, ratios, framing, close latency (9 rounds)
//! cargo run --release --example perf -- soak          # 1,000,000 lines, RSS every 100,000
//! cargo run --release --example perf -- soak --raw --lines 2000000
//! cargo run --release --example perf -- allocs        # heap allocations per line
//! cargo run --release --example perf -- process       # the stream example, whole-process CPU
//! cargo run --release --example perf -- decode --lines 5000  # decode_line only (for callgrind)
//! ```
//!
//! `process` runs the `stream` binary next to this one (`cargo build --release --example stream
//! --example perf`), or the builds named with `--bin LABEL=PATH` (repeatable) to compare them.
//!
//! The client is measured, not a generator: a replay server (on its own threads, or for
//! `soak` in a child process so its buffers stay out of the RSS) sends a pre-generated
//! corpus (`Generator::full`: every field and expansion, ~4.9 KB lines, non-ASCII) as a
//! chunked HTTP/1.1 body over loopback. CPU figures are the consumer thread's CPU time
//! (`CLOCK_THREAD_CPUTIME_ID`, user + system), medians of several rounds; for `process`, the
//! child's whole CPU time (user + system, from `wait4`).
// A counting allocator and wait4(2) for the child's rusage need unsafe: this file alone.
#![allow(unsafe_code)]

#[path = "support/rss.rs"]
mod rss;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::StreamExt as _;
use serde::de::IgnoredAny;
use tweetstream::__private::{Frame, LineFramer};
use tweetstream::{EventKinds, EventStream, StreamEvent, StreamParams, StreamingClient};

#[path = "../benches/support/replay.rs"]
mod replay;

/// Counts heap allocations while `COUNTING` is on (a relaxed load otherwise).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);

// SAFETY: forwards every call to the system allocator unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is the system allocator's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Heap allocations (and reallocations) made by `f`.
fn count_allocs(f: impl FnOnce()) -> u64 {
    ALLOCS.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    f();
    COUNTING.store(false, Ordering::Relaxed);
    ALLOCS.load(Ordering::Relaxed)
}

const CORPUS: usize = 1_000;
const SEED: u64 = 42;

fn arg_value(args: &[String], name: &str) -> Option<u64> {
    let i = args.iter().position(|a| a == name)?;
    args.get(i + 1)?.replace('_', "").parse().ok()
}

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn fmt_spread((med, lo, hi): (f64, f64, f64)) -> String {
    let spread = if med > 0.0 {
        (hi - lo) / med * 100.0
    } else {
        0.0
    };
    format!("{med:8.3}  (min {lo:.3}, max {hi:.3}, spread {spread:.0}%)")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn client(base_url: String) -> StreamingClient {
    StreamingClient::builder("perf-token")
        .base_url(base_url)
        .build()
        .expect("client")
}

fn lines_of(body: &Bytes) -> Vec<Bytes> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in body.iter().enumerate() {
        if *b == b'\n' {
            out.push(body.slice(start..i - 1));
            start = i + 1;
        }
    }
    out
}

/// µs of thread CPU per line of `f` over `passes` passes of the corpus.
fn decode_round<O>(lines: &[Bytes], passes: usize, mut f: impl FnMut(Bytes) -> O) -> f64 {
    let t = replay::thread_cpu();
    for _ in 0..passes {
        for l in lines {
            drop(std::hint::black_box(f(std::hint::black_box(l.clone()))));
        }
    }
    (replay::thread_cpu() - t).as_secs_f64() * 1e6 / (passes * lines.len()) as f64
}

fn is_line(e: &StreamEvent) -> bool {
    matches!(e, StreamEvent::Response(_) | StreamEvent::Raw(_))
}

/// A live `EventStream` on its own client, kept open across rounds.
struct Live {
    stream: EventStream,
    per_line: fn(&StreamEvent) -> bool,
}

impl Live {
    fn open(
        rt: &tokio::runtime::Runtime,
        server: &replay::Replay,
        mode: fn(EventStream) -> EventStream,
        per_line: fn(&StreamEvent) -> bool,
    ) -> Live {
        let client = client(server.base_url());
        let stream = mode(client.sample(StreamParams::new()).expect("stream"));
        let mut live = Live { stream, per_line };
        live.round(rt, CORPUS as u64); // connect and warm up
        live
    }

    /// µs of consumer-thread CPU per line to take `n` lines.
    fn round(&mut self, rt: &tokio::runtime::Runtime, n: u64) -> f64 {
        let t = replay::thread_cpu();
        rt.block_on(async {
            let mut seen = 0;
            while seen < n {
                let e = self.stream.next().await.expect("endless");
                if (self.per_line)(&e) {
                    seen += 1;
                }
            }
        });
        (replay::thread_cpu() - t).as_secs_f64() * 1e6 / n as f64
    }
}

/// Framing throughput in MB/s (10^6 bytes) of the corpus cut into `chunk` -byte chunks.
fn framing_mbps(body: &Bytes, chunks: &[Bytes], rounds: usize, passes: usize) -> (f64, f64, f64) {
    let mut framer = LineFramer::default();
    median(
        (0..rounds)
            .map(|_| {
                let t = replay::thread_cpu();
                let mut n = 0usize;
                for _ in 0..passes {
                    for c in chunks {
                        framer.push(c.clone());
                        while let Some(f) = framer.next_frame().expect("fits") {
                            if let Frame::Line(l) = f {
                                n += l.len();
                            }
                        }
                    }
                }
                std::hint::black_box(n);
                let s = (replay::thread_cpu() - t).as_secs_f64();
                (body.len() * passes) as f64 / s / 1e6
            })
            .collect(),
    )
}

/// Time from dropping a live stream to the server seeing the connection closed.
fn close_latency(samples: usize) -> (f64, f64, f64) {
    let lines = replay::corpus(4, SEED);
    let server = replay::Replay::start(&lines, replay::Serve::OnceThenWait);
    let rt = runtime();
    let client = client(server.base_url());
    let mut us = Vec::with_capacity(samples);
    for _ in 0..samples {
        let mut stream = client.sample(StreamParams::new()).expect("stream").raw();
        rt.block_on(async {
            let mut seen = 0;
            while seen < lines.len() {
                if is_line(&stream.next().await.expect("line")) {
                    seen += 1;
                }
            }
        });
        let dropped = Instant::now();
        drop(stream);
        let closed = server
            .closed
            .recv_timeout(Duration::from_secs(5))
            .expect("server saw the close");
        us.push(closed.saturating_duration_since(dropped).as_secs_f64() * 1e6);
    }
    us.sort_by(f64::total_cmp);
    let p = |q: f64| us[((us.len() - 1) as f64 * q).round() as usize];
    (p(0.5), p(0.99), us[us.len() - 1])
}

fn report(args: &[String]) {
    // README's figures are medians of 9 interleaved rounds: keep this default in step.
    let rounds = arg_value(args, "--rounds").unwrap_or(9) as usize;
    let e2e_lines = arg_value(args, "--lines").unwrap_or(20_000);
    let corpus = replay::corpus(CORPUS, SEED);
    let body = replay::joined(&corpus);
    let lines = lines_of(&body);
    let avg = (body.len() - 2 * lines.len()) as f64 / lines.len() as f64;
    let non_ascii = corpus.iter().filter(|l| !l.is_ascii()).count();
    println!(
        "corpus: {} lines of Generator::full({SEED}), {avg:.0} B/line on average, {non_ascii} with non-ASCII text",
        lines.len()
    );
    println!("medians of {rounds} rounds, consumer-thread CPU time\n");

    let sized = |n: usize| -> Vec<Bytes> {
        (0..body.len())
            .step_by(n)
            .map(|i| body.slice(i..(i + n).min(body.len())))
            .collect()
    };
    let mut per_line_chunks = Vec::new();
    let mut start = 0;
    for (i, b) in body.iter().enumerate() {
        if *b == b'\n' {
            per_line_chunks.push(body.slice(start..=i));
            start = i + 1;
        }
    }
    println!("framing (MB/s, target >= 1000)");
    for (name, chunks) in [
        ("chunk per line", per_line_chunks),
        ("16 KiB chunks", sized(16 * 1024)),
        ("64 KiB chunks", sized(64 * 1024)),
    ] {
        println!(
            "  {name:<22}{}",
            fmt_spread(framing_mbps(&body, &chunks, rounds, 20))
        );
    }

    // Decoding in process and streaming end to end, interleaved round by round so that a
    // change in the machine's load hits both sides of each ratio alike.
    let rt = runtime();
    let server = replay::Replay::start(&corpus, replay::Serve::Forever);
    let mut typed_s = Live::open(&rt, &server, |s| s, is_line);
    let mut raw_s = Live::open(&rt, &server, EventStream::raw, is_line);
    let mut only_s = Live::open(
        &rt,
        &server,
        |s| s.only(EventKinds::TWEET),
        |e| matches!(e, StreamEvent::Tweet(_)),
    );
    let passes = (e2e_lines as usize / lines.len()).max(1);
    let n = (passes * lines.len()) as u64;
    let mut rows: [Vec<f64>; 8] = Default::default();
    for _ in 0..rounds {
        let typed = decode_round(&lines, passes, |l| {
            tweetstream::decode_line(l).expect("decodes")
        });
        let e_typed = typed_s.round(&rt, n);
        let ignored = decode_round(&lines, passes, |l| {
            serde_json::from_slice::<IgnoredAny>(&l).expect("valid")
        });
        let validate = decode_round(&lines, passes, |l| {
            tweetstream::validate_line(l).expect("valid")
        });
        let e_raw = raw_s.round(&rt, n);
        let e_only = only_s.round(&rt, n);
        for (row, v) in rows.iter_mut().zip([
            typed,
            ignored,
            validate,
            e_typed,
            e_raw,
            e_only,
            e_typed / typed,
            e_raw / ignored,
        ]) {
            row.push(v);
        }
    }
    let [
        typed,
        ignored,
        validate,
        e_typed,
        e_raw,
        e_only,
        r_typed,
        r_raw,
    ] = rows.map(median);
    println!("\ndecode in process (µs/line)");
    println!("  {:<22}{}", "typed (decode_line)", fmt_spread(typed));
    println!("  {:<22}{}", "IgnoredAny", fmt_spread(ignored));
    println!("  {:<22}{}", "validate_line", fmt_spread(validate));
    println!("\nend to end over loopback HTTP, {n} lines a round (µs/line)");
    println!("  {:<22}{}", "typed", fmt_spread(e_typed));
    println!("  {:<22}{}", "raw", fmt_spread(e_raw));
    println!("  {:<22}{}", "only(TWEET)", fmt_spread(e_only));
    println!("\nratios (median of the per-round ratios; ratio of the medians in brackets)");
    let ok = |met: bool| if met { "met" } else { "NOT met" };
    println!(
        "  typed e2e / typed decode   {}  [{:.2}x]  target <= 1.25x: {}",
        fmt_spread(r_typed),
        e_typed.0 / typed.0,
        ok(r_typed.0 <= 1.25)
    );
    println!(
        "  raw e2e / IgnoredAny       {}  [{:.2}x]  target <= 2x: {}",
        fmt_spread(r_raw),
        e_raw.0 / ignored.0,
        ok(r_raw.0 <= 2.0)
    );
    println!(
        "  raw e2e / validate_line    [{:.2}x]  only(TWEET) e2e / typed e2e  [{:.2}x]",
        e_raw.0 / validate.0,
        e_only.0 / e_typed.0
    );
    drop((typed_s, raw_s, only_s));

    let samples = arg_value(args, "--close-samples").unwrap_or(300) as usize;
    let (p50, p99, max) = close_latency(samples);
    println!(
        "\nsocket closed after drop, {samples} samples: p50 {p50:.0} µs, p99 {p99:.0} µs, max {max:.0} µs (target <= 5000 µs)"
    );
}

fn soak(args: &[String]) -> ExitCode {
    let total = arg_value(args, "--lines").unwrap_or(1_000_000);
    let raw = args.iter().any(|a| a == "--raw");
    // The server runs in a child process so that only the client's memory is counted.
    let exe = std::env::current_exe().expect("current exe");
    let mut child = Command::new(exe)
        .arg("serve")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the replay server");
    let mut addr = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut addr)
        .expect("server address");
    let base_url = format!("http://{}", addr.trim());
    let (rss0, _) = rss::rss_kib();
    println!(
        "soak: {total} lines, {} mode, replay server pid {} at {base_url}; start RSS {:.1} MiB",
        if raw { "raw" } else { "typed" },
        child.id(),
        rss0 as f64 / 1024.0
    );
    let rt = runtime();
    let client = client(base_url);
    let stream = client.sample(StreamParams::new()).expect("stream");
    let mut stream = if raw { stream.raw() } else { stream };
    let started = Instant::now();
    let cpu0 = replay::process_cpu();
    let mut seen = 0u64;
    let mut bytes = 0u64;
    let mut samples = Vec::new();
    rt.block_on(async {
        while seen < total {
            match stream.next().await.expect("endless") {
                StreamEvent::Response(r) => {
                    bytes += r.bytes().len() as u64;
                    seen += 1;
                }
                StreamEvent::Raw(r) => {
                    bytes += r.len() as u64;
                    seen += 1;
                }
                StreamEvent::Connected(_)
                | StreamEvent::Tweet(_)
                | StreamEvent::Includes(_)
                | StreamEvent::MatchingRules(_) => continue,
                other => panic!("unexpected {other:?}"),
            }
            if seen % (total / 10).max(1) == 0 {
                let (rss, hwm) = rss::rss_kib();
                samples.push(rss);
                println!(
                    "  {seen:>9} lines  {:>7.1} s  RSS {:>6.1} MiB  peak {:>6.1} MiB",
                    started.elapsed().as_secs_f64(),
                    rss as f64 / 1024.0,
                    hwm as f64 / 1024.0
                );
            }
        }
    });
    let cpu = replay::process_cpu() - cpu0;
    let wall = started.elapsed();
    drop(stream);
    // VmHWM is updated lazily and RSS counters are approximate per CPU, so the peak is the
    // larger of VmHWM and the largest VmRSS sampled.
    let (_, hwm) = rss::rss_kib();
    let hwm = hwm.max(samples.iter().copied().max().unwrap_or(0));
    let _ = child.kill();
    let _ = child.wait();
    let first = samples.first().copied().unwrap_or(0) as f64 / 1024.0;
    let last = samples.last().copied().unwrap_or(0) as f64 / 1024.0;
    println!(
        "peak RSS {:.1} MiB (target <= 16 MiB); RSS at 10% {first:.1} MiB, at 100% {last:.1} MiB (drift {:+.1} MiB)",
        hwm as f64 / 1024.0,
        last - first
    );
    println!(
        "{:.1} MB in {:.1} s wall ({:.0} lines/s), client CPU {:.2} µs/line",
        bytes as f64 / 1e6,
        wall.as_secs_f64(),
        seen as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64() * 1e6 / seen as f64
    );
    if hwm > 16 * 1024 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Heap allocations per line: decoding alone, and end to end in each mode.
/// `decode_line` over the corpus and nothing else, for an instruction count: run it under
/// `valgrind --tool=callgrind` with `--lines 0` and `--lines N`; the difference over N is the
/// instructions per line (repeatable whatever the machine's load).
fn decode_only(args: &[String]) {
    let n = arg_value(args, "--lines").unwrap_or(5_000) as usize;
    // `--file PATH`: lines from a file (to compare builds whose generators differ).
    let file = args
        .iter()
        .position(|a| a == "--file")
        .map(|i| &args[i + 1]);
    let body = match file {
        Some(path) => Bytes::from(std::fs::read(path).expect("--file")),
        None => replay::joined(&replay::corpus(CORPUS, SEED)),
    };
    // `--dump PATH`: write the lines out first (the file another build then reads).
    if let Some(i) = args.iter().position(|a| a == "--dump") {
        std::fs::write(&args[i + 1], &body).expect("--dump");
    }
    let lines = lines_of(&body);
    let mut posts = 0usize;
    for line in lines.iter().cycle().take(n) {
        posts += usize::from(
            tweetstream::decode_line(line.clone()).is_ok_and(|r| r.decoded().data.is_some()),
        );
    }
    println!("decoded {n} lines, {posts} posts");
}

fn allocs(args: &[String]) {
    let n = arg_value(args, "--lines").unwrap_or(20_000);
    let corpus = replay::corpus(CORPUS, SEED);
    let body = replay::joined(&corpus);
    let lines = lines_of(&body);
    let passes = (n as usize / lines.len()).max(1);
    let n = (passes * lines.len()) as u64;
    let per_line = |count: u64| count as f64 / n as f64;
    let decode = |f: &dyn Fn(Bytes)| {
        per_line(count_allocs(|| {
            for _ in 0..passes {
                lines.iter().for_each(|l| f(l.clone()));
            }
        }))
    };
    let typed = decode(&|l| drop(tweetstream::decode_line(l).expect("decodes")));
    let validate = decode(&|l| drop(tweetstream::validate_line(l).expect("valid")));
    let rt = runtime();
    let server = replay::Replay::start(&corpus, replay::Serve::Forever);
    let e2e = |mode: fn(EventStream) -> EventStream, is: fn(&StreamEvent) -> bool| {
        let mut live = Live::open(&rt, &server, mode, is);
        per_line(count_allocs(|| {
            live.round(&rt, n);
        }))
    };
    let e_typed = e2e(|s| s, is_line);
    let e_raw = e2e(EventStream::raw, is_line);
    let e_only = e2e(
        |s| s.only(EventKinds::TWEET),
        |e| matches!(e, StreamEvent::Tweet(_)),
    );
    println!("heap allocations per line, {n} lines of the corpus");
    println!("  decode_line alone        {typed:8.2}");
    println!("  validate_line alone      {validate:8.2}");
    println!(
        "  end to end typed         {e_typed:8.2}  (+{:.2} over decode_line)",
        e_typed - typed
    );
    println!(
        "  end to end only(TWEET)   {e_only:8.2}  (+{:.2} over decode_line)",
        e_only - typed
    );
    println!(
        "  end to end raw           {e_raw:8.2}  (+{:.2} over validate_line)",
        e_raw - validate
    );
}

/// The child of `soak`: serve the corpus forever, print the address, exit when stdin closes.
fn serve() -> ExitCode {
    let corpus = replay::corpus(CORPUS, SEED);
    let server = replay::Replay::start(&corpus, replay::Serve::Forever);
    drop(corpus);
    println!("{}", server.addr);
    let mut sink = String::new();
    let _ = std::io::stdin().read_line(&mut sink); // EOF when the parent goes away
    ExitCode::SUCCESS
}

/// `process`: the `stream` example end to end as a whole process, fed by the replay server.
///
/// Each variant is a `stream` binary (`--bin LABEL=PATH`, default: the `stream` next to this
/// binary) run as a child with `--sample --count N`, typed
/// (`--quiet`) and raw (`--raw`, stdout to /dev/null). The clock is the child's CPU time
/// (user + system, from `wait4`'s rusage), so the server in this process and the machine's
/// other load stay out of it; variants and modes are interleaved round by round.
fn process(args: &[String]) -> ExitCode {
    let rounds = arg_value(args, "--rounds").unwrap_or(5) as usize;
    let lines = arg_value(args, "--lines").unwrap_or(20_000);
    let here = std::env::current_exe().expect("current exe");
    let dir = here.parent().expect("examples dir").to_owned();
    let mut bins: Vec<(String, std::path::PathBuf)> = args
        .windows(2)
        .filter(|w| w[0] == "--bin")
        .filter_map(|w| w[1].split_once('='))
        .map(|(label, path)| (label.to_owned(), path.into()))
        .collect();
    if bins.is_empty() {
        bins.push(("stream".into(), dir.join("stream")));
    }
    for (label, path) in &bins {
        if !path.exists() {
            eprintln!(
                "{label}: {} not found; build it first: cargo build --release --example stream",
                path.display()
            );
            return ExitCode::from(2);
        }
    }
    let corpus = replay::corpus(CORPUS, SEED);
    let avg = corpus.iter().map(String::len).sum::<usize>() as f64 / corpus.len() as f64;
    let server = replay::Replay::start(&corpus, replay::Serve::Forever);
    let base_url = server.base_url();
    println!(
        "process: the stream example as a child, {lines} lines of Generator::full({SEED}) \
         ({avg:.0} B/line) a run, {rounds} interleaved rounds; load average {}",
        load_average()
    );
    let modes: [(&str, &[&str]); 3] = [
        ("typed --quiet", &["--quiet"]),
        ("raw > /dev/null", &["--raw"]),
        ("startup (1 line, typed)", &["--quiet"]),
    ];
    // [bin][mode] -> (cpu seconds, max RSS KiB) per round
    let mut runs = vec![vec![Vec::new(); modes.len()]; bins.len()];
    for _ in 0..rounds {
        for (b, (_, path)) in bins.iter().enumerate() {
            for (m, (name, flags)) in modes.iter().enumerate() {
                let count = if name.starts_with("startup") {
                    1
                } else {
                    lines
                };
                runs[b][m].push(run_child(path, &base_url, count, flags));
            }
        }
    }
    for (b, (label, _)) in bins.iter().enumerate() {
        println!("\n{label}");
        for (m, (name, _)) in modes.iter().enumerate() {
            let cpu = median(runs[b][m].iter().map(|r| r.0).collect());
            let rss = runs[b][m].iter().map(|r| r.1).max().unwrap_or(0);
            let per_line = if name.starts_with("startup") {
                1
            } else {
                lines
            };
            println!(
                "  {name:<24} CPU s {}  = {:.2} µs/line; peak RSS {:.1} MiB",
                fmt_spread(cpu),
                cpu.0 * 1e6 / per_line as f64,
                rss as f64 / 1024.0
            );
        }
    }
    println!("\nload average after: {}", load_average());
    ExitCode::SUCCESS
}

/// Runs one `stream` child to `count` lines; its CPU seconds (user + system) and peak RSS (KiB).
fn run_child(path: &std::path::Path, base_url: &str, count: u64, flags: &[&str]) -> (f64, u64) {
    #[allow(clippy::zombie_processes)] // reaped by `wait4` below, which also gives its rusage
    let child = Command::new(path)
        .env("X_BEARER_TOKEN", "perf-token")
        .args([
            "--base-url",
            base_url,
            "--sample",
            "--max-retries",
            "0",
            "--count",
        ])
        .arg(count.to_string())
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the stream example");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // The child's peak RSS is read from /proc while it runs: rusage's ru_maxrss would count
    // this (much larger) process too, whose image the child had until its exec.
    let mut peak = 0;
    loop {
        // SAFETY: `status` and `usage` are valid, writable; the pid is our unwaited child.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        assert_eq!(done, 0, "wait4");
        peak = peak.max(rss::rss_kib_of(&pid.to_string()).1);
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} exited with status {status}",
        path.display()
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (secs(usage.ru_utime) + secs(usage.ru_stime), peak)
}

/// The 1, 5 and 15 minute load averages, as /proc/loadavg gives them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("soak") => soak(&args),
        Some("serve") => serve(),
        Some("process") => process(&args),
        Some("allocs") => {
            allocs(&args);
            ExitCode::SUCCESS
        }
        Some("decode") => {
            decode_only(&args);
            ExitCode::SUCCESS
        }
        _ => {
            report(&args);
            ExitCode::SUCCESS
        }
    }
}
