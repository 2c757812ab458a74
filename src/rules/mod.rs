//! Filtered-stream rules: add, delete (by id, by value, all), look up (every page, or a
//! stream of pages), count against the caps (`rule_counts`) and reconcile to a desired set, on [`StreamingClient`](crate::StreamingClient).
//!
//! ```no_run
//! use tweetstream::rules::NewRule;
//! use tweetstream::StreamingClient;
//!
//! # async fn run() -> Result<(), tweetstream::Error> {
//! let client = StreamingClient::builder(std::env::var("X_BEARER_TOKEN").unwrap())
//!     .wait_on_rate_limit(true)
//!     .build()?;
//! let added = client.add_rules([NewRule::new("cat has:images").tag("cats")]).await?;
//! for problem in &added.errors {
//!     eprintln!("not added: {problem}");
//! }
//! let report = client.sync_rules(["coffee", "tea"]).await?;
//! println!("deleted {}, created {}", report.deleted().len(), report.created().len());
//! # Ok(()) }
//! ```
//!
//! Every call answers a [`RulesResponse`] (data, includes, errors, meta, status, rate-limit
//! headers, raw body) or a [`tweetstream::Error`](crate::Error) with a kind and the decoded
//! problem. With `wait_on_rate_limit`, a 429 is waited out until `x-rate-limit-reset` (+1 s),
//! a few times at most per call.

mod calls;
mod counts;
mod pages;
mod rate_limit_wait;
mod sync;
mod types;

pub use counts::{AppRuleCount, RuleCounts};
pub use pages::RulePages;
pub use sync::{SyncPlan, SyncReport};
pub use types::{NewRule, Rule, RuleProblem, RulesMeta, RulesQuery, RulesResponse, RulesSummary};
