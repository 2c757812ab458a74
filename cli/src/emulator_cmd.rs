//! `tweetstream emulator`: the library's built-in X API emulator as a standalone server.
//!
//! Plain HTTP on loopback by default: a local test server that any client reaches with
//! `--base-url http://127.0.0.1:PORT` and nothing to trust. With `--tls` it serves HTTPS
//! with a CA made at start, written to a PEM file that clients pass as `--ca-file`.

use std::io::Write as _;
use std::path::PathBuf;

use tweetstream::emulator::{Emulator, Rate as EmRate};

use crate::args::{EmulatorArgs, Rate};
use crate::target::{EMULATOR_TOKEN, TOKEN_VAR};
use crate::{EXIT_OK, Failure};

pub async fn run(args: EmulatorArgs) -> Result<u8, Failure> {
    let rate = match args.rate {
        Rate::PerSecond(n) => EmRate::PerSecond(n),
        Rate::Max => EmRate::AsFastAsRead,
    };
    let mut builder = Emulator::builder()
        .addr(args.addr)
        .rate(rate)
        .seed(args.seed)
        .bearer_token(EMULATOR_TOKEN)
        .tls(args.tls);
    for rule in &args.rules {
        builder = builder.rule(rule, None);
    }
    let em = builder.start().await.map_err(|e| {
        Failure::Failed(format!(
            "could not start the emulator on {}: {e}",
            args.addr
        ))
    })?;
    let mut ca_note = String::new();
    if let Some(pem) = em.ca_pem() {
        let path = args
            .ca_out
            .clone()
            .unwrap_or_else(|| PathBuf::from("tweetstream-emulator-ca.pem"));
        std::fs::write(&path, pem).map_err(|e| {
            Failure::Failed(format!("cannot write the CA to {}: {e}", path.display()))
        })?;
        ca_note = format!(" --ca-file {}", path.display());
    }
    let url = em.base_url();
    // The base URL alone on stdout's first line, for scripts; the how-to on stderr.
    println!("{url}");
    let _ = std::io::stdout().flush();
    eprintln!("emulator listening on {url} (Ctrl-C stops it)");
    eprintln!(
        "reach it from other commands with --base-url {url}{ca_note}; without {TOKEN_VAR} they \
         send its token, {EMULATOR_TOKEN} (with {TOKEN_VAR} set, set it to that)"
    );
    eprintln!("  tweetstream rules add \"cats OR dogs\" --tag pets --base-url {url}{ca_note}");
    eprintln!("  tweetstream stream tweets.jsonl --base-url {url}{ca_note}");
    wait_for_signal().await;
    eprintln!("emulator stopped");
    drop(em);
    Ok(EXIT_OK)
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
