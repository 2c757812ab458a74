//! Query parameters of the stream endpoints, checked before any request is sent.

use std::fmt::Write as _;
use std::time::SystemTime;

use crate::error::Error;
use crate::model::Timestamp;
use crate::request::endpoint::{FieldSet, StreamEndpoint};
use crate::request::field_names;

/// Parameters of `filter()` and `sample()`, as tweepy's keyword arguments.
///
/// Field lists accept plain strings or the typed names in [`crate::model`]
/// (anything `AsRef<str>`); they are comma-joined into `tweet.fields=` and friends and
/// left out when empty. Names are checked against the typed lists before any request:
/// `filter()`/`sample()` refuse a misspelt one, naming it. For a name X added after this
/// crate's lists, opt in with [`allow_unknown_fields`](Self::allow_unknown_fields).
///
/// ```
/// use futures_util::StreamExt as _;
/// use tweetstream::emulator::Emulator;
/// use tweetstream::prelude::*;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let em = Emulator::start().await.unwrap();
/// let client = em.client_builder().build().unwrap();
/// let params = StreamParams::new()
///     .tweet_fields([TweetField::CreatedAt, TweetField::Lang])
///     .expansions(["author_id"]);
/// let mut stream = client.sample(params).unwrap();
/// assert!(matches!(stream.next().await, Some(StreamEvent::Connected(_))));
/// let sent = em.requests().pop().unwrap();
/// assert_eq!(sent.query.as_deref(), Some("expansions=author_id&tweet.fields=created_at,lang"));
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StreamParams {
    backfill_minutes: Option<u32>,
    partition: Option<u32>,
    start_time: Option<String>,
    end_time: Option<String>,
    like_fields: Vec<String>,
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
    /// X's longest backfill, in minutes.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// assert!(client.sample(StreamParams::new().backfill_minutes(StreamParams::MAX_BACKFILL_MINUTES)).is_ok());
    /// let err = client.sample(StreamParams::new().backfill_minutes(StreamParams::MAX_BACKFILL_MINUTES + 1)).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("backfill_minutes"));
    /// ```
    pub const MAX_BACKFILL_MINUTES: u32 = 5;
}

impl StreamParams {
    /// No parameters: X's default payload (`id`, `text`, `edit_history_tweet_ids`).
    ///
    /// ```
    /// # use futures_util::StreamExt as _;
    /// # use tweetstream::emulator::Emulator;
    /// # use tweetstream::StreamParams;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # let em = Emulator::start().await.unwrap();
    /// # let client = em.client_builder().build().unwrap();
    /// let mut stream = client.sample(StreamParams::new()).unwrap();
    /// stream.next().await; // connected
    /// assert_eq!(em.requests()[0].query, None); // nothing to send
    /// # }
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Recover up to 5 minutes of missed tweets after a disconnection (0 to 5, as X's
    /// OpenAPI spec 2.167 allows on every stream; 0 asks for none; X serves backfill on the
    /// plans that offer it).
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.filter(StreamParams::new().backfill_minutes(6)).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("backfill_minutes"));
    /// assert!(client.filter(StreamParams::new().backfill_minutes(5)).is_ok());
    /// ```
    pub fn backfill_minutes(mut self, minutes: u32) -> Self {
        self.backfill_minutes = Some(minutes);
        self
    }

    /// `partition=`: which slice of a partitioned stream (firehose, sample10, compliance,
    /// likes) to receive; required there, refused elsewhere.
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// // The English firehose has partitions 1 to 8.
    /// let err = client.stream(StreamEndpoint::FirehoseEn, StreamParams::new().partition(9)).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("partition"));
    /// let err = client.stream(StreamEndpoint::Filter, StreamParams::new().partition(1)).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("partition"));
    /// assert!(client.stream(StreamEndpoint::FirehoseEn, StreamParams::new().partition(8)).is_ok());
    /// ```
    pub fn partition(mut self, partition: u32) -> Self {
        self.partition = Some(partition);
        self
    }

    /// `start_time=`: the earliest event time to deliver (RFC 3339, e.g.
    /// `2021-02-01T18:40:40.000Z`); on every stream but the 1% sample.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().start_time("2021-02-01T18:40:40.000Z");
    /// assert!(client.filter(params.clone()).is_ok());
    /// // The 1% sample takes no time window.
    /// assert_eq!(client.sample(params).unwrap_err().parameter_name(), Some("start_time"));
    /// ```
    pub fn start_time(mut self, rfc3339: impl Into<String>) -> Self {
        self.start_time = Some(rfc3339.into());
        self
    }

    /// `end_time=`: the latest event time to deliver (RFC 3339). Once it has passed, the
    /// stream ends with `Disconnected(Finished)` instead of reconnecting.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.filter(StreamParams::new().end_time("yesterday")).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("end_time"));
    /// ```
    pub fn end_time(mut self, rfc3339: impl Into<String>) -> Self {
        self.end_time = Some(rfc3339.into());
        self
    }

    /// `like_with_tweet_author.fields=` (the likes streams).
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().like_fields(["liked_tweet_id", "created_at"]);
    /// // Taken by the likes streams, refused by the posts streams.
    /// let err = client.sample(params.clone()).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("like_with_tweet_author.fields"));
    /// assert!(client.stream(StreamEndpoint::LikesSample10, params.partition(1)).is_ok());
    /// ```
    pub fn like_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.like_fields = collect(items);
        self
    }

    /// The `backfill_minutes`, if set.
    pub(crate) fn backfill_value(&self) -> Option<u32> {
        self.backfill_minutes
    }

    /// `end_time` as an instant, when set and valid.
    pub(crate) fn end_instant(&self) -> Option<SystemTime> {
        let t = Timestamp::parse(self.end_time.as_deref()?).get()?;
        let nanos = t.unix_timestamp_nanos();
        let since = std::time::Duration::from_nanos(u64::try_from(nanos).ok()?);
        Some(SystemTime::UNIX_EPOCH + since)
    }

    /// The same parameters asking for this much backfill (recovery after a gap).
    pub(crate) fn with_backfill(&self, minutes: u32) -> Self {
        let mut p = self.clone();
        p.backfill_minutes = Some(minutes);
        p
    }

    /// `expansions=`.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// // A misspelt name is refused before any request, naming the parameter.
    /// let err = client.sample(StreamParams::new().expansions(["author"])).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("expansions"));
    /// assert!(client.sample(StreamParams::new().expansions([Expansion::AuthorId])).is_ok());
    /// ```
    pub fn expansions<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.expansions = collect(items);
        self
    }

    /// `tweet.fields=`.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.sample(StreamParams::new().tweet_fields(["created-at"])).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("tweet.fields"));
    /// assert!(client.sample(StreamParams::new().tweet_fields([TweetField::CreatedAt])).is_ok());
    /// ```
    pub fn tweet_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.tweet_fields = collect(items);
        self
    }

    /// `user.fields=`.
    ///
    /// ```
    /// # use tweetstream::prelude::*;
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.sample(StreamParams::new().user_fields(["handle"])).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("user.fields"));
    /// assert!(client.sample(StreamParams::new().user_fields([UserField::Username])).is_ok());
    /// ```
    pub fn user_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.user_fields = collect(items);
        self
    }

    /// `media.fields=`.
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().media_fields(["alt_text"]);
    /// // Compliance streams take no field lists.
    /// let err = client.stream(StreamEndpoint::ComplianceLikes, params.clone()).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("media.fields"));
    /// assert!(client.sample(params).is_ok());
    /// ```
    pub fn media_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.media_fields = collect(items);
        self
    }

    /// `poll.fields=`.
    ///
    /// ```
    /// # use tweetstream::{StreamEndpoint, StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let params = StreamParams::new().poll_fields(["duration_minutes"]);
    /// // Likes have no polls.
    /// let err = client.stream(StreamEndpoint::LikesSample10, params.clone().partition(1)).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("poll.fields"));
    /// assert!(client.sample(params).is_ok());
    /// ```
    pub fn poll_fields<I: IntoIterator<Item = S>, S: AsRef<str>>(mut self, items: I) -> Self {
        self.poll_fields = collect(items);
        self
    }

    /// `place.fields=`.
    ///
    /// ```
    /// # use tweetstream::{StreamParams, StreamingClient};
    /// let client = StreamingClient::new("token").unwrap();
    /// let err = client.sample(StreamParams::new().place_fields(["country code"])).unwrap_err();
    /// assert_eq!(err.parameter_name(), Some("place.fields"));
    /// assert!(client.sample(StreamParams::new().place_fields(["country_code"])).is_ok());
    /// ```
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

    fn lists(&self) -> [(&'static str, &[String]); 7] {
        [
            ("like_with_tweet_author.fields", &self.like_fields),
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
            if m > 5 {
                return Err(Error::parameter(
                    "backfill_minutes",
                    format!("{m} is out of range (0 to 5)"),
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
            }
        }
        for (name, value) in [
            ("start_time", &self.start_time),
            ("end_time", &self.end_time),
        ] {
            if let Some(v) = value {
                if !Timestamp::parse(v).is_valid() {
                    return Err(Error::parameter(
                        name,
                        format!("{v:?} is not an RFC 3339 time (2021-02-01T18:40:40.000Z)"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Refuses a parameter `endpoint` does not take, or a missing or out-of-range
    /// `partition`, naming the parameter (after the checks of [`validate`](Self::validate)).
    pub(crate) fn validate_for(&self, endpoint: StreamEndpoint) -> Result<(), Error> {
        self.validate()?;
        endpoint.check_partition(self.partition)?;
        let not_taken = |name: &'static str| {
            Err(Error::parameter(
                name,
                format!("the {} stream does not take it", endpoint.name()),
            ))
        };
        if !endpoint.takes_time_window() {
            if self.start_time.is_some() {
                return not_taken("start_time");
            }
            if self.end_time.is_some() {
                return not_taken("end_time");
            }
        }
        let set = endpoint.field_set();
        for (name, items) in self.lists() {
            let taken = match (set, name) {
                (FieldSet::Posts, "like_with_tweet_author.fields") => false,
                (FieldSet::Posts, _) => true,
                (FieldSet::Likes, "poll.fields" | "place.fields") => false,
                (FieldSet::Likes, _) => true,
                (FieldSet::None, _) => false,
            };
            if !taken && !items.is_empty() {
                return not_taken(name);
            }
            for item in items {
                if !field_names::is_known(set, name, item) {
                    if !self.allow_unknown_fields {
                        return Err(Error::parameter(
                            name,
                            field_names::unknown_reason(set, name, item),
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
        if let Some(p) = self.partition {
            let sep = if q.is_empty() { "" } else { "&" };
            let _ = write!(q, "{sep}partition={p}");
        }
        for (name, value) in [
            ("start_time", &self.start_time),
            ("end_time", &self.end_time),
        ] {
            if let Some(v) = value {
                let sep = if q.is_empty() { "" } else { "&" };
                // Validated RFC 3339: only `+` (an offset) needs encoding.
                let _ = write!(q, "{sep}{name}={}", v.replace('+', "%2B"));
            }
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

/// The request target of a stream: its path and, when there is one, the query.
pub(crate) fn path_and_query(endpoint: StreamEndpoint, params: &StreamParams) -> String {
    let query = params.query();
    if query.is_empty() {
        endpoint.path().to_owned()
    } else {
        format!("{}?{query}", endpoint.path())
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
        for m in [6, 100, u32::MAX] {
            let e = StreamParams::new()
                .backfill_minutes(m)
                .validate()
                .unwrap_err();
            assert!(e.kind() == crate::ErrorKind::InvalidParameter);
            assert_eq!(e.parameter_name(), Some("backfill_minutes"));
        }
        for m in 0..=5 {
            StreamParams::new().backfill_minutes(m).validate().unwrap();
        }
    }

    #[test]
    fn endpoint_params_are_checked_and_sent() {
        let p = StreamParams::new()
            .partition(3)
            .start_time("2026-01-01T00:00:00Z")
            .end_time("2026-01-01T00:10:00+01:00")
            .tweet_fields(["lang"]);
        p.validate_for(StreamEndpoint::Firehose).unwrap();
        assert_eq!(
            p.query(),
            "partition=3&start_time=2026-01-01T00:00:00Z&end_time=2026-01-01T00:10:00%2B01:00&tweet.fields=lang"
        );
        let refused = |p: StreamParams, e: StreamEndpoint| {
            p.validate_for(e).unwrap_err().parameter_name().unwrap()
        };
        let bad_time = StreamParams::new().partition(1).start_time("yesterday");
        assert_eq!(refused(bad_time, StreamEndpoint::Firehose), "start_time");
        let window = StreamParams::new().end_time("2026-01-01T00:00:00Z");
        assert_eq!(refused(window, StreamEndpoint::Sample), "end_time");
        let fields = StreamParams::new().tweet_fields(["lang"]);
        assert_eq!(refused(fields, StreamEndpoint::Labels), "tweet.fields");
        let poll = StreamParams::new().partition(1).poll_fields(["options"]);
        assert_eq!(refused(poll, StreamEndpoint::LikesFirehose), "poll.fields");
        let likes = StreamParams::new().like_fields(["created_at"]);
        assert_eq!(
            refused(likes, StreamEndpoint::Sample),
            "like_with_tweet_author.fields"
        );
        assert_eq!(
            refused(StreamParams::new(), StreamEndpoint::Firehose),
            "partition"
        );
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
            .validate_for(StreamEndpoint::Filter)
            .unwrap_err();
        assert!(e.kind() == crate::ErrorKind::InvalidParameter);
        assert_eq!(e.parameter_name(), Some("expansions"));
        assert!(e.to_string().contains("\"author\""), "{e}");
        // Each stream's own lists: the likes streams expand `liked_tweet_id`, posts do not.
        let likes = StreamParams::new()
            .partition(1)
            .expansions(["liked_tweet_id"]);
        likes.validate_for(StreamEndpoint::LikesSample10).unwrap();
        let e = StreamParams::new()
            .expansions(["liked_tweet_id"])
            .validate_for(StreamEndpoint::Filter)
            .unwrap_err();
        assert_eq!(e.parameter_name(), Some("expansions"));
        let p = StreamParams::new()
            .tweet_fields(["lang", "views_breakdown"])
            .allow_unknown_fields();
        p.validate_for(StreamEndpoint::Filter).unwrap();
        assert_eq!(p.query(), "tweet.fields=lang,views_breakdown");
    }
}
