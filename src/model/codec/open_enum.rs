//! Open enums: every enumerated value X documents, plus `Other` for values X
//! adds later, so a new value never fails a line and re-encodes unchanged.
//!
//! Deserialization is a small hand-written visitor (not `#[serde(untagged)]`,
//! which buffers): a known value costs a string match and no allocation.

/// Declares an open enum with its wire strings.
macro_rules! open_enum {
    (
        $(#[$doc:meta])*
        pub enum $name:ident {
            $(#[$fdoc:meta])* $first:ident = $fwire:literal
            $(, $(#[$vdoc:meta])* $variant:ident = $wire:literal )* $(,)?
        }
    ) => {
        $(#[$doc])*
        ///
        /// # Example
        ///
        /// A documented value decodes to its variant and re-encodes unchanged;
        /// a value X adds later decodes to `Other`, kept verbatim.
        ///
        /// ```
        #[doc = "use tweetstream::model::{*, enums::*};"]
        #[doc = concat!("let v: ", stringify!($name), " = serde_json::from_str(r#\"\"", $fwire, "\"\"#).unwrap();")]
        #[doc = concat!("assert_eq!(v, ", stringify!($name), "::", stringify!($first), ");")]
        #[doc = concat!("assert_eq!(serde_json::to_string(&v).unwrap(), r#\"\"", $fwire, "\"\"#);")]
        #[doc = concat!("let new: ", stringify!($name), " = serde_json::from_str(r#\"\"added_in_2030\"\"#).unwrap();")]
        #[doc = concat!("assert_eq!(new, ", stringify!($name), "::Other(\"added_in_2030\".into()));")]
        #[doc = "assert_eq!(serde_json::to_string(&new).unwrap(), r#\"\"added_in_2030\"\"#);"]
        /// ```
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $(#[$fdoc])* $first,
            $( $(#[$vdoc])* $variant, )*
            /// A value this version does not know, kept verbatim.
            Other(String),
        }

        impl $name {
            /// Every known value (without `Other`).
            ///
            /// ```
            #[doc = "use tweetstream::model::{*, enums::*};"]
            #[doc = concat!("let known = ", stringify!($name), "::KNOWN;")]
            #[doc = concat!("assert_eq!(known, &[", stringify!($name), "::", stringify!($first), $(", ", stringify!($name), "::", stringify!($variant),)* "]);")]
            #[doc = concat!("assert!(known.iter().all(|v| !v.is_other() && ", stringify!($name), "::from_wire(v.as_str()) == *v));")]
            /// ```
            pub const KNOWN: &'static [Self] = &[ Self::$first $(, Self::$variant )* ];

            /// The wire string.
            ///
            /// ```
            #[doc = "use tweetstream::model::{*, enums::*};"]
            #[doc = concat!("assert_eq!(", stringify!($name), "::", stringify!($first), ".as_str(), \"", $fwire, "\");")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::Other(\"added_in_2030\".into()).as_str(), \"added_in_2030\");")]
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    Self::$first => $fwire,
                    $( Self::$variant => $wire, )*
                    Self::Other(s) => s.as_str(),
                }
            }

            /// Whether this is a value this version does not know.
            ///
            /// ```
            #[doc = "use tweetstream::model::{*, enums::*};"]
            #[doc = concat!("assert!(!", stringify!($name), "::from_wire(\"", $fwire, "\").is_other());")]
            #[doc = concat!("assert!(", stringify!($name), "::from_wire(\"added_in_2030\").is_other());")]
            /// ```
            pub fn is_other(&self) -> bool {
                matches!(self, Self::Other(_))
            }

            /// Maps a wire string to a variant; unknown strings become `Other`.
            ///
            /// ```
            #[doc = "use tweetstream::model::{*, enums::*};"]
            #[doc = concat!("assert_eq!(", stringify!($name), "::from_wire(\"", $fwire, "\"), ", stringify!($name), "::", stringify!($first), ");")]
            #[doc = concat!("assert_eq!(", stringify!($name), "::from_wire(\"added_in_2030\"), ", stringify!($name), "::Other(\"added_in_2030\".into()));")]
            /// ```
            pub fn from_wire(s: &str) -> Self {
                match s {
                    $fwire => Self::$first,
                    $( $wire => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(Self::from_wire(s))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl ::serde::de::Visitor<'_> for V {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " string"))
                    }
                    #[inline]
                    fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<$name, E> {
                        Ok($name::from_wire(v))
                    }
                    fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<$name, E> {
                        Ok(match $name::from_wire(&v) {
                            $name::Other(_) => $name::Other(v),
                            known => known,
                        })
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

pub(crate) use open_enum;
