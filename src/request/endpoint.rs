//! Every X API v2 stream, with what each one accepts.
//!
//! Source: X's OpenAPI spec 2.167 (`specs/openapi.json` in `xdevplatform/xdk`), the
//! `GET` operations `streamPosts`, `streamPostsSample`, `streamPostsSample10`,
//! `streamPostsFirehose{,En,Ja,Ko,Pt}`, `streamPostsCompliance`, `streamUsersCompliance`,
//! `streamLikesCompliance`, `streamLikesFirehose`, `streamLikesSample10`,
//! `streamLabelsCompliance` and `activityStream`: their paths, `partition` ranges (required wherever present),
//! and which of `start_time` / `end_time` and the field parameters each one declares.

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use crate::error::Error;

/// One of X's streaming endpoints.
///
/// ```
/// use tweetstream::StreamEndpoint;
/// let e: StreamEndpoint = "firehose-en".parse().unwrap();
/// assert_eq!(e, StreamEndpoint::FirehoseEn);
/// assert_eq!(e.path(), "/2/tweets/firehose/stream/lang/en");
/// assert_eq!(e.partitions(), Some(1..=8));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamEndpoint {
    /// Posts matching the active rules (`/2/tweets/search/stream`).
    Filter,
    /// A 1% sample of public posts (`/2/tweets/sample/stream`).
    Sample,
    /// A 10% sample of public posts, in 2 partitions (`/2/tweets/sample10/stream`).
    Sample10,
    /// All public posts, in 20 partitions (`/2/tweets/firehose/stream`).
    Firehose,
    /// English posts, in 8 partitions (`/2/tweets/firehose/stream/lang/en`).
    FirehoseEn,
    /// Japanese posts, in 2 partitions (`/2/tweets/firehose/stream/lang/ja`).
    FirehoseJa,
    /// Korean posts, in 2 partitions (`/2/tweets/firehose/stream/lang/ko`).
    FirehoseKo,
    /// Portuguese posts, in 2 partitions (`/2/tweets/firehose/stream/lang/pt`).
    FirehosePt,
    /// Post compliance events, in 4 partitions (`/2/tweets/compliance/stream`).
    CompliancePosts,
    /// User compliance events, in 4 partitions (`/2/users/compliance/stream`).
    ComplianceUsers,
    /// Like compliance (unlike) events (`/2/likes/compliance/stream`).
    ComplianceLikes,
    /// All public likes, in 20 partitions (`/2/likes/firehose/stream`).
    LikesFirehose,
    /// A 10% sample of likes, in 2 partitions (`/2/likes/sample10/stream`).
    LikesSample10,
    /// Labels applied to or removed from posts (`/2/tweets/label/stream`).
    Labels,
    /// X Activity events of the app's subscriptions (`/2/activity/stream`).
    Activity,
}

/// What the lines of a stream carry in `data`.
///
/// ```
/// use tweetstream::{PayloadKind, StreamEndpoint};
/// assert_eq!(StreamEndpoint::Sample.payload(), PayloadKind::Post);
/// assert_eq!(StreamEndpoint::LikesSample10.payload(), PayloadKind::Like);
/// assert_eq!(StreamEndpoint::Labels.payload(), PayloadKind::Label);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadKind {
    /// Posts (`data` is a post), with `includes` and, on the filtered stream, `matching_rules`.
    Post,
    /// Likes (`data` is a like), with `includes`.
    Like,
    /// Compliance events (`data` is `{"<event>": {...}}`).
    Compliance,
    /// Post labels (`data` is `{"public_tweet_notice" | "public_tweet_unviewable": {...}}`).
    Label,
    /// X Activity events (`data` is `{"event_type": .., "payload": .., ...}`).
    Activity,
}

/// Which field parameters a stream takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldSet {
    /// None at all.
    None,
    /// `tweet.fields`, `user.fields`, `media.fields`, `poll.fields`, `place.fields`, `expansions`.
    Posts,
    /// `like_with_tweet_author.fields`, `tweet.fields`, `user.fields`, `media.fields`, `expansions`.
    Likes,
}

impl StreamEndpoint {
    /// Every stream, in the order of the README's table.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::ALL.len(), 15);
    /// assert!(StreamEndpoint::ALL.iter().all(|e| StreamEndpoint::from_path(e.path()) == Some(*e)));
    /// ```
    pub const ALL: [StreamEndpoint; 15] = [
        StreamEndpoint::Filter,
        StreamEndpoint::Sample,
        StreamEndpoint::Sample10,
        StreamEndpoint::Firehose,
        StreamEndpoint::FirehoseEn,
        StreamEndpoint::FirehoseJa,
        StreamEndpoint::FirehoseKo,
        StreamEndpoint::FirehosePt,
        StreamEndpoint::CompliancePosts,
        StreamEndpoint::ComplianceUsers,
        StreamEndpoint::ComplianceLikes,
        StreamEndpoint::LikesFirehose,
        StreamEndpoint::LikesSample10,
        StreamEndpoint::Labels,
        StreamEndpoint::Activity,
    ];

    /// The short name (`filter`, `firehose-en`, `compliance-posts`, ...), as `FromStr` takes.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::CompliancePosts.name(), "compliance-posts");
    /// assert_eq!(StreamEndpoint::CompliancePosts.to_string(), "compliance-posts");
    /// for e in StreamEndpoint::ALL {
    ///     assert_eq!(e.name().parse::<StreamEndpoint>(), Ok(e));
    /// }
    /// ```
    pub fn name(self) -> &'static str {
        use StreamEndpoint::*;
        match self {
            Filter => "filter",
            Sample => "sample",
            Sample10 => "sample10",
            Firehose => "firehose",
            FirehoseEn => "firehose-en",
            FirehoseJa => "firehose-ja",
            FirehoseKo => "firehose-ko",
            FirehosePt => "firehose-pt",
            CompliancePosts => "compliance-posts",
            ComplianceUsers => "compliance-users",
            ComplianceLikes => "compliance-likes",
            LikesFirehose => "likes-firehose",
            LikesSample10 => "likes-sample10",
            Labels => "labels",
            Activity => "activity",
        }
    }

    /// The request path under the API base URL.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::Filter.path(), "/2/tweets/search/stream");
    /// assert_eq!(StreamEndpoint::Sample.path(), "/2/tweets/sample/stream");
    /// ```
    pub fn path(self) -> &'static str {
        use StreamEndpoint::*;
        match self {
            Filter => "/2/tweets/search/stream",
            Sample => "/2/tweets/sample/stream",
            Sample10 => "/2/tweets/sample10/stream",
            Firehose => "/2/tweets/firehose/stream",
            FirehoseEn => "/2/tweets/firehose/stream/lang/en",
            FirehoseJa => "/2/tweets/firehose/stream/lang/ja",
            FirehoseKo => "/2/tweets/firehose/stream/lang/ko",
            FirehosePt => "/2/tweets/firehose/stream/lang/pt",
            CompliancePosts => "/2/tweets/compliance/stream",
            ComplianceUsers => "/2/users/compliance/stream",
            ComplianceLikes => "/2/likes/compliance/stream",
            LikesFirehose => "/2/likes/firehose/stream",
            LikesSample10 => "/2/likes/sample10/stream",
            Labels => "/2/tweets/label/stream",
            Activity => "/2/activity/stream",
        }
    }

    /// X's id for the stream in the Stream Connections API (`endpoint_id` of
    /// `DELETE /2/connections/{endpoint_id}`, `endpoints` of `GET /2/connections`; OpenAPI
    /// 2.167). The activity stream has none there.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::Filter.connection_id(), Some("filtered_stream"));
    /// assert_eq!(StreamEndpoint::CompliancePosts.connection_id(), Some("tweets_compliance_stream"));
    /// assert_eq!(StreamEndpoint::Activity.connection_id(), None);
    /// ```
    pub fn connection_id(self) -> Option<&'static str> {
        use StreamEndpoint::*;
        Some(match self {
            Filter => "filtered_stream",
            Sample => "sample_stream",
            Sample10 => "sample10_stream",
            Firehose => "firehose_stream",
            FirehoseEn => "firehose_stream_lang_en",
            FirehoseJa => "firehose_stream_lang_ja",
            FirehoseKo => "firehose_stream_lang_ko",
            FirehosePt => "firehose_stream_lang_pt",
            CompliancePosts => "tweets_compliance_stream",
            ComplianceUsers => "users_compliance_stream",
            ComplianceLikes => "likes_compliance_stream",
            LikesFirehose => "likes_firehose_stream",
            LikesSample10 => "likes_sample10_stream",
            Labels => "tweet_label_stream",
            Activity => return None,
        })
    }

    /// `/2/connections/{endpoint_id}`, or refused (parameter `endpoint`) for a stream without one.
    pub(crate) fn connections_path(self) -> Result<String, Error> {
        let id = self.connection_id().ok_or_else(|| {
            Error::parameter(
                "endpoint",
                format!("the {self} stream has no Stream Connections id"),
            )
        })?;
        Ok(format!("/2/connections/{id}"))
    }

    /// The stream with this Stream Connections id, if any.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::from_connection_id("likes_sample10_stream"), Some(StreamEndpoint::LikesSample10));
    /// assert_eq!(StreamEndpoint::from_connection_id("likes"), None);
    /// ```
    pub fn from_connection_id(id: &str) -> Option<StreamEndpoint> {
        Self::ALL
            .into_iter()
            .find(|e| e.connection_id() == Some(id))
    }

    /// The stream served at `path`, if any.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::from_path("/2/likes/firehose/stream"), Some(StreamEndpoint::LikesFirehose));
    /// assert_eq!(StreamEndpoint::from_path("/2/tweets"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<StreamEndpoint> {
        Self::ALL.into_iter().find(|e| e.path() == path)
    }

    /// The `partition` values the stream takes; `partition` is then required.
    /// `None`: the stream takes no `partition`.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert_eq!(StreamEndpoint::Firehose.partitions(), Some(1..=20));
    /// assert_eq!(StreamEndpoint::CompliancePosts.partitions(), Some(1..=4));
    /// assert_eq!(StreamEndpoint::Filter.partitions(), None);
    /// ```
    pub fn partitions(self) -> Option<RangeInclusive<u32>> {
        use StreamEndpoint::*;
        match self {
            Filter | Sample | ComplianceLikes | Labels | Activity => None,
            Sample10 | FirehoseJa | FirehoseKo | FirehosePt | LikesSample10 => Some(1..=2),
            FirehoseEn => Some(1..=8),
            CompliancePosts | ComplianceUsers => Some(1..=4),
            Firehose | LikesFirehose => Some(1..=20),
        }
    }

    /// Whether the stream takes `start_time` and `end_time` (all but the 1% sample).
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert!(StreamEndpoint::Filter.takes_time_window());
    /// assert!(!StreamEndpoint::Sample.takes_time_window());
    /// ```
    pub fn takes_time_window(self) -> bool {
        self != StreamEndpoint::Sample
    }

    /// Whether the stream takes `tweet.fields`, `expansions` and the other field lists.
    ///
    /// ```
    /// # use tweetstream::StreamEndpoint;
    /// assert!(StreamEndpoint::LikesFirehose.takes_fields());
    /// assert!(!StreamEndpoint::ComplianceUsers.takes_fields());
    /// ```
    pub fn takes_fields(self) -> bool {
        self.field_set() != FieldSet::None
    }

    pub(crate) fn field_set(self) -> FieldSet {
        match self.payload() {
            PayloadKind::Post => FieldSet::Posts,
            PayloadKind::Like => FieldSet::Likes,
            _ => FieldSet::None,
        }
    }

    /// What the stream's lines carry.
    ///
    /// ```
    /// # use tweetstream::{PayloadKind, StreamEndpoint};
    /// assert_eq!(StreamEndpoint::Firehose.payload(), PayloadKind::Post);
    /// assert_eq!(StreamEndpoint::ComplianceLikes.payload(), PayloadKind::Compliance);
    /// ```
    pub fn payload(self) -> PayloadKind {
        use StreamEndpoint::*;
        match self {
            Filter | Sample | Sample10 | Firehose | FirehoseEn | FirehoseJa | FirehoseKo
            | FirehosePt => PayloadKind::Post,
            CompliancePosts | ComplianceUsers | ComplianceLikes => PayloadKind::Compliance,
            LikesFirehose | LikesSample10 => PayloadKind::Like,
            Labels => PayloadKind::Label,
            Activity => PayloadKind::Activity,
        }
    }

    /// Checks `partition` against the stream: required where it has partitions, in range,
    /// and refused where it has none.
    pub(crate) fn check_partition(self, partition: Option<u32>) -> Result<(), Error> {
        match (self.partitions(), partition) {
            (None, None) => Ok(()),
            (None, Some(_)) => Err(Error::parameter(
                "partition",
                format!("the {} stream takes no partition", self.name()),
            )),
            (Some(r), None) => Err(Error::parameter(
                "partition",
                format!(
                    "is required on the {} stream ({} to {})",
                    self.name(),
                    r.start(),
                    r.end()
                ),
            )),
            (Some(r), Some(p)) if !r.contains(&p) => Err(Error::parameter(
                "partition",
                format!(
                    "{p} is out of range on the {} stream ({} to {})",
                    self.name(),
                    r.start(),
                    r.end()
                ),
            )),
            _ => Ok(()),
        }
    }
}

impl fmt::Display for StreamEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown stream name.
///
/// ```
/// use tweetstream::{StreamEndpoint, UnknownStream};
/// let err = "firehose-fr".parse::<StreamEndpoint>().unwrap_err();
/// assert_eq!(err, UnknownStream("firehose-fr".into()));
/// assert!(err.to_string().starts_with("unknown stream \"firehose-fr\"; one of: filter, sample, "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownStream(pub String);

impl fmt::Display for UnknownStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown stream {:?}; one of: ", self.0)?;
        for (i, e) in StreamEndpoint::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(e.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownStream {}

impl FromStr for StreamEndpoint {
    type Err = UnknownStream;
    fn from_str(s: &str) -> Result<Self, UnknownStream> {
        StreamEndpoint::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| UnknownStream(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_paths_round_trip() {
        for e in StreamEndpoint::ALL {
            assert_eq!(e.name().parse::<StreamEndpoint>().unwrap(), e);
            assert_eq!(StreamEndpoint::from_path(e.path()), Some(e));
        }
        let err = "firehose-fr".parse::<StreamEndpoint>().unwrap_err();
        assert!(err.to_string().contains("likes-sample10"), "{err}");
    }

    #[test]
    fn every_stream_but_activity_has_one_of_the_spec_connection_ids() {
        // The `endpoint_id` enum of `DELETE /2/connections/{endpoint_id}`, OpenAPI 2.167.
        let spec = [
            "filtered_stream",
            "sample_stream",
            "sample10_stream",
            "firehose_stream",
            "tweets_compliance_stream",
            "users_compliance_stream",
            "tweet_label_stream",
            "firehose_stream_lang_en",
            "firehose_stream_lang_ja",
            "firehose_stream_lang_ko",
            "firehose_stream_lang_pt",
            "likes_firehose_stream",
            "likes_sample10_stream",
            "likes_compliance_stream",
        ];
        let ids: Vec<&str> = StreamEndpoint::ALL
            .iter()
            .filter_map(|e| e.connection_id())
            .collect();
        assert_eq!(ids.len(), spec.len());
        assert!(spec.iter().all(|s| ids.contains(s)));
        for id in spec {
            assert_eq!(
                StreamEndpoint::from_connection_id(id)
                    .unwrap()
                    .connection_id(),
                Some(id)
            );
        }
    }

    #[test]
    fn partitions_are_checked_by_name() {
        use StreamEndpoint::*;
        assert!(Firehose.check_partition(Some(20)).is_ok());
        for (e, p) in [
            (Firehose, None),
            (Firehose, Some(21)),
            (FirehoseEn, Some(9)),
        ] {
            let err = e.check_partition(p).unwrap_err();
            assert_eq!(err.parameter_name(), Some("partition"), "{err}");
        }
        assert!(Sample10.check_partition(Some(0)).is_err());
        assert!(Labels.check_partition(Some(1)).is_err());
        assert!(Labels.check_partition(None).is_ok());
    }
}
