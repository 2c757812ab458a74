//! The command line: subcommands and flags (clap derive). Values are parsed into their
//! types here (durations with humantime, sizes with bytesize, stream names by the
//! library), so a bad value is a usage error (exit 2) before anything connects.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use tweetstream::StreamEndpoint;

/// Collect any X API v2 stream to JSONL files, manage the filtered stream's rules, run the
/// built-in X API emulator.
///
/// The bearer token is read from X_BEARER_TOKEN. Without it, every command uses a built-in
/// emulator (and says so on stderr).
#[derive(Parser, Debug)]
#[command(name = "tweetstream", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Stream X's lines, exactly as received, to OUTFILE (appended) or to stdout.
    Stream(Box<StreamArgs>),
    /// List, add, delete and sync the filtered stream's rules.
    Rules(RulesArgs),
    /// List the app's stream connections, or end them (the way out of TooManyConnections).
    Connections(ConnectionsArgs),
    /// Run the built-in X API emulator as a server for other invocations (--base-url).
    Emulator(EmulatorArgs),
}

/// Where requests go.
#[derive(Args, Debug, Clone, Default)]
pub struct Server {
    /// API base URL [default: https://api.x.com, or a built-in emulator without
    /// X_BEARER_TOKEN]. `tweetstream emulator` prints the one that reaches it.
    #[arg(long, value_name = "URL", global = true)]
    pub base_url: Option<String>,
    /// A PEM file with one more CA to trust (the one `tweetstream emulator --tls` writes).
    #[arg(long, value_name = "FILE", global = true)]
    pub ca_file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct StreamArgs {
    /// Append the lines to this file (created if missing; run again on it to resume).
    /// Without it, or with `-`, lines go to stdout.
    #[arg(value_name = "OUTFILE")]
    pub outfile: Option<PathBuf>,

    /// Which stream: filter, sample, sample10, firehose, firehose-en, firehose-ja,
    /// firehose-ko, firehose-pt, compliance-posts, compliance-users, compliance-likes,
    /// likes-firehose, likes-sample10, labels.
    #[arg(long, value_name = "NAME", default_value = "filter")]
    pub stream: StreamEndpoint,
    /// The partition to receive (required on the partitioned streams).
    #[arg(long, value_name = "N")]
    pub partition: Option<u32>,

    /// Add this rule before streaming (filter stream only; repeatable).
    #[arg(long = "rule", value_name = "VALUE")]
    pub rules: Vec<String>,
    /// The tag of the --rule values: once for all of them, or once per --rule in order.
    #[arg(long = "tag", value_name = "TAG", requires = "rules")]
    pub tags: Vec<String>,

    /// tweet.fields (comma list, repeatable).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub tweet_fields: Vec<String>,
    /// user.fields (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub user_fields: Vec<String>,
    /// media.fields (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub media_fields: Vec<String>,
    /// poll.fields (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub poll_fields: Vec<String>,
    /// place.fields (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub place_fields: Vec<String>,
    /// expansions (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub expansions: Vec<String>,
    /// like_with_tweet_author.fields on the likes streams (comma list).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub like_fields: Vec<String>,
    /// Send field and expansion names this version does not know (X may have added them).
    #[arg(long)]
    pub allow_unknown_fields: bool,
    /// start_time (RFC 3339) on every stream but sample.
    #[arg(long, value_name = "TIME")]
    pub start_time: Option<String>,
    /// end_time (RFC 3339); the run ends once it has passed.
    #[arg(long, value_name = "TIME")]
    pub end_time: Option<String>,
    /// Ask for up to 5 minutes of posts from before the connection (X's backfill).
    #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(0..=5))]
    pub backfill_minutes: Option<u32>,

    /// Ask X for a gzip-compressed stream (less bandwidth; the lines written are the same).
    #[arg(long)]
    pub gzip: bool,
    /// After a reconnection, ask for backfill covering the gap and drop what comes twice.
    #[arg(long)]
    pub recover: bool,
    /// Stop after N lines written (exit 0).
    #[arg(long, value_name = "N", value_parser = parse_count)]
    pub count: Option<u64>,
    /// At most N further attempts after a failure, in a row [default: unlimited].
    #[arg(long, value_name = "N")]
    pub max_retries: Option<u32>,
    /// The longest line accepted (e.g. 1MiB); a longer one is skipped and the
    /// connection restarted [default: 4MiB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_line_bytes: Option<u64>,
    /// No byte (not even a keep-alive) for this long means the connection stalled
    /// [default: 30s].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub stall_timeout: Option<Duration>,
    /// An HTTP CONNECT proxy, http://[user:pass@]host:port.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,

    /// Start a new file once the current one would pass SIZE (e.g. 100MB, 1GiB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, requires = "outfile")]
    pub rotate: Option<u64>,
    /// Start a new file every DURATION (e.g. 1h, 1day).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "outfile")]
    pub rotate_every: Option<Duration>,
    /// Gzip each file once it is closed (needs --rotate or --rotate-every).
    #[arg(long)]
    pub compress: bool,

    /// Without a terminal on stderr: a status line this often (e.g. 10s, 5m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s")]
    pub status_every: Duration,

    #[command(flatten)]
    pub server: Server,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
    #[command(flatten)]
    pub server: Server,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the active rules: id, tag and value.
    List,
    /// Add one or more rules.
    Add {
        /// The rule values (X's rule syntax; quote each one).
        #[arg(required = true, value_name = "VALUE")]
        values: Vec<String>,
        /// The tag of the new rules.
        #[arg(long, value_name = "TAG")]
        tag: Option<String>,
        /// Only ask X to check the rules; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete rules by id (digits) or by value.
    Delete {
        #[arg(required = true, value_name = "ID_OR_VALUE")]
        rules: Vec<String>,
        /// Only ask X to check; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete every rule.
    DeleteAll {
        /// Only say what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// Make the active rules exactly those of FILE: one rule a line, `tag: value` or
    /// `value`; blank lines and `#` comments skipped; `-` reads stdin.
    Sync {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Only say what would change; change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Args, Debug)]
pub struct ConnectionsArgs {
    #[command(subcommand)]
    pub command: ConnectionsCommand,
    #[command(flatten)]
    pub server: Server,
}

#[derive(Subcommand, Debug)]
pub enum ConnectionsCommand {
    /// List the active stream connections: uuid, stream, address, since when.
    List {
        /// Ended connections too, with when and why they ended.
        #[arg(long)]
        all: bool,
    },
    /// End stream connections: every one, one stream's, or these uuids. This ends other
    /// processes' streams too.
    Kill {
        /// End every stream connection of the app.
        #[arg(long, conflicts_with_all = ["stream", "uuids"])]
        all: bool,
        /// End the connections to this stream (`filter`, `sample`, `firehose`, ...).
        #[arg(long, value_name = "NAME", conflicts_with = "uuids")]
        stream: Option<String>,
        /// End these connections (uuids from `connections list`).
        #[arg(value_name = "UUID")]
        uuids: Vec<String>,
    },
}

#[derive(Args, Debug)]
pub struct EmulatorArgs {
    /// The address to listen on (a port of 0 lets the system choose).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:0")]
    pub addr: SocketAddr,
    /// Posts a second on each stream, or `max` for as fast as the client reads.
    #[arg(long, value_name = "N|max", default_value = "10", value_parser = parse_rate)]
    pub rate: Rate,
    /// Seed of the post generator (same seed, same posts).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Preload a filtered-stream rule (repeatable).
    #[arg(long = "rule", value_name = "VALUE")]
    pub rules: Vec<String>,
    /// Serve HTTPS with a CA made at start, written to --ca-out (default
    /// tweetstream-emulator-ca.pem): clients trust it with --ca-file.
    #[arg(long)]
    pub tls: bool,
    /// Where --tls writes the CA certificate (PEM).
    #[arg(long, value_name = "FILE", requires = "tls")]
    pub ca_out: Option<PathBuf>,
}

/// The emulator's post rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    PerSecond(f64),
    Max,
}

fn parse_rate(s: &str) -> Result<Rate, String> {
    if s.eq_ignore_ascii_case("max") {
        return Ok(Rate::Max);
    }
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(Rate::PerSecond(n)),
        _ => Err(format!(
            "{s:?} is not a rate: give posts a second (e.g. 10, 0.5) or `max`"
        )),
    }
}

fn parse_count(s: &str) -> Result<u64, String> {
    match s.parse::<u64>() {
        Ok(0) => Err("0 lines would stop before the first line: give 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{s:?} is not a whole number of lines")),
    }
}

pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(s)
        .map_err(|e| format!("{s:?} is not a duration ({e}); e.g. 30s, 10m, 1h, 1day"))?;
    if d.is_zero() {
        return Err("a duration of zero cannot work; e.g. 30s, 10m, 1h".into());
    }
    Ok(d)
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let size: bytesize::ByteSize = s
        .trim()
        .parse()
        .map_err(|e| format!("{s:?} is not a size ({e}); e.g. 64KiB, 100MB, 1GiB"))?;
    if size.as_u64() == 0 {
        return Err("a size of zero cannot work; e.g. 64KiB, 100MB, 1GiB".into());
    }
    Ok(size.as_u64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_as_people_write_them() {
        assert_eq!(parse_size("100MB"), Ok(100_000_000));
        assert_eq!(parse_size("1GiB"), Ok(1 << 30));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("lots").unwrap_err().contains("is not a size"));
        assert!(parse_size("0").is_err());
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("90s"), Ok(Duration::from_secs(90)));
        assert!(
            parse_duration("soon")
                .unwrap_err()
                .contains("not a duration")
        );
        assert!(parse_duration("0s").is_err());
        assert_eq!(parse_rate("max"), Ok(Rate::Max));
        assert_eq!(parse_rate("2.5"), Ok(Rate::PerSecond(2.5)));
        assert!(parse_rate("-1").is_err());
        assert!(
            parse_count("0")
                .unwrap_err()
                .contains("before the first line")
        );
    }
}
