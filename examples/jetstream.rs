//! Publish one X stream (or one partition of it) into NATS JetStream, exactly once per post.
//!
//! ```text
//! nats-server -js &                                        # a JetStream server on :4222
//! cargo run --example jetstream                            # emulator sample stream -> tweetstream.sample.0
//! cargo run --example jetstream -- --stream filter --rule "cats has:images"
//! X_BEARER_TOKEN=... cargo run --example jetstream -- --stream sample --recover
//! cargo run --example jetstream_worker                     # process them (run it k times)
//! ```
//!
//! Each data line is published with its exact bytes to `PREFIX.<stream>.<partition>` (partition
//! `0` for unpartitioned streams) with `Nats-Msg-Id` = the post id (the event identity for
//! likes and compliance events). JetStream drops a message whose id it has seen within the
//! stream's duplicate window, so redundant publishers on the same stream, a restart that asks
//! for backfill, and re-sends after a lost ack all store each post once.
//!
//! Backpressure: at most `--max-in-flight` lines are published and not yet acknowledged; when
//! the window is full the X stream is not read until an ack arrives. When NATS is down, the
//! lines in the window are kept and re-published (same id) with a capped backoff until
//! JetStream acknowledges them; the window stays full, so the publisher stops reading X
//! (nothing is dropped here; X itself disconnects a client that falls too far behind, and the
//! client reconnects — with `--recover`, asking for backfill).

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use async_nats::jetstream::{self, context::PublishErrorKind, message::PublishMessage};
use bytes::Bytes;
use clap::Parser;
use futures_util::stream::{FuturesUnordered, StreamExt as _};
use serde::Serialize;
use tweetstream::emulator::{Emulator, Rate};
use tweetstream::rules::NewRule;
use tweetstream::{EventStream, StreamEndpoint, StreamEvent, StreamParams, StreamingClient};

#[path = "support/identity.rs"]
pub(crate) mod identity;
#[path = "support/target.rs"]
mod target;

/// Publish an X stream into NATS JetStream, de-duplicated by post id.
#[derive(Parser, Debug, Clone)]
#[command(version, about)]
pub(crate) struct Args {
    /// Which stream: filter, sample, sample10, firehose, firehose-en, firehose-ja, firehose-ko,
    /// firehose-pt, compliance-posts, compliance-users, compliance-likes, likes-firehose,
    /// likes-sample10 or labels.
    #[arg(long, default_value = "sample")]
    stream: String,
    /// The partition of a partitioned stream (1-20 for the firehoses).
    #[arg(long)]
    partition: Option<u32>,
    /// Recover gaps: at start, the gap since the last post this subject holds (backfill
    /// covering it, at most X's 5 minutes; JetStream drops the overlap); while running, every
    /// reconnection's gap (the client's own `recover`, de-duplicated in process too).
    #[arg(long)]
    recover: bool,
    /// NATS server URL.
    #[arg(long, default_value = "nats://127.0.0.1:4222")]
    nats: String,
    /// Subjects are `PREFIX.<stream>.<partition>`.
    #[arg(long, default_value = "tweetstream")]
    subject_prefix: String,
    /// The JetStream stream (created if missing, covering `PREFIX.>`).
    #[arg(long, default_value = "TWEETSTREAM")]
    js_stream: String,
    /// De-duplication window of a created JetStream stream, in seconds: covers X's longest
    /// backfill (5 minutes) plus a restart.
    #[arg(long, default_value_t = 600)]
    duplicate_window: u64,
    /// Replicas of a created JetStream stream (3 on a three-server cluster).
    #[arg(long, default_value_t = 1)]
    replicas: usize,
    /// Lines published and not yet acknowledged, at most.
    #[arg(long, default_value_t = 256)]
    max_in_flight: usize,
    /// Seconds to wait for one JetStream ack before publishing the line again.
    #[arg(long, default_value_t = 5.0)]
    ack_timeout: f64,
    /// Stop after N lines are read and acknowledged (exit 0).
    #[arg(long)]
    count: Option<u64>,
    /// A filtered-stream rule to add before streaming (repeatable).
    #[arg(long = "rule")]
    rules: Vec<String>,
    /// API base URL (the token comes from X_BEARER_TOKEN).
    #[arg(long)]
    base_url: Option<String>,
    /// Use the built-in emulator even when X_BEARER_TOKEN is set.
    #[arg(long)]
    emulator: bool,
    /// Emulator: posts a second (0: as fast as this publisher reads).
    #[arg(long, default_value_t = 10.0)]
    emulator_rate: f64,
    /// Emulator: the generator's seed (same seed, same posts, in every process).
    #[arg(long)]
    emulator_seed: Option<u64>,
}

/// The summary printed as one JSON line on stdout at the end.
#[derive(Default, Serialize, Debug)]
pub(crate) struct Summary {
    /// Lines read from the X stream.
    pub read: u64,
    /// Acknowledged as newly stored.
    pub stored: u64,
    /// Acknowledged as duplicates (JetStream already held that id).
    pub duplicates: u64,
    /// Re-publications after a failed or missing ack.
    pub retries: u64,
    /// The backfill asked for by `--recover`, in minutes.
    pub backfill_minutes: Option<u32>,
    pub seconds: f64,
}

/// Opens the chosen stream in raw mode (exact bytes): the one place that maps `--stream` and
/// `--partition` to the client, which refuses a missing or out-of-range partition by name.
fn open_stream(
    client: &StreamingClient,
    name: &str,
    partition: Option<u32>,
    params: StreamParams,
) -> Result<EventStream, String> {
    let endpoint: StreamEndpoint = name.parse().map_err(|e| format!("--stream: {e}"))?;
    let params = match partition {
        Some(p) => params.partition(p),
        None => params,
    };
    client
        .stream(endpoint, params)
        .map(EventStream::raw)
        .map_err(|e| e.to_string())
}

/// `PREFIX.<stream>.<partition>`; `0` stands for an unpartitioned stream.
pub(crate) fn subject(prefix: &str, stream: &str, partition: Option<u32>) -> String {
    format!("{prefix}.{stream}.{}", partition.unwrap_or(0))
}

/// The longest backfill X serves.
const X_BACKFILL: Duration =
    Duration::from_secs(60 * tweetstream::StreamParams::MAX_BACKFILL_MINUTES as u64);

/// A line on its way into JetStream.
struct Pending {
    id: String,
    line: Bytes,
    attempt: u32,
}

type Acked = (Pending, Result<bool, String>);

/// Publishes `p` (after a capped backoff if it is a re-send) and waits for its ack: `Ok(true)`
/// when JetStream reports it as a duplicate.
async fn publish(js: jetstream::Context, subject: String, p: Pending) -> Acked {
    if p.attempt > 0 {
        let backoff = Duration::from_millis(100 << p.attempt.min(5)).min(Duration::from_secs(2));
        tokio::time::sleep(backoff).await;
    }
    let message = PublishMessage::build()
        .payload(p.line.clone())
        .message_id(&p.id);
    let result = match js.send_publish(subject, message).await {
        Ok(ack) => ack.await.map(|a| a.duplicate).map_err(describe),
        Err(e) => Err(describe(e)),
    };
    (p, result)
}

fn describe(e: jetstream::context::PublishError) -> String {
    match e.kind() {
        PublishErrorKind::TimedOut => "no ack in time (NATS unreachable?)".into(),
        PublishErrorKind::StreamNotFound => "no JetStream stream answered".into(),
        _ => e.to_string(),
    }
}

async fn start_emulator(args: &Args) -> Result<Emulator, String> {
    let rate = if args.emulator_rate > 0.0 {
        Rate::PerSecond(args.emulator_rate)
    } else {
        Rate::AsFastAsRead
    };
    let mut builder = Emulator::builder().rate(rate);
    if let Some(seed) = args.emulator_seed {
        builder = builder.seed(seed);
    }
    let em = builder
        .start()
        .await
        .map_err(|e| format!("could not start the emulator: {e}"))?;
    eprintln!("streaming from the built-in emulator at {}", em.base_url());
    Ok(em)
}

/// Connects to NATS and makes sure the JetStream stream exists; returns the context and, with
/// `--recover`, the time since the subject's last stored message.
async fn jetstream_for(
    args: &Args,
    subject: &str,
) -> Result<(jetstream::Context, Option<Duration>), String> {
    let client = async_nats::connect(&args.nats)
        .await
        .map_err(|e| format!("NATS at {}: {e}", args.nats))?;
    let js = jetstream::ContextBuilder::new()
        .ack_timeout(Duration::from_secs_f64(args.ack_timeout))
        .max_ack_inflight(args.max_in_flight.max(1))
        .build(client);
    let stream = js
        .get_or_create_stream(jetstream::stream::Config {
            name: args.js_stream.clone(),
            subjects: vec![format!("{}.>", args.subject_prefix)],
            duplicate_window: Duration::from_secs(args.duplicate_window),
            storage: jetstream::stream::StorageType::File,
            num_replicas: args.replicas,
            ..Default::default()
        })
        .await
        .map_err(|e| format!("JetStream stream {}: {e}", args.js_stream))?;
    let window = stream.cached_info().config.duplicate_window;
    if window < X_BACKFILL {
        eprintln!(
            "warning: {}'s duplicate window is {}s, shorter than X's 5-minute backfill: an \
             overlap older than that is stored twice",
            args.js_stream,
            window.as_secs()
        );
    }
    let gap = if args.recover {
        match stream.get_last_raw_message_by_subject(subject).await {
            Ok(last) => {
                let age = time::OffsetDateTime::now_utc() - last.time;
                Some(Duration::try_from(age).unwrap_or(Duration::ZERO))
            }
            Err(e) if e.kind() == jetstream::stream::LastRawMessageErrorKind::NoMessageFound => {
                None
            }
            Err(e) => return Err(format!("--recover: last message of {subject}: {e}")),
        }
    } else {
        None
    };
    Ok((js, gap))
}

pub(crate) async fn run(args: Args) -> Result<(Summary, u8), String> {
    if args.max_in_flight == 0 {
        return Err("--max-in-flight must be at least 1".into());
    }
    let subject = subject(&args.subject_prefix, &args.stream, args.partition);
    let (js, gap) = jetstream_for(&args, &subject).await?;
    let mut summary = Summary::default();
    let mut params = StreamParams::new();
    if let Some(gap) = gap {
        let minutes = tweetstream::backfill_minutes_for(gap);
        if gap > X_BACKFILL {
            eprintln!(
                "recover: {subject} was last written {}s ago; X backfills 5 minutes at most, \
                 so older posts of the gap are not recoverable from the stream",
                gap.as_secs()
            );
        }
        eprintln!(
            "recover: last stored {}s ago, asking for backfill_minutes={minutes}",
            gap.as_secs()
        );
        summary.backfill_minutes = Some(minutes);
        params = params.backfill_minutes(minutes);
    }

    let token = target::bearer_token();
    let emulator = match args.emulator || token.is_none() {
        true => Some(start_emulator(&args).await?),
        false => None,
    };
    let (token, base_url) =
        target::token_and_base_url(emulator.as_ref(), token, args.base_url.as_deref());
    let client = StreamingClient::builder(token)
        .base_url(base_url)
        .recover(args.recover)
        .build()
        .map_err(|e| e.to_string())?;
    if args.stream == "filter" {
        add_rules(&client, &args.rules, emulator.is_some()).await?;
    }
    let stream = open_stream(&client, &args.stream, args.partition, params)?;
    eprintln!(
        "publishing to {subject} (JetStream stream {})",
        args.js_stream
    );
    let code = pump(stream, &js, &subject, &args, &mut summary).await;
    Ok((summary, code))
}

/// `--rule` values, or on the emulator a default rule, so that the filtered stream flows.
async fn add_rules(
    client: &StreamingClient,
    rules: &[String],
    emulator: bool,
) -> Result<(), String> {
    let rules: Vec<NewRule> = match (rules.is_empty(), emulator) {
        (false, _) => rules.iter().map(NewRule::new).collect(),
        (true, true) => vec![NewRule::new("coffee OR music OR news OR rust")],
        (true, false) => return Ok(()),
    };
    let response = client.add_rules(rules).await.map_err(|e| e.to_string())?;
    for problem in &response.errors {
        eprintln!("rule refused: {}", **problem);
    }
    Ok(())
}

/// Reads the stream into JetStream with at most `max_in_flight` unacknowledged lines. Returns
/// the exit code: 0 when stopped by `--count`, 1 when the X stream ended by itself.
async fn pump(
    mut stream: EventStream,
    js: &jetstream::Context,
    subject: &str,
    args: &Args,
    summary: &mut Summary,
) -> u8 {
    let started = Instant::now();
    let mut in_flight: FuturesUnordered<Pin<Box<dyn Future<Output = Acked> + Send>>> =
        FuturesUnordered::new();
    let mut reading = true;
    let mut ended_by_itself = false;
    loop {
        if args.count.is_some_and(|n| summary.read >= n) {
            reading = false;
        }
        if !reading && in_flight.is_empty() {
            break;
        }
        tokio::select! {
            biased;
            Some((mut p, result)) = in_flight.next(), if !in_flight.is_empty() => match result {
                Ok(false) => summary.stored += 1,
                Ok(true) => summary.duplicates += 1,
                Err(reason) => {
                    // Named once per line; its re-sends (capped backoff) are silent.
                    if p.attempt == 0 {
                        eprintln!("publish {} failed ({reason}); publishing it again", p.id);
                    }
                    summary.retries += 1;
                    p.attempt += 1;
                    in_flight.push(Box::pin(publish(js.clone(), subject.to_owned(), p)));
                }
            },
            event = stream.next(), if reading && in_flight.len() < args.max_in_flight => {
                let line = match event {
                    Some(StreamEvent::Raw(line)) => line,
                    // Not JSON: still archived as received; its identity is its hash.
                    Some(StreamEvent::Undecodable(bad)) => {
                        eprintln!("undecodable line ({}), published as received", bad.reason);
                        bad.raw
                    }
                    Some(StreamEvent::Disconnected(reason)) => {
                        eprintln!("stream ended: {reason}");
                        ended_by_itself = true;
                        continue;
                    }
                    Some(other) => {
                        if !matches!(other, StreamEvent::KeepAlive) {
                            eprintln!("{}", other.name());
                        }
                        continue;
                    }
                    None => {
                        reading = false;
                        continue;
                    }
                };
                summary.read += 1;
                let p = Pending { id: identity::line_identity(&line), line, attempt: 0 };
                in_flight.push(Box::pin(publish(js.clone(), subject.to_owned(), p)));
            }
        }
    }
    summary.seconds = started.elapsed().as_secs_f64();
    u8::from(ended_by_itself)
}

/// The example's whole run (also the entry of the test's child processes): the summary as one
/// JSON line on stdout; the exit code (0 stopped by `--count`, 1 the X stream ended by itself,
/// 2 an error before streaming).
pub(crate) async fn main_with(args: Args) -> u8 {
    match run(args).await {
        Ok((summary, code)) => {
            println!("{}", serde_json::to_string(&summary).expect("summary"));
            code
        }
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    ExitCode::from(main_with(Args::parse()).await)
}
