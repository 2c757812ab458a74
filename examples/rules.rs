//! Manage filtered-stream rules from the command line, twarc2 style.
//!
//! ```text
//! cargo run --example rules -- list
//! cargo run --example rules -- add "cat has:images" --tag cats [--dry-run]
//! cargo run --example rules -- delete 1870000000001048577 ... [--dry-run]
//! cargo run --example rules -- delete --value "cat has:images"
//! cargo run --example rules -- clear [--dry-run]
//! cargo run --example rules -- sync rules.txt [--dry-run]
//! cargo run --example rules -- counts
//! cargo run --example rules -- connections list [--all] [--stream sample]
//! cargo run --example rules -- connections kill --stream sample | --all | UUID ...
//! ```
//!
//! The token comes from `X_BEARER_TOKEN`; `--base-url` points elsewhere than api.x.com.
//! Without a token, the built-in emulator is started in-process (with two demo rules), so
//! every command can be tried offline. `--json` prints X's raw answers instead of a summary.
//!
//! A sync file holds one rule per line, `tag: value` or just `value`; blank lines and lines
//! starting with `#` are skipped.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use futures_util::StreamExt as _;
use tweetstream::connections::{Connection, ConnectionStatus, ConnectionsQuery};
use tweetstream::model::RuleId;
use tweetstream::rules::{NewRule, Rule, RuleProblem, RulesQuery, RulesResponse};
use tweetstream::{StreamEndpoint, StreamingClient};

#[derive(Parser)]
#[command(about = "Manage X filtered-stream rules")]
struct Args {
    /// API base URL (default https://api.x.com; needs X_BEARER_TOKEN).
    #[arg(long, global = true)]
    base_url: Option<String>,
    /// Print X's raw JSON answers.
    #[arg(long, global = true)]
    json: bool,
    /// On 429, wait for the rate-limit window to reset and retry.
    #[arg(long, global = true)]
    wait_on_rate_limit: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the active rules.
    List,
    /// Add a rule.
    Add {
        /// The rule text.
        value: String,
        /// Its tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only validate it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete rules by id, or by value with --value.
    Delete {
        /// Rule ids.
        #[arg(required_unless_present = "value", conflicts_with = "value")]
        ids: Vec<u64>,
        /// A rule value to delete (repeatable).
        #[arg(long)]
        value: Vec<String>,
        /// Only validate.
        #[arg(long)]
        dry_run: bool,
    },
    /// Delete every rule.
    Clear {
        /// Only report what would be deleted.
        #[arg(long)]
        dry_run: bool,
    },
    /// Make the active rules exactly those of FILE.
    Sync {
        /// One rule per line: `tag: value` or `value`.
        file: std::path::PathBuf,
        /// Only report what would change.
        #[arg(long)]
        dry_run: bool,
    },
    /// The rule caps and how many rules the app and the project hold.
    Counts,
    /// The app's stream connections (the way out of 429 TooManyConnections).
    Connections {
        #[command(subcommand)]
        action: Connections,
    },
}

#[derive(Subcommand)]
enum Connections {
    /// List the active connections (with --all, past ones too).
    List {
        /// Active and past connections.
        #[arg(long)]
        all: bool,
        /// Only this stream's (filter, sample, ...).
        #[arg(long)]
        stream: Option<StreamEndpoint>,
    },
    /// End connections: one stream's, all of them, or these uuids.
    Kill {
        /// End this stream's connections.
        #[arg(long, conflicts_with_all = ["all", "uuids"])]
        stream: Option<StreamEndpoint>,
        /// End every connection of the app.
        #[arg(long, conflicts_with = "uuids")]
        all: bool,
        /// Connection uuids.
        #[arg(required_unless_present_any = ["stream", "all"])]
        uuids: Vec<String>,
    },
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            if let Some(p) = e.problem() {
                if let Some(errors) = &p.errors {
                    for m in errors.iter().filter_map(|e| e.message.as_deref()) {
                        eprintln!("  {m}");
                    }
                }
            }
            if let Some(at) = e.rate_limit_reset() {
                let secs = at
                    .duration_since(std::time::SystemTime::now())
                    .unwrap_or_default()
                    .as_secs();
                eprintln!("  the rate-limit window resets in {secs} s (try --wait-on-rate-limit)");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<ExitCode, tweetstream::Error> {
    // Keeps the emulator alive for the whole command when there is no token.
    let mut _emulator = None;
    let builder = match std::env::var("X_BEARER_TOKEN") {
        Ok(token) if !token.trim().is_empty() => {
            let b = StreamingClient::builder(token);
            match &args.base_url {
                Some(url) => b.base_url(url),
                None => b,
            }
        }
        _ => {
            if args.base_url.is_some() {
                eprintln!("error: --base-url needs X_BEARER_TOKEN");
                return Ok(ExitCode::FAILURE);
            }
            let em = tweetstream::emulator::Emulator::builder()
                .rule("cats OR dogs", Some("pets"))
                .rule("coffee", None)
                .start()
                .await
                .expect("start the emulator");
            eprintln!(
                "(no X_BEARER_TOKEN: using the built-in emulator at {})",
                em.base_url()
            );
            let b = StreamingClient::builder(em.bearer_token()).base_url(em.base_url());
            _emulator = Some(em);
            b
        }
    };
    let client = builder
        .wait_on_rate_limit(args.wait_on_rate_limit)
        .build()?;
    let json = args.json;

    let refused = match args.command {
        Command::List => {
            if json {
                let mut pages = client.rules_pages(RulesQuery::new());
                while let Some(page) = pages.next().await {
                    print_raw(&page?);
                }
            } else {
                let rules = client.get_rules(&[]).await?;
                for rule in &rules {
                    print_rule(rule);
                }
                println!("{} rule(s)", rules.len());
            }
            0
        }
        Command::Add {
            value,
            tag,
            dry_run,
        } => {
            let rule = NewRule { value, tag };
            let r = if dry_run {
                client.add_rules_dry_run([rule]).await?
            } else {
                client.add_rules([rule]).await?
            };
            report(&r, json, if dry_run { "valid" } else { "created" })
        }
        Command::Delete {
            ids,
            value,
            dry_run,
        } => {
            let ids = ids.into_iter().map(RuleId);
            let r = match (value.is_empty(), dry_run) {
                (true, false) => client.delete_rules(ids).await?,
                (true, true) => client.delete_rules_dry_run(ids).await?,
                (false, false) => client.delete_rules_by_value(value).await?,
                (false, true) => client.delete_rules_by_value_dry_run(value).await?,
            };
            report(&r, json, "")
        }
        Command::Clear { dry_run } => {
            let r = if dry_run {
                client.delete_all_rules_dry_run().await?
            } else {
                client.delete_all_rules().await?
            };
            report(&r, json, "")
        }
        Command::Connections { action } => connections(&client, action).await?,
        Command::Counts => {
            let c = client.rule_counts().await?;
            if json {
                println!("{}", serde_json::to_string(&c).unwrap_or_default());
            } else {
                let app = c
                    .client_app_rules_count
                    .as_ref()
                    .map_or(0, |a| a.rule_count);
                let text = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
                println!("this app: {app} of {} rules", text(&c.cap_per_client_app));
                println!(
                    "project: {} of {} rules",
                    text(&c.project_rules_count),
                    text(&c.cap_per_project)
                );
                if let Some(left) = c.room_left() {
                    println!("room for {left} more");
                }
            }
            0
        }
        Command::Sync { file, dry_run } => {
            let text = match std::fs::read_to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("error: cannot read {}: {e}", file.display());
                    return Ok(ExitCode::FAILURE);
                }
            };
            let desired: Vec<NewRule> = text.lines().filter_map(NewRule::parse_line).collect();
            let report = if dry_run {
                client.sync_rules_dry_run(desired).await?
            } else {
                client.sync_rules(desired).await?
            };
            if json {
                for r in report.responses() {
                    print_raw(r);
                }
            } else {
                for r in report.kept() {
                    println!("kept     {}", line(r));
                }
                for r in report.deleted() {
                    let verb = if dry_run {
                        "would delete  "
                    } else {
                        "deleted  "
                    };
                    println!("{verb}{}", line(r));
                }
                if dry_run {
                    for r in &report.plan().add {
                        println!("would add     {r}");
                    }
                } else {
                    for r in report.created() {
                        println!("created  {}", line(r));
                    }
                }
                print_problems(report.errors());
                println!(
                    "{} kept, {} {}deleted, {} {}added",
                    report.kept().len(),
                    report.deleted().len(),
                    if dry_run { "to be " } else { "" },
                    report.plan().add.len(),
                    if dry_run { "to be " } else { "" },
                );
            }
            report.errors().len()
        }
    };
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn line(rule: &Rule) -> String {
    match &rule.tag {
        Some(tag) => format!("{}  {tag}: {}", rule.id, rule.value),
        None => format!("{}  {}", rule.id, rule.value),
    }
}

fn print_rule(rule: &Rule) {
    println!("{}", line(rule));
}

fn print_raw(r: &RulesResponse) {
    println!("{}", String::from_utf8_lossy(&r.raw));
}

fn print_problems(problems: &[RuleProblem]) {
    for p in problems {
        eprintln!("refused: {p}");
    }
}

/// Prints an add or delete answer; returns how many items X refused.
fn report(r: &RulesResponse, json: bool, verb: &str) -> usize {
    if json {
        print_raw(r);
        return r.errors.len();
    }
    for rule in &r.data {
        println!("{verb} {}", line(rule));
    }
    print_problems(&r.errors);
    let s = r.summary();
    let counts = [
        ("created", s.created),
        ("not created", s.not_created),
        ("valid", s.valid),
        ("invalid", s.invalid),
        ("deleted", s.deleted),
        ("not deleted", s.not_deleted),
    ];
    let text: Vec<String> = counts
        .iter()
        .filter_map(|(name, n)| n.map(|n| format!("{n} {name}")))
        .collect();
    println!("{}", text.join(", "));
    r.errors.len()
}

/// `connections list|kill`: returns how many connections could not be ended.
async fn connections(
    client: &StreamingClient,
    action: Connections,
) -> Result<usize, tweetstream::Error> {
    match action {
        Connections::List { all, stream } => {
            let mut query = ConnectionsQuery::new();
            if all {
                query = query.status(ConnectionStatus::All);
            }
            if let Some(e) = stream {
                query = query.endpoints([e]);
            }
            let list = client.connections_all(query).await?;
            for c in &list {
                print_connection(c);
            }
            println!("{} connection(s)", list.len());
            Ok(0)
        }
        Connections::Kill { stream, all, uuids } => {
            let t = match (stream, all) {
                (Some(e), _) => client.terminate_connections(e).await?,
                (None, true) => client.terminate_all_connections().await?,
                (None, false) => client.terminate_connections_by_uuid(uuids).await?,
            };
            println!("{t}");
            Ok(t.failed_kills as usize)
        }
    }
}

fn print_connection(c: &Connection) {
    let text = |t: &Option<String>| t.clone().unwrap_or_else(|| "-".into());
    let time = |t: &Option<tweetstream::model::Timestamp>| {
        t.as_ref().map_or("-".into(), |t| t.to_string())
    };
    println!(
        "{}  {}  {}  connected {}  ended {} ({})",
        text(&c.id),
        text(&c.endpoint_name),
        text(&c.client_ip),
        time(&c.connected_at),
        time(&c.disconnected_at),
        text(&c.disconnect_reason),
    );
}
