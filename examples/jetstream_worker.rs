//! A worker processing the posts the `jetstream` example stored, through one durable pull
//! consumer that any number of workers share: JetStream hands each message to one of them
//! (a work queue), so processing scales out by starting more workers, on any machine.
//!
//! ```text
//! cargo run --example jetstream_worker                      # run it k times, anywhere
//! cargo run --example jetstream_worker -- --print-ids       # one line per post: its id
//! ```
//!
//! A message is acknowledged (and the ack confirmed by the server) after it is processed; one
//! that a worker takes and never acknowledges (the worker died) is handed to another worker
//! after `--ack-wait` seconds. So each message is processed once while workers stay up, and
//! at least once across a worker crash: idempotent processing (keyed by the post id) makes
//! that exact.

use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

use async_nats::jetstream::{self, consumer::AckPolicy, consumer::pull};
use clap::Parser;
use futures_util::StreamExt as _;

#[path = "support/identity.rs"]
mod identity;

/// Process stored posts through a durable pull consumer shared by all workers.
#[derive(Parser, Debug, Clone)]
#[command(version, about)]
pub(crate) struct Args {
    /// NATS server URL.
    #[arg(long, default_value = "nats://127.0.0.1:4222")]
    nats: String,
    /// The JetStream stream the publisher writes.
    #[arg(long, default_value = "TWEETSTREAM")]
    js_stream: String,
    /// The durable consumer's name: workers with the same name share the work.
    #[arg(long, default_value = "workers")]
    consumer: String,
    /// Only subjects matching this filter (e.g. `tweetstream.firehose.*`); default all.
    #[arg(long)]
    filter_subject: Option<String>,
    /// Messages one pull asks for.
    #[arg(long, default_value_t = 16)]
    batch: usize,
    /// Seconds before an unacknowledged message goes to another worker.
    #[arg(long, default_value_t = 30)]
    ack_wait: u64,
    /// Print each processed message's id on stdout.
    #[arg(long)]
    print_ids: bool,
    /// Stop after processing N messages (exit 0).
    #[arg(long)]
    count: Option<u64>,
}

pub(crate) async fn run(args: Args) -> Result<u64, String> {
    let client = async_nats::connect(&args.nats)
        .await
        .map_err(|e| format!("NATS at {}: {e}", args.nats))?;
    let js = jetstream::new(client);
    let stream = js
        .get_stream(&args.js_stream)
        .await
        .map_err(|e| format!("JetStream stream {}: {e}", args.js_stream))?;
    let consumer: jetstream::consumer::PullConsumer = stream
        .get_or_create_consumer(
            &args.consumer,
            pull::Config {
                durable_name: Some(args.consumer.clone()),
                ack_policy: AckPolicy::Explicit,
                ack_wait: Duration::from_secs(args.ack_wait),
                filter_subject: args.filter_subject.clone().unwrap_or_default(),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| format!("consumer {}: {e}", args.consumer))?;
    let mut messages = consumer
        .stream()
        .max_messages_per_batch(args.batch.max(1))
        .messages()
        .await
        .map_err(|e| format!("pulling from {}: {e}", args.consumer))?;
    eprintln!("worker ready on consumer {}", args.consumer);

    let mut processed = 0u64;
    let mut stdout = std::io::stdout().lock();
    while let Some(message) = messages.next().await {
        let message = match message {
            Ok(m) => m,
            // Missed heartbeats and the like: the stream keeps pulling.
            Err(e) => {
                eprintln!("pull: {e}");
                continue;
            }
        };
        // The processing: here, identify and count.
        let id = identity::line_identity(&message.payload);
        if args.print_ids {
            let _ = writeln!(stdout, "{id}");
        }
        message
            .double_ack()
            .await
            .map_err(|e| format!("ack {id}: {e}"))?;
        processed += 1;
        if processed % 10_000 == 0 {
            eprintln!("{processed} processed");
        }
        if args.count.is_some_and(|n| processed >= n) {
            break;
        }
    }
    Ok(processed)
}

/// The example's whole run (also the entry of the test's child processes): `{"processed":N}`
/// on stdout at the end; the exit code (2 on an error).
pub(crate) async fn main_with(args: Args) -> u8 {
    match run(args).await {
        Ok(processed) => {
            println!("{{\"processed\":{processed}}}");
            0
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
