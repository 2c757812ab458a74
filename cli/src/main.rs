//! `tweetstream`: collect any X API v2 stream to JSONL files, manage the filtered stream's
//! rules, and run the built-in X API emulator. Built on the `tweetstream` library's public
//! API only; every message is for a person to read (no Debug text), and the bearer token
//! is never printed.

// The doc comments on the clap structs are the `--help` text a person reads, written for
// the terminal (plain URLs, `[user:pass@]`), not rustdoc links.
#![allow(rustdoc::bare_urls, rustdoc::broken_intra_doc_links)]

mod args;
mod connections_cmd;
mod emulator_cmd;
mod output;
mod rules_cmd;
mod stream_cmd;
mod target;
mod words;

use std::process::ExitCode;

use clap::Parser as _;

use crate::args::{Cli, Command};

/// Exit code: the work is done (or stopped as asked).
pub const EXIT_OK: u8 = 0;
/// Exit code: a fatal answer from X, or an error (the reason is on stderr).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: a usage error (flags that cannot work), refused before connecting.
pub const EXIT_USAGE: u8 = 2;

/// Why a command failed: what to say, and which exit code.
#[derive(Debug)]
pub enum Failure {
    /// A usage error (exit 2): flags that cannot work together, refused before connecting.
    Usage(String),
    /// A fatal answer or error (exit 1).
    Failed(String),
}

impl Failure {
    fn code(&self) -> u8 {
        match self {
            Failure::Usage(_) => EXIT_USAGE,
            Failure::Failed(_) => EXIT_FAILED,
        }
    }

    fn message(&self) -> &str {
        match self {
            Failure::Usage(m) | Failure::Failed(m) => m,
        }
    }
}

// One thread: the stream drives its own connection; the emulator, when one runs in this
// process, shares it (a worker thread would only add wake-ups).
fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tweetstream: could not start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Stream(args) => stream_cmd::run(*args).await,
            Command::Rules(args) => rules_cmd::run(args).await,
            Command::Connections(args) => connections_cmd::run(args).await,
            Command::Emulator(args) => emulator_cmd::run(args).await,
        }
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            eprintln!("tweetstream: {}", failure.message());
            ExitCode::from(failure.code())
        }
    }
}
