//! The wrapper that carries the tolerant pass down a decode.
//!
//! Why a wrapper, and not a flag: a model object must know which pass it is
//! in, and any run-time check of its own (a thread-local flag, say) sits on
//! the strict path of every object and keeps the compiler from folding the
//! tolerant code away (measured: 0.7 % more instructions per decoded line). The
//! wrapper instead changes the *type* the objects see: it wraps serde_json's
//! deserializer and everything it hands out (visitors, seeds, sequence, map
//! and enum accesses), and its map access answers `size_hint` with
//! [`MARK`]. A `lossless_object!` visitor asks [`is_tolerant`]; for
//! serde_json's own map access that is a constant `false`, so the strict
//! pass compiles to what it would be without a tolerant pass at all.
//!
//! Everything else is forwarded unchanged, so any type decodes through the
//! wrapper as it would without it (serde_json's `RawValue` included).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};

/// The `size_hint` of the tolerant pass's map access. No real map has this
/// many members, and a visitor that preallocates from a hint caps it
/// (serde's `size_hint::cautious`), so no other visitor is misled.
const MARK: usize = usize::MAX;

/// Whether `map` is in the tolerant pass; for serde_json's map access this is
/// known at compile time (its `size_hint` is always `None`).
#[inline(always)]
pub(crate) fn is_tolerant<'de, A: MapAccess<'de>>(map: &A) -> bool {
    map.size_hint() == Some(MARK)
}

/// A deserializer in the tolerant pass.
pub(crate) struct Tolerant<D>(pub(crate) D);

/// A visitor in the tolerant pass: wraps what it is handed.
struct Wrap<V>(V);

/// A seed in the tolerant pass: deserializes from a wrapped deserializer.
struct Seed<S>(S);

/// A sequence, map or enum access in the tolerant pass.
struct Access<A>(A);

macro_rules! forward_deserialize {
    ($( $method:ident ( $( $arg:ident : $ty:ty ),* ) )*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $( $arg: $ty, )* visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($( $arg, )* Wrap(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Tolerant<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any() deserialize_bool() deserialize_i8() deserialize_i16()
        deserialize_i32() deserialize_i64() deserialize_i128() deserialize_u8()
        deserialize_u16() deserialize_u32() deserialize_u64() deserialize_u128()
        deserialize_f32() deserialize_f64() deserialize_char() deserialize_str()
        deserialize_string() deserialize_bytes() deserialize_byte_buf()
        deserialize_option() deserialize_unit() deserialize_seq() deserialize_map()
        deserialize_identifier() deserialize_ignored_any()
        deserialize_unit_struct(name: &'static str)
        deserialize_newtype_struct(name: &'static str)
        deserialize_tuple(len: usize)
        deserialize_tuple_struct(name: &'static str, len: usize)
        deserialize_struct(name: &'static str, fields: &'static [&'static str])
        deserialize_enum(name: &'static str, variants: &'static [&'static str])
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($( $method:ident ( $ty:ty ) )*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visit! {
        visit_bool(bool) visit_i8(i8) visit_i16(i16) visit_i32(i32) visit_i64(i64)
        visit_i128(i128) visit_u8(u8) visit_u16(u16) visit_u32(u32) visit_u64(u64)
        visit_u128(u128) visit_f32(f32) visit_f64(f64) visit_char(char)
        visit_str(&str) visit_borrowed_str(&'de str) visit_string(String)
        visit_bytes(&[u8]) visit_borrowed_bytes(&'de [u8]) visit_byte_buf(Vec<u8>)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Tolerant(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Tolerant(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Access(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Access(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Access(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Tolerant(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Access<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Access<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(MARK)
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Access<A> {
    type Error = A::Error;
    type Variant = Access<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Access(variant)))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Access<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap(visitor))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde::de::IgnoredAny;

    use super::*;
    use crate::model::{RawJson, Tweet};

    fn through<T: for<'de> Deserialize<'de>>(text: &str) -> serde_json::Result<T> {
        let mut d = serde_json::Deserializer::from_str(text);
        let value = T::deserialize(Tolerant(&mut d))?;
        d.end()?;
        Ok(value)
    }

    /// A visitor that reports whether its map access says "tolerant".
    struct Probe;

    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Probe, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Probe;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a map")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
                    if !is_tolerant(&map) {
                        return Err(de::Error::custom("not tolerant"));
                    }
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(Probe)
                }
            }
            d.deserialize_map(V)
        }
    }

    #[test]
    fn the_mark_reaches_maps_nested_in_options_sequences_and_maps() {
        assert!(
            serde_json::from_str::<Probe>("{}").is_err(),
            "plain serde_json is strict"
        );
        assert!(through::<Probe>(r#"{"a":1}"#).is_ok());
        assert!(through::<Option<Vec<Probe>>>(r#"[{},{"b":[1]}]"#).is_ok());
        assert!(through::<std::collections::BTreeMap<String, Probe>>(r#"{"k":{}}"#).is_ok());
        assert!(through::<(Probe, u8)>(r#"[{},7]"#).is_ok());
    }

    #[test]
    fn values_decode_through_the_wrapper_as_without_it() {
        let raw: RawJson = through(r#"{"a" : [1.50, "x"]}"#).unwrap();
        assert_eq!(
            raw.get(),
            r#"{"a" : [1.50, "x"]}"#,
            "serde_json's RawValue still works"
        );
        let line = r#"{"id":"1","text":"hi","lang":"en","public_metrics":{"like_count":3}}"#;
        let plain: Tweet = serde_json::from_str(line).unwrap();
        assert_eq!(through::<Tweet>(line).unwrap(), plain);
        assert_eq!(
            through::<(bool, char, f64, i8)>(r#"[true,"c",0.5,-3]"#).unwrap(),
            (true, 'c', 0.5, -3)
        );
        assert!(through::<u8>("300").is_err());
    }

    #[test]
    fn enums_decode_through_the_wrapper() {
        #[derive(Debug, PartialEq, Deserialize)]
        enum E {
            Unit,
            New(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        let all: Vec<E> =
            through(r#"["Unit",{"New":1},{"Tuple":[2,3]},{"Struct":{"a":4}}]"#).unwrap();
        assert_eq!(
            all,
            [E::Unit, E::New(1), E::Tuple(2, 3), E::Struct { a: 4 }]
        );
    }
}
