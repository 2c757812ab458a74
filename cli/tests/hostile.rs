//! `tweetstream stream` against a scripted raw TCP server (the root's hostile harness): the
//! exact bytes written, status lines, Ctrl-C and its summary, reconnects with repeats,
//! a line cut by a closed connection, 403 and 401 with X's words and a hint, retries spent.

mod support;

#[allow(dead_code)]
#[path = "../../tests/support/hostile.rs"]
mod hostile;

use hostile::{Act, Hostile, chunk, head, status_with_body, tweet};
use support::{assert_no_debug_text, run, runtime, scratch, spawn, tweetstream};

fn stream_head() -> Vec<u8> {
    head(
        "HTTP/1.1 200 OK",
        &[
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
    )
}

/// `tweetstream stream ARGS --stream sample --base-url URL` with a token.
fn against(server: &Hostile, args: &[&str]) -> std::process::Command {
    let url = server.base_url();
    let mut all = vec!["stream", "--stream", "sample", "--base-url", url.as_str()];
    all.extend_from_slice(args);
    let mut cmd = tweetstream(&all);
    cmd.env("X_BEARER_TOKEN", "test-token-5c1e");
    cmd
}

#[test]
fn lines_are_written_exactly_as_received_with_status_lines_and_a_summary_on_ctrl_c() {
    let rt = runtime();
    // Spacing, key order, an unknown member and escapes: kept byte for byte.
    let odd = br#"{ "data" : {"text":"caf\u00e9 \"quoted\"","id":"2"}, "brand_new": [1, 2.50] }"#;
    let mut body = stream_head();
    body.extend(chunk(&tweet(1)));
    body.extend(chunk(&[&odd[..], b"\r\n"].concat()));
    body.extend(chunk(b"\r\n")); // a keep-alive: not a line
    body.extend(chunk(&tweet(3)));
    let server = rt.block_on(Hostile::start(vec![vec![Act::Send(body), Act::Hold]]));
    let dir = scratch("exact");
    let out = dir.join("out.jsonl");
    let running = spawn(against(
        &server,
        &[out.to_str().unwrap(), "--status-every", "100ms"],
    ));
    let stderr = running.wait_for_stderr("a status line with 3 lines", |e| {
        e.lines()
            .any(|l| l.starts_with("status: ") && l.contains(", 3 lines,"))
    });
    let status = stderr.lines().find(|l| l.starts_with("status: ")).unwrap();
    assert!(
        status.contains("lines/s") && status.contains("0 reconnects"),
        "{status}"
    );
    assert!(status.contains("no problem so far"), "{status}");
    running.signal(libc::SIGINT);
    let done = running.wait();
    assert_eq!(done.code, Some(0), "stderr:\n{}", done.stderr);
    let written = std::fs::read(&out).unwrap();
    let expected = [
        &tweet(1)[..tweet(1).len() - 2],
        b"\n",
        odd,
        b"\n",
        &tweet(3)[..tweet(3).len() - 2],
        b"\n",
    ]
    .concat();
    assert_eq!(
        String::from_utf8_lossy(&written),
        String::from_utf8_lossy(&expected)
    );
    assert!(done.stderr.contains("summary: 3 lines"), "{}", done.stderr);
    assert!(
        done.stderr
            .contains("ended: interrupted (Ctrl-C or SIGTERM)"),
        "{}",
        done.stderr
    );
    assert!(!done.stderr.contains("test-token-5c1e"));
    assert_no_debug_text(&done.stderr);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sigterm_also_ends_with_a_summary() {
    let rt = runtime();
    let mut body = stream_head();
    body.extend(chunk(&tweet(1)));
    let server = rt.block_on(Hostile::start(vec![vec![Act::Send(body), Act::Hold]]));
    let running = spawn(against(&server, &[]));
    running.wait_for_stderr("the connection", |e| {
        e.contains("connected to the sample stream")
    });
    until_stdout_has(&running, "\"id\":\"1\"");
    running.signal(libc::SIGTERM);
    let done = running.wait();
    assert_eq!(done.code, Some(0), "stderr:\n{}", done.stderr);
    assert!(done.stderr.contains("summary: 1 lines"), "{}", done.stderr);
    assert!(
        done.stderr.contains("ended: interrupted"),
        "{}",
        done.stderr
    );
}

fn until_stdout_has(running: &support::Running, what: &str) {
    support::until(&format!("{what} on stdout"), || {
        running.stdout().contains(what)
    });
}

#[test]
fn a_reconnection_is_counted_and_a_re_sent_post_is_written_once() {
    let rt = runtime();
    let mut first = stream_head();
    first.extend(chunk(&tweet(1)));
    first.extend(chunk(&tweet(2)));
    // The second connection re-sends post 2 (as a backfill would), then post 3.
    let mut second = stream_head();
    second.extend(chunk(&tweet(2)));
    second.extend(chunk(&tweet(3)));
    let server = rt.block_on(Hostile::start(vec![
        vec![Act::Send(first), Act::Close],
        vec![Act::Send(second), Act::Hold],
    ]));
    let done = run(against(&server, &["--count", "3"]));
    assert_eq!(done.code, Some(0), "stderr:\n{}", done.stderr);
    assert_eq!(support::ids(&done.stdout), ["1", "2", "3"]);
    let e = &done.stderr;
    assert!(e.contains("connected again (connection 2)"), "{e}");
    assert!(e.contains("2 connections, 1 reconnect,"), "{e}");
    assert!(e.contains("1 repeated post dropped"), "{e}");
    assert!(e.contains("ended: --count reached (3 lines)"), "{e}");
    assert_no_debug_text(e);
}

#[test]
fn a_line_cut_by_a_closed_connection_is_not_written() {
    let rt = runtime();
    let mut first = stream_head();
    first.extend(chunk(&tweet(1)));
    first.extend(chunk(br#"{"data":{"id":"2","te"#));
    let mut second = stream_head();
    second.extend(chunk(&tweet(2)));
    let server = rt.block_on(Hostile::start(vec![
        vec![Act::Send(first), Act::Close],
        vec![Act::Send(second), Act::Hold],
    ]));
    let done = run(against(&server, &["--count", "2"]));
    assert_eq!(done.code, Some(0), "stderr:\n{}", done.stderr);
    assert_eq!(
        done.stdout,
        "{\"data\":{\"id\":\"1\",\"text\":\"t1\"}}\n{\"data\":{\"id\":\"2\",\"text\":\"t2\"}}\n"
    );
}

#[test]
fn a_403_says_xs_words_and_what_to_do_about_the_token() {
    let rt = runtime();
    let problem = br#"{"client_id":"101","detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"}"#;
    let server = rt.block_on(Hostile::start(vec![vec![
        Act::Send(status_with_body("HTTP/1.1 403 Forbidden", &[], problem)),
        Act::Close,
    ]]));
    let done = run(against(&server, &[]));
    assert_eq!(done.code, Some(1), "stderr:\n{}", done.stderr);
    let e = &done.stderr;
    assert!(
        e.contains("HTTP 403: Client Forbidden: When authenticating requests"),
        "{e}"
    );
    assert!(
        e.contains("ended: the server answered 403 (Client Forbidden"),
        "{e}"
    );
    assert!(e.contains("hint: the bearer token read from X_BEARER_TOKEN was accepted, but its app has no access"), "{e}");
    assert!(!e.contains("test-token-5c1e"));
    assert_no_debug_text(e);
}

#[test]
fn spent_retries_end_the_run_with_exit_1_and_the_reason() {
    let rt = runtime();
    let unavailable = br#"{"title":"Service Unavailable","detail":"Service Unavailable","type":"about:blank","status":503}"#;
    let server = rt.block_on(Hostile::start(vec![vec![
        Act::Send(status_with_body(
            "HTTP/1.1 503 Service Unavailable",
            &[],
            unavailable,
        )),
        Act::Close,
    ]]));
    let done = run(against(&server, &["--max-retries", "0"]));
    assert_eq!(done.code, Some(1), "stderr:\n{}", done.stderr);
    let e = &done.stderr;
    assert!(
        e.contains("HTTP 503: Service Unavailable: Service Unavailable; not retrying"),
        "{e}"
    );
    assert!(
        e.contains("ended: gave up after 1 failed attempt in a row"),
        "{e}"
    );
    assert_no_debug_text(e);
}
