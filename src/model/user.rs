//! The user object.

use serde::{Deserialize, Serialize};

use super::entities::UserEntities;
use super::enums::{ConnectionStatus, SubscriptionType, VerifiedType, WithheldScope};
use super::id::{TweetId, UserId};
use super::timestamp::Timestamp;

/// A user (account): every `user.fields` value of the v2 schema.
///
/// `id`, `name` and `username` are X's default fields and always present.
/// The Post-era names (`pinned_post_id`, `most_recent_post_id`) are accepted
/// as aliases.
#[derive(Clone, PartialEq, Serialize, Deserialize)] // Debug: compact_debug.rs
pub struct User {
    /// The user id.
    pub id: UserId,
    /// The display name.
    pub name: String,
    /// The handle (without `@`).
    pub username: String,
    /// The user's affiliation badge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Affiliation>,
    /// The authenticated user's confirmed e-mail (own account only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_email: Option<String>,
    /// Relationships between the authenticated user and this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_status: Option<Vec<ConnectionStatus>>,
    /// When the account was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<Timestamp>,
    /// The bio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Entities of the bio and website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<UserEntities>,
    /// Whether the user completed identity verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_identity_verified: Option<bool>,
    /// The free-form profile location.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// The user's most recent post.
    #[serde(
        default,
        alias = "most_recent_post_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub most_recent_tweet_id: Option<TweetId>,
    /// Whether the account is labelled as parody.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parody: Option<bool>,
    /// The pinned post.
    #[serde(
        default,
        alias = "pinned_post_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub pinned_tweet_id: Option<TweetId>,
    /// The profile banner URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_banner_url: Option<String>,
    /// The profile image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_image_url: Option<String>,
    /// Whether the user's posts are protected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protected: Option<bool>,
    /// Follower, following, post and list counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_metrics: Option<UserPublicMetrics>,
    /// Whether you can send this user a DM.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receives_your_dm: Option<bool>,
    /// Whether this user subscribes to you.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribes_to_you: Option<bool>,
    /// The subscription relationship with you.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<Subscription>,
    /// The user's X Premium tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription_type: Option<SubscriptionType>,
    /// The profile website URL (a `t.co` link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether the user is verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// How many verified accounts follow this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_followers_count: Option<LenientCount>,
    /// The kind of verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_type: Option<VerifiedType>,
    /// Where and why the user is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld: Option<UserWithheld>,
}

/// A user's affiliation badge.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Affiliation {
    /// The badge image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub badge_url: Option<String>,
    /// The affiliation's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The affiliation's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The affiliated accounts (expand with `affiliation.user_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<Vec<UserId>>,
}

/// Public counts of a user (`post_count` is accepted for `tweet_count`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPublicMetrics {
    /// Followers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers_count: Option<u64>,
    /// Accounts followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub following_count: Option<u64>,
    /// Posts, reposts included.
    #[serde(default, alias = "post_count", skip_serializing_if = "Option::is_none")]
    pub tweet_count: Option<u64>,
    /// Lists that include the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub listed_count: Option<u64>,
    /// Posts the user liked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub like_count: Option<u64>,
    /// Media items the user posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_count: Option<u64>,
}

/// The subscription relationship between a user and you.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    /// Whether the user subscribes to you.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribes_to_you: Option<bool>,
}

/// Where a user is withheld.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserWithheld {
    /// ISO 3166-1 alpha-2 codes of the countries where the user is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_codes: Option<Vec<String>>,
    /// `user` when the whole account is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<WithheldScope>,
}

/// A count X has been seen to send both as a JSON number and as a decimal string
/// (`verified_followers_count`): either decodes, and it re-encodes in the form it came in.
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
                // Only canonical decimals, so that re-encoding gives the same text.
                let canonical = !v.is_empty() && (v == "0" || !v.starts_with('0'));
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
        for bad in ["\"0274\"", "\"\"", "\"x\"", "-1", "true"] {
            assert!(serde_json::from_str::<LenientCount>(bad).is_err(), "{bad}");
        }
    }
}
