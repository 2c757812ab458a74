//! The `rules` example's `counts` and `connections list|kill` against an emulator this test
//! runs (a stream open on it), as a child process with `X_BEARER_TOKEN` and `--base-url`.

mod support;
use support::deadline;

use std::path::PathBuf;

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::emulator::Emulator;
use tweetstream::{StreamEvent, StreamParams};

/// Runs the example with `args`: (exit code, stdout).
async fn run(exe: &PathBuf, em: &Emulator, args: &[&str]) -> (i32, String) {
    let out = tokio::process::Command::new(exe)
        .args(args)
        .args(["--base-url", em.base_url()])
        .env("X_BEARER_TOKEN", em.bearer_token())
        .output()
        .await
        .expect("run the example");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), stdout)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_and_connections_list_and_kill() {
    let exe = support::example_binary("rules").await;
    let em = Emulator::builder()
        .max_rules(10)
        .rule("cats", None)
        .start()
        .await
        .unwrap();
    let client = em.client_builder().build().unwrap();
    let mut stream = client.sample(StreamParams::new()).unwrap();
    assert!(matches!(
        bounded("connected", stream.next()).await,
        Some(StreamEvent::Connected(_))
    ));

    let (code, out) = run(&exe, &em, &["counts"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("this app: 1 of 10 rules") && out.contains("room for 9 more"),
        "{out}"
    );

    let (code, out) = run(&exe, &em, &["connections", "list"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("sample_stream") && out.ends_with("1 connection(s)\n"),
        "{out}"
    );

    let (code, out) = run(&exe, &em, &["connections", "kill", "--stream", "sample"]).await;
    assert_eq!((code, out.as_str()), (0, "ended 1 connections, 0 failed\n"));
    let (code, out) = run(&exe, &em, &["connections", "kill", "no-such-uuid"]).await;
    assert_eq!(code, 2, "a connection not ended: exit 2: {out}");
    let (code, out) = run(&exe, &em, &["connections", "list", "--all"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("(terminated)"), "{out}");
    let kills: Vec<_> = em
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path)
        .collect();
    assert_eq!(kills, ["/2/connections/sample_stream", "/2/connections"]);
}
