//! Verbatim JSON for members whose shape the spec leaves open (`article`,
//! place `properties`, ...): kept byte for byte and re-encoded unchanged.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON value kept as its original text.
///
/// ```
/// use tweetstream::model::Place;
/// let p: Place = serde_json::from_str(r#"{"id":"01a9a39529b27f36","full_name":"Manhattan, NY",
///   "geo":{"type":"Feature","properties":{"population": 1.6e6}}}"#).unwrap();
/// let props = p.geo.unwrap().properties.unwrap();
/// assert_eq!(props.get(), r#"{"population": 1.6e6}"#); // byte for byte, spacing and `1.6e6` included
/// ```
#[derive(Clone)]
pub struct RawJson(Box<RawValue>);

impl RawJson {
    /// The JSON text.
    ///
    /// ```
    /// use tweetstream::model::RawJson;
    /// let raw: RawJson = serde_json::from_str(r#"[ 1, 2.50 ]"#).unwrap();
    /// assert_eq!(raw.get(), "[ 1, 2.50 ]");
    /// ```
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Parses the text into any type (for example `serde_json::Value`).
    ///
    /// ```
    /// use tweetstream::model::Tweet;
    /// let t: Tweet = serde_json::from_str(r#"{"id":"1","text":"read this",
    ///   "article":{"title":"Why streams","preview_text":"…"}}"#).unwrap();
    /// let article: serde_json::Value = t.article.unwrap().parse().unwrap();
    /// assert_eq!(article["title"], "Why streams");
    /// ```
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.0.get())
    }

    /// JSON `null`.
    ///
    /// ```
    /// use tweetstream::model::RawJson;
    /// assert_eq!(RawJson::null().get(), "null");
    /// assert_eq!(RawJson::null(), RawJson::from_json("null").unwrap());
    /// ```
    pub fn null() -> Self {
        Self(RawValue::NULL.to_owned())
    }

    /// Wraps JSON text after checking it is valid JSON.
    ///
    /// ```
    /// use tweetstream::model::RawJson;
    /// assert_eq!(RawJson::from_json(r#"{"a":1}"#).unwrap().get(), r#"{"a":1}"#);
    /// assert!(RawJson::from_json("{not json").is_err());
    /// ```
    pub fn from_json(json: &str) -> serde_json::Result<Self> {
        RawValue::from_string(json.to_owned()).map(Self)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.get())
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Eq for RawJson {}

impl std::hash::Hash for RawJson {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.0.get().hash(h);
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(Self)
    }
}
