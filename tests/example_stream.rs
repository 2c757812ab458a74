//! The README's first command: the stream example's main path against the built-in emulator,
//! with each of its flags.

#[allow(dead_code)]
#[path = "../examples/stream.rs"]
mod stream_example;

use clap::Parser as _;
use stream_example::{Args, run};

/// Runs the example. Tests that stream from the emulator at the example's default 10 posts a
/// second run on tokio's paused clock, so they take no wall-clock time for it.
async fn run_with(args: &[&str]) -> (u8, String) {
    try_run_with(args).await.expect("the example failed")
}

/// Runs the example; `Err` is the message it exits 2 with.
async fn try_run_with(args: &[&str]) -> Result<(u8, String), String> {
    let args = Args::parse_from(std::iter::once("stream").chain(args.iter().copied()));
    let mut out = Vec::new();
    let code = run(args, &mut out).await?;
    Ok((code, String::from_utf8(out).expect("utf-8 output")))
}

/// The `--jsonl` output, one JSON object a line.
fn jsonl(out: &str) -> Vec<serde_json::Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn count_20_prints_twenty_readable_tweets_and_exits_zero() {
    let (code, out) = run_with(&["--emulator", "--count", "20"]).await;
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 20, "{out}");
    for line in lines {
        let (id, text) = line.split_once(": ").expect("`id: text`");
        assert!(id.parse::<u64>().is_ok(), "{line}");
        assert!(!text.is_empty());
    }
}

#[tokio::test(start_paused = true)]
async fn jsonl_prints_every_event_as_tagged_json() {
    let (code, out) = run_with(&[
        "--emulator",
        "--sample",
        "--count",
        "5",
        "--jsonl",
        "--expansions",
        "author_id",
    ])
    .await;
    assert_eq!(code, 0);
    let events = jsonl(&out);
    assert_eq!(events[0]["event"], "connected");
    let tweets = events.iter().filter(|e| e["event"] == "tweet").count();
    assert_eq!(tweets, 5);
    let includes = events.iter().filter(|e| e["event"] == "includes").count();
    // Each tweet's includes follow it; --count stops after the fifth tweet's whole line.
    assert_eq!(includes, 5, "author_id expansion brings includes.users");
    assert_eq!(
        events.last().unwrap()["event"],
        "response",
        "the line's last event"
    );
    assert!(
        events
            .iter()
            .filter(|e| e["event"] == "includes")
            .all(|e| e["data"]["users"].is_array())
    );
    assert!(events.iter().all(|e| e["event"].is_string()));
}

#[tokio::test(start_paused = true)]
async fn raw_prints_each_line_exactly_and_quiet_prints_one_summary() {
    let (code, out) = run_with(&[
        "--emulator",
        "--count",
        "7",
        "--raw",
        "--rule",
        "coffee OR café",
    ])
    .await;
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7);
    for line in lines {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["data"]["id"].is_string());
        let text = v["data"]["text"].as_str().unwrap().to_lowercase();
        assert!(text.contains("coffee") || text.contains("café"), "{text}");
    }

    let (code, out) = run_with(&["--emulator", "--sample", "--count", "12", "--quiet"]).await;
    assert_eq!(code, 0);
    let summary: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(summary["tweets"], 12);
    assert_eq!(summary["connections"], 1);
    assert_eq!(summary["errors"], 0);
    assert!(summary["seconds"].as_f64().unwrap() > 0.0);
}

#[tokio::test]
async fn a_stream_that_ends_by_itself_exits_one() {
    // An unreachable proxy and max_retries 0: one failed attempt, then the stream ends by
    // itself, and the example says so with exit code 1.
    let (code, _out) = run_with(&[
        "--emulator",
        "--max-retries",
        "0",
        "--base-url",
        "http://unused",
        "--sample",
        "--proxy",
        "http://127.0.0.1:9",
        "--count",
        "1",
    ])
    .await;
    assert_eq!(code, 1);
}

#[tokio::test]
async fn count_stops_after_the_last_tweets_whole_line() {
    let (code, out) = run_with(&["--emulator", "--count", "3", "--jsonl"]).await;
    assert_eq!(code, 0);
    let names: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["event"].to_string())
        .collect();
    let count = |name: &str| {
        names
            .iter()
            .filter(|n| *n == &format!("\"{name}\""))
            .count()
    };
    assert_eq!(count("tweet"), 3, "{names:?}");
    assert_eq!(count("matching_rules"), 3, "the third's too: {names:?}");
    assert_eq!(count("response"), 3, "{names:?}");
    assert_eq!(names.last().unwrap(), "\"response\"", "{names:?}");
}

// The `--stream`, `--partition`, `--start-time`, `--end-time`, `--gzip` and `--recover` flags.

#[tokio::test(start_paused = true)]
async fn jsonl_names_compliance_like_label_and_activity_events() {
    for (stream, partition, event) in [
        ("compliance-users", Some("3"), "compliance"),
        ("likes-firehose", Some("20"), "like"),
        ("labels", None, "label"),
        ("activity", None, "activity"),
    ] {
        let mut args = vec![
            "--emulator",
            "--stream",
            stream,
            "--count",
            "4",
            "--jsonl",
            "--gzip",
            "--recover",
        ];
        if let Some(p) = partition {
            args.extend(["--partition", p]);
        }
        let (code, out) = run_with(&args).await;
        assert_eq!(code, 0);
        let events = jsonl(&out);
        assert_eq!(events[0]["event"], "connected");
        let n = events.iter().filter(|e| e["event"] == event).count();
        assert_eq!(n, 4, "{stream}: {out}");
    }
}

#[tokio::test(start_paused = true)]
async fn a_past_window_ends_the_example_with_exit_1() {
    let (code, out) = run_with(&[
        "--emulator",
        "--stream",
        "compliance-likes",
        "--start-time",
        "2000-01-01T00:00:00Z",
        "--end-time",
        "2000-01-01T00:01:00Z",
    ])
    .await;
    assert_eq!(code, 1, "ended by itself (Finished), not by --count");
    assert!(
        out.is_empty(),
        "nothing in a window before the timeline: {out}"
    );
}

#[tokio::test]
async fn a_missing_partition_is_refused_by_name() {
    let e = try_run_with(&["--emulator", "--stream", "firehose"])
        .await
        .unwrap_err();
    assert!(e.contains("partition"), "{e}");
    assert!(
        Args::try_parse_from(["stream", "--stream", "firehose-fr"]).is_err(),
        "unknown stream names are refused by the parser"
    );
}
