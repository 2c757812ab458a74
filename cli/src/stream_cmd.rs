//! `tweetstream stream [OUTFILE]`: X's lines exactly as received (the library's raw mode),
//! appended to OUTFILE, a rotation set or stdout; resume on an existing OUTFILE; a live
//! status line on a terminal, a status line every `--status-every` otherwise; a summary on
//! every exit.

use std::io::{self, IsTerminal as _};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use futures_util::{FutureExt as _, StreamExt as _};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tweetstream::model::ProblemKind;
use tweetstream::rules::NewRule;
use tweetstream::{
    ClientBuilder, DedupWindow, DisconnectHandle, DisconnectReason, EventStream, LineError,
    StreamEndpoint, StreamEvent, StreamParams, StreamingClient, backfill_minutes_for,
};

use crate::args::StreamArgs;
use crate::output::{Dest, Output, Resume, Rotation, RotationSet};
use crate::target::{self, EmbeddedSetup, TokenSource};
use crate::words;
use crate::{EXIT_FAILED, EXIT_OK, Failure};

/// The smallest `--max-line-bytes` that can work: X's lines run from about a hundred bytes
/// (a post with no fields asked for) to tens of KiB, so a lower limit skips most of them
/// and restarts the connection at each.
pub const MIN_LINE_BYTES: u64 = 1024;

/// Rules the built-in emulator starts with on the filtered stream when no `--rule` is
/// given, so that a first run shows a lively stream.
const DEMO_RULES: &[(&str, &str)] = &[
    ("coffee OR café OR music OR música OR pizza", "leisure"),
    ("rust OR async OR code OR release", "tech"),
    ("news OR update OR weather", "news"),
];

/// Refuses, before anything connects, what cannot work.
fn check_flags(args: &StreamArgs) -> Result<(), Failure> {
    let usage = |m: String| Err(Failure::Usage(m));
    if !args.rules.is_empty() && args.stream != StreamEndpoint::Filter {
        return usage(format!(
            "--rule works on the filter stream only; the {} stream takes no rules",
            args.stream
        ));
    }
    if args.tags.len() > 1 && args.tags.len() != args.rules.len() {
        return usage(format!(
            "{} --tag for {} --rule: give one --tag for all of them, or one per --rule",
            args.tags.len(),
            args.rules.len()
        ));
    }
    if let Some(n) = args.max_line_bytes {
        if n < MIN_LINE_BYTES {
            return usage(format!(
                "--max-line-bytes {} is below {}: X's lines run from about 100 bytes to tens \
                 of KiB, so this limit would skip most of them and restart the connection each time",
                words::size(n),
                words::size(MIN_LINE_BYTES)
            ));
        }
    }
    let to_stdout = args.outfile.as_deref().is_none_or(|p| p == Path::new("-"));
    if to_stdout && (args.rotate.is_some() || args.rotate_every.is_some()) {
        return usage("--rotate and --rotate-every need an OUTFILE".into());
    }
    if args.compress && args.rotate.is_none() && args.rotate_every.is_none() {
        return usage(
            "--compress gzips each closed file of a rotation: give --rotate or --rotate-every"
                .into(),
        );
    }
    Ok(())
}

fn params(args: &StreamArgs, backfill: Option<u32>) -> StreamParams {
    let mut p = StreamParams::new()
        .tweet_fields(&args.tweet_fields)
        .user_fields(&args.user_fields)
        .media_fields(&args.media_fields)
        .poll_fields(&args.poll_fields)
        .place_fields(&args.place_fields)
        .expansions(&args.expansions)
        .like_fields(&args.like_fields);
    if let Some(n) = args.partition {
        p = p.partition(n);
    }
    if let Some(t) = &args.start_time {
        p = p.start_time(t);
    }
    if let Some(t) = &args.end_time {
        p = p.end_time(t);
    }
    if let Some(m) = backfill {
        p = p.backfill_minutes(m);
    }
    if args.allow_unknown_fields {
        p = p.allow_unknown_fields();
    }
    p
}

fn configure(mut b: ClientBuilder, args: &StreamArgs) -> ClientBuilder {
    if let Some(n) = args.max_retries {
        b = b.max_retries(n);
    }
    if let Some(n) = args.max_line_bytes {
        b = b.max_line_bytes(usize::try_from(n).unwrap_or(usize::MAX));
    }
    if let Some(d) = args.stall_timeout {
        b = b.stall_timeout(d);
    }
    if let Some(p) = &args.proxy {
        b = b.proxy(p);
    }
    b.gzip(args.gzip).recover(args.recover)
}

/// The parameters and settings, checked by the library without sending anything (a
/// stream connects only when first polled).
fn check_with_library(args: &StreamArgs) -> Result<(), Failure> {
    let client = configure(StreamingClient::builder("checking-flags"), args)
        .build()
        .map_err(|e| words::error(&e, TokenSource::Env))?;
    client
        .stream(args.stream, params(args, args.backfill_minutes))
        .map(drop)
        .map_err(|e| words::error(&e, TokenSource::Env))
}

/// What `--rule` and `--tag` ask for.
fn new_rules(args: &StreamArgs) -> Vec<NewRule> {
    args.rules
        .iter()
        .enumerate()
        .map(|(i, value)| {
            let tag = match args.tags.len() {
                0 => None,
                1 => args.tags.first(),
                _ => args.tags.get(i),
            };
            match tag {
                Some(t) => NewRule::new(value).tag(t),
                None => NewRule::new(value),
            }
        })
        .collect()
}

/// Adds the `--rule` values; stops with X's reasons when every one was refused.
async fn add_rules(
    client: &StreamingClient,
    rules: Vec<NewRule>,
    source: TokenSource,
) -> Result<(), Failure> {
    let answer = client
        .add_rules(rules)
        .await
        .map_err(|e| words::error(&e, source))?;
    for rule in &answer.data {
        eprintln!(
            "rule added: {} {}",
            rule.id,
            words::shown_rule(&rule.value, rule.tag.as_deref())
        );
    }
    let mut refused = Vec::new();
    let mut active = answer.data.len();
    for problem in &answer.errors {
        let value = problem.value.as_deref().unwrap_or("?");
        if problem.problem_kind() == ProblemKind::DuplicateRules {
            eprintln!("rule already active: {value:?}");
            active += 1;
        } else {
            refused.push(format!("rule refused: {}", words::rule_problem(problem)));
        }
    }
    if active == 0 {
        return Err(Failure::Failed(format!(
            "every --rule was refused, so the filtered stream would have no rule to match; \
             not connecting\n{}",
            refused.join("\n")
        )));
    }
    for line in &refused {
        eprintln!("{line}");
    }
    Ok(())
}

/// What the run has done, for the status line and the summary.
struct Counters {
    started: Instant,
    lines: u64,
    bytes: u64,
    connections: u64,
    repeats: u64,
    undecodable: u64,
    last_problem: Option<String>,
}

impl Counters {
    fn rate(&self) -> f64 {
        let secs = self.started.elapsed().as_secs_f64();
        if secs > 0.0 {
            self.lines as f64 / secs
        } else {
            0.0
        }
    }

    fn reconnects(&self) -> u64 {
        self.connections.saturating_sub(1)
    }

    /// `1m 2s, 620 lines, 10.0 lines/s, 312.5 KiB, 0 reconnects, last problem: ...`
    fn line(&self) -> String {
        let mut s = format!(
            "{}, {} lines, {:.1} lines/s, {}, {} reconnect{}",
            words::duration(self.started.elapsed()),
            words::count(self.lines),
            self.rate(),
            words::size(self.bytes),
            self.reconnects(),
            if self.reconnects() == 1 { "" } else { "s" }
        );
        match &self.last_problem {
            Some(p) => s.push_str(&format!(", last problem: {p}")),
            None => s.push_str(", no problem so far"),
        }
        s
    }
}

/// Status output: a live line on a terminal, a line every `every` otherwise.
struct Status {
    bar: Option<ProgressBar>,
    every: Duration,
    next: Instant,
}

impl Status {
    /// `live`: stderr is a terminal that the lines themselves do not go to.
    fn new(every: Duration, live: bool) -> Status {
        let bar = live.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        });
        let every = if bar.is_some() {
            Duration::from_millis(200)
        } else {
            every
        };
        Status {
            bar,
            every,
            next: Instant::now() + every,
        }
    }

    /// A message line (above the live line on a terminal).
    fn say(&self, text: &str) {
        match &self.bar {
            Some(bar) => bar.println(text),
            None => eprintln!("{text}"),
        }
    }

    fn update(&mut self, c: &Counters, force: bool) {
        let now = Instant::now();
        if !force && now < self.next {
            return;
        }
        self.next = now + self.every;
        match &self.bar {
            Some(bar) => {
                bar.set_message(c.line());
                bar.tick();
            }
            None if !force => eprintln!("status: {}", c.line()),
            None => {}
        }
    }

    fn done(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

enum DestKind {
    Stdout,
    File,
}

/// How the run ended.
enum End {
    Count,
    Interrupted,
    Stream(DisconnectReason),
    StdoutClosed,
    WriteFailed(String),
}

/// Ctrl-C and SIGTERM end the stream cleanly (a summary follows); a second one exits at once.
fn on_signals(handle: DisconnectHandle, interrupted: Arc<AtomicBool>) {
    tokio::spawn(async move {
        let first = wait_for_signal().await;
        if !first {
            return;
        }
        interrupted.store(true, Ordering::SeqCst);
        handle.disconnect();
        if wait_for_signal().await {
            eprintln!("interrupted again: exiting without a summary");
            std::process::exit(130);
        }
    });
}

/// Resolves on Ctrl-C or SIGTERM; `false` when signals cannot be watched.
async fn wait_for_signal() -> bool {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let Ok(mut term) = signal(SignalKind::terminate()) else {
            return tokio::signal::ctrl_c().await.is_ok();
        };
        tokio::select! {
            r = tokio::signal::ctrl_c() => r.is_ok(),
            _ = term.recv() => true,
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.is_ok()
    }
}

/// Says what resume found, and returns the backfill to ask for.
fn plan_resume(resume: &Resume, where_: &str, say: impl Fn(&str)) -> Option<u32> {
    if resume.torn_bytes > 0 {
        say(&format!(
            "cut a torn last line of {} bytes from {where_} (a run stopped in the middle of a \
             write); the backfill sends it again",
            resume.torn_bytes
        ));
    }
    if resume.tail_lines == 0 {
        return None;
    }
    let gap = resume
        .last_written
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    let minutes = backfill_minutes_for(gap);
    let max = Duration::from_secs(60 * u64::from(StreamParams::MAX_BACKFILL_MINUTES));
    if gap > max {
        say(&format!(
            "resuming {where_}: the last line was written {} ago, but X keeps only {} minutes \
             for backfill; what was posted in the {} before that is missing",
            words::duration(gap),
            StreamParams::MAX_BACKFILL_MINUTES,
            words::duration(gap - max)
        ));
    }
    say(&format!(
        "resuming {where_}: last line written {} ago; asking for {minutes} minute{} of backfill \
         and dropping what the file already has (the identities of its last {} lines)",
        words::duration(gap),
        if minutes == 1 { "" } else { "s" },
        words::count(resume.tail_lines)
    ));
    Some(minutes)
}

pub async fn run(args: StreamArgs) -> Result<u8, Failure> {
    check_flags(&args)?;
    check_with_library(&args)?;
    let kind = args.stream.payload();
    let dest = match &args.outfile {
        None => Dest::Stdout,
        Some(p) if p == Path::new("-") => Dest::Stdout,
        Some(p) if args.rotate.is_some() || args.rotate_every.is_some() => {
            Dest::Rotating(RotationSet::for_outfile(p))
        }
        Some(p) => Dest::File(p.clone()),
    };
    let where_ = match &dest {
        Dest::Stdout => "stdout".to_owned(),
        Dest::File(p) => p.display().to_string(),
        Dest::Rotating(set) => set.pattern(),
    };
    let rotation = Rotation {
        size: args.rotate,
        every: args.rotate_every,
        compress: args.compress,
    };
    let dest_kind = match &dest {
        Dest::Stdout => DestKind::Stdout,
        _ => DestKind::File,
    };
    let (mut out, resume) =
        Output::open(dest, rotation, kind, EventStream::DEDUP_WINDOW).map_err(Failure::Failed)?;
    let lines_to_terminal = matches!(dest_kind, DestKind::Stdout) && io::stdout().is_terminal();
    let mut status = Status::new(
        args.status_every,
        io::stderr().is_terminal() && !lines_to_terminal,
    );
    let resume_backfill = plan_resume(&resume, &where_, |m| status.say(m));
    let backfill = match (args.backfill_minutes, resume_backfill) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let mut seen = DedupWindow::new(EventStream::DEDUP_WINDOW);
    for key in &resume.tail_keys {
        seen.first_time(*key);
    }

    let demo_rules: &[(&str, &str)] =
        if args.stream == StreamEndpoint::Filter && args.rules.is_empty() {
            DEMO_RULES
        } else {
            &[]
        };
    let target = target::resolve(
        &args.server,
        EmbeddedSetup {
            rules: demo_rules,
            purpose: "streaming",
        },
    )
    .await?;
    if target.emulator.is_some() && !demo_rules.is_empty() {
        status.say(&format!(
            "the built-in emulator's filtered stream has {} sample rules: {}",
            demo_rules.len(),
            demo_rules
                .iter()
                .map(|(_, tag)| *tag)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let source = target.token_source;
    let client = configure(target.builder, &args)
        .build()
        .map_err(|e| words::error(&e, source))?;
    if !args.rules.is_empty() {
        add_rules(&client, new_rules(&args), source).await?;
    }
    let stream = client
        .stream(args.stream, params(&args, backfill))
        .map_err(|e| words::error(&e, source))?;
    let mut stream = stream.raw();
    let interrupted = Arc::new(AtomicBool::new(false));
    on_signals(stream.disconnect_handle(), Arc::clone(&interrupted));

    let mut c = Counters {
        started: Instant::now(),
        lines: 0,
        bytes: 0,
        connections: 0,
        repeats: 0,
        undecodable: 0,
        last_problem: None,
    };
    let mut ticker = tokio::time::interval(status.every.min(Duration::from_secs(1)));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ready_in_a_row = 0u32;
    let end = loop {
        // Whatever the stream has ready is written into the buffer; the buffer goes out
        // when the stream has to wait for the network.
        let event = match stream.next().now_or_never() {
            Some(event) => {
                ready_in_a_row += 1;
                if ready_in_a_row >= 512 {
                    // A stream that is always ready still lets the status line, the
                    // rotation clock and the signals in.
                    ready_in_a_row = 0;
                    status.update(&c, false);
                    if let Err(e) = out.tick() {
                        break write_failed(&out, e);
                    }
                    tokio::task::yield_now().await;
                }
                event
            }
            None => {
                ready_in_a_row = 0;
                if let Err(e) = out.flush() {
                    break write_failed(&out, e);
                }
                tokio::select! {
                    event = stream.next() => event,
                    _ = ticker.tick() => {
                        status.update(&c, false);
                        if let Err(e) = out.tick() {
                            break write_failed(&out, e);
                        }
                        continue;
                    }
                }
            }
        };
        let Some(event) = event else {
            // The stream ends after its Disconnected event; this is only a safeguard.
            break End::Stream(DisconnectReason::Requested);
        };
        let line = match &event {
            StreamEvent::Raw(line) => Some(line.clone()),
            // Not a JSON object, but what X sent: archived as received. A line cut by a
            // closed connection was never whole: not written (a backfill or recovery
            // re-sends it).
            StreamEvent::Undecodable(bad) if bad.reason != LineError::Truncated => {
                c.undecodable += 1;
                if let Some(text) = words::event(&event) {
                    status.say(&format!("{text}; archived as received"));
                }
                Some(bad.raw.clone())
            }
            StreamEvent::Connected(info) => {
                c.connections = info.connection;
                let text = if info.connection == 1 {
                    format!(
                        "connected to the {} stream; writing to {}",
                        args.stream,
                        out.current()
                    )
                } else {
                    format!("connected again (connection {})", info.connection)
                };
                status.say(&text);
                status.update(&c, true);
                None
            }
            StreamEvent::Disconnected(reason) => break End::Stream(reason.clone()),
            other => {
                if let Some(text) = words::event(other) {
                    status.say(&text);
                    if !matches!(other, StreamEvent::Recovered { .. }) {
                        c.last_problem = Some(text);
                    }
                    status.update(&c, true);
                }
                None
            }
        };
        let Some(line) = line else { continue };
        if let Some(key) = DedupWindow::key(&line, kind) {
            if !seen.first_time(key) {
                c.repeats += 1;
                continue;
            }
        }
        if let Err(e) = out.write_line(&line) {
            break if e.kind() == io::ErrorKind::BrokenPipe {
                End::StdoutClosed
            } else {
                write_failed(&out, e)
            };
        }
        c.lines += 1;
        c.bytes += line.len() as u64 + 1;
        if args.count.is_some_and(|n| c.lines >= n) {
            break End::Count;
        }
    };
    let end = match end {
        End::Stream(DisconnectReason::Requested) if interrupted.load(Ordering::SeqCst) => {
            End::Interrupted
        }
        other => other,
    };
    drop(stream);
    status.done();
    let files_started = out.files_started;
    let finished = out.finish();
    summary(&c, &end, &where_, files_started, source);
    let compressed = match finished {
        Ok(n) => n,
        Err(e) => {
            eprintln!("tweetstream: {e}");
            return Ok(EXIT_FAILED);
        }
    };
    if compressed > 0 {
        eprintln!(
            "compressed {compressed} closed file{}",
            if compressed == 1 { "" } else { "s" }
        );
    }
    Ok(match end {
        End::Count | End::Interrupted | End::StdoutClosed => EXIT_OK,
        End::Stream(DisconnectReason::Requested | DisconnectReason::Finished) => EXIT_OK,
        End::Stream(_) | End::WriteFailed(_) => EXIT_FAILED,
    })
}

fn write_failed(out: &Output, e: io::Error) -> End {
    End::WriteFailed(format!("writing {}: {e}", out.current()))
}

fn summary(c: &Counters, end: &End, where_: &str, files_started: u64, source: TokenSource) {
    let why = match end {
        End::Count => format!("--count reached ({} lines)", words::count(c.lines)),
        End::Interrupted => "interrupted (Ctrl-C or SIGTERM)".to_owned(),
        End::StdoutClosed => "stdout was closed".to_owned(),
        End::WriteFailed(e) => e.clone(),
        End::Stream(reason) => words::disconnect(reason, source),
    };
    let mut s = format!(
        "summary: {} lines ({}) in {}, {:.1} lines/s, {} connection{}, {} reconnect{}",
        words::count(c.lines),
        words::size(c.bytes),
        words::duration(c.started.elapsed()),
        c.rate(),
        c.connections,
        if c.connections == 1 { "" } else { "s" },
        c.reconnects(),
        if c.reconnects() == 1 { "" } else { "s" },
    );
    if c.repeats > 0 {
        s.push_str(&format!(
            ", {} repeated post{} dropped",
            words::count(c.repeats),
            if c.repeats == 1 { "" } else { "s" }
        ));
    }
    if c.undecodable > 0 {
        s.push_str(&format!(", {} lines that are not JSON", c.undecodable));
    }
    s.push_str(&format!(", written to {where_}"));
    if files_started > 0 {
        s.push_str(&format!(
            " ({files_started} new file{})",
            if files_started == 1 { "" } else { "s" }
        ));
    }
    eprintln!("{s}");
    eprintln!("ended: {why}");
}
