//! The stream example's `--stream`, `--partition`, `--start-time`, `--end-time`, `--gzip`
//! and `--recover` flags, against the built-in emulator.

#[allow(dead_code)]
#[path = "../examples/stream.rs"]
mod stream_example;

use clap::Parser as _;
use stream_example::{Args, run};

async fn run_with(args: &[&str]) -> Result<(u8, String), String> {
    let args = Args::parse_from(std::iter::once("stream").chain(args.iter().copied()));
    let mut out = Vec::new();
    let code = run(args, &mut out).await?;
    Ok((code, String::from_utf8(out).expect("utf-8 output")))
}

#[tokio::test(start_paused = true)]
async fn jsonl_names_compliance_like_and_label_events() {
    for (stream, partition, event) in [
        ("compliance-users", Some("3"), "compliance"),
        ("likes-firehose", Some("20"), "like"),
        ("labels", None, "label"),
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
        let (code, out) = run_with(&args).await.unwrap();
        assert_eq!(code, 0);
        let events: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
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
    .await
    .unwrap();
    assert_eq!(code, 1, "ended by itself (Finished), not by --count");
    assert!(
        out.is_empty(),
        "nothing in a window before the timeline: {out}"
    );
}

#[tokio::test]
async fn a_missing_partition_is_refused_by_name() {
    let e = run_with(&["--emulator", "--stream", "firehose"])
        .await
        .unwrap_err();
    assert!(e.contains("partition"), "{e}");
    assert!(
        Args::try_parse_from(["stream", "--stream", "firehose-fr"]).is_err(),
        "unknown stream names are refused by the parser"
    );
}
