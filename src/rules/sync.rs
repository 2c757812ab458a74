//! Reconciling the active rule set to a desired one: the pure difference, and the report.

use std::collections::HashMap;

use serde::Serialize;

use super::types::{NewRule, Rule, RuleProblem, RulesResponse};
use crate::error::Error;

/// What [`sync_rules`](crate::StreamingClient::sync_rules) has to do: the difference between
/// the active rules and the desired ones, by value and tag.
///
/// A rule whose value is active with another tag is deleted and added again, since X
/// cannot update a tag.
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::builder().rule("coffee", Some("hot")).rule("tea", None).start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let plan = client.sync_rules_dry_run([("coffee", "drinks")]).await.unwrap().plan().clone();
/// assert_eq!(plan.keep, []);
/// assert_eq!(plan.delete.len(), 2); // "tea", and "coffee" under its old tag
/// assert_eq!(plan.add, [NewRule::new("coffee").tag("drinks")]);
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncPlan {
    /// Active rules already as desired.
    pub keep: Vec<Rule>,
    /// Active rules not desired, or desired with another tag.
    pub delete: Vec<Rule>,
    /// Desired rules not active, or active with another tag.
    pub add: Vec<NewRule>,
}

impl SyncPlan {
    /// Whether there is nothing to do.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("coffee", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// assert!(client.sync_rules_dry_run(["coffee"]).await.unwrap().plan().is_empty());
    /// assert!(!client.sync_rules_dry_run(["tea"]).await.unwrap().plan().is_empty());
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.delete.is_empty() && self.add.is_empty()
    }

    /// The values of the rules deleted only to be added again with a new tag.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("coffee", Some("hot")).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules_dry_run([("coffee", "drinks"), ("tea", "drinks")]).await.unwrap();
    /// assert_eq!(report.plan().retagged().collect::<Vec<_>>(), ["coffee"]);
    /// # }
    /// ```
    pub fn retagged(&self) -> impl Iterator<Item = &str> + '_ {
        self.add.iter().filter_map(|n| {
            self.delete
                .iter()
                .any(|d| d.value == n.value)
                .then_some(n.value.as_str())
        })
    }
}

/// An empty tag is no tag.
fn tag(t: &Option<String>) -> Option<&str> {
    t.as_deref().filter(|t| !t.is_empty())
}

/// Computes the plan. Refuses (naming `desired`) an empty value, or one value desired
/// with two different tags; the same rule listed twice counts once.
pub(crate) fn plan(active: &[Rule], desired: &[NewRule]) -> Result<SyncPlan, Error> {
    let mut wanted: Vec<&NewRule> = Vec::with_capacity(desired.len());
    let mut by_value: HashMap<&str, Option<&str>> = HashMap::with_capacity(desired.len());
    for rule in desired {
        if rule.value.trim().is_empty() {
            return Err(Error::parameter(
                "desired",
                "has a rule with an empty value",
            ));
        }
        match by_value.get(rule.value.as_str()) {
            Some(t) if *t == tag(&rule.tag) => {}
            Some(_) => {
                return Err(Error::parameter(
                    "desired",
                    format!("has the value {:?} twice with different tags", rule.value),
                ));
            }
            None => {
                by_value.insert(&rule.value, tag(&rule.tag));
                wanted.push(rule);
            }
        }
    }
    let mut out = SyncPlan::default();
    let mut kept: HashMap<&str, ()> = HashMap::new();
    for rule in active {
        let matches = by_value.get(rule.value.as_str()) == Some(&tag(&rule.tag));
        if matches && kept.insert(&rule.value, ()).is_none() {
            out.keep.push(rule.clone());
        } else {
            out.delete.push(rule.clone());
        }
    }
    for rule in wanted {
        if !kept.contains_key(rule.value.as_str()) {
            out.add.push(NewRule {
                value: rule.value.clone(),
                tag: tag(&rule.tag).map(str::to_owned),
            });
        }
    }
    Ok(out)
}

/// What [`sync_rules`](crate::StreamingClient::sync_rules) did (or, in a dry run, would do).
///
/// ```
/// # use tweetstream::emulator::Emulator;
/// # use tweetstream::prelude::*;
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::builder().rule("old", None).start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let report: SyncReport = client.sync_rules_dry_run(["new"]).await.unwrap();
/// assert!(report.is_dry_run());
/// assert_eq!(report.deleted()[0].value, "old");
/// assert_eq!(em.rules()[0].1, "old"); // a dry run changes nothing
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SyncReport {
    pub(crate) dry_run: bool,
    pub(crate) plan: SyncPlan,
    pub(crate) created: Vec<Rule>,
    pub(crate) errors: Vec<RuleProblem>,
    pub(crate) responses: Vec<RulesResponse>,
}

impl SyncReport {
    /// Whether this was a dry run (nothing changed).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// assert!(client.sync_rules_dry_run(["cats"]).await.unwrap().is_dry_run());
    /// assert!(!client.sync_rules(["cats"]).await.unwrap().is_dry_run());
    /// # }
    /// ```
    pub fn is_dry_run(&self) -> bool {
        self.dry_run
    }

    /// The difference that was acted on.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cats", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["cats"]).await.unwrap();
    /// assert!(report.plan().is_empty()); // already in place
    /// # }
    /// ```
    pub fn plan(&self) -> &SyncPlan {
        &self.plan
    }

    /// Rules X refused to add or delete, and why (partial failures; the call still
    /// succeeded).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["dogs (puppies"]).await.unwrap();
    /// assert_eq!(report.errors().len(), 1);
    /// assert!(report.errors()[0].to_string().contains("dogs (puppies"));
    /// # }
    /// ```
    pub fn errors(&self) -> &[RuleProblem] {
        &self.errors
    }

    /// X's answers: the delete's, then the add's, when each was sent.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("old", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["new"]).await.unwrap();
    /// assert_eq!(report.responses().len(), 2); // a delete and an add
    /// # }
    /// ```
    pub fn responses(&self) -> &[RulesResponse] {
        &self.responses
    }

    /// Whether the active set now matches (no partial failure).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// assert!(client.sync_rules(["cats"]).await.unwrap().is_clean());
    /// // X refuses an unbalanced parenthesis: reported, not an `Err`.
    /// let report = client.sync_rules(["cats", "dogs (puppies"]).await.unwrap();
    /// assert!(!report.is_clean());
    /// assert_eq!(report.errors()[0].value.as_deref(), Some("dogs (puppies"));
    /// # }
    /// ```
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Rules left as they were.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cats", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["cats", "dogs"]).await.unwrap();
    /// assert_eq!(report.kept()[0].value, "cats");
    /// # }
    /// ```
    pub fn kept(&self) -> &[Rule] {
        &self.plan.keep
    }

    /// Rules deleted (dry run: that would be).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cats", None).rule("dogs", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["cats"]).await.unwrap();
    /// assert_eq!(report.deleted().iter().map(|r| r.value.as_str()).collect::<Vec<_>>(), ["dogs"]);
    /// # }
    /// ```
    pub fn deleted(&self) -> &[Rule] {
        &self.plan.delete
    }

    /// Rules X created, with their new ids (dry run: those it validated; a retagged rule
    /// cannot be validated in a dry run, as its value is still active).
    ///
    /// ```no_run
    /// # async fn run(client: tweetstream::StreamingClient) -> Result<(), tweetstream::Error> {
    /// let report = client.sync_rules(["coffee", "tea"]).await?;
    /// println!("kept {}, deleted {}, created {}",
    ///     report.kept().len(), report.deleted().len(), report.created().len());
    /// # Ok(()) }
    /// ```
    pub fn created(&self) -> &[Rule] {
        &self.created
    }
}

/// `kept 2, deleted 1, created 3`, then `(dry run)` and each refused rule with its reason.
///
/// ```no_run
/// # async fn run(client: tweetstream::StreamingClient) -> Result<(), tweetstream::Error> {
/// let report = client.sync_rules(["coffee", "tea"]).await?;
/// println!("{report}"); // kept 1, deleted 0, created 1
/// # Ok(()) }
/// ```
impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "kept {}, deleted {}, created {}",
            self.kept().len(),
            self.deleted().len(),
            self.created().len()
        )?;
        if self.dry_run {
            f.write_str(" (dry run)")?;
        }
        for problem in &self.errors {
            write!(f, "; refused: {problem}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleId;

    fn r(id: u64, value: &str, tag: Option<&str>) -> Rule {
        Rule {
            id: RuleId(id),
            value: value.into(),
            tag: tag.map(Into::into),
        }
    }

    fn n(value: &str, t: Option<&str>) -> NewRule {
        NewRule {
            value: value.into(),
            tag: t.map(Into::into),
        }
    }

    #[test]
    fn from_empty_everything_is_added() {
        let p = plan(&[], &[n("a", None), n("b", Some("t"))]).unwrap();
        assert_eq!(p.keep, []);
        assert_eq!(p.delete, []);
        assert_eq!(p.add, [n("a", None), n("b", Some("t"))]);
    }

    #[test]
    fn to_empty_everything_is_deleted() {
        let active = [r(1, "a", None), r(2, "b", Some("t"))];
        let p = plan(&active, &[]).unwrap();
        assert_eq!(p.delete, active);
        assert!(p.add.is_empty() && p.keep.is_empty());
    }

    #[test]
    fn identical_sets_do_nothing_whatever_the_order() {
        let active = [r(1, "a", None), r(2, "b", Some("t"))];
        let p = plan(&active, &[n("b", Some("t")), n("a", None)]).unwrap();
        assert!(p.is_empty());
        assert_eq!(p.keep, active);
    }

    #[test]
    fn mixed_sets_with_a_changed_tag() {
        let active = [
            r(1, "keep", Some("k")),
            r(2, "extra", None),
            r(3, "retag", Some("old")),
            r(4, "untag", Some("x")),
        ];
        let desired = [
            n("keep", Some("k")),
            n("retag", Some("new")),
            n("untag", None),
            n("new", None),
        ];
        let p = plan(&active, &desired).unwrap();
        assert_eq!(p.keep, [r(1, "keep", Some("k"))]);
        assert_eq!(
            p.delete,
            [
                r(2, "extra", None),
                r(3, "retag", Some("old")),
                r(4, "untag", Some("x"))
            ]
        );
        assert_eq!(
            p.add,
            [n("retag", Some("new")), n("untag", None), n("new", None)]
        );
        assert_eq!(p.retagged().collect::<Vec<_>>(), ["retag", "untag"]);
    }

    #[test]
    fn an_empty_tag_is_no_tag_and_duplicates_count_once() {
        let active = [r(1, "a", Some(""))];
        let p = plan(&active, &[n("a", None), n("a", Some(""))]).unwrap();
        assert!(p.is_empty());
        let p = plan(&[], &[n("b", Some("")), n("b", None)]).unwrap();
        assert_eq!(p.add, [n("b", None)]);
        // Two active rules with one value (X prevents it; still handled): one is kept.
        let p = plan(&[r(1, "c", None), r(2, "c", None)], &[n("c", None)]).unwrap();
        assert_eq!(p.keep, [r(1, "c", None)]);
        assert_eq!(p.delete, [r(2, "c", None)]);
    }

    #[test]
    fn the_report_displays_its_counts_and_refusals() {
        let plan = plan(
            &[r(1, "a", None), r(2, "b", None)],
            &[n("a", None), n("c", None)],
        )
        .unwrap();
        let mut problem = crate::model::Problem::new(
            crate::model::ProblemKind::InvalidRules.into(),
            "Invalid Rules",
        );
        problem.value = Some("c".into());
        let report = SyncReport {
            dry_run: true,
            plan,
            created: vec![],
            errors: vec![RuleProblem {
                problem,
                details: vec!["bad operator".into()],
            }],
            responses: vec![],
        };
        assert_eq!(
            report.to_string(),
            "kept 1, deleted 1, created 0 (dry run); refused: Invalid Rules (\"c\"); bad operator"
        );
    }

    #[test]
    fn conflicting_or_empty_desired_rules_are_refused() {
        let e = plan(&[], &[n("a", Some("x")), n("a", Some("y"))]).unwrap_err();
        assert_eq!(e.parameter_name(), Some("desired"));
        assert!(e.to_string().contains("\"a\""), "{e}");
        let e = plan(&[], &[n(" ", None)]).unwrap_err();
        assert_eq!(e.parameter_name(), Some("desired"));
    }
}
