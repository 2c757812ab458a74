//! `tweetstream rules list | add | delete | delete-all | sync`: the filtered stream's rules,
//! with X's reason for every rule it refuses. Exit 1 when X refused any rule.

use std::io::Read as _;

use tweetstream::StreamingClient;
use tweetstream::rules::{NewRule, Rule, RulesResponse};

use crate::args::{RulesArgs, RulesCommand};
use crate::target::{self, EmbeddedSetup, TokenSource};
use crate::words;
use crate::{EXIT_FAILED, EXIT_OK, Failure};

pub async fn run(args: RulesArgs) -> Result<u8, Failure> {
    // Read the file first: a missing one is a usage error before anything starts.
    let desired = match &args.command {
        RulesCommand::Sync { file, .. } => Some(read_rules_file(file)?),
        _ => None,
    };
    let target = target::resolve(
        &args.server,
        EmbeddedSetup {
            rules: &[],
            purpose: "rules are kept only for this command",
        },
    )
    .await?;
    if target.emulator.is_some() {
        eprintln!(
            "(run `tweetstream emulator` and pass its --base-url to keep rules between commands)"
        );
    }
    let source = target.token_source;
    let client = target
        .builder
        .build()
        .map_err(|e| words::error(&e, source))?;
    let fail = |e: tweetstream::Error| words::error(&e, source);
    match args.command {
        RulesCommand::List => {
            let rules = client.get_rules(&[]).await.map_err(fail)?;
            print_rules(&rules);
            Ok(EXIT_OK)
        }
        RulesCommand::Add {
            values,
            tag,
            dry_run,
        } => {
            let rules: Vec<NewRule> = values
                .iter()
                .map(|v| match &tag {
                    Some(t) => NewRule::new(v).tag(t),
                    None => NewRule::new(v),
                })
                .collect();
            let answer = if dry_run {
                client.add_rules_dry_run(rules).await
            } else {
                client.add_rules(rules).await
            }
            .map_err(fail)?;
            let verb = if dry_run { "would add" } else { "added" };
            for r in &answer.data {
                println!("{verb} {}", line(r));
            }
            Ok(refusals(&answer, dry_run))
        }
        RulesCommand::Delete { rules, dry_run } => delete(&client, rules, dry_run, source).await,
        RulesCommand::DeleteAll { dry_run } => {
            let answer = if dry_run {
                client.delete_all_rules_dry_run().await
            } else {
                client.delete_all_rules().await
            }
            .map_err(fail)?;
            let n = answer.summary().deleted.unwrap_or(answer.data.len() as u64);
            let verb = if dry_run { "would delete" } else { "deleted" };
            println!("{verb} {n} rule{}", if n == 1 { "" } else { "s" });
            Ok(refusals(&answer, dry_run))
        }
        RulesCommand::Sync { dry_run, .. } => {
            let desired = desired.unwrap_or_default();
            let report = if dry_run {
                client.sync_rules_dry_run(desired).await
            } else {
                client.sync_rules(desired).await
            }
            .map_err(fail)?;
            let plan = report.plan();
            let (del, add) = if dry_run {
                ("would delete", "would add")
            } else {
                ("deleted", "added")
            };
            for r in &plan.keep {
                println!("kept {}", line(r));
            }
            for r in &plan.delete {
                println!("{del} {}", line(r));
            }
            if dry_run {
                for r in &plan.add {
                    println!("{add} {}", words::shown_rule(&r.value, r.tag.as_deref()));
                }
            } else {
                for r in report.created() {
                    println!("{add} {}", line(r));
                }
            }
            println!(
                "{}: kept {}, {del} {}, {add} {}",
                if dry_run { "dry run" } else { "synced" },
                plan.keep.len(),
                plan.delete.len(),
                if dry_run {
                    plan.add.len()
                } else {
                    report.created().len()
                }
            );
            for problem in report.errors() {
                eprintln!("refused: {}", words::rule_problem(problem));
            }
            Ok(if report.errors().is_empty() {
                EXIT_OK
            } else {
                EXIT_FAILED
            })
        }
    }
}

/// `1234567890 "cats has:images" (tag "cats")`.
fn line(r: &Rule) -> String {
    format!("{} {}", r.id, words::shown_rule(&r.value, r.tag.as_deref()))
}

fn print_rules(rules: &[Rule]) {
    if rules.is_empty() {
        println!("no rules");
        return;
    }
    let id_width = rules
        .iter()
        .map(|r| r.id.to_string().len())
        .max()
        .unwrap_or(2);
    let tag_width = rules
        .iter()
        .map(|r| r.tag.as_deref().unwrap_or("-").chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    println!("{:id_width$}  {:tag_width$}  VALUE", "ID", "TAG");
    for r in rules {
        println!(
            "{:id_width$}  {:tag_width$}  {}",
            r.id.to_string(),
            r.tag.as_deref().unwrap_or("-"),
            r.value
        );
    }
    println!(
        "{} rule{}",
        rules.len(),
        if rules.len() == 1 { "" } else { "s" }
    );
}

/// Prints X's reason for each refused rule; the exit code.
fn refusals(answer: &RulesResponse, dry_run: bool) -> u8 {
    for problem in &answer.errors {
        eprintln!(
            "{}: {}",
            if dry_run {
                "would be refused"
            } else {
                "refused"
            },
            words::rule_problem(problem)
        );
    }
    if answer.errors.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILED
    }
}

/// Deletes by id (all digits) and by value (anything else).
async fn delete(
    client: &StreamingClient,
    rules: Vec<String>,
    dry_run: bool,
    source: TokenSource,
) -> Result<u8, Failure> {
    let fail = |e: tweetstream::Error| words::error(&e, source);
    let (ids, values): (Vec<String>, Vec<String>) = rules
        .into_iter()
        .partition(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit()));
    let mut code = EXIT_OK;
    let verb = if dry_run { "would delete" } else { "deleted" };
    if !ids.is_empty() {
        let ids: Vec<tweetstream::model::RuleId> = ids
            .iter()
            .map(|s| {
                s.parse::<u64>()
                    .map(tweetstream::model::RuleId)
                    .map_err(|_| Failure::Usage(format!("{s} is not a rule id (too large)")))
            })
            .collect::<Result<_, _>>()?;
        let answer = if dry_run {
            client.delete_rules_dry_run(ids).await
        } else {
            client.delete_rules(ids).await
        }
        .map_err(fail)?;
        let n = answer.summary().deleted.unwrap_or(0);
        println!("{verb} {n} rule{} by id", if n == 1 { "" } else { "s" });
        code = code.max(refusals(&answer, dry_run));
    }
    if !values.is_empty() {
        let answer = if dry_run {
            client.delete_rules_by_value_dry_run(values).await
        } else {
            client.delete_rules_by_value(values).await
        }
        .map_err(fail)?;
        let n = answer.summary().deleted.unwrap_or(0);
        println!("{verb} {n} rule{} by value", if n == 1 { "" } else { "s" });
        code = code.max(refusals(&answer, dry_run));
    }
    Ok(code)
}

/// The rules of a file: `tag: value` or `value` a line; `-` reads stdin.
fn read_rules_file(path: &std::path::Path) -> Result<Vec<NewRule>, Failure> {
    let text = if path == std::path::Path::new("-") {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::Usage(format!("cannot read the rules from stdin: {e}")))?;
        s
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?
    };
    Ok(text.lines().filter_map(NewRule::parse_line).collect())
}
