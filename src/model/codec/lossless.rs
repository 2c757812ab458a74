//! `lossless_object!`: declares a model object with hand-rolled (generated)
//! `Serialize`/`Deserialize` that keep what the typed fields do not hold.
//!
//! Why not `#[derive]`: derived code drops unknown members, and keeping them
//! with `#[serde(flatten)]` buffers every member through serde's `Content`
//! (slow). The generated visitor matches member names like derived code
//! does (borrowed, no allocation) and sends anything else to the object's
//! [`Extra`](super::Extra) as raw JSON (`serde_json`'s `RawValue`).
//!
//! Field kinds:
//! - `ess`: essential; must be present and readable, else the object fails.
//! - `opt`: an `Option`; `null` is kept in `extra` (so it re-encodes as
//!   `null`, not as an absent member).
//! - `vec`: a `Vec` that is empty when absent; an empty array X sent is kept.
//! - `ess_exact`, `opt_exact`: like `ess` and `opt`, for a number held as a value
//!   (`f64`, `Vec<serde_json::Number>`) whose text must re-encode as sent (see
//!   `exact_numbers.rs`).
//!
//! Re-encoding writes the known members in declaration order, then the kept
//! ones in arrival order; a kept member replaces the typed field it names.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Visitor};

/// A member name the generated code knows.
pub(crate) trait FieldName: Sized {
    /// The field a member name belongs to (aliases included).
    fn lookup(name: &str) -> Option<Self>;
}

/// Reads a member name: `Some(field)` for a known name (no allocation), `None` for an
/// unknown one, whose name goes to `unknown`. (A one-byte result, rather than an enum that
/// carries the unknown name, keeps the per-member path of the strict pass short.)
///
/// `PASS` (strict `false`, tolerant `true`) only makes the two passes' key reads
/// distinct functions: the strict pass's then has one call site, which the compiler
/// inlines (measured: 2 % fewer instructions per decoded line).
pub(crate) struct KeySeed<'a, F, const PASS: bool> {
    pub(crate) unknown: &'a mut String,
    pub(crate) field: PhantomData<F>,
}

impl<'de, F: FieldName, const PASS: bool> DeserializeSeed<'de> for KeySeed<'_, F, PASS> {
    type Value = Option<F>;

    #[inline]
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Option<F>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<F: FieldName, const PASS: bool> Visitor<'_> for KeySeed<'_, F, PASS> {
    type Value = Option<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<F>, E> {
        let known = F::lookup(v);
        if known.is_none() {
            v.clone_into(self.unknown);
        }
        Ok(known)
    }

    #[inline]
    fn visit_string<E: de::Error>(self, v: String) -> Result<Option<F>, E> {
        let known = F::lookup(&v);
        if known.is_none() {
            *self.unknown = v;
        }
        Ok(known)
    }
}

/// Declares a model object; see the module docs for the field kinds.
macro_rules! lossless_object {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* $kind:ident $field:ident : $ty:ty = $json:literal $(| $alias:literal)* ; )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$fmeta])* pub $field: lossless_object!(@type $kind $ty), )*
            /// Members kept as received: unknown ones, `null`s, and values
            /// in an unexpected form (see [`Extra`](crate::model::Extra)).
            pub extra: $crate::model::Extra,
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut m = s.serialize_map(None)?;
                $( lossless_object!(@ser $kind m self $field $json); )*
                self.extra.serialize_into(&mut m)?;
                m.end()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum F { $( $field, )* }
                impl $crate::model::codec::lossless::FieldName for F {
                    #[inline]
                    fn lookup(name: &str) -> Option<F> {
                        match name {
                            $( $json $( | $alias )* => Some(F::$field), )*
                            _ => None,
                        }
                    }
                }
                struct V;
                impl<'de> ::serde::de::Visitor<'de> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    #[inline]
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        // Folded away on the strict path (see `tolerant_de.rs`).
                        if $crate::model::codec::tolerant_de::is_tolerant(&map) {
                            return tolerant(map);
                        }
                        read::<false, A>(map)
                    }
                }
                /// The tolerant pass (see `tolerant.rs`): kept out of line.
                #[cold]
                #[inline(never)]
                fn tolerant<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> Result<$name, A::Error> {
                    read::<true, A>(map)
                }
                /// Reads the members: strictly, or (`TOLERANT`) each one raw first, so
                /// that one it cannot read goes to `extra` instead of failing the object.
                #[allow(unused_mut)]
                #[inline]
                fn read<'de, const TOLERANT: bool, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<$name, A::Error> {
                    use $crate::model::codec::lossless::KeySeed;
                    $( let mut $field: Option<$ty> = None; )*
                    let mut extra = $crate::model::Extra::new();
                    let mut unknown = String::new();
                    while let Some(key) = map.next_key_seed(KeySeed::<F, TOLERANT> { unknown: &mut unknown, field: ::std::marker::PhantomData })? {
                        match key {
                            $( Some(F::$field) => {
                                if TOLERANT {
                                    let raw = map.next_value::<$crate::model::RawJson>()?;
                                    $field = $crate::model::codec::tolerant::field::<$ty>(raw, $json, &mut extra);
                                } else {
                                    lossless_object!(@strict $kind map extra $field $ty, $json);
                                }
                            } )*
                            None => extra.push_unknown(::std::mem::take(&mut unknown), map.next_value()?),
                        }
                    }
                    $( lossless_object!(@finish $kind $field $json extra); )*
                    Ok($name { $( $field, )* extra })
                }
                d.deserialize_map(V)
            }
        }
    };

    // Strict reading of one member: an essential one as its type (a `null`
    // fails the strict pass); others as an `Option`, keeping a `null`.
    // `*_exact`: read through `Exact<$ty>`, which accepts only number text that
    // re-encodes as sent (see `exact_numbers.rs`).
    (@strict ess_exact $map:ident $extra:ident $field:ident $ty:ty, $json:literal) => {
        $field = Some($map.next_value::<$crate::model::codec::exact_numbers::Exact<$ty>>()?.0)
    };
    (@strict opt_exact $map:ident $extra:ident $field:ident $ty:ty, $json:literal) => {
        match $map.next_value::<Option<$crate::model::codec::exact_numbers::Exact<$ty>>>()? {
            Some(v) => $field = Some(v.0),
            None => $extra.push_null($json),
        }
    };
    (@strict ess $map:ident $extra:ident $field:ident $ty:ty, $json:literal) => {
        $field = Some($map.next_value::<$ty>()?)
    };
    (@strict $kind:ident $map:ident $extra:ident $field:ident $ty:ty, $json:literal) => {
        // Read straight into the slot: unwrapping and re-wrapping copied every
        // value once more (measured: 7 % of the instructions per decoded line).
        $field = $map.next_value::<Option<$ty>>()?;
        if $field.is_none() {
            $extra.push_null($json);
        }
    };

    (@type ess_exact $ty:ty) => { $ty };
    (@type opt_exact $ty:ty) => { Option<$ty> };
    (@ser ess_exact $($rest:tt)*) => { lossless_object!(@ser ess $($rest)*) };
    (@ser opt_exact $($rest:tt)*) => { lossless_object!(@ser opt $($rest)*) };
    (@finish ess_exact $($rest:tt)*) => { lossless_object!(@finish ess $($rest)*) };
    (@finish opt_exact $($rest:tt)*) => { lossless_object!(@finish opt $($rest)*) };
    (@type ess $ty:ty) => { $ty };
    (@type opt $ty:ty) => { Option<$ty> };
    (@type vec $ty:ty) => { $ty };

    (@ser ess $m:ident $s:ident $field:ident $json:literal) => {
        if !$s.extra.overrides($json) {
            $m.serialize_entry($json, &$s.$field)?;
        }
    };
    (@ser opt $m:ident $s:ident $field:ident $json:literal) => {
        if let Some(v) = &$s.$field {
            if !$s.extra.overrides($json) {
                $m.serialize_entry($json, v)?;
            }
        }
    };
    (@ser vec $m:ident $s:ident $field:ident $json:literal) => {
        if !$s.$field.is_empty() && !$s.extra.overrides($json) {
            $m.serialize_entry($json, &$s.$field)?;
        }
    };

    (@finish ess $field:ident $json:literal $extra:ident) => {
        let Some($field) = $field else {
            return Err(::serde::de::Error::missing_field($json));
        };
    };
    (@finish opt $field:ident $json:literal $extra:ident) => {};
    (@finish vec $field:ident $json:literal $extra:ident) => {
        let $field = match $field {
            Some(v) => {
                if v.is_empty() && !$extra.overrides($json) {
                    $extra.push($json, $crate::model::RawJson::from_json("[]").expect("valid JSON"));
                }
                v
            }
            None => Default::default(),
        };
    };
}

pub(crate) use lossless_object;
