//! Query parameters of the two stream endpoints, checked before any request is sent.

use std::fmt::Write as _;

use crate::error::Error;
use crate::field_names;

/// Parameters of `filter()` and `sample()`, as tweepy's keyword arguments.
///
/// Field lists accept plain strings or the typed names in [`crate::model`]
/// (anything `AsRef<str>`); they are comma-joined into `tweet.fields=` and friends and
/// left out when empty. Names are checked against the typed lists before any request:
/// `filter()`/`sample()` refuse a misspelt one, naming it. For a name X added after this
/// crate's lists, opt in with [`allow_unknown_fields`](Self::allow_unknown_fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamParams {
    backfill_minutes: Option<u32>,
    expansions: Vec<String>,
    tweet_fields: Vec<String>,
    user_fields: Vec<String>,
    media_fields: Vec<String>,
    poll_fields: Vec<String>,
    place_fields: Vec<String>,
    allow_unknown_fields: bool,
}

fn collect<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    items.into_iter().map(|s| s.as_ref().to_owned()).collect()
}

impl StreamParams {
    /// No parameters: X's default payload (`id`, `text`, `edit_history_tweet_ids`).
    pub fn new() -> Self {
        Self::default()
    }

    /// Recover up to 5 minutes of missed tweets after a disconnection (1 to 5; X's
    /// Academic / Enterprise access only).
    pub fn backfill_minutes(mut self, minutes: u32) -> Self {
        self.backfill_minutes = Some(minutes);
        self
    }

    /// `expansions=`.
    pub fn expansions<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.expansions = collect(items);
        self
    }

    /// `tweet.fields=`.
    pub fn tweet_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.tweet_fields = collect(items);
        self
    }

    /// `user.fields=`.
    pub fn user_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.user_fields = collect(items);
        self
    }

    /// `media.fields=`.
    pub fn media_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.media_fields = collect(items);
        self
    }

    /// `poll.fields=`.
    pub fn poll_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.poll_fields = collect(items);
        self
    }

    /// `place.fields=`.
    pub fn place_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.place_fields = collect(items);
        self
    }

    /// The escape hatch: send `expansions` and `*.fields` names this crate does not know
    /// (X added them later), each logged as a `tracing` warning when the stream starts.
    /// Names are still checked for characters (`[A-Za-z0-9_.]`).
    ///
    /// ```
    /// use tweetstream::StreamParams;
    /// // "views_breakdown" is not in this crate's lists: refused unless allowed.
    /// let params = StreamParams::new()
    ///     .tweet_fields(["created_at", "views_breakdown"])
    ///     .allow_unknown_fields();
    /// # let _ = params;
    /// ```
    pub fn allow_unknown_fields(mut self) -> Self {
        self.allow_unknown_fields = true;
        self
    }

    fn lists(&self) -> [(&'static str, &[String]); 6] {
        [
            ("expansions", &self.expansions),
            ("tweet.fields", &self.tweet_fields),
            ("user.fields", &self.user_fields),
            ("media.fields", &self.media_fields),
            ("poll.fields", &self.poll_fields),
            ("place.fields", &self.place_fields),
        ]
    }

    /// Refuses what X would refuse, naming the parameter, so no request is wasted.
    pub(crate) fn validate(&self) -> Result<(), Error> {
        if let Some(m) = self.backfill_minutes {
            if !(1..=5).contains(&m) {
                return Err(Error::parameter(
                    "backfill_minutes",
                    format!("{m} is out of range (1 to 5)"),
                ));
            }
        }
        for (name, items) in self.lists() {
            for item in items {
                if !field_names::well_formed(item) {
                    return Err(Error::parameter(
                        name,
                        format!("{item:?} is not a field or expansion name"),
                    ));
                }
                if !field_names::is_known(name, item) {
                    if !self.allow_unknown_fields {
                        return Err(Error::parameter(
                            name,
                            field_names::unknown_reason(name, item),
                        ));
                    }
                    tracing::warn!(parameter = name, value = %item, "sending a name this crate does not know");
                }
            }
        }
        Ok(())
    }

    /// The query string (without `?`), empty when there is nothing to send. Names were
    /// validated to `[A-Za-z0-9_.]`, so nothing needs percent-encoding.
    pub(crate) fn query(&self) -> String {
        let mut q = String::new();
        if let Some(m) = self.backfill_minutes {
            let _ = write!(q, "backfill_minutes={m}");
        }
        for (name, items) in self.lists() {
            if items.is_empty() {
                continue;
            }
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(name);
            q.push('=');
            q.push_str(&items.join(","));
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_params_send_no_query() {
        assert_eq!(StreamParams::new().query(), "");
        StreamParams::new().validate().unwrap();
    }

    #[test]
    fn lists_are_comma_joined_and_empty_ones_omitted() {
        let p = StreamParams::new()
            .backfill_minutes(2)
            .tweet_fields(["created_at", "lang"])
            .expansions(["author_id"])
            .user_fields(Vec::<String>::new());
        p.validate().unwrap();
        assert_eq!(
            p.query(),
            "backfill_minutes=2&expansions=author_id&tweet.fields=created_at,lang"
        );
    }

    #[test]
    fn backfill_out_of_range_is_refused_by_name() {
        for m in [0, 6, 100] {
            let e = StreamParams::new()
                .backfill_minutes(m)
                .validate()
                .unwrap_err();
            assert!(e.is_parameter());
            assert_eq!(e.parameter_name(), Some("backfill_minutes"));
        }
        for m in 1..=5 {
            StreamParams::new().backfill_minutes(m).validate().unwrap();
        }
    }

    #[test]
    fn malformed_field_names_are_refused_by_name() {
        let e = StreamParams::new()
            .media_fields(["url", "bad value&x=1"])
            .validate()
            .unwrap_err();
        assert_eq!(e.parameter_name(), Some("media.fields"));
        let e = StreamParams::new().expansions([""]).validate().unwrap_err();
        assert_eq!(e.parameter_name(), Some("expansions"));
        // The escape hatch does not let a malformed name through.
        let e = StreamParams::new()
            .tweet_fields(["a&b"])
            .allow_unknown_fields()
            .validate()
            .unwrap_err();
        assert_eq!(e.parameter_name(), Some("tweet.fields"));
    }

    #[test]
    fn unknown_names_are_refused_by_name_unless_allowed() {
        let e = StreamParams::new()
            .expansions(["author_id", "author"])
            .validate()
            .unwrap_err();
        assert!(e.is_parameter());
        assert_eq!(e.parameter_name(), Some("expansions"));
        assert!(e.to_string().contains("\"author\""), "{e}");
        let p = StreamParams::new()
            .tweet_fields(["lang", "views_breakdown"])
            .allow_unknown_fields();
        p.validate().unwrap();
        assert_eq!(p.query(), "tweet.fields=lang,views_breakdown");
    }
}
