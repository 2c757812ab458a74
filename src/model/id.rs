//! Numeric identifiers held as `u64` newtypes.
//!
//! X sends every Snowflake id as a decimal string of up to 19 digits (so that
//! JavaScript clients do not lose precision). Holding them as `u64` costs no
//! allocation per id, and makes them `Copy`, cheap to hash, compare and order
//! (Snowflakes order by creation time). They serialize back as strings, so a
//! decoded line re-encodes to the JSON X sent.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Why a string is not a valid numeric id.
///
/// ```
/// use tweetstream::model::{ParseIdError, TweetId};
/// assert_eq!("1507070437557096461".parse::<TweetId>().map(|id| id.get()), Ok(1507070437557096461));
/// assert_eq!("-1".parse::<TweetId>(), Err(ParseIdError));
/// assert_eq!("99999999999999999999".parse::<TweetId>(), Err(ParseIdError)); // > u64::MAX
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseIdError;

impl fmt::Display for ParseIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id must be a decimal string of 1 to 19 digits that fits in a u64")
    }
}

impl std::error::Error for ParseIdError {}

/// Parses 1–20 ASCII digits into a `u64` without allocating; rejects signs,
/// spaces and overflow.
#[inline]
pub(crate) fn parse_u64_digits(s: &str) -> Result<u64, ParseIdError> {
    let bytes = s.as_bytes();
    if bytes.is_empty() || bytes.len() > 20 {
        return Err(ParseIdError);
    }
    let mut n: u64 = 0;
    for &b in bytes {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return Err(ParseIdError);
        }
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d)))
            .ok_or(ParseIdError)?;
    }
    Ok(n)
}

macro_rules! numeric_id {
    ($(#[$doc:meta])* $name:ident, $expecting:literal, $example:literal) => {
        $(#[$doc])*
        ///
        /// # Example
        ///
        /// Decoded from X's decimal string exactly (beyond 2^53, where a JSON
        /// number would lose digits) and re-encoded as a string; a bare JSON
        /// number is refused by the strict pass.
        ///
        /// ```
        #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
        #[doc = concat!("let id: ", stringify!($name), " = serde_json::from_str(r#\"\"", $example, "\"\"#).unwrap();")]
        #[doc = concat!("assert_eq!(id.get(), ", $example, "_u64);")]
        #[doc = concat!("assert!(id.get() > 1 << 53);")]
        #[doc = concat!("assert_eq!(serde_json::to_string(&id).unwrap(), r#\"\"", $example, "\"\"#);")]
        #[doc = concat!("assert!(serde_json::from_str::<", stringify!($name), ">(\"", $example, "\").is_err());")]
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u64);

        impl $name {
            /// The numeric value.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("let id: ", stringify!($name), " = \"", $example, "\".parse().unwrap();")]
            #[doc = concat!("assert_eq!(id.get(), ", $example, ");")]
            #[doc = concat!("assert_eq!(id.to_string(), \"", $example, "\");")]
            /// ```
            #[inline]
            pub const fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            #[inline]
            fn from(v: u64) -> Self {
                Self(v)
            }
        }

        impl From<$name> for u64 {
            #[inline]
            fn from(v: $name) -> u64 {
                v.0
            }
        }

        impl PartialEq<u64> for $name {
            #[inline]
            fn eq(&self, other: &u64) -> bool {
                self.0 == *other
            }
        }

        impl fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = ParseIdError;
            #[inline]
            fn from_str(s: &str) -> Result<Self, ParseIdError> {
                parse_u64_digits(s).map(Self)
            }
        }

        impl Serialize for $name {
            #[inline]
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut buf = itoa::Buffer::new();
                serializer.serialize_str(buf.format(self.0))
            }
        }

        impl<'de> Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct V;
                impl Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    // Only the canonical form (no leading zeros; a JSON
                    // string, not a number) is strict: anything else is
                    // read by the tolerant pass, which keeps the original text.
                    #[inline]
                    fn visit_str<E: de::Error>(self, v: &str) -> Result<$name, E> {
                        match parse_u64_digits(v) {
                            Ok(n) if v.len() == 1
                                || !v.starts_with('0')
                                || $crate::model::codec::tolerant::active() =>
                            {
                                Ok($name(n))
                            }
                            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                        }
                    }
                }
                deserializer.deserialize_str(V)
            }
        }
    };
}

numeric_id!(
    /// A post (tweet) id.
    TweetId,
    "a tweet id (decimal string)",
    "1507070437557096461"
);
numeric_id!(
    /// A user (account) id.
    UserId,
    "a user id (decimal string)",
    "1445880548472328192"
);
numeric_id!(
    /// A filtered-stream rule id.
    RuleId,
    "a rule id (decimal string)",
    "1166916266197536768"
);
numeric_id!(
    /// A poll id.
    PollId,
    "a poll id (decimal string)",
    "1199786642468413448"
);
numeric_id!(
    /// A Community id.
    CommunityId,
    "a community id (decimal string)",
    "1471580197908586507"
);
numeric_id!(
    /// A topic id.
    TopicId,
    "a topic id (decimal string)",
    "1570771766359547904"
);

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $example:literal) => {
        $(#[$doc])*
        ///
        /// # Example
        ///
        /// ```
        #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
        #[doc = concat!("let key: ", stringify!($name), " = serde_json::from_str(r#\"\"", $example, "\"\"#).unwrap();")]
        #[doc = concat!("assert_eq!(key, \"", $example, "\");")]
        #[doc = concat!("assert_eq!(serde_json::to_string(&key).unwrap(), r#\"\"", $example, "\"\"#);")]
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The key as sent by X.
            ///
            /// ```
            #[doc = concat!("use tweetstream::model::", stringify!($name), ";")]
            #[doc = concat!("let key = ", stringify!($name), "::from(\"", $example, "\");")]
            #[doc = concat!("assert_eq!(key.as_str(), \"", $example, "\");")]
            /// ```
            #[inline]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

string_id!(
    /// A media key such as `3_1365362339449561088` (type prefix, underscore, id).
    /// Kept as text: the prefix is part of the key.
    MediaKey,
    "3_1365362339449561088"
);
string_id!(
    /// A place id: a hexadecimal string such as `01a9a39529b27f36`, not a number.
    PlaceId,
    "01a9a39529b27f36"
);
