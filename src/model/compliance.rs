//! Compliance events: the `data` of the posts, users and likes compliance streams.
//!
//! Schemas (OpenAPI 2.167): `PostComplianceData` (delete, withheld, drop, undrop,
//! tweet_edit), `UserComplianceData` (user_protect, user_unprotect, user_delete,
//! user_undelete, user_suspend, user_unsuspend, user_withheld, scrub_geo,
//! user_profile_modification) and `LikeComplianceSchema` (delete of a `favorite`). Each is
//! an object with one member naming the event; an event this crate does not know is kept
//! whole as [`Compliance::Other`].

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::event_member;
use super::lossless::lossless_object;
use super::{RawJson, Timestamp, TweetId, UserId};

lossless_object! {
    /// A post named by a compliance or label event.
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
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UserRef {
        /// The user.
        ess id: UserId = "id";
    }
}

lossless_object! {
    /// `delete`, `drop`, `undrop` of a post (`PostComplianceSchema`).
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
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct UnlikeEvent {
        /// The removed like.
        ess favorite: FavoriteRef = "favorite";
        /// When it happened.
        ess event_at: Timestamp = "event_at";
    }
}

/// One compliance event (open: unknown events are kept as [`Compliance::Other`]).
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
        assert!(crate::model::roundtrip::same_json(json, &back), "{c:?}");
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
