//! Flags that cannot work are refused before anything connects: exit 2, the reason in
//! words on stderr, nothing on stdout, no emulator started, no file created.

mod support;

use support::{assert_no_debug_text, run, scratch, tweetstream};

/// Runs `tweetstream ARGS` and checks a usage error naming `expected`.
fn refused(args: &[&str], expected: &[&str]) -> String {
    let out = run(tweetstream(args));
    assert_eq!(
        out.code,
        Some(2),
        "{args:?} should be a usage error; stderr:\n{}",
        out.stderr
    );
    assert!(
        out.stdout.is_empty(),
        "{args:?} printed on stdout: {}",
        out.stdout
    );
    for e in expected {
        assert!(
            out.stderr.contains(e),
            "{args:?}: {e:?} missing from:\n{}",
            out.stderr
        );
    }
    assert!(
        !out.stderr.contains("emulator at"),
        "{args:?} started an emulator before refusing:\n{}",
        out.stderr
    );
    assert_no_debug_text(&out.stderr);
    out.stderr
}

#[test]
fn a_count_of_zero_is_refused() {
    refused(
        &["stream", "--count", "0"],
        &["--count", "before the first line"],
    );
}

#[test]
fn a_rule_on_a_stream_without_rules_is_refused() {
    refused(
        &["stream", "--stream", "sample", "--rule", "cats"],
        &["--rule", "sample stream takes no rules"],
    );
    refused(
        &[
            "stream",
            "--stream",
            "firehose",
            "--partition",
            "1",
            "--rule",
            "cats",
        ],
        &["firehose stream takes no rules"],
    );
}

#[test]
fn a_line_limit_below_any_real_line_is_refused() {
    refused(
        &["stream", "--max-line-bytes", "10"],
        &["--max-line-bytes 10 B is below 1.0 KiB"],
    );
    refused(&["stream", "--max-line-bytes", "lots"], &["is not a size"]);
}

#[test]
fn a_missing_or_out_of_range_partition_is_refused_in_the_librarys_words() {
    refused(
        &["stream", "--stream", "firehose"],
        &["partition", "is required on the firehose stream (1 to 20)"],
    );
    refused(
        &["stream", "--stream", "firehose-en", "--partition", "9"],
        &["9 is out of range on the firehose-en stream (1 to 8)"],
    );
    refused(
        &["stream", "--stream", "sample", "--partition", "1"],
        &["the sample stream takes no partition"],
    );
}

#[test]
fn unknown_names_are_refused_with_the_known_ones() {
    refused(
        &["stream", "--stream", "firehose-fr"],
        &["unknown stream \"firehose-fr\"", "likes-sample10"],
    );
    refused(
        &[
            "stream",
            "--stream",
            "sample",
            "--tweet-fields",
            "lang,nope",
        ],
        &["tweet.fields", "nope", "--allow-unknown-fields"],
    );
}

#[test]
fn rotation_flags_need_a_file_and_compression_needs_rotation() {
    refused(&["stream", "--rotate", "1MB"], &["--rotate"]);
    let dir = scratch("usage");
    let out = dir.join("t.jsonl");
    let out = out.to_str().unwrap();
    refused(&["stream", out, "--compress"], &["--compress", "--rotate"]);
    refused(
        &["stream", out, "--rotate-every", "soon"],
        &["is not a duration"],
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "a refused run created a file"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn tags_must_pair_with_rules() {
    refused(
        &[
            "stream", "--rule", "a", "--rule", "b", "--rule", "c", "--tag", "x", "--tag", "y",
        ],
        &["2 --tag for 3 --rule"],
    );
}

#[test]
fn a_missing_rules_file_is_refused() {
    refused(
        &["rules", "sync", "/nonexistent/rules.txt"],
        &["cannot read /nonexistent/rules.txt"],
    );
}

#[test]
fn help_lists_every_subcommand() {
    let out = run(tweetstream(&["--help"]));
    assert_eq!(out.code, Some(0));
    for sub in ["stream", "rules", "emulator"] {
        assert!(
            out.stdout.contains(sub),
            "{sub} missing from --help:\n{}",
            out.stdout
        );
    }
}
