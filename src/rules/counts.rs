//! `GET /2/tweets/search/stream/rules/counts` (OpenAPI 2.167, `getRuleCounts`): the
//! project's rule caps and how many rules each client app holds.

use http::Method;
use serde::Deserialize;

use crate::client::shared::StreamingClient;
use crate::connection::rest;
use crate::error::Error;
use crate::model::codec::lossless::lossless_object;
use crate::model::{Problem, RawJson, tolerant};

/// Every `rules_count.fields` value (`RulesCountFieldsParameter`), all asked for.
const FIELDS: &str = "all_project_client_apps,cap_per_client_app,cap_per_project,client_app_rules_count,project_rules_count";

lossless_object! {
    /// One client app's rule count.
    ///
    /// ```
    /// use tweetstream::rules::AppRuleCount;
    /// let c: AppRuleCount = serde_json::from_str(r#"{"client_app_id":"29820954","rule_count":3}"#).unwrap();
    /// assert_eq!(c.rule_count, 3);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct AppRuleCount {
        /// The client app.
        opt client_app_id: String = "client_app_id";
        /// Its rules.
        ess rule_count: u64 = "rule_count";
    }
}

lossless_object! {
    /// The rule caps and usage (`data` of the answer). X sends the caps and the project's
    /// count as strings; [`RuleCounts::room_left`] reads them.
    ///
    /// ```
    /// use tweetstream::rules::RuleCounts;
    /// let c: RuleCounts = serde_json::from_str(r#"{"cap_per_client_app":"1000","cap_per_project":"5000",
    ///   "client_app_rules_count":{"client_app_id":"1","rule_count":998},"project_rules_count":"1200"}"#).unwrap();
    /// assert_eq!(c.room_left(), Some(2));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct RuleCounts {
        /// Every client app of the project.
        vec all_project_client_apps: Vec<AppRuleCount> = "all_project_client_apps";
        /// The most rules one client app may hold.
        opt cap_per_client_app: String = "cap_per_client_app";
        /// The most rules the project may hold.
        opt cap_per_project: String = "cap_per_project";
        /// This client app's count.
        opt client_app_rules_count: AppRuleCount = "client_app_rules_count";
        /// The project's count.
        opt project_rules_count: String = "project_rules_count";
    }
}

impl RuleCounts {
    /// How many more rules this client app may add: the smaller of what its cap and the
    /// project's cap leave (`None` when X did not say).
    ///
    /// ```
    /// # use tweetstream::rules::RuleCounts;
    /// let c: RuleCounts = serde_json::from_str(r#"{"cap_per_project":"10","project_rules_count":"10"}"#).unwrap();
    /// assert_eq!(c.room_left(), Some(0));
    /// ```
    pub fn room_left(&self) -> Option<u64> {
        let num = |s: &Option<String>| s.as_deref()?.parse::<u64>().ok();
        let app = num(&self.cap_per_client_app)
            .zip(self.client_app_rules_count.as_ref())
            .map(|(cap, c)| cap.saturating_sub(c.rule_count));
        let project = num(&self.cap_per_project)
            .zip(num(&self.project_rules_count))
            .map(|(cap, n)| cap.saturating_sub(n));
        match (app, project) {
            (Some(a), Some(p)) => Some(a.min(p)),
            (a, p) => a.or(p),
        }
    }
}

/// The answer's members, read as text first: each is then decoded strictly, then
/// tolerantly, so that one drifted value keeps its text instead of failing the call.
#[derive(Deserialize)]
struct Wire {
    data: Option<RawJson>,
    errors: Option<RawJson>,
}

impl StreamingClient {
    /// The project's rule caps and usage (`GET /2/tweets/search/stream/rules/counts`, every
    /// `rules_count.fields` value asked for). An answer without `data` is a decode error
    /// naming X's first problem.
    ///
    /// ```
    /// # use tweetstream::emulator::Emulator;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let em = Emulator::builder().max_rules(5).rule("cats", None).start().await.unwrap();
    /// let client = em.client_builder().build().unwrap();
    /// let counts = client.rule_counts().await.unwrap();
    /// assert_eq!(counts.client_app_rules_count.unwrap().rule_count, 1);
    /// assert_eq!(counts.cap_per_client_app.as_deref(), Some("5"));
    /// # }
    /// ```
    pub async fn rule_counts(&self) -> Result<RuleCounts, Error> {
        let path = format!(
            "{}/counts?rules_count.fields={FIELDS}",
            super::calls::RULES_PATH
        );
        let answer = rest::call(&self.inner.connector, Method::GET, &path, None).await?;
        let (_, _, body) = answer.into_success()?;
        let undecodable =
            |e| Error::decode("the rule counts answer did not decode", Some(Box::new(e)));
        let wire: Wire = serde_json::from_slice(&body).map_err(undecodable)?;
        if let Some(data) = wire.data {
            return tolerant::decode::<RuleCounts>(data.get()).map_err(undecodable);
        }
        let errors = wire
            .errors
            .and_then(|e| tolerant::decode::<Vec<Problem>>(e.get()).ok());
        let why = errors
            .as_ref()
            .and_then(|e| e.first())
            .map_or(String::new(), |p| format!(": {p}"));
        Err(Error::decode(
            format!("the rule counts answer has no `data`{why}"),
            None,
        ))
    }
}
