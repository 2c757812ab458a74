//! The user object.
//!
//! ```
//! use tweetstream::model::user::User;
//! let u: User = serde_json::from_str(r#"{"id":"783214","name":"X","username":"X"}"#).unwrap();
//! assert_eq!(u.username, "X");
//! ```

use crate::model::codec::lossless::lossless_object;

use super::entities::UserEntities;
use super::enums::{ConnectionStatus, SubscriptionType, VerifiedType, WithheldScope};
use super::id::{TweetId, UserId};
use super::timestamp::Timestamp;

lossless_object! {
    /// A user (account): every `user.fields` value of the v2 schema.
    ///
    /// `id`, `name` and `username` are X's default fields and always present.
    /// The Post-era names (`pinned_post_id`, `most_recent_post_id`) are accepted
    /// as aliases.
    ///
    /// ```
    /// use tweetstream::model::User;
    /// use tweetstream::model::enums::VerifiedType;
    /// let u: User = serde_json::from_str(r#"{"id":"2244994945","name":"Developers","username":"XDevelopers",
    ///   "created_at":"2013-12-14T04:35:55.000Z","verified_type":"business","protected":false,
    ///   "pinned_post_id":"1578414851688480769",
    ///   "public_metrics":{"followers_count":570876,"following_count":2043,"tweet_count":3961,"listed_count":1672}}"#).unwrap();
    /// assert_eq!(u.id.get(), 2244994945);
    /// assert_eq!(u.username, "XDevelopers");
    /// assert_eq!(u.verified_type, Some(VerifiedType::Business));
    /// assert_eq!(u.pinned_tweet_id.unwrap().get(), 1578414851688480769); // Post-era alias
    /// assert_eq!(u.public_metrics.unwrap().followers_count, Some(570876));
    /// ```
    #[derive(Clone, PartialEq)] // Debug: compact_debug.rs
    pub struct User {
        /// The user id.
        ess id: UserId = "id";
        /// The display name.
        ess name: String = "name";
        /// The handle (without `@`).
        ess username: String = "username";
        /// The user's affiliation badge.
        opt affiliation: Affiliation = "affiliation";
        /// The authenticated user's confirmed e-mail (own account only).
        opt confirmed_email: String = "confirmed_email";
        /// Relationships between the authenticated user and this one.
        opt connection_status: Vec<ConnectionStatus> = "connection_status";
        /// When the account was created.
        opt created_at: Timestamp = "created_at";
        /// The bio.
        opt description: String = "description";
        /// Entities of the bio and website.
        opt entities: UserEntities = "entities";
        /// Whether the user completed identity verification.
        opt is_identity_verified: bool = "is_identity_verified";
        /// The free-form profile location.
        opt location: String = "location";
        /// The user's most recent post.
        opt most_recent_tweet_id: TweetId = "most_recent_tweet_id" | "most_recent_post_id";
        /// Whether the account is labelled as parody.
        opt parody: bool = "parody";
        /// The pinned post.
        opt pinned_tweet_id: TweetId = "pinned_tweet_id" | "pinned_post_id";
        /// The profile banner URL.
        opt profile_banner_url: String = "profile_banner_url";
        /// The profile image URL.
        opt profile_image_url: String = "profile_image_url";
        /// Whether the user's posts are protected.
        opt protected: bool = "protected";
        /// Follower, following, post and list counts.
        opt public_metrics: UserPublicMetrics = "public_metrics";
        /// Whether you can send this user a DM.
        opt receives_your_dm: bool = "receives_your_dm";
        /// Whether this user subscribes to you.
        opt subscribes_to_you: bool = "subscribes_to_you";
        /// The subscription relationship with you.
        opt subscription: Subscription = "subscription";
        /// The user's X Premium tier.
        opt subscription_type: SubscriptionType = "subscription_type";
        /// The profile website URL (a `t.co` link).
        opt url: String = "url";
        /// Whether the user is verified.
        opt verified: bool = "verified";
        /// How many verified accounts follow this user.
        opt verified_followers_count: LenientCount = "verified_followers_count";
        /// The kind of verification.
        opt verified_type: VerifiedType = "verified_type";
        /// Where and why the user is withheld.
        opt withheld: UserWithheld = "withheld";
    }
}

lossless_object! {
    /// A user's affiliation badge.
    ///
    /// ```
    /// use tweetstream::model::user::Affiliation;
    /// let a: Affiliation = serde_json::from_str(r#"{"badge_url":"https://pbs.twimg.com/profile_images/1/x.jpg",
    ///   "description":"X","url":"https://x.com/X","user_id":["783214"]}"#).unwrap();
    /// assert_eq!(a.user_id.unwrap()[0].get(), 783214);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct Affiliation {
        /// The badge image URL.
        opt badge_url: String = "badge_url";
        /// The affiliation's description.
        opt description: String = "description";
        /// The affiliation's URL.
        opt url: String = "url";
        /// The affiliated accounts (expand with `affiliation.user_id`).
        opt user_id: Vec<UserId> = "user_id";
    }
}

lossless_object! {
    /// Public counts of a user (`post_count` is accepted for `tweet_count`).
    ///
    /// ```
    /// use tweetstream::model::user::UserPublicMetrics;
    /// let m: UserPublicMetrics = serde_json::from_str(
    ///     r#"{"followers_count":570876,"following_count":2043,"post_count":3961,"listed_count":1672,"like_count":2255}"#,
    /// ).unwrap();
    /// assert_eq!(m.tweet_count, Some(3961)); // from the Post-era name
    /// assert_eq!(m.media_count, None);
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct UserPublicMetrics {
        /// Followers.
        opt followers_count: u64 = "followers_count";
        /// Accounts followed.
        opt following_count: u64 = "following_count";
        /// Posts, reposts included.
        opt tweet_count: u64 = "tweet_count" | "post_count";
        /// Lists that include the user.
        opt listed_count: u64 = "listed_count";
        /// Posts the user liked.
        opt like_count: u64 = "like_count";
        /// Media items the user posted.
        opt media_count: u64 = "media_count";
    }
}

lossless_object! {
    /// The subscription relationship between a user and you.
    ///
    /// ```
    /// use tweetstream::model::user::Subscription;
    /// let s: Subscription = serde_json::from_str(r#"{"subscribes_to_you":false}"#).unwrap();
    /// assert_eq!(s.subscribes_to_you, Some(false));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq)]
    pub struct Subscription {
        /// Whether the user subscribes to you.
        opt subscribes_to_you: bool = "subscribes_to_you";
    }
}

lossless_object! {
    /// Where a user is withheld.
    ///
    /// ```
    /// use tweetstream::model::user::UserWithheld;
    /// use tweetstream::model::enums::WithheldScope;
    /// let w: UserWithheld = serde_json::from_str(r#"{"country_codes":["TR"],"scope":"user"}"#).unwrap();
    /// assert_eq!(w.country_codes.unwrap(), ["TR"]);
    /// assert_eq!(w.scope, Some(WithheldScope::User));
    /// ```
    #[derive(Debug, Clone, Default, PartialEq)]
    pub struct UserWithheld {
        /// ISO 3166-1 alpha-2 codes of the countries where the user is withheld.
        opt country_codes: Vec<String> = "country_codes";
        /// `user` when the whole account is withheld.
        opt scope: WithheldScope = "scope";
    }
}

/// A count X has been seen to send both as a JSON number and as a decimal string
/// (`verified_followers_count`): either decodes, and it re-encodes in the form it came in.
///
/// ```
/// use tweetstream::model::user::LenientCount;
/// let n: LenientCount = serde_json::from_str("274").unwrap();
/// let s: LenientCount = serde_json::from_str(r#""274""#).unwrap();
/// assert_eq!((n.value, s.value), (274, 274));
/// assert_eq!(serde_json::to_string(&n).unwrap(), "274");
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#""274""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LenientCount {
    /// The count.
    pub value: u64,
    /// Whether it arrived as a string.
    pub as_string: bool,
}

impl serde::Serialize for LenientCount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.as_string {
            s.collect_str(&self.value)
        } else {
            s.serialize_u64(self.value)
        }
    }
}

impl<'de> serde::Deserialize<'de> for LenientCount {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = LenientCount;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a count, as a number or a decimal string")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<LenientCount, E> {
                Ok(LenientCount {
                    value: v,
                    as_string: false,
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<LenientCount, E> {
                u64::try_from(v)
                    .map(|value| LenientCount {
                        value,
                        as_string: false,
                    })
                    .map_err(|_| E::custom("a negative count"))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LenientCount, E> {
                // Only canonical decimals (digits only: `parse` would also take a
                // leading `+`), so that re-encoding gives the same text.
                let canonical = !v.is_empty()
                    && v.bytes().all(|b| b.is_ascii_digit())
                    && (v == "0" || !v.starts_with('0'));
                match v.parse::<u64>() {
                    Ok(value) if canonical => Ok(LenientCount {
                        value,
                        as_string: true,
                    }),
                    _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod lenient_count_tests {
    use super::LenientCount;

    #[test]
    fn numbers_and_decimal_strings_both_decode_and_keep_their_form() {
        for text in ["274", "\"274\"", "0", "\"0\""] {
            let c: LenientCount = serde_json::from_str(text).unwrap();
            assert_eq!(c.value, if text.contains("274") { 274 } else { 0 });
            assert_eq!(serde_json::to_string(&c).unwrap(), text);
        }
        for bad in ["\"0274\"", "\"+274\"", "\"\"", "\"x\"", "-1", "true"] {
            assert!(serde_json::from_str::<LenientCount>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_signed_count_string_round_trips_through_the_tolerant_pass() {
        let line = r#"{"data":{"id":"1","text":"hi"},"includes":{"users":[{"id":"2","name":"n","username":"u","verified_followers_count":"+274"}]}}"#;
        let decoded = crate::model::codec::roundtrip::check_line(line).expect("round-trips");
        let includes = decoded.includes.expect("includes");
        let user = &includes.users()[0];
        assert_eq!(user.verified_followers_count, None);
        assert_eq!(
            user.extra.get("verified_followers_count").unwrap().get(),
            r#""+274""#
        );
    }
}
