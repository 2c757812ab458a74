//! The jetstream publisher and worker examples against a real `nats-server -js`.
//!
//! The examples run as separate processes (they are killed and restarted): like
//! tests/example_stream.rs, this test includes the examples' code; its ignored `child` test is
//! the entry point the other tests start as a child process (this test binary, re-executed).
//!
//! Every publisher streams from its own built-in emulator with the same seed, so all of them
//! see the same posts in the same order (as X's redundant connections do), and the expected
//! content of the JetStream stream is known: the first N lines of that seed's generator.

#[allow(dead_code)]
#[path = "../examples/jetstream.rs"]
mod publisher;
mod support;
// Both examples include examples/support/identity.rs; including both loads it twice.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../examples/jetstream_worker.rs"]
mod worker;

use std::collections::{BTreeMap, HashSet};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_nats::jetstream;
use clap::Parser as _;
use support::nats::NatsServer;
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tweetstream::emulator::generator::Generator;

const SEED: u64 = 0x5EED;
const SUBJECT: &str = "tweetstream.sample.0";
const JS_STREAM: &str = "TWEETSTREAM";

/// Entry point of the child processes: runs one example with the arguments in the environment.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "entry point of the child processes the other tests start"]
async fn child() {
    let (Ok(role), Ok(args)) = (
        std::env::var("JETSTREAM_CHILD"),
        std::env::var("JETSTREAM_CHILD_ARGS"),
    ) else {
        return;
    };
    let args: Vec<String> = serde_json::from_str(&args).expect("child args");
    let argv = std::iter::once(role.clone()).chain(args);
    let code = match role.as_str() {
        "publisher" => publisher::main_with(publisher::Args::parse_from(argv)).await,
        "worker" => worker::main_with(worker::Args::parse_from(argv)).await,
        other => panic!("unknown child role {other}"),
    };
    std::process::exit(code.into());
}

/// A running example process and the lines it printed so far.
struct Proc {
    child: tokio::process::Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    readers: Vec<tokio::task::JoinHandle<()>>,
}

type Lines = Arc<Mutex<Vec<String>>>;

fn collect(
    reader: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    echo: bool,
) -> (Lines, tokio::task::JoinHandle<()>) {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let task = tokio::spawn(async move {
        let mut reader = BufReader::new(reader).lines();
        while let Ok(Some(line)) = reader.next_line().await {
            if echo {
                eprintln!("  child: {line}");
            }
            sink.lock().unwrap().push(line);
        }
    });
    (lines, task)
}

fn spawn(role: &str, args: &[String]) -> Proc {
    let mut child = tokio::process::Command::new(std::env::current_exe().expect("test binary"))
        .args(["child", "--exact", "--ignored", "--nocapture"])
        .env("JETSTREAM_CHILD", role)
        .env("JETSTREAM_CHILD_ARGS", serde_json::to_string(args).unwrap())
        .env_remove("X_BEARER_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn child");
    let (stdout, out_task) = collect(child.stdout.take().unwrap(), false);
    let (stderr, err_task) = collect(child.stderr.take().unwrap(), true);
    Proc {
        child,
        stdout,
        stderr,
        readers: vec![out_task, err_task],
    }
}

impl Proc {
    /// Waits for the process to exit and for its output to be read to the end.
    async fn exit(&mut self, within: Duration) -> ExitStatus {
        let status = tokio::time::timeout(within, self.child.wait())
            .await
            .expect("child did not exit in time")
            .expect("wait");
        for reader in self.readers.drain(..) {
            tokio::time::timeout(Duration::from_secs(10), reader)
                .await
                .expect("child output not closed")
                .expect("reader");
        }
        status
    }

    /// The JSON line the example prints at the end.
    fn summary(&self) -> serde_json::Value {
        let out = self.stdout.lock().unwrap();
        let line = out
            .iter()
            .rev()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| panic!("no summary in {out:?}"));
        serde_json::from_str(line).unwrap()
    }

    fn stderr_has(&self, needle: &str) -> bool {
        self.stderr
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains(needle))
    }
}

fn publisher_args(nats: &NatsServer, extra: &[&str]) -> Vec<String> {
    let seed = SEED.to_string();
    let mut args: Vec<String> = [
        "--emulator",
        "--nats",
        &nats.url(),
        "--emulator-seed",
        &seed,
        "--stream",
        "sample",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// Polls `condition` until it holds, up to `within` (a bounded wait on a real condition).
async fn wait_until<F, Fut>(what: &str, within: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + within;
    while !condition().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn js(nats: &NatsServer) -> jetstream::Context {
    jetstream::new(async_nats::connect(nats.url()).await.expect("connect"))
}

async fn stored_count(js: &jetstream::Context) -> u64 {
    match js.get_stream(JS_STREAM).await {
        Ok(mut s) => s.info().await.map(|i| i.state.messages).unwrap_or(0),
        Err(_) => 0,
    }
}

/// Every stored message of the sample subject, in stream order, with its `Nats-Msg-Id`.
async fn stored(js: &jetstream::Context) -> Vec<(String, Vec<u8>)> {
    stored_on(js, SUBJECT).await
}

/// Every stored message, in stream order, with its `Nats-Msg-Id`; all on `subject`.
async fn stored_on(js: &jetstream::Context, subject: &str) -> Vec<(String, Vec<u8>)> {
    let mut stream = js.get_stream(JS_STREAM).await.expect("stream");
    let last = stream.info().await.expect("info").state.last_sequence;
    let mut out = Vec::new();
    for seq in 1..=last {
        let m = stream.get_raw_message(seq).await.expect("message");
        assert_eq!(m.subject.as_str(), subject);
        let id = m
            .headers
            .get(async_nats::header::NATS_MESSAGE_ID)
            .unwrap_or_else(|| panic!("no Nats-Msg-Id in {:?}", m.headers))
            .to_string();
        out.push((id, m.payload.to_vec()));
    }
    out
}

/// The first `n` lines of the emulator's sample stream for `SEED`.
fn expected(n: usize) -> Vec<Vec<u8>> {
    let mut generator = Generator::new(SEED);
    (0..n).map(|_| generator.next_line().into_bytes()).collect()
}

/// The stream holds exactly the first `n` posts, each once, with its exact bytes and its post
/// id as `Nats-Msg-Id`.
async fn assert_exactly_the_first(n: usize, js: &jetstream::Context) {
    let stored = stored(js).await;
    let mut seen = HashSet::new();
    for (id, _) in &stored {
        assert!(seen.insert(id.clone()), "{id} stored twice");
    }
    let by_id: BTreeMap<&str, &[u8]> = stored
        .iter()
        .map(|(id, p)| (id.as_str(), p.as_slice()))
        .collect();
    for (i, line) in expected(n).iter().enumerate() {
        let v: serde_json::Value = serde_json::from_slice(line).unwrap();
        let id = v["data"]["id"].as_str().unwrap();
        assert_eq!(by_id.get(id), Some(&line.as_slice()), "post #{i} ({id})");
    }
    assert_eq!(stored.len(), n, "nothing beyond the first {n} posts");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_publishers_on_the_same_stream_store_every_post_once() {
    let Some(nats) = NatsServer::start().await else {
        return;
    };
    let args = publisher_args(&nats, &["--emulator-rate", "0", "--count", "500"]);
    let mut a = spawn("publisher", &args);
    let mut b = spawn("publisher", &args);
    assert!(a.exit(Duration::from_secs(120)).await.success());
    assert!(b.exit(Duration::from_secs(120)).await.success());

    assert_exactly_the_first(500, &js(&nats).await).await;
    let (sa, sb) = (a.summary(), b.summary());
    let total = |k: &str| sa[k].as_u64().unwrap() + sb[k].as_u64().unwrap();
    assert_eq!(total("stored"), 500, "{sa} {sb}");
    assert_eq!(
        total("duplicates"),
        500,
        "each post reached JetStream twice"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_killed_publisher_restarted_with_recover_misses_and_doubles_nothing() {
    let Some(nats) = NatsServer::start().await else {
        return;
    };
    let js = js(&nats).await;
    let mut first = spawn(
        "publisher",
        &publisher_args(&nats, &["--emulator-rate", "100", "--recover"]),
    );
    wait_until("100 stored posts", Duration::from_secs(60), || async {
        stored_count(&js).await >= 100
    })
    .await;
    first.child.start_kill().expect("kill -9");
    first.exit(Duration::from_secs(10)).await;
    let before = stored_count(&js).await;

    // The restarted publisher streams from a restarted emulator: same seed, so it sends the
    // stream again from its first post (more than the backfill X would send); JetStream
    // drops every post it already holds.
    let mut second = spawn(
        "publisher",
        &publisher_args(
            &nats,
            &["--emulator-rate", "0", "--recover", "--count", "1000"],
        ),
    );
    assert!(second.exit(Duration::from_secs(120)).await.success());
    assert!(second.stderr_has("asking for backfill_minutes=1"));
    let summary = second.summary();
    assert_eq!(summary["backfill_minutes"], 1);
    // Every post the killed publisher had stored came again and was dropped as a duplicate
    // (at least those counted after the kill: a publish still on the wire may land later).
    let duplicates = summary["duplicates"].as_u64().unwrap();
    assert!(duplicates >= before, "{summary}, {before} stored before");
    assert_eq!(duplicates + summary["stored"].as_u64().unwrap(), 1000);
    assert_exactly_the_first(1000, &js).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nats_restarted_mid_stream_the_publisher_waits_and_loses_nothing() {
    let Some(mut nats) = NatsServer::start().await else {
        return;
    };
    let mut publisher = spawn(
        "publisher",
        &publisher_args(
            &nats,
            &[
                "--emulator-rate",
                "200",
                "--count",
                "600",
                "--max-in-flight",
                "32",
                "--ack-timeout",
                "1",
            ],
        ),
    );
    {
        let js = js(&nats).await;
        wait_until("50 stored posts", Duration::from_secs(60), || async {
            stored_count(&js).await >= 50
        })
        .await;
    }
    nats.stop();
    wait_until("a failed publish", Duration::from_secs(60), || async {
        publisher.stderr_has("failed")
    })
    .await;
    nats.restart().await;
    assert!(publisher.exit(Duration::from_secs(120)).await.success());

    let summary = publisher.summary();
    assert!(summary["retries"].as_u64().unwrap() >= 1, "{summary}");
    assert_eq!(summary["read"], 600);
    // While NATS was down, only the lines in the window waited (and were re-published).
    let waiting: HashSet<String> = publisher
        .stderr
        .lock()
        .unwrap()
        .iter()
        .filter_map(|l| {
            l.strip_prefix("publish ")?
                .split_once(' ')
                .map(|(id, _)| id.to_owned())
        })
        .collect();
    assert!(
        !waiting.is_empty() && waiting.len() <= 32,
        "{}",
        waiting.len()
    );
    assert_exactly_the_first(600, &js(&nats).await).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn three_workers_share_the_consumer_and_process_each_post_once() {
    let Some(nats) = NatsServer::start().await else {
        return;
    };
    // Creates the JetStream stream and publishes nothing yet.
    let mut setup = spawn("publisher", &publisher_args(&nats, &["--count", "0"]));
    assert!(setup.exit(Duration::from_secs(60)).await.success());

    let worker_args: Vec<String> = ["--nats", &nats.url(), "--print-ids", "--batch", "8"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut workers: Vec<Proc> = (0..3).map(|_| spawn("worker", &worker_args)).collect();
    let js = js(&nats).await;
    wait_until("three waiting pulls", Duration::from_secs(60), || async {
        match js.get_stream(JS_STREAM).await {
            Ok(s) => s
                .consumer_info("workers")
                .await
                .is_ok_and(|i| i.num_waiting >= 3),
            Err(_) => false,
        }
    })
    .await;

    let mut publisher = spawn(
        "publisher",
        &publisher_args(&nats, &["--emulator-rate", "0", "--count", "600"]),
    );
    assert!(publisher.exit(Duration::from_secs(120)).await.success());

    let ids = |w: &Proc| -> Vec<String> {
        w.stdout
            .lock()
            .unwrap()
            .iter()
            .filter(|l| l.parse::<u64>().is_ok())
            .cloned()
            .collect()
    };
    wait_until("600 processed posts", Duration::from_secs(60), || {
        let n: usize = workers.iter().map(|w| ids(w).len()).sum();
        async move { n >= 600 }
    })
    .await;
    wait_until("no pending acks", Duration::from_secs(60), || async {
        let s = js.get_stream(JS_STREAM).await.unwrap();
        s.consumer_info("workers")
            .await
            .is_ok_and(|i| i.num_ack_pending == 0 && i.num_pending == 0)
    })
    .await;
    for w in &mut workers {
        w.child.start_kill().unwrap();
        w.exit(Duration::from_secs(10)).await;
    }

    let per_worker: Vec<Vec<String>> = workers.iter().map(ids).collect();
    let all: Vec<&String> = per_worker.iter().flatten().collect();
    let unique: HashSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "a post was processed twice");
    let want: HashSet<String> = expected(600)
        .iter()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_slice(l).unwrap();
            v["data"]["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(unique.into_iter().cloned().collect::<HashSet<_>>(), want);
    let shares: Vec<usize> = per_worker.iter().map(Vec::len).collect();
    eprintln!("posts per worker: {shares:?}");
    assert!(
        shares.iter().all(|n| *n > 0),
        "every worker took a share: {shares:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partition_of_an_enterprise_stream_goes_to_its_own_subject() {
    let Some(nats) = NatsServer::start().await else {
        return;
    };
    let with = |extra: &[&str]| {
        let mut args = publisher_args(&nats, &["--emulator-rate", "0"]);
        args.retain(|a| a != "sample" && a != "--stream");
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    // A partitioned stream without `--partition` is refused before any request, by name.
    let mut refused = spawn(
        "publisher",
        &with(&["--stream", "firehose", "--count", "1"]),
    );
    assert_eq!(refused.exit(Duration::from_secs(60)).await.code(), Some(2));
    assert!(refused.stderr_has("partition"), "{:?}", refused.stderr);

    let mut publisher = spawn(
        "publisher",
        &with(&["--stream", "firehose", "--partition", "3", "--count", "40"]),
    );
    assert!(publisher.exit(Duration::from_secs(120)).await.success());
    let stored = stored_on(&js(&nats).await, "tweetstream.firehose.3").await;
    assert_eq!(stored.len(), 40);
    let ids: HashSet<&str> = stored.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), 40, "each post once");
    for (id, line) in &stored {
        let v: serde_json::Value = serde_json::from_slice(line).expect("a JSON line, untouched");
        assert_eq!(v["data"]["id"].as_str(), Some(id.as_str()));
    }
}

#[test]
fn each_kind_of_line_has_a_stable_identity() {
    use publisher::identity::line_identity;
    // A post, and a like event: their own id.
    assert_eq!(
        line_identity(br#"{"data":{"id":"1712","text":"hi","edit_history_tweet_ids":["1712"]}}"#),
        "1712"
    );
    assert_eq!(
        line_identity(br#"{"data":{"id":"9f2a","liked_tweet_id":"1712","created_at":"2024-01-01T00:00:00.000Z"}}"#),
        "9f2a"
    );
    // Compliance events (shapes of X's TweetDeleteComplianceSchema and its siblings).
    assert_eq!(
        line_identity(br#"{"data":{"delete":{"tweet":{"id":"1712","author_id":"42"},"event_at":"2024-01-01T00:00:00.000Z"}}}"#),
        "delete/tweet/1712/2024-01-01T00:00:00.000Z"
    );
    assert_eq!(
        line_identity(br#"{"data":{"tweet_edit":{"edit_tweet_ids":["1","2"],"event_at":"2024-01-01T00:00:01.000Z","initial_tweet_id":"1","tweet":{"id":"2","author_id":"42"}}}}"#),
        "tweet_edit/tweet/2/2024-01-01T00:00:01.000Z"
    );
    assert_eq!(
        line_identity(br#"{"data":{"user_suspend":{"user":{"id":"42"},"event_at":"2024-01-01T00:00:02.000Z"}}}"#),
        "user_suspend/user/42/2024-01-01T00:00:02.000Z"
    );
    // Anything else: the 64-bit FNV-1a hash of the exact bytes, a fixed function (so the same
    // in every process). The published FNV-1a test vectors: "" and "a".
    assert_eq!(line_identity(b""), "fnv1a:cbf29ce484222325");
    assert_eq!(line_identity(b"a"), "fnv1a:af63dc4c8601ec8c");
    // Values computed outside this crate (a ten-line Python FNV-1a over the same bytes).
    let error = br#"{"errors":[{"title":"operational-disconnect"}]}"#;
    assert_eq!(line_identity(error), "fnv1a:cf7191c99341deab");
    assert_eq!(line_identity(b"not json"), "fnv1a:5cf74153161a1a88");
    // The emulator's posts: their id.
    let line = Generator::new(SEED).next_line();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        line_identity(line.as_bytes()),
        v["data"]["id"].as_str().unwrap()
    );
}
