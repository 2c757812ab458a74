//! The opt-in SIMD JSON path (feature `simd`): sonic-rs decodes first, serde_json is the judge.
//!
//! [`decode`] answers only when sonic-rs accepts the line; anything it refuses goes on to
//! serde_json, so errors (and their wording) stay serde_json's.
//!
//! The model keeps some members verbatim as serde_json's `RawValue`, which serde_json builds
//! through a private handshake (a newtype struct with a magic name, answered with a one-entry
//! map) that other deserializers do not know. sonic-rs is therefore wrapped: every
//! deserializer, visitor and access it hands out goes through the `W*` wrappers below, which
//! forward everything and answer that one handshake with the value's raw text, taken by
//! sonic-rs's own `LazyValue` (fully validated). Without this, every line with such a member
//! would fail in sonic-rs and be decoded twice.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, Visitor};

use crate::model::StreamLine;

/// serde_json's private name for `RawValue` in the handshake (stable since serde_json 1.0.29).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// The line decoded by sonic-rs, or `None` to leave it to serde_json.
#[inline]
pub(crate) fn decode(text: &str) -> Option<StreamLine> {
    let mut de = sonic_rs::Deserializer::from_str(text);
    let line = StreamLine::deserialize(WDe(&mut de)).ok()?;
    de.end().ok()?;
    Some(line)
}

/// Answers serde_json's `RawValue` handshake with the raw text of the next value.
fn raw_value<'de, D: Deserializer<'de>, V: Visitor<'de>>(
    d: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    let lazy = sonic_rs::LazyValue::deserialize(d)?;
    let entry = std::iter::once((RAW_VALUE_TOKEN, lazy.as_raw_str()));
    visitor.visit_map(de::value::MapDeserializer::new(entry))
}

/// A deserializer whose visitors, seeds and accesses are wrapped in turn.
struct WDe<D>(D);
/// A visitor whose accesses and inner deserializers are wrapped.
struct WVis<V>(V);
/// A seed that wraps the deserializer it is given.
struct WSeed<S>(S);
struct WMap<A>(A);
struct WSeq<A>(A);
struct WEnum<A>(A);
struct WVariant<A>(A);

macro_rules! forward_deserialize {
    ($($method:ident),* $(,)?) => {$(
        #[inline]
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.0.$method(WVis(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for WDe<D> {
    type Error = D::Error;

    forward_deserialize!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    #[inline]
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_unit_struct(name, WVis(visitor))
    }

    #[inline]
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        if name == RAW_VALUE_TOKEN {
            return raw_value(self.0, visitor);
        }
        self.0.deserialize_newtype_struct(name, WVis(visitor))
    }

    #[inline]
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple(len, WVis(visitor))
    }

    #[inline]
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_tuple_struct(name, len, WVis(visitor))
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, WVis(visitor))
    }

    #[inline]
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, WVis(visitor))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty)),* $(,)?) => {$(
        #[inline]
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for WVis<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.expecting(f)
    }

    forward_visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
        visit_str(&str),
        visit_borrowed_str(&'de str),
        visit_string(String),
        visit_bytes(&[u8]),
        visit_borrowed_bytes(&'de [u8]),
        visit_byte_buf(Vec<u8>),
    );

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(WDe(d))
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(WDe(d))
    }

    #[inline]
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(WSeq(seq))
    }

    #[inline]
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(WMap(map))
    }

    #[inline]
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(WEnum(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for WSeed<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(WDe(d))
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for WMap<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(WSeed(seed))
    }

    #[inline]
    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(WSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for WSeq<A> {
    type Error = A::Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(WSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for WEnum<A> {
    type Error = A::Error;
    type Variant = WVariant<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(WSeed(seed))
            .map(|(value, variant)| (value, WVariant(variant)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for WVariant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(WSeed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, WVis(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, WVis(visitor))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RawJson;

    #[test]
    fn raw_values_are_taken_verbatim_without_falling_back() {
        let line =
            r#"{"data":{"id":"1","text":"x","article":{"title":"T","n":[1,2.50,{"a":"\u00e9"}]}}}"#;
        let decoded = decode(line).expect("sonic-rs path decodes a RawValue member");
        let article: &RawJson = decoded.data.as_ref().unwrap().article.as_ref().unwrap();
        assert_eq!(
            serde_json::to_string(article).unwrap(),
            r#"{"title":"T","n":[1,2.50,{"a":"\u00e9"}]}"#
        );
        let reference: StreamLine = serde_json::from_str(line).unwrap();
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            serde_json::to_value(&reference).unwrap()
        );
    }

    #[test]
    fn what_sonic_refuses_is_left_to_serde_json() {
        for bad in [
            r#"{"data":{"id":"1","text":"x"}} trailing"#,
            r#"{"data":42}"#,
            "{",
        ] {
            assert!(decode(bad).is_none(), "{bad}");
        }
    }
}
