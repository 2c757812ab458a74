//! `tweetstream emulator` as a standalone server: rules added through one process are seen
//! by `rules list` through another and by `stream`; with --tls, clients trust its CA with
//! --ca-file.

mod support;

use support::{Running, assert_no_debug_text, run, scratch, spawn, tweetstream, until};

/// Starts `tweetstream emulator ARGS` and returns it with its base URL (stdout's first line).
fn emulator(args: &[&str]) -> (Running, String) {
    let mut all = vec!["emulator"];
    all.extend_from_slice(args);
    let em = spawn(tweetstream(&all));
    until("the emulator's base URL", || em.stdout().contains('\n'));
    let url = em.stdout().lines().next().unwrap().to_owned();
    assert!(url.starts_with("http"), "{url}");
    (em, url)
}

#[test]
fn rules_added_through_one_process_are_seen_by_another_and_by_the_stream() {
    let (em, url) = emulator(&[]);
    let banner = em.wait_for_stderr("the banner", |e| e.contains("--base-url"));
    assert!(banner.contains(&format!("--base-url {url}")), "{banner}");
    assert!(banner.contains("emulator-token"), "{banner}");

    let add = run(tweetstream(&[
        "rules",
        "add",
        "cats OR dogs",
        "--tag",
        "pets",
        "--base-url",
        &url,
    ]));
    assert_eq!(add.code, Some(0), "stderr:\n{}", add.stderr);
    assert!(add.stdout.starts_with("added "), "{}", add.stdout);
    assert!(
        add.stdout.contains("\"cats OR dogs\" (tag \"pets\")"),
        "{}",
        add.stdout
    );
    assert!(
        add.stderr
            .contains("no X_BEARER_TOKEN: sending the emulator's token"),
        "{}",
        add.stderr
    );

    let list = run(tweetstream(&["rules", "list", "--base-url", &url]));
    assert_eq!(list.code, Some(0), "stderr:\n{}", list.stderr);
    assert!(
        list.stdout.contains("pets  cats OR dogs"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.ends_with("1 rule\n"), "{}", list.stdout);

    // A refused rule shows X's reason; a dry run changes nothing.
    let bad = run(tweetstream(&["rules", "add", "(cats", "--base-url", &url]));
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr.contains("refused: \"(cats\": not a valid rule"),
        "{}",
        bad.stderr
    );
    let dry = run(tweetstream(&[
        "rules",
        "add",
        "birds",
        "--dry-run",
        "--base-url",
        &url,
    ]));
    assert_eq!(dry.code, Some(0), "stderr:\n{}", dry.stderr);
    assert!(dry.stdout.starts_with("would add "), "{}", dry.stdout);

    let stream = run(tweetstream(&["stream", "--count", "3", "--base-url", &url]));
    assert_eq!(stream.code, Some(0), "stderr:\n{}", stream.stderr);
    let lines: Vec<&str> = stream.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines.iter().all(|l| l.contains("\"tag\":\"pets\"")),
        "{}",
        stream.stdout
    );

    // sync makes the set exactly the file's; delete-all empties it.
    let dir = scratch("sync");
    let file = dir.join("rules.txt");
    std::fs::write(
        &file,
        "# wanted\nnews: news OR weather\npets: cats OR dogs\n",
    )
    .unwrap();
    let sync = run(tweetstream(&[
        "rules",
        "sync",
        file.to_str().unwrap(),
        "--base-url",
        &url,
    ]));
    assert_eq!(sync.code, Some(0), "stderr:\n{}", sync.stderr);
    assert!(
        sync.stdout.contains("synced: kept 1, deleted 0, added 1"),
        "{}",
        sync.stdout
    );
    let list = run(tweetstream(&["rules", "list", "--base-url", &url]));
    assert!(
        list.stdout.contains("news  news OR weather"),
        "{}",
        list.stdout
    );
    let all = run(tweetstream(&["rules", "delete-all", "--base-url", &url]));
    assert_eq!(all.stdout, "deleted 2 rules\n");
    let list = run(tweetstream(&["rules", "list", "--base-url", &url]));
    assert_eq!(list.stdout, "no rules\n");
    for out in [&add, &bad, &dry, &stream, &sync, &all] {
        assert_no_debug_text(&out.stderr);
    }

    em.signal(libc::SIGINT);
    let stopped = em.wait();
    assert_eq!(stopped.code, Some(0), "stderr:\n{}", stopped.stderr);
    assert!(stopped.stderr.contains("emulator stopped"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn with_tls_clients_trust_the_ca_it_writes() {
    let dir = scratch("tls");
    let ca = dir.join("ca.pem");
    let (em, url) = emulator(&["--tls", "--ca-out", ca.to_str().unwrap()]);
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    assert!(
        std::fs::read_to_string(&ca)
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );

    let trusted = run(tweetstream(&[
        "rules",
        "list",
        "--base-url",
        &url,
        "--ca-file",
        ca.to_str().unwrap(),
    ]));
    assert_eq!(trusted.code, Some(0), "stderr:\n{}", trusted.stderr);
    assert_eq!(trusted.stdout, "no rules\n");

    let untrusted = run(tweetstream(&["rules", "list", "--base-url", &url]));
    assert_eq!(untrusted.code, Some(1), "stderr:\n{}", untrusted.stderr);
    assert!(
        untrusted.stderr.to_lowercase().contains("certificate"),
        "{}",
        untrusted.stderr
    );
    drop(em);
    std::fs::remove_dir_all(dir).unwrap();
}

/// `connections list` shows a running sample stream's connection; `connections kill --stream`
/// ends it (the stream hears X's termination and reconnects, as a client of X would);
/// `list --all` keeps the ended one with its reason; `kill` without a target is a usage error.
#[test]
fn connections_are_listed_and_killed_across_processes() {
    let (_em, url) = emulator(&[]);
    let collector = spawn(tweetstream(&[
        "stream",
        "--stream",
        "sample",
        "--base-url",
        &url,
    ]));
    collector.wait_for_stderr("the connection", |e| {
        e.contains("connected to the sample stream")
    });

    let list = run(tweetstream(&["connections", "list", "--base-url", &url]));
    assert_eq!(list.code, Some(0), "stderr:\n{}", list.stderr);
    let rows: Vec<&str> = list.stdout.lines().collect();
    assert_eq!(rows.len(), 3, "{}", list.stdout); // head, one connection, count
    assert!(rows[0].starts_with("UUID"), "{}", list.stdout);
    assert!(
        rows[1].contains("  sample  ") && rows[1].ends_with("active"),
        "{}",
        list.stdout
    );
    let uuid = rows[1].split_whitespace().next().unwrap().to_owned();

    let usage = run(tweetstream(&["connections", "kill", "--base-url", &url]));
    assert_eq!(usage.code, Some(2), "{}", usage.stderr);
    assert!(
        usage
            .stderr
            .contains("--all, --stream NAME, or their uuids"),
        "{}",
        usage.stderr
    );

    let kill = run(tweetstream(&[
        "connections",
        "kill",
        "--stream",
        "sample",
        "--base-url",
        &url,
    ]));
    assert_eq!(kill.code, Some(0), "stderr:\n{}", kill.stderr);
    assert_eq!(kill.stdout, "ended 1 connection\n");
    collector.wait_for_stderr("the reconnection", |e| e.contains("connected again"));

    let all = run(tweetstream(&[
        "connections",
        "list",
        "--all",
        "--base-url",
        &url,
    ]));
    assert_eq!(all.code, Some(0), "stderr:\n{}", all.stderr);
    let ended = all
        .stdout
        .lines()
        .find(|l| l.starts_with(&uuid))
        .expect("the ended one");
    assert!(
        ended.contains("ended ") && ended.ends_with("(terminated)"),
        "{}",
        all.stdout
    );
    assert!(all.stdout.ends_with("2 connections\n"), "{}", all.stdout);
    assert_no_debug_text(&all.stdout);
    collector.signal(libc::SIGTERM);
    assert_eq!(collector.wait().code, Some(0));
}
