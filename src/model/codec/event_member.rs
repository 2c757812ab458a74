//! The shape shared by compliance and label events: an object with exactly
//! one member, named after the event (`{"delete": {...}}`).
//!
//! The event's body is captured as raw JSON first and only then read into
//! its typed struct, so that a body of an unknown kind or an unexpected
//! shape is kept byte for byte (number text included) in the enum's `Other`
//! arm, and a drifted body still gets its typed struct through the tolerant
//! pass (see [`tolerant`](crate::model::codec::tolerant)).

use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserializer, Serialize, Serializer};

use crate::model::codec::raw::RawJson;
use crate::model::codec::tolerant;

/// Decodes `{"<kind>": <body>}`: exactly one member, its body kept raw.
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D) -> Result<(String, RawJson), D::Error> {
    struct OneMember;

    impl<'de> Visitor<'de> for OneMember {
        type Value = (String, RawJson);

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object with exactly one member")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let Some(kind) = map.next_key::<String>()? else {
                return Err(de::Error::custom(
                    "expected an object with exactly one member",
                ));
            };
            let body = map.next_value::<RawJson>()?;
            if map.next_key::<IgnoredAny>()?.is_some() {
                return Err(de::Error::custom(
                    "expected an object with exactly one member",
                ));
            }
            Ok((kind, body))
        }
    }

    d.deserialize_map(OneMember)
}

/// Reads an event body into its typed struct: strictly, then tolerantly
/// (inside the tolerant pass: tolerantly at once). `None` when even the
/// tolerant pass cannot read it (a required member missing, say); the
/// caller then keeps the body whole.
pub(crate) fn typed<T: DeserializeOwned>(body: &RawJson) -> Option<T> {
    if tolerant::active() {
        tolerant::from_str(body.get()).ok()
    } else {
        tolerant::decode(body.get()).ok()
    }
}

/// Whether an event body has the member `name` (e.g. `favorite`, which
/// tells an unlike from a post delete: both are `delete` events).
pub(crate) fn has_member(body: &RawJson, name: &str) -> bool {
    /// Scans the member names (compared without allocating), skipping the
    /// values without building them.
    #[derive(Clone, Copy)]
    struct Find<'n>(&'n str);

    impl<'de> Visitor<'de> for Find<'_> {
        type Value = bool;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
            Ok(v == self.0)
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
            let mut found = false;
            while let Some(is_name) = map.next_key_seed(self)? {
                found |= is_name;
                map.next_value::<IgnoredAny>()?;
            }
            Ok(found)
        }
    }

    impl<'de> DeserializeSeed<'de> for Find<'_> {
        type Value = bool;

        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
            d.deserialize_str(self)
        }
    }

    let mut d = serde_json::Deserializer::from_str(body.get());
    d.deserialize_map(Find(name)).unwrap_or(false)
}

/// Encodes `{"<kind>": value}`.
pub(crate) fn write<S: Serializer, T: Serialize + ?Sized>(
    s: S,
    kind: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(1))?;
    m.serialize_entry(kind, value)?;
    m.end()
}
