//! Compliance events: the `data` of the posts, users and likes compliance streams.
//!
//! Schemas (OpenAPI 2.167): `PostComplianceData` (delete, withheld, drop, undrop,
//! tweet_edit), `UserComplianceData` (user_protect, user_unprotect, user_delete,
//! user_undelete, user_suspend, user_unsuspend, user_withheld, scrub_geo,
//! user_profile_modification) and `LikeComplianceSchema` (delete of a `favorite`). Each is
//! an object with one member naming the event; an event this crate does not know is kept
//! whole as [`Compliance::Other`].
//!
//! ```
//! use tweetstream::model::compliance::UserRef;
//! let user: UserRef = serde_json::from_str(r#"{"id":"2244994945"}"#).unwrap();
//! assert_eq!(user.id.get(), 2244994945);
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{RawJson, Timestamp, TweetId, UserId};
use crate::model::codec::event_member;
use crate::model::codec::lossless::lossless_object;

lossless_object! {
    /// A post named by a compliance or label event.
    ///
    /// ```
    /// use tweetstream::model::compliance::PostRef;
    /// let post: PostRef = serde_json::from_str(r#"{"id":"601430178305220608","author_id":"3198576760"}"#).unwrap();
    /// assert_eq!(post.id, 601430178305220608);
    /// assert_eq!(post.author_id.unwrap(), 3198576760);
    /// // `tweet_edit` names the post without its author.
    /// let edited: PostRef = serde_json::from_str(r#"{"id":"1567233994734948354"}"#).unwrap();
    /// assert_eq!(edited.author_id, None);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostRef {
        /// The post.
        ess id: TweetId = "id";
        /// Its author (absent from `tweet_edit`).
        opt author_id: UserId = "author_id";
    }
}

lossless_object! {
    /// A user named by a compliance event.
    ///
    /// ```
    /// use tweetstream::model::UserId;
    /// use tweetstream::model::compliance::UserRef;
    /// let user: UserRef = serde_json::from_str(r#"{"id":"1375036644","screen_name":"someone"}"#).unwrap();
    /// assert_eq!(user.id, UserId(1375036644));
    /// // A member the schema does not name is kept, and re-encoded.
    /// assert_eq!(user.extra.get("screen_name").unwrap().get(), r#""someone""#);
    /// assert_eq!(serde_json::to_string(&user).unwrap(), r#"{"id":"1375036644","screen_name":"someone"}"#);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserRef {
        /// The user.
        ess id: UserId = "id";
    }
}

lossless_object! {
    /// `delete`, `drop`, `undrop` of a post (`PostComplianceSchema`).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // X's documented `drop` example.
    /// let c: Compliance = serde_json::from_str(r#"{"drop":{"tweet":{"id":"601430178305220600",
    ///   "author_id":"3198576760"},"event_at":"2022-12-23T12:34:56.789Z"}}"#).unwrap();
    /// let Compliance::Drop(e) = c else { panic!("not a drop") };
    /// assert_eq!(e.tweet.id, 601430178305220600);
    /// assert_eq!(e.event_at.as_text(), "2022-12-23T12:34:56.789Z");
    /// assert_eq!(e.quote_tweet_id, None);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostEvent {
        /// The post.
        ess tweet: PostRef = "tweet";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// The quoted post, for a quote post.
        opt quote_tweet_id: TweetId = "quote_tweet_id";
    }
}

lossless_object! {
    /// `withheld` of a post (`PostTakedownComplianceSchema`).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // X's documented `withheld` example.
    /// let c: Compliance = serde_json::from_str(r#"{"withheld":{"tweet":{"id":"601430178305220608",
    ///   "author_id":"3198576760"},"withheld_in_countries":["XY"],"event_at":"2022-12-23T12:34:56.789Z"}}"#).unwrap();
    /// let Compliance::Withheld(e) = c else { panic!("not a withheld") };
    /// assert_eq!(e.tweet.author_id.unwrap(), 3198576760);
    /// assert_eq!(e.withheld_in_countries, ["XY"]);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostWithheldEvent {
        /// The post.
        ess tweet: PostRef = "tweet";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// ISO 3166-1 alpha-2 codes of the countries it is withheld in.
        ess withheld_in_countries: Vec<String> = "withheld_in_countries";
        /// The quoted post, for a quote post.
        opt quote_tweet_id: TweetId = "quote_tweet_id";
    }
}

lossless_object! {
    /// `tweet_edit` (`PostEditComplianceObjectSchema`).
    ///
    /// ```
    /// use tweetstream::model::{Compliance, TweetId};
    /// // X's documented `tweet_edit` example.
    /// let c: Compliance = serde_json::from_str(r#"{"tweet_edit":{"tweet":{"id":"1567233994734948354"},
    ///   "initial_tweet_id":"1567233844205453313",
    ///   "edit_tweet_ids":["1567233844205453313","1567233994734948354"],
    ///   "event_at":"2022-09-06T19:31:16.801Z"}}"#).unwrap();
    /// let Compliance::Edit(e) = c else { panic!("not an edit") };
    /// assert_eq!(e.initial_tweet_id, 1567233844205453313);
    /// assert_eq!(e.edit_tweet_ids.last(), Some(&e.tweet.id)); // the newest version last
    /// assert_eq!(e.edit_tweet_ids[0], TweetId(1567233844205453313));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct PostEditEvent {
        /// The new version.
        ess tweet: PostRef = "tweet";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// The first version of the post.
        ess initial_tweet_id: TweetId = "initial_tweet_id";
        /// Every version so far.
        ess edit_tweet_ids: Vec<TweetId> = "edit_tweet_ids";
    }
}

lossless_object! {
    /// `user_protect`, `user_delete`, `user_suspend` and their reversals (`UserComplianceSchema`).
    ///
    /// ```
    /// use tweetstream::model::{Compliance, Timestamp};
    /// // X's documented `user_suspend` example (its `event_at` has an offset, not `Z`).
    /// let c: Compliance = serde_json::from_str(r#"{"user_suspend":{"user":{"id":"1375036644"},
    ///   "event_at":"2022-06-27T23:49:41.839+00:00"}}"#).unwrap();
    /// let Compliance::UserSuspend(e) = &c else { panic!("not a suspension") };
    /// assert_eq!(e.user.id, 1375036644);
    /// assert_eq!(e.event_at.get(), Timestamp::parse("2022-06-27T23:49:41.839Z").get());
    /// // Re-encoded as received: the offset is kept.
    /// assert!(serde_json::to_string(&c).unwrap().contains("23:49:41.839+00:00"));
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserEvent {
        /// The user.
        ess user: UserRef = "user";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
    }
}

lossless_object! {
    /// `user_withheld` (`UserTakedownComplianceSchema`).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // X's documented `user_withheld` example.
    /// let c: Compliance = serde_json::from_str(r#"{"user_withheld":{"user":{"id":"1375036644"},
    ///   "withheld_in_countries":["XY"],"event_at":"2022-06-27T23:49:41.839+00:00"}}"#).unwrap();
    /// let Compliance::UserWithheld(e) = c else { panic!("not a user_withheld") };
    /// assert_eq!(e.user.id, 1375036644);
    /// assert_eq!(e.withheld_in_countries, ["XY"]);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserWithheldEvent {
        /// The user.
        ess user: UserRef = "user";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
        /// ISO 3166-1 alpha-2 codes of the countries the user is withheld in.
        ess withheld_in_countries: Vec<String> = "withheld_in_countries";
    }
}

lossless_object! {
    /// `scrub_geo` (`UserScrubGeoObjectSchema`): remove geo data from the user's posts.
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // X's documented `scrub_geo` example.
    /// let c: Compliance = serde_json::from_str(r#"{"scrub_geo":{"user":{"id":"1375036644"},
    ///   "up_to_tweet_id":"411552403083628544","event_at":"2022-06-27T23:49:41.839+00:00"}}"#).unwrap();
    /// let Compliance::ScrubGeo(e) = c else { panic!("not a scrub_geo") };
    /// assert_eq!(e.user.id, 1375036644);
    /// assert_eq!(e.up_to_tweet_id, 411552403083628544);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ScrubGeoEvent {
        /// The user.
        ess user: UserRef = "user";
        /// Scrub up to (and including) this post.
        ess up_to_tweet_id: TweetId = "up_to_tweet_id";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
    }
}

lossless_object! {
    /// `user_profile_modification` (`UserProfileModificationObjectSchema`).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // X's documented `user_profile_modification` example.
    /// let c: Compliance = serde_json::from_str(r#"{"user_profile_modification":{"user":{"id":"906948460078698496"},
    ///   "event_at":"2022-07-12T19:47:59.442Z","profile_field":"profile.description",
    ///   "new_value":"Home of the @SnowbotDev chatbot."}}"#).unwrap();
    /// let Compliance::ProfileModification(e) = c else { panic!("not a profile modification") };
    /// assert_eq!(e.user.id, 906948460078698496);
    /// assert_eq!(e.profile_field, "profile.description");
    /// assert_eq!(e.new_value, "Home of the @SnowbotDev chatbot.");
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct ProfileModificationEvent {
        /// The user.
        ess user: UserRef = "user";
        /// Which profile field changed (the spec leaves the values open; X's
        /// documentation lists `profile.name`, `profile.description`, ...).
        ess profile_field: String = "profile_field";
        /// Its new value.
        ess new_value: String = "new_value";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
    }
}

lossless_object! {
    /// The like an unlike removes.
    ///
    /// ```
    /// use tweetstream::model::compliance::FavoriteRef;
    /// let fav: FavoriteRef = serde_json::from_str(r#"{"id":"1346889436626259968","user_id":"2244994945"}"#).unwrap();
    /// assert_eq!(fav.id, 1346889436626259968);
    /// assert_eq!(fav.user_id, 2244994945);
    /// // Both members are required.
    /// assert!(serde_json::from_str::<FavoriteRef>(r#"{"id":"1346889436626259968"}"#).is_err());
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct FavoriteRef {
        /// The liked post.
        ess id: TweetId = "id";
        /// The user who had liked it.
        ess user_id: UserId = "user_id";
    }
}

lossless_object! {
    /// `delete` on the likes compliance stream (`UnlikeComplianceSchema`).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// // A `delete` whose body names a `favorite` is an unlike, not a post deletion.
    /// let c: Compliance = serde_json::from_str(r#"{"delete":{"favorite":{"id":"1346889436626259968",
    ///   "user_id":"2244994945"},"event_at":"2021-07-06T18:40:40.000Z"}}"#).unwrap();
    /// assert_eq!(c.kind(), "delete");
    /// let Compliance::Unlike(e) = c else { panic!("not an unlike") };
    /// assert_eq!(e.favorite.id, 1346889436626259968);
    /// assert_eq!(e.favorite.user_id, 2244994945);
    /// ```
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UnlikeEvent {
        /// The removed like.
        ess favorite: FavoriteRef = "favorite";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
    }
}

/// One compliance event (open: unknown events are kept as [`Compliance::Other`]).
///
/// ```
/// use tweetstream::model::Compliance;
/// // X's documented `delete` example.
/// let c: Compliance = serde_json::from_str(r#"{"delete":{"tweet":{"id":"601430178305220608",
///   "author_id":"3198576760"},"event_at":"2022-12-23T12:34:56.789Z"}}"#).unwrap();
/// assert!(matches!(c, Compliance::Delete(ref e) if e.tweet.id == 601430178305220608));
///
/// // An event this crate does not know is kept whole, and re-encoded byte for byte.
/// let json = r#"{"user_ghost":{"user":{"id":"1"},"why":[1.50,2e3]}}"#;
/// let ghost: Compliance = serde_json::from_str(json).unwrap();
/// assert!(matches!(ghost, Compliance::Other { ref kind, .. } if kind == "user_ghost"));
/// assert_eq!(serde_json::to_string(&ghost).unwrap(), json);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Compliance {
    /// `delete`: a post was deleted.
    Delete(PostEvent),
    /// `withheld`: a post was withheld in some countries.
    Withheld(PostWithheldEvent),
    /// `drop`: a post must be dropped (e.g. made non-public).
    Drop(PostEvent),
    /// `undrop`: a dropped post may be shown again.
    Undrop(PostEvent),
    /// `tweet_edit`: a post was edited.
    Edit(PostEditEvent),
    /// `user_protect`.
    UserProtect(UserEvent),
    /// `user_unprotect`.
    UserUnprotect(UserEvent),
    /// `user_delete`.
    UserDelete(UserEvent),
    /// `user_undelete`.
    UserUndelete(UserEvent),
    /// `user_suspend`.
    UserSuspend(UserEvent),
    /// `user_unsuspend`.
    UserUnsuspend(UserEvent),
    /// `user_withheld`.
    UserWithheld(UserWithheldEvent),
    /// `scrub_geo`.
    ScrubGeo(ScrubGeoEvent),
    /// `user_profile_modification`.
    ProfileModification(ProfileModificationEvent),
    /// `delete` of a like (likes compliance stream).
    Unlike(UnlikeEvent),
    /// An event this crate does not know, or whose body did not have the expected shape.
    Other {
        /// The member name, e.g. `user_ghost`.
        kind: String,
        /// Its value, whole, as received (re-encoded byte for byte).
        value: RawJson,
    },
}

impl Compliance {
    /// The event's member name as X sends it (`delete`, `user_suspend`, ...).
    ///
    /// ```
    /// use tweetstream::model::Compliance;
    /// let user = r#"{"user":{"id":"3182003550"},"event_at":"2022-06-27T23:49:41.839+00:00"}"#;
    /// for kind in ["user_protect", "user_unprotect", "user_delete", "user_undelete", "user_ghost"] {
    ///     let c: Compliance = serde_json::from_str(&format!(r#"{{"{kind}":{user}}}"#)).unwrap();
    ///     assert_eq!(c.kind(), kind);
    /// }
    /// ```
    pub fn kind(&self) -> &str {
        match self {
            Compliance::Delete(_) | Compliance::Unlike(_) => "delete",
            Compliance::Withheld(_) => "withheld",
            Compliance::Drop(_) => "drop",
            Compliance::Undrop(_) => "undrop",
            Compliance::Edit(_) => "tweet_edit",
            Compliance::UserProtect(_) => "user_protect",
            Compliance::UserUnprotect(_) => "user_unprotect",
            Compliance::UserDelete(_) => "user_delete",
            Compliance::UserUndelete(_) => "user_undelete",
            Compliance::UserSuspend(_) => "user_suspend",
            Compliance::UserUnsuspend(_) => "user_unsuspend",
            Compliance::UserWithheld(_) => "user_withheld",
            Compliance::ScrubGeo(_) => "scrub_geo",
            Compliance::ProfileModification(_) => "user_profile_modification",
            Compliance::Other { kind, .. } => kind,
        }
    }

    fn from_member(kind: String, value: RawJson) -> Compliance {
        use event_member::typed as t;
        let typed = match kind.as_str() {
            "delete" if event_member::has_member(&value, "favorite") => {
                t(&value).map(Compliance::Unlike)
            }
            "delete" => t(&value).map(Compliance::Delete),
            "withheld" => t(&value).map(Compliance::Withheld),
            "drop" => t(&value).map(Compliance::Drop),
            "undrop" => t(&value).map(Compliance::Undrop),
            "tweet_edit" => t(&value).map(Compliance::Edit),
            "user_protect" => t(&value).map(Compliance::UserProtect),
            "user_unprotect" => t(&value).map(Compliance::UserUnprotect),
            "user_delete" => t(&value).map(Compliance::UserDelete),
            "user_undelete" => t(&value).map(Compliance::UserUndelete),
            "user_suspend" => t(&value).map(Compliance::UserSuspend),
            "user_unsuspend" => t(&value).map(Compliance::UserUnsuspend),
            "user_withheld" => t(&value).map(Compliance::UserWithheld),
            "scrub_geo" => t(&value).map(Compliance::ScrubGeo),
            "user_profile_modification" => t(&value).map(Compliance::ProfileModification),
            _ => None,
        };
        typed.unwrap_or(Compliance::Other { kind, value })
    }
}

impl<'de> Deserialize<'de> for Compliance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (kind, value) = event_member::read(d)?;
        Ok(Compliance::from_member(kind, value))
    }
}

impl Serialize for Compliance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let k = self.kind();
        match self {
            Compliance::Delete(e) | Compliance::Drop(e) | Compliance::Undrop(e) => {
                event_member::write(s, k, e)
            }
            Compliance::Withheld(e) => event_member::write(s, k, e),
            Compliance::Edit(e) => event_member::write(s, k, e),
            Compliance::UserProtect(e)
            | Compliance::UserUnprotect(e)
            | Compliance::UserDelete(e)
            | Compliance::UserUndelete(e)
            | Compliance::UserSuspend(e)
            | Compliance::UserUnsuspend(e) => event_member::write(s, k, e),
            Compliance::UserWithheld(e) => event_member::write(s, k, e),
            Compliance::ScrubGeo(e) => event_member::write(s, k, e),
            Compliance::ProfileModification(e) => event_member::write(s, k, e),
            Compliance::Unlike(e) => event_member::write(s, k, e),
            Compliance::Other { value, .. } => event_member::write(s, k, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: &str) -> Compliance {
        let c: Compliance = serde_json::from_str(json).unwrap();
        let back = serde_json::to_string(&c).unwrap();
        assert!(
            crate::model::codec::roundtrip::same_json(json, &back),
            "{c:?}"
        );
        c
    }

    #[test]
    fn every_spec_event_decodes_and_re_encodes() {
        let at = r#""event_at":"2021-07-06T18:40:40.000Z""#;
        let post = r#""tweet":{"id":"1346889436626259968","author_id":"2244994945"}"#;
        let user = r#""user":{"id":"2244994945"}"#;
        let cases = [
            (format!(r#"{{"delete":{{{post},{at}}}}}"#), "delete"),
            (
                format!(r#"{{"withheld":{{{post},{at},"withheld_in_countries":["DE"]}}}}"#),
                "withheld",
            ),
            (format!(r#"{{"drop":{{{post},{at}}}}}"#), "drop"),
            (format!(r#"{{"undrop":{{{post},{at}}}}}"#), "undrop"),
            (
                format!(
                    r#"{{"tweet_edit":{{"tweet":{{"id":"2"}},{at},"initial_tweet_id":"1","edit_tweet_ids":["1","2"]}}}}"#
                ),
                "tweet_edit",
            ),
            (
                format!(r#"{{"user_suspend":{{{user},{at}}}}}"#),
                "user_suspend",
            ),
            (
                format!(r#"{{"user_withheld":{{{user},{at},"withheld_in_countries":["FR"]}}}}"#),
                "user_withheld",
            ),
            (
                format!(r#"{{"scrub_geo":{{{user},"up_to_tweet_id":"5",{at}}}}}"#),
                "scrub_geo",
            ),
            (
                format!(
                    r#"{{"user_profile_modification":{{{user},"profile_field":"name","new_value":"X",{at}}}}}"#
                ),
                "user_profile_modification",
            ),
            (
                format!(r#"{{"delete":{{"favorite":{{"id":"1","user_id":"2"}},{at}}}}}"#),
                "delete",
            ),
        ];
        for (json, kind) in cases {
            let c = round_trip(&json);
            assert_eq!(c.kind(), kind);
            assert!(!matches!(c, Compliance::Other { .. }), "{json}");
        }
        assert!(matches!(
            round_trip(&format!(
                r#"{{"delete":{{"favorite":{{"id":"1","user_id":"2"}},{at}}}}}"#
            )),
            Compliance::Unlike(_)
        ));
    }

    #[test]
    fn unknown_events_are_kept_whole() {
        let c = round_trip(r#"{"user_ghost":{"user":{"id":"1"},"why":[1.50,2e3]}}"#);
        assert!(matches!(c, Compliance::Other { ref kind, .. } if kind == "user_ghost"));
        // Number text too, byte for byte.
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"user_ghost":{"user":{"id":"1"},"why":[1.50,2e3]}}"#
        );
        // A known name with an unexpected body is kept too, never an error.
        let c = round_trip(r#"{"delete":{"status":{"id":"1"}}}"#);
        assert!(matches!(c, Compliance::Other { .. }));
        assert!(serde_json::from_str::<Compliance>(r#"{"a":1,"b":2}"#).is_err());
        assert!(serde_json::from_str::<Compliance>("{}").is_err());
    }

    #[test]
    fn drifted_bodies_keep_their_event_and_the_drift() {
        // An id as a number, an unknown member, a `null`: still a `Delete`.
        let json = r#"{"delete":{"tweet":{"id":1346889436626259968,"author_id":"2","flag":true},"event_at":"2021-07-06T18:40:40.000Z","quote_tweet_id":null}}"#;
        let Compliance::Delete(e) = round_trip(json) else {
            panic!("not a delete");
        };
        assert_eq!(e.tweet.id, TweetId(1346889436626259968));
        assert_eq!(
            e.tweet.extra.get("id").unwrap().get(),
            "1346889436626259968"
        );
        assert_eq!(e.tweet.extra.get("flag").unwrap().get(), "true");
        assert_eq!(e.quote_tweet_id, None);
        assert_eq!(e.extra.get("quote_tweet_id").unwrap().get(), "null");
    }
}
