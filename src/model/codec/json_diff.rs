//! Comparing JSON texts exactly (number text included), for the round-trip check and the
//! tolerant decoder's self-check.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;
use serde_json::value::RawValue;

/// One place where re-encoding differs from the original JSON.
///
/// ```
/// use tweetstream::model::roundtrip::{Difference, diff_text};
/// let d: Vec<Difference> = diff_text(r#"{"a":{"b":1}}"#, r#"{"a":{}}"#).unwrap();
/// assert_eq!(d[0].path, "/a/b");
/// assert_eq!((d[0].original.as_deref(), d[0].reencoded.as_deref()), (Some("1"), None));
/// assert_eq!(d[0].to_string(), "/a/b: sent 1, re-encoded (absent)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// A JSON-pointer-like path, such as `/data/entities/urls/0/end`.
    pub path: String,
    /// The original JSON text there (`None`: absent from the original).
    pub original: Option<String>,
    /// The re-encoded JSON text there (`None`: dropped on re-encoding).
    pub reencoded: Option<String>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(absent)".to_owned());
        write!(
            f,
            "{}: sent {}, re-encoded {}",
            self.path,
            show(&self.original),
            show(&self.reencoded)
        )
    }
}

/// Whether two JSON texts hold the same value, number text included.
///
/// ```
/// use tweetstream::model::roundtrip::same_json;
/// assert!(same_json(r#"{"a":1,"b":"\u00e9"}"#, r#"{ "b":"é", "a":1 }"#)); // order, spacing, escapes
/// assert!(!same_json(r#"{"a":1}"#, r#"{"a":1.0}"#)); // number text
/// assert!(!same_json(r#"{"a":null}"#, "{}"));
/// ```
pub fn same_json(a: &str, b: &str) -> bool {
    diff_text(a, b).is_ok_and(|d| d.is_empty())
}

/// Every difference between two JSON texts (number text compared exactly).
///
/// ```
/// use tweetstream::model::roundtrip::diff_text;
/// let d = diff_text(r#"{"coordinates":[-73.990,40.73]}"#, r#"{"coordinates":[-73.99,40.73]}"#).unwrap();
/// assert_eq!(d.len(), 1);
/// assert_eq!(d[0].path, "/coordinates/0");
/// assert_eq!((d[0].original.as_deref(), d[0].reencoded.as_deref()), (Some("-73.990"), Some("-73.99")));
/// assert!(diff_text("[1]", "[1]").unwrap().is_empty());
/// assert!(diff_text("[1", "[1]").is_err());
/// ```
pub fn diff_text(original: &str, reencoded: &str) -> serde_json::Result<Vec<Difference>> {
    let a = Exact::parse(original)?;
    let b = Exact::parse(reencoded)?;
    let mut out = Vec::new();
    diff_at(&mut String::new(), Some(&a), Some(&b), &mut out);
    Ok(out)
}

/// Every difference between two JSON values (numbers compared as
/// `serde_json` holds them, so `1.50` and `1.5` are equal here; prefer
/// [`diff_text`]).
///
/// ```
/// use serde_json::json;
/// use tweetstream::model::roundtrip::diff;
/// let d = diff(&json!({"tag": "cats", "id": "1"}), &json!({"id": "1"}));
/// assert_eq!(d[0].path, "/tag");
/// assert_eq!(d[0].reencoded, None);
/// assert!(diff(&json!({"a": 1.50}), &json!({"a": 1.5})).is_empty());
/// ```
pub fn diff(original: &Value, reencoded: &Value) -> Vec<Difference> {
    match diff_text(&original.to_string(), &reencoded.to_string()) {
        Ok(d) => d,
        Err(_) => unreachable!("serde_json renders valid JSON"),
    }
}

/// A JSON value with each number kept as its text.
#[derive(PartialEq)]
enum Exact {
    Scalar(String),
    Str(String),
    Array(Vec<Exact>),
    Object(BTreeMap<String, Exact>),
}

impl Exact {
    fn parse(text: &str) -> serde_json::Result<Self> {
        let raw: Box<RawValue> = serde_json::from_str(text)?;
        Self::from_raw(&raw)
    }

    fn from_raw(raw: &RawValue) -> serde_json::Result<Self> {
        let text = raw.get();
        Ok(match text.as_bytes().first() {
            Some(b'{') => {
                let members: BTreeMap<String, Box<RawValue>> = serde_json::from_str(text)?;
                let mut out = BTreeMap::new();
                for (k, v) in members {
                    out.insert(k, Self::from_raw(&v)?);
                }
                Self::Object(out)
            }
            Some(b'[') => {
                let items: Vec<Box<RawValue>> = serde_json::from_str(text)?;
                Self::Array(
                    items
                        .iter()
                        .map(|v| Self::from_raw(v))
                        .collect::<Result<_, _>>()?,
                )
            }
            Some(b'"') => Self::Str(serde_json::from_str(text)?),
            _ => Self::Scalar(text.to_owned()),
        })
    }

    fn text(&self) -> String {
        match self {
            Self::Scalar(s) => s.clone(),
            Self::Str(s) => Value::String(s.clone()).to_string(),
            Self::Array(items) => {
                let parts: Vec<String> = items.iter().map(Self::text).collect();
                format!("[{}]", parts.join(","))
            }
            Self::Object(members) => {
                let parts: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), v.text()))
                    .collect();
                format!("{{{}}}", parts.join(","))
            }
        }
    }
}

fn diff_at(path: &mut String, a: Option<&Exact>, b: Option<&Exact>, out: &mut Vec<Difference>) {
    let mut at = |path: &mut String, key: &str, a: Option<&Exact>, b: Option<&Exact>| {
        let len = path.len();
        path.push('/');
        path.push_str(key);
        diff_at(path, a, b, out);
        path.truncate(len);
    };
    match (a, b) {
        (Some(Exact::Object(x)), Some(Exact::Object(y))) => {
            for (k, va) in x {
                at(path, k, Some(va), y.get(k));
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    at(path, k, None, Some(vb));
                }
            }
        }
        (Some(Exact::Array(x)), Some(Exact::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                at(path, &i.to_string(), x.get(i), y.get(i));
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push(Difference {
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path.clone()
            },
            original: a.map(Exact::text),
            reencoded: b.map(Exact::text),
        }),
    }
}
