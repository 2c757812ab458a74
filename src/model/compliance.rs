//! Compliance events: the `data` of the posts, users and likes compliance streams.
//!
//! Schemas (OpenAPI 2.167): `PostComplianceData` (delete, withheld, drop, undrop,
//! tweet_edit), `UserComplianceData` (user_protect, user_unprotect, user_delete,
//! user_undelete, user_suspend, user_unsuspend, user_withheld, scrub_geo,
//! user_profile_modification) and `LikeComplianceSchema` (delete of a `favorite`). Each is
//! an object with one member naming the event; an event this crate does not know is kept
//! whole as [`Compliance::Other`].

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Timestamp, TweetId, UserId};

/// A post named by a compliance or label event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRef {
    /// The post.
    pub id: TweetId,
    /// Its author (absent from `tweet_edit`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<UserId>,
}

/// A user named by a compliance event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRef {
    /// The user.
    pub id: UserId,
}

/// `delete`, `drop`, `undrop` of a post (`PostComplianceSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEvent {
    /// The post.
    pub tweet: PostRef,
    /// When it happened.
    pub event_at: Timestamp,
    /// The quoted post, for a quote post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_tweet_id: Option<TweetId>,
}

/// `withheld` of a post (`PostTakedownComplianceSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostWithheldEvent {
    /// The post.
    pub tweet: PostRef,
    /// When it happened.
    pub event_at: Timestamp,
    /// ISO 3166-1 alpha-2 codes of the countries it is withheld in.
    pub withheld_in_countries: Vec<String>,
    /// The quoted post, for a quote post.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote_tweet_id: Option<TweetId>,
}

/// `tweet_edit` (`PostEditComplianceObjectSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostEditEvent {
    /// The new version.
    pub tweet: PostRef,
    /// When it happened.
    pub event_at: Timestamp,
    /// The first version of the post.
    pub initial_tweet_id: TweetId,
    /// Every version so far.
    pub edit_tweet_ids: Vec<TweetId>,
}

/// `user_protect`, `user_delete`, `user_suspend` and their reversals (`UserComplianceSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEvent {
    /// The user.
    pub user: UserRef,
    /// When it happened.
    pub event_at: Timestamp,
}

/// `user_withheld` (`UserTakedownComplianceSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserWithheldEvent {
    /// The user.
    pub user: UserRef,
    /// When it happened.
    pub event_at: Timestamp,
    /// ISO 3166-1 alpha-2 codes of the countries the user is withheld in.
    pub withheld_in_countries: Vec<String>,
}

/// `scrub_geo` (`UserScrubGeoObjectSchema`): remove geo data from the user's posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScrubGeoEvent {
    /// The user.
    pub user: UserRef,
    /// Scrub up to (and including) this post.
    pub up_to_tweet_id: TweetId,
    /// When it happened.
    pub event_at: Timestamp,
}

/// `user_profile_modification` (`UserProfileModificationObjectSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileModificationEvent {
    /// The user.
    pub user: UserRef,
    /// Which profile field changed (the spec leaves the values open).
    pub profile_field: String,
    /// Its new value.
    pub new_value: String,
    /// When it happened.
    pub event_at: Timestamp,
}

/// The like an unlike removes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavoriteRef {
    /// The liked post.
    pub id: TweetId,
    /// The user who had liked it.
    pub user_id: UserId,
}

/// `delete` on the likes compliance stream (`UnlikeComplianceSchema`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnlikeEvent {
    /// The removed like.
    pub favorite: FavoriteRef,
    /// When it happened.
    pub event_at: Timestamp,
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
        /// Its value, whole.
        value: serde_json::Value,
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

    fn from_member(kind: String, value: serde_json::Value) -> Compliance {
        use serde_json::from_value as v;
        let typed = match kind.as_str() {
            "delete" if value.get("favorite").is_some() => v(value.clone()).map(Compliance::Unlike),
            "delete" => v(value.clone()).map(Compliance::Delete),
            "withheld" => v(value.clone()).map(Compliance::Withheld),
            "drop" => v(value.clone()).map(Compliance::Drop),
            "undrop" => v(value.clone()).map(Compliance::Undrop),
            "tweet_edit" => v(value.clone()).map(Compliance::Edit),
            "user_protect" => v(value.clone()).map(Compliance::UserProtect),
            "user_unprotect" => v(value.clone()).map(Compliance::UserUnprotect),
            "user_delete" => v(value.clone()).map(Compliance::UserDelete),
            "user_undelete" => v(value.clone()).map(Compliance::UserUndelete),
            "user_suspend" => v(value.clone()).map(Compliance::UserSuspend),
            "user_unsuspend" => v(value.clone()).map(Compliance::UserUnsuspend),
            "user_withheld" => v(value.clone()).map(Compliance::UserWithheld),
            "scrub_geo" => v(value.clone()).map(Compliance::ScrubGeo),
            "user_profile_modification" => v(value.clone()).map(Compliance::ProfileModification),
            _ => return Compliance::Other { kind, value },
        };
        typed.unwrap_or(Compliance::Other { kind, value })
    }
}

/// Decodes `{"<kind>": {...}}`: exactly one member.
pub(crate) fn one_member<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<(String, serde_json::Value), D::Error> {
    let map = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
    let mut it = map.into_iter();
    match (it.next(), it.next()) {
        (Some(member), None) => Ok(member),
        _ => Err(D::Error::custom(
            "expected an object with exactly one member",
        )),
    }
}

/// Encodes `{"<kind>": value}`.
pub(crate) fn write_member<S: Serializer, T: Serialize + ?Sized>(
    s: S,
    kind: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(kind, value)?;
    m.end()
}

impl<'de> Deserialize<'de> for Compliance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (kind, value) = one_member(d)?;
        Ok(Compliance::from_member(kind, value))
    }
}

impl Serialize for Compliance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let k = self.kind();
        match self {
            Compliance::Delete(e) | Compliance::Drop(e) | Compliance::Undrop(e) => {
                write_member(s, k, e)
            }
            Compliance::Withheld(e) => write_member(s, k, e),
            Compliance::Edit(e) => write_member(s, k, e),
            Compliance::UserProtect(e)
            | Compliance::UserUnprotect(e)
            | Compliance::UserDelete(e)
            | Compliance::UserUndelete(e)
            | Compliance::UserSuspend(e)
            | Compliance::UserUnsuspend(e) => write_member(s, k, e),
            Compliance::UserWithheld(e) => write_member(s, k, e),
            Compliance::ScrubGeo(e) => write_member(s, k, e),
            Compliance::ProfileModification(e) => write_member(s, k, e),
            Compliance::Unlike(e) => write_member(s, k, e),
            Compliance::Other { value, .. } => write_member(s, k, value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(json: &str) -> Compliance {
        let c: Compliance = serde_json::from_str(json).unwrap();
        let back: serde_json::Value = serde_json::to_value(&c).unwrap();
        let want: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(back, want, "{c:?}");
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
        let c = round_trip(r#"{"user_ghost":{"user":{"id":"1"},"why":[1,2]}}"#);
        assert!(matches!(c, Compliance::Other { ref kind, .. } if kind == "user_ghost"));
        // A known name with an unexpected body is kept too, never an error.
        let c = round_trip(r#"{"delete":{"status":{"id":"1"}}}"#);
        assert!(matches!(c, Compliance::Other { .. }));
        assert!(serde_json::from_str::<Compliance>(r#"{"a":1,"b":2}"#).is_err());
    }
}
