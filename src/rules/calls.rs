//! The rules calls on [`StreamingClient`]: `GET`/`POST /2/tweets/search/stream/rules`.
//!
//! Each call opens its own connection (the transport has no pool), so rules calls run
//! while a stream of the same client is live.

use bytes::Bytes;
use http::Method;
use serde::Serialize;

use super::pages::RulePages;
use super::rate_limit_wait::{MAX_RATE_LIMIT_WAITS, rate_limit_delay};
use super::sync::{self, SyncReport};
use super::types::{NewRule, Rule, RulesQuery, RulesResponse};
use crate::client::shared::StreamingClient;
use crate::connection::rest;
use crate::error::Error;
use crate::model::RuleId;

pub(crate) const RULES_PATH: &str = "/2/tweets/search/stream/rules";

/// `{"add":[{"value":..,"tag":..}]}`
#[derive(Serialize)]
struct AddBody<'a> {
    add: &'a [NewRule],
}

/// `{"delete":{"ids":[..]}}` or `{"delete":{"values":[..]}}` (or `{"delete":{}}`).
#[derive(Serialize)]
struct DeleteBody<'a> {
    delete: DeleteSpec<'a>,
}

#[derive(Serialize)]
struct DeleteSpec<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ids: Option<&'a [RuleId]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<&'a [String]>,
}

fn json(body: &impl Serialize) -> Bytes {
    Bytes::from(serde_json::to_vec(body).expect("rules bodies always serialize"))
}

fn post_path(dry_run: bool, delete_all: bool) -> String {
    match (dry_run, delete_all) {
        (false, false) => RULES_PATH.to_owned(),
        (true, false) => format!("{RULES_PATH}?dry_run=true"),
        (false, true) => format!("{RULES_PATH}?delete_all=true"),
        (true, true) => format!("{RULES_PATH}?dry_run=true&delete_all=true"),
    }
}

impl StreamingClient {
    /// Adds rules (`POST /2/tweets/search/stream/rules` with `{"add":[...]}`).
    ///
    /// Accepts anything that converts into a [`NewRule`]: `"value"`, `("value", "tag")`,
    /// `NewRule::new(v).tag(t)`. Refused before sending (parameter `rules`) when empty or
    /// when a value is empty. Rules X refuses (duplicate, invalid, over the cap) are
    /// [`errors`](RulesResponse::errors) items of the answer, not an `Err`.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::prelude::*;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("coffee", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.add_rules([NewRule::new("tea").tag("drinks"), "coffee".into()]).await.unwrap();
    /// assert_eq!(answer.data[0].value, "tea"); // created, with its new id
    /// assert_eq!(answer.errors[0].problem_kind(), ProblemKind::DuplicateRules); // partial failure is data
    /// // Refused before sending:
    /// let err = client.add_rules(Vec::<NewRule>::new()).await.unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("rules"));
    /// # }
    /// ```
    pub async fn add_rules<I>(&self, rules: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        self.add_rules_as(rules, false).await
    }

    /// Like [`add_rules`](Self::add_rules), but X only validates (`?dry_run=true`): nothing
    /// changes.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.add_rules_dry_run(["cats has:images", "dogs (puppies"]).await.unwrap();
    /// assert_eq!(answer.errors.len(), 1); // the unbalanced one, with X's reason
    /// assert!(em.rules().is_empty()); // nothing was added
    /// # }
    /// ```
    pub async fn add_rules_dry_run<I>(&self, rules: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        self.add_rules_as(rules, true).await
    }

    async fn add_rules_as<I>(&self, rules: I, dry_run: bool) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        let rules: Vec<NewRule> = rules.into_iter().map(Into::into).collect();
        if rules.is_empty() {
            return Err(Error::parameter("rules", "is empty"));
        }
        if rules.iter().any(|r| r.value.trim().is_empty()) {
            return Err(Error::parameter("rules", "has a rule with an empty value"));
        }
        let body = json(&AddBody { add: &rules });
        self.rules_call(Method::POST, post_path(dry_run, false), Some(body))
            .await
    }

    /// Deletes rules by id (`{"delete":{"ids":[...]}}`); takes [`RuleId`]s, `u64`s or
    /// [`Rule`]s. Refused before sending (parameter `ids`) when empty. Ids that do not
    /// exist are [`errors`](RulesResponse::errors) items.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let rules = client.get_rules(&[]).await.unwrap();
    /// let answer = client.delete_rules(&rules[..1]).await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(1));
    /// assert_eq!(em.rules().len(), 1);
    /// # }
    /// ```
    pub async fn delete_rules<I>(&self, ids: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<RuleId>,
    {
        self.delete_rules_as(ids, false).await
    }

    /// Like [`delete_rules`](Self::delete_rules), but X only validates (`?dry_run=true`): nothing
    /// changes.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let rules = client.get_rules(&[]).await.unwrap();
    /// let answer = client.delete_rules_dry_run(&rules[..]).await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(1));
    /// assert_eq!(em.rules().len(), 1); // still there
    /// # }
    /// ```
    pub async fn delete_rules_dry_run<I>(&self, ids: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<RuleId>,
    {
        self.delete_rules_as(ids, true).await
    }

    async fn delete_rules_as<I>(&self, ids: I, dry_run: bool) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<RuleId>,
    {
        let ids: Vec<RuleId> = ids.into_iter().map(Into::into).collect();
        if ids.is_empty() {
            return Err(Error::parameter("ids", "is empty"));
        }
        let body = json(&DeleteBody {
            delete: DeleteSpec {
                ids: Some(&ids),
                values: None,
            },
        });
        self.rules_call(Method::POST, post_path(dry_run, false), Some(body))
            .await
    }

    /// Deletes rules by value (`{"delete":{"values":[...]}}`). Refused before sending
    /// (parameter `values`) when empty or when a value is empty.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.delete_rules_by_value(["a"]).await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(1));
    /// assert_eq!(em.rules()[0].1, "b");
    /// # }
    /// ```
    pub async fn delete_rules_by_value<I>(&self, values: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.delete_rules_by_value_as(values, false).await
    }

    /// Like [`delete_rules_by_value`](Self::delete_rules_by_value), but X only validates (`?dry_run=true`): nothing
    /// changes.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.delete_rules_by_value_dry_run(["a"]).await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(1));
    /// assert_eq!(em.rules().len(), 2);
    /// # }
    /// ```
    pub async fn delete_rules_by_value_dry_run<I>(&self, values: I) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.delete_rules_by_value_as(values, true).await
    }

    async fn delete_rules_by_value_as<I>(
        &self,
        values: I,
        dry_run: bool,
    ) -> Result<RulesResponse, Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let values: Vec<String> = values.into_iter().map(Into::into).collect();
        if values.is_empty() {
            return Err(Error::parameter("values", "is empty"));
        }
        if values.iter().any(|v| v.trim().is_empty()) {
            return Err(Error::parameter("values", "has an empty value"));
        }
        let body = json(&DeleteBody {
            delete: DeleteSpec {
                ids: None,
                values: Some(&values),
            },
        });
        self.rules_call(Method::POST, post_path(dry_run, false), Some(body))
            .await
    }

    /// Deletes every rule (`?delete_all=true`, with the body `{"delete":{}}`).
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", Some("t")).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let answer = client.delete_all_rules().await.unwrap();
    /// assert_eq!(answer.summary().deleted, Some(2));
    /// assert!(em.rules().is_empty());
    /// # }
    /// ```
    pub async fn delete_all_rules(&self) -> Result<RulesResponse, Error> {
        self.delete_all_rules_as(false).await
    }

    /// Like [`delete_all_rules`](Self::delete_all_rules), but X only validates (`?dry_run=true`): nothing
    /// changes.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// assert_eq!(client.delete_all_rules_dry_run().await.unwrap().summary().deleted, Some(2));
    /// assert_eq!(em.rules().len(), 2);
    /// # }
    /// ```
    pub async fn delete_all_rules_dry_run(&self) -> Result<RulesResponse, Error> {
        self.delete_all_rules_as(true).await
    }

    async fn delete_all_rules_as(&self, dry_run: bool) -> Result<RulesResponse, Error> {
        let body = json(&DeleteBody {
            delete: DeleteSpec {
                ids: None,
                values: None,
            },
        });
        self.rules_call(Method::POST, post_path(dry_run, true), Some(body))
            .await
    }

    /// The active rules, every page (following `next_token`); only those in `ids` unless
    /// it is empty.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("cats", Some("pets")).rule("dogs", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let rules = client.get_rules(&[]).await.unwrap();
    /// let values: Vec<&str> = rules.iter().map(|r| r.value.as_str()).collect();
    /// assert_eq!(values, ["cats", "dogs"]);
    /// let only = client.get_rules(&[rules[1].id]).await.unwrap();
    /// assert_eq!(only, rules[1..]);
    /// # }
    /// ```
    pub async fn get_rules(&self, ids: &[RuleId]) -> Result<Vec<Rule>, Error> {
        let mut query = RulesQuery::new().ids(ids.iter().copied());
        let mut rules = Vec::new();
        loop {
            let page = self.get_rules_page(&query).await?;
            let next = page.meta.next_token.clone();
            rules.extend(page.data);
            match next {
                Some(token) if query.pagination_token.as_deref() == Some(token.as_str()) => {
                    return Err(Error::decode(
                        "the server sent the same next_token twice",
                        None,
                    ));
                }
                Some(token) => query.pagination_token = Some(token),
                None => return Ok(rules),
            }
        }
    }

    /// One page of rules (`GET /2/tweets/search/stream/rules` with `ids`, `max_results`,
    /// `pagination_token`), with the whole typed response.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).rule("c", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let first = client.get_rules_page(&RulesQuery::new().max_results(2)).await.unwrap();
    /// assert_eq!(first.data.len(), 2);
    /// let token = first.next_token().unwrap();
    /// let second = client.get_rules_page(&RulesQuery::new().pagination_token(token)).await.unwrap();
    /// assert_eq!(second.data[0].value, "c");
    /// assert_eq!(second.next_token(), None);
    /// # }
    /// ```
    pub async fn get_rules_page(&self, query: &RulesQuery) -> Result<RulesResponse, Error> {
        let q = query.to_query()?;
        let path = if q.is_empty() {
            RULES_PATH.to_owned()
        } else {
            format!("{RULES_PATH}?{q}")
        };
        self.rules_call(Method::GET, path, None).await
    }

    /// The pages of rules as a `Stream`, from `query`'s page on, following `next_token`;
    /// it ends after the last page, or after yielding an error.
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::rules::RulesQuery;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("a", None).rule("b", None).rule("c", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let pages: Vec<_> = client.rules_pages(RulesQuery::new().max_results(2)).collect().await;
    /// let sizes: Vec<usize> = pages.iter().map(|p| p.as_ref().unwrap().data.len()).collect();
    /// assert_eq!(sizes, [2, 1]);
    /// # }
    /// ```
    pub fn rules_pages(&self, query: RulesQuery) -> RulePages {
        RulePages::new(self.clone(), query)
    }

    /// Makes the active rules exactly `desired` (by value and tag): deletes the extra
    /// ones, then adds the missing ones; a rule whose tag changed is deleted and added
    /// again. Returns what it did. [`sync_rules_dry_run`](Self::sync_rules_dry_run) changes
    /// nothing: it validates the deletion and the additions of new values.
    ///
    /// Refused before sending (parameter `desired`) for an empty value, or one value with
    /// two different tags. An `Err` from the add leaves the deletions done; calling again
    /// resumes.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("coffee", None).rule("old", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules(["coffee", "tea"]).await.unwrap();
    /// assert!(report.is_clean());
    /// assert_eq!(report.deleted()[0].value, "old");
    /// assert_eq!(report.created()[0].value, "tea");
    /// let active: Vec<String> = em.rules().into_iter().map(|(_, value, _)| value).collect();
    /// assert_eq!(active, ["coffee", "tea"]);
    /// // Again: nothing left to do.
    /// assert!(client.sync_rules(["coffee", "tea"]).await.unwrap().plan().is_empty());
    /// # }
    /// ```
    pub async fn sync_rules<I>(&self, desired: I) -> Result<SyncReport, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        self.sync_rules_as(desired, false).await
    }

    /// Like [`sync_rules`](Self::sync_rules), but X only validates (`?dry_run=true`): nothing
    /// changes. A retagged rule cannot be validated, as its value is still active.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().rule("old", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let report = client.sync_rules_dry_run(["coffee"]).await.unwrap();
    /// assert!(report.is_dry_run());
    /// assert_eq!(report.deleted()[0].value, "old");
    /// assert_eq!(em.rules()[0].1, "old"); // a dry run changes nothing
    /// # }
    /// ```
    pub async fn sync_rules_dry_run<I>(&self, desired: I) -> Result<SyncReport, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        self.sync_rules_as(desired, true).await
    }

    async fn sync_rules_as<I>(&self, desired: I, dry_run: bool) -> Result<SyncReport, Error>
    where
        I: IntoIterator,
        I::Item: Into<NewRule>,
    {
        let desired: Vec<NewRule> = desired.into_iter().map(Into::into).collect();
        sync::plan(&[], &desired)?;
        let active = self.get_rules(&[]).await?;
        let plan = sync::plan(&active, &desired)?;
        tracing::info!(
            keep = plan.keep.len(),
            delete = plan.delete.len(),
            add = plan.add.len(),
            dry_run,
            "syncing rules"
        );
        let mut report = SyncReport {
            dry_run,
            plan,
            created: Vec::new(),
            errors: Vec::new(),
            responses: Vec::new(),
        };
        if !report.plan.delete.is_empty() {
            let ids: Vec<RuleId> = report.plan.delete.iter().map(|r| r.id).collect();
            let resp = self.delete_rules_as(ids, dry_run).await?;
            report.errors.extend(resp.errors.iter().cloned());
            report.responses.push(resp);
        }
        // In a dry run the deleted rules are still active, so re-adding a retagged value
        // would only be reported a duplicate: validate the new values alone.
        let add: Vec<NewRule> = report
            .plan
            .add
            .iter()
            .filter(|n| !dry_run || !active.iter().any(|a| a.value == n.value))
            .cloned()
            .collect();
        if !add.is_empty() {
            let resp = self.add_rules_as(add, dry_run).await?;
            report.created = resp.data.clone();
            report.errors.extend(resp.errors.iter().cloned());
            report.responses.push(resp);
        }
        if !report.errors.is_empty() {
            tracing::warn!(
                errors = report.errors.len(),
                "rules sync finished with refused rules"
            );
        }
        Ok(report)
    }

    /// Sends one rules request; on 429 with `wait_on_rate_limit`, sleeps until the window
    /// resets (+1 s) and retries, at most [`MAX_RATE_LIMIT_WAITS`] times.
    /// One rules call, waiting out 429s when `wait_on_rate_limit` is set.
    async fn rules_call(
        &self,
        method: Method,
        path_and_query: String,
        body: Option<Bytes>,
    ) -> Result<RulesResponse, Error> {
        let inner = &self.inner;
        let mut waits = 0u32;
        loop {
            let answer = rest::call(
                &inner.connector,
                method.clone(),
                &path_and_query,
                body.clone(),
            )
            .await?;
            if answer.status == 429 && inner.wait_on_rate_limit && waits < MAX_RATE_LIMIT_WAITS {
                waits += 1;
                let delay = rate_limit_delay(answer.server_wait);
                tracing::warn!(
                    path = %path_and_query,
                    wait_secs = delay.as_secs_f64(),
                    attempt = waits,
                    "rate limited; waiting for the window to reset"
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            let (status, rate_limit, body) = answer.into_success()?;
            return RulesResponse::decode(status, rate_limit, body);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_x_shapes() {
        let rules = [NewRule::new("cat").tag("c"), NewRule::new("dog")];
        assert_eq!(
            json(&AddBody { add: &rules }),
            r#"{"add":[{"value":"cat","tag":"c"},{"value":"dog"}]}"#
        );
        let ids = [RuleId(1), RuleId(1_870_000_000_001_048_577)];
        let body = DeleteBody {
            delete: DeleteSpec {
                ids: Some(&ids),
                values: None,
            },
        };
        assert_eq!(
            json(&body),
            r#"{"delete":{"ids":["1","1870000000001048577"]}}"#
        );
        let values = ["a \"b\"".to_owned()];
        let body = DeleteBody {
            delete: DeleteSpec {
                ids: None,
                values: Some(&values),
            },
        };
        assert_eq!(json(&body), r#"{"delete":{"values":["a \"b\""]}}"#);
        assert_eq!(
            post_path(true, true),
            format!("{RULES_PATH}?dry_run=true&delete_all=true")
        );
    }
}
