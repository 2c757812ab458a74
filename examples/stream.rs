//! Stream tweets from X, or from the built-in emulator when `X_BEARER_TOKEN` is unset.
//!
//! ```text
//! cargo run --example stream                          # emulator, filtered stream, readable lines
//! cargo run --example stream -- --sample --count 20   # 20 tweets from the sample stream, then exit 0
//! cargo run --example stream -- --stream compliance-users --partition 1 --gzip --recover
//! cargo run --example stream -- --stream labels --start-time 2026-01-01T00:00:00Z --jsonl
//! cargo run --example stream -- --stream activity --jsonl      # X Activity events
//! cargo run --release --example stream -- --emulator --quiet --count 100000
//! X_BEARER_TOKEN=... cargo run --example stream -- --rule "cats has:images" --jsonl
//! ```

#[path = "support/target.rs"]
mod target;

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::Parser;
use futures_util::{FutureExt as _, StreamExt as _};
use serde::Serialize;
use tweetstream::emulator::{Emulator, Rate};
use tweetstream::rules::NewRule;
use tweetstream::{
    DisconnectReason, EventStream, StreamEndpoint, StreamEvent, StreamParams, StreamingClient,
};

/// Stream tweets from the X API v2 (or the built-in emulator) and print them.
#[derive(Parser, Debug)]
#[command(version, about)]
pub(crate) struct Args {
    /// API base URL (the token comes from X_BEARER_TOKEN).
    #[arg(long)]
    base_url: Option<String>,
    /// Use the sample stream instead of the filtered stream (same as `--stream sample`).
    #[arg(long, conflicts_with = "stream")]
    sample: bool,
    /// Which stream: filter, sample, sample10, firehose, firehose-en, firehose-ja,
    /// firehose-ko, firehose-pt, compliance-posts, compliance-users, compliance-likes,
    /// likes-firehose, likes-sample10, labels, activity (default filter).
    #[arg(long)]
    stream: Option<StreamEndpoint>,
    /// partition= (required by the partitioned streams).
    #[arg(long)]
    partition: Option<u32>,
    /// start_time= (RFC 3339).
    #[arg(long)]
    start_time: Option<String>,
    /// end_time= (RFC 3339); the stream ends once it has passed.
    #[arg(long)]
    end_time: Option<String>,
    /// Comma list for like_with_tweet_author.fields= (likes streams).
    #[arg(long)]
    like_fields: Option<String>,
    /// Ask for gzip-compressed streams.
    #[arg(long)]
    gzip: bool,
    /// Recover gaps with backfill_minutes after reconnects, dropping repeats.
    #[arg(long)]
    recover: bool,
    /// Stop after N data items: tweets, likes, compliance or label events (exit 0).
    #[arg(long)]
    count: Option<u64>,
    /// Print every event as one JSON line on stdout.
    #[arg(long, conflicts_with_all = ["quiet", "raw"])]
    jsonl: bool,
    /// No per-event output; one JSON summary line at the end. With the emulator, it then
    /// streams as fast as the client reads: a throughput run.
    #[arg(long)]
    quiet: bool,
    /// Print each data line exactly as received (archiving); status lines go to stderr.
    #[arg(long)]
    raw: bool,
    /// At most N further attempts after a failure, in a row (default: unlimited).
    #[arg(long)]
    max_retries: Option<u32>,
    /// Seconds without any byte before the connection counts as stalled.
    #[arg(long)]
    stall_timeout: Option<f64>,
    /// Longest line accepted, in bytes.
    #[arg(long)]
    max_line_bytes: Option<usize>,
    /// HTTP CONNECT proxy, http://[user:pass@]host:port.
    #[arg(long)]
    proxy: Option<String>,
    /// Comma list for expansions=.
    #[arg(long)]
    expansions: Option<String>,
    /// Comma list for tweet.fields=.
    #[arg(long)]
    tweet_fields: Option<String>,
    /// Comma list for user.fields=.
    #[arg(long)]
    user_fields: Option<String>,
    /// Comma list for media.fields=.
    #[arg(long)]
    media_fields: Option<String>,
    /// Comma list for poll.fields=.
    #[arg(long)]
    poll_fields: Option<String>,
    /// Comma list for place.fields=.
    #[arg(long)]
    place_fields: Option<String>,
    /// Recover up to N (1-5) minutes of missed tweets after a reconnect.
    #[arg(long)]
    backfill_minutes: Option<u32>,
    /// A filtered-stream rule to add before streaming (repeatable).
    #[arg(long = "rule")]
    rules: Vec<String>,
    /// Use the built-in emulator even when X_BEARER_TOKEN is set.
    #[arg(long)]
    emulator: bool,
}

/// The `--quiet` summary.
#[derive(Default, Serialize)]
struct Summary {
    tweets: u64,
    /// Data items of any kind (tweets, likes, compliance and label events, raw lines).
    items: u64,
    responses: u64,
    keep_alives: u64,
    connections: u64,
    errors: u64,
    seconds: f64,
}

fn list(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn params(args: &Args) -> StreamParams {
    let mut p = StreamParams::new()
        .expansions(list(&args.expansions))
        .tweet_fields(list(&args.tweet_fields))
        .user_fields(list(&args.user_fields))
        .media_fields(list(&args.media_fields))
        .poll_fields(list(&args.poll_fields))
        .place_fields(list(&args.place_fields));
    if let Some(m) = args.backfill_minutes {
        p = p.backfill_minutes(m);
    }
    if let Some(n) = args.partition {
        p = p.partition(n);
    }
    if let Some(t) = &args.start_time {
        p = p.start_time(t);
    }
    if let Some(t) = &args.end_time {
        p = p.end_time(t);
    }
    p.like_fields(list(&args.like_fields))
}

/// The stream asked for: `--stream`, or `--sample`, or the filtered stream.
fn endpoint(args: &Args) -> StreamEndpoint {
    match (args.stream, args.sample) {
        (Some(e), _) => e,
        (None, true) => StreamEndpoint::Sample,
        (None, false) => StreamEndpoint::Filter,
    }
}

/// The rules to stream with: `--rule` values, or (on the emulator only) a few everyday
/// topics so that the first run shows a lively filtered stream.
fn rules_to_add(args: &Args, on_emulator: bool) -> Vec<NewRule> {
    if !args.rules.is_empty() {
        return args.rules.iter().map(NewRule::new).collect();
    }
    if !on_emulator {
        return Vec::new();
    }
    vec![
        NewRule::new("coffee OR café OR music OR música OR pizza").tag("leisure"),
        NewRule::new("rust OR async OR code OR release").tag("tech"),
        NewRule::new("news OR update OR weather").tag("news"),
    ]
}

/// Adds the rules through the API (the emulator's or X's), reporting what X refused.
async fn add_rules(client: &StreamingClient, rules: Vec<NewRule>) -> Result<(), String> {
    let response = client.add_rules(rules).await.map_err(|e| e.to_string())?;
    for rule in &response.data {
        eprintln!("rule {}: {}", rule.id, rule.value);
    }
    for problem in &response.errors {
        eprintln!("rule refused: {}", **problem);
    }
    Ok(())
}

/// The example's main path; `out` is stdout (a buffer in the example's own test). Returns the
/// process exit code: 0 when stopped by `--count` or Ctrl-C, 1 when the stream ended itself.
pub(crate) async fn run(args: Args, out: &mut dyn Write) -> Result<u8, String> {
    let token = target::bearer_token();
    if token.is_none() && args.base_url.is_some() && !args.emulator {
        return Err("--base-url needs X_BEARER_TOKEN (any value will do for a test server)".into());
    }
    let use_emulator = args.emulator || token.is_none();
    let emulator = if use_emulator {
        let rate = if args.quiet {
            Rate::AsFastAsRead
        } else {
            Rate::PerSecond(10.0)
        };
        // For `--stream activity`: a few X Activity subscriptions, as one would create them.
        let emulator = Emulator::builder()
            .rate(rate)
            .activity_subscription("post.create", "2244994945", Some("posts"))
            .activity_subscription("follow.follow", "2244994945", Some("follows"))
            .activity_subscription("profile.update.bio", "2244994945", Some("bio"))
            .start()
            .await
            .map_err(|e| format!("could not start the emulator: {e}"))?;
        eprintln!(
            "streaming from the built-in emulator at {}",
            emulator.base_url()
        );
        Some(emulator)
    } else {
        None
    };

    let (token, base_url) =
        target::token_and_base_url(emulator.as_ref(), token, args.base_url.as_deref());
    let mut builder = StreamingClient::builder(token).base_url(base_url);
    if let Some(n) = args.max_retries {
        builder = builder.max_retries(n);
    }
    if let Some(s) = args.stall_timeout {
        let d = Duration::try_from_secs_f64(s).map_err(|e| format!("--stall-timeout: {e}"))?;
        builder = builder.stall_timeout(d);
    }
    if let Some(n) = args.max_line_bytes {
        builder = builder.max_line_bytes(n);
    }
    if let Some(p) = &args.proxy {
        builder = builder.proxy(p);
    }
    builder = builder.gzip(args.gzip).recover(args.recover);
    let client = builder.build().map_err(|e| e.to_string())?;
    let rules = rules_to_add(&args, emulator.is_some());
    let endpoint = endpoint(&args);
    if endpoint == StreamEndpoint::Filter && !rules.is_empty() {
        add_rules(&client, rules).await?;
    }

    let stream = client
        .stream(endpoint, params(&args))
        .map_err(|e| e.to_string())?;
    let stream = if args.raw { stream.raw() } else { stream };

    let handle = stream.disconnect_handle();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("interrupted: disconnecting");
            handle.disconnect();
        }
    });
    consume(stream, &args, out).await
}

async fn consume(mut stream: EventStream, args: &Args, out: &mut dyn Write) -> Result<u8, String> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut ended_by_itself = None;
    loop {
        // Output goes out one write per batch: whatever the stream has ready is buffered, and
        // the buffer is flushed only when the stream has to wait for the network.
        let event = match stream.next().now_or_never() {
            Some(event) => event,
            None => {
                if out.flush().is_err() {
                    return Ok(0); // stdout closed (e.g. piped into `head`): stop quietly.
                }
                stream.next().await
            }
        };
        let Some(event) = event else { break };
        match &event {
            StreamEvent::Tweet(_) => {
                summary.tweets += 1;
                summary.items += 1;
            }
            StreamEvent::Like(_)
            | StreamEvent::Compliance(_)
            | StreamEvent::Label(_)
            | StreamEvent::Activity(_) => {
                summary.items += 1;
            }
            StreamEvent::Raw(_) => {
                summary.tweets += 1;
                summary.items += 1;
                summary.responses += 1;
            }
            StreamEvent::Response(_) => summary.responses += 1,
            StreamEvent::KeepAlive => summary.keep_alives += 1,
            StreamEvent::Connected(_) => summary.connections += 1,
            StreamEvent::Undecodable(_)
            | StreamEvent::ConnectionError(_)
            | StreamEvent::RequestError(_) => summary.errors += 1,
            StreamEvent::Disconnected(reason) => ended_by_itself = Some(reason.clone()),
            _ => {}
        }
        let written = if args.quiet {
            Ok(())
        } else if args.jsonl {
            serde_json::to_writer(&mut out, &event)
                .map_err(io::Error::other)
                .and_then(|()| out.write_all(b"\n"))
        } else if args.raw {
            write_raw(&mut out, &event)
        } else {
            write_readable(&mut out, &event)
        };
        if written.is_err() {
            // stdout closed (e.g. piped into `head`): stop quietly.
            return Ok(0);
        }
        // Stop after the N-th item's (tweet, like, compliance or label event's) whole line: its Includes, Errors and MatchingRules
        // come after the Tweet, and the line's last event is its Response (Raw in raw mode).
        let line_done = matches!(event, StreamEvent::Response(_) | StreamEvent::Raw(_));
        if line_done && args.count.is_some_and(|n| summary.items >= n) {
            break;
        }
    }
    drop(stream);
    if args.quiet {
        summary.seconds = started.elapsed().as_secs_f64();
        let _ = writeln!(out, "{}", serde_json::to_string(&summary).expect("summary"));
    }
    let _ = out.flush();
    if let Some(reason) = &ended_by_itself {
        eprintln!("stream ended: {reason}");
    }
    // Ctrl-C asks for the disconnect: that is a clean stop.
    match ended_by_itself {
        Some(DisconnectReason::Requested) | None => Ok(0),
        Some(_) => Ok(1),
    }
}

/// `--raw`: data lines as received on stdout, everything else as status lines on stderr.
fn write_raw(out: &mut impl Write, event: &StreamEvent) -> io::Result<()> {
    match event {
        StreamEvent::Raw(line) => {
            out.write_all(line)?;
            out.write_all(b"\n")
        }
        StreamEvent::Undecodable(bad) => {
            eprintln!("undecodable line ({}), archived as received", bad.reason);
            out.write_all(&bad.raw)?;
            out.write_all(b"\n")
        }
        StreamEvent::KeepAlive => Ok(()),
        other => {
            status(other);
            Ok(())
        }
    }
}

/// Default output: one readable line per tweet, status lines on stderr.
fn write_readable(out: &mut impl Write, event: &StreamEvent) -> io::Result<()> {
    match event {
        StreamEvent::Tweet(tweet) => {
            let author = tweet
                .line()
                .decoded()
                .author()
                .map(|u| format!(" @{}", u.username))
                .unwrap_or_default();
            let text = tweet.text.replace(['\n', '\r'], " ");
            writeln!(out, "{}{author}: {text}", tweet.id)
        }
        StreamEvent::Like(like) => writeln!(
            out,
            "like {}: post {} (by {})",
            like.id.as_deref().unwrap_or("?"),
            like.liked_tweet_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            like.author_id().map(|i| i.to_string()).unwrap_or_default()
        ),
        StreamEvent::Compliance(c) => {
            writeln!(out, "compliance {}: {}", c.kind(), serde_json::json!(&**c))
        }
        StreamEvent::Label(l) => writeln!(out, "label {}: {}", l.kind(), serde_json::json!(&**l)),
        StreamEvent::Activity(a) => writeln!(
            out,
            "activity {} (tag {}): {}",
            a.kind(),
            a.tag.as_deref().unwrap_or("-"),
            serde_json::json!(&a.payload)
        ),
        StreamEvent::Response(_)
        | StreamEvent::Includes(_)
        | StreamEvent::MatchingRules(_)
        | StreamEvent::KeepAlive => Ok(()),
        other => {
            status(other);
            Ok(())
        }
    }
}

fn status(event: &StreamEvent) {
    match event {
        StreamEvent::Connected(c) => eprintln!("connected (connection {})", c.connection),
        StreamEvent::Errors(errors) => {
            for e in errors.iter() {
                eprintln!("stream error: {e}");
            }
        }
        StreamEvent::Undecodable(bad) => eprintln!("undecodable line: {}", bad.reason),
        StreamEvent::Closed(c) => eprintln!("server closed the stream; retry in {:?}", c.retry_in),
        StreamEvent::ConnectionError(e) => {
            eprintln!(
                "connection error ({:?}): {}; retry in {:?}",
                e.kind, e.message, e.retry_in
            );
        }
        StreamEvent::RequestError(e) => {
            let problem = e
                .problem
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default();
            eprintln!("HTTP {} {problem}; retry in {:?}", e.status, e.retry_in);
        }
        StreamEvent::Recovered {
            gap,
            backfill_minutes,
        } => eprintln!("recovering a {gap:?} gap with backfill_minutes={backfill_minutes}"),
        StreamEvent::Disconnected(_) => {}
        other => eprintln!("{}", other.name()),
    }
}

// One thread is enough: the stream drives its own connection, and a multi-thread runtime
// would only add idle workers and cross-thread wake-ups.
#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args, &mut io::stdout().lock()).await {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
