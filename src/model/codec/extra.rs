//! [`Extra`]: the members of one JSON object that its typed fields do not
//! hold, kept as received so that re-encoding gives back the same JSON.

use std::fmt;

use serde::ser::SerializeMap;

use crate::model::codec::raw::RawJson;

/// Members of an object kept verbatim, in the order they arrived:
///
/// - members the model does not know (X adds fields every few months);
/// - known members X sent as `null` (the typed field is then `None`);
/// - known members whose value had an unexpected type or form (a count as a
///   string, an id as a number, a string where an object belongs). The typed
///   field holds the value when it could still be read (`"4"` read as `4`),
///   else `None`; the original text here is what is re-encoded.
///
/// On re-encoding, a kept member replaces the typed field of the same name.
/// Every model object has one, as its `extra` field.
///
/// One pointer wide while empty (the usual case), so that the objects, which
/// embed each other by value, stay small and cheap to move.
///
/// ```
/// use tweetstream::model::Tweet;
/// let json = r#"{"id":"1578414851688480769","text":"honesty hour","lang":null,"possibly_sensitive":"false","newly_added_by_x":[1,2]}"#;
/// let tweet: Tweet = tweetstream::model::tolerant::decode(json).unwrap();
/// // A `null`, a boolean sent as a string, and an unknown member, in arrival order:
/// let kept: Vec<(&str, &str)> = tweet.extra.iter().map(|(k, v)| (k, v.get())).collect();
/// assert_eq!(kept, [("lang", "null"), ("possibly_sensitive", r#""false""#), ("newly_added_by_x", "[1,2]")]);
/// assert_eq!(tweet.lang, None);
/// assert_eq!(tweet.possibly_sensitive, Some(false)); // still read
/// assert!(tweetstream::model::roundtrip::same_json(json, &serde_json::to_string(&tweet).unwrap()));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Extra(Option<Box<Members>>);

/// Kept members: name and original JSON text, in arrival order.
type Members = Vec<(Box<str>, RawJson)>;

impl Extra {
    /// No kept members.
    ///
    /// ```
    /// use tweetstream::model::Extra;
    /// let extra = Extra::new();
    /// assert!(extra.is_empty());
    /// assert_eq!(extra, Extra::default());
    /// ```
    pub const fn new() -> Self {
        Self(None)
    }

    fn members(&self) -> &[(Box<str>, RawJson)] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    fn members_mut(&mut self) -> &mut Members {
        self.0.get_or_insert_with(Default::default)
    }

    /// Whether nothing is kept.
    ///
    /// ```
    /// use tweetstream::model::Tweet;
    /// let plain: Tweet = serde_json::from_str(r#"{"id":"1456012973835788293","text":"Test Tweet"}"#).unwrap();
    /// assert!(plain.extra.is_empty());
    /// let newer: Tweet = serde_json::from_str(r#"{"id":"1456012973835788293","text":"Test Tweet","grok_summary":"…"}"#).unwrap();
    /// assert!(!newer.extra.is_empty());
    /// ```
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.members().is_empty()
    }

    /// How many members are kept.
    ///
    /// ```
    /// use tweetstream::model::User;
    /// let u: User = serde_json::from_str(
    ///     r#"{"id":"783214","name":"X","username":"X","location":null,"url":null}"#,
    /// ).unwrap();
    /// assert_eq!(u.extra.len(), 2); // both `null`s, so they re-encode as `null`
    /// ```
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// The kept member `name`, as its original JSON text.
    ///
    /// ```
    /// use tweetstream::model::Media;
    /// let m: Media = serde_json::from_str(
    ///     r#"{"media_key":"3_1365362339449561088","type":"photo","ai_generated":{"label":true}}"#,
    /// ).unwrap();
    /// let raw = m.extra.get("ai_generated").unwrap();
    /// assert_eq!(raw.get(), r#"{"label":true}"#);
    /// assert!(m.extra.get("alt_text").is_none());
    /// ```
    pub fn get(&self, name: &str) -> Option<&RawJson> {
        self.members()
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// The kept members, in arrival order.
    ///
    /// ```
    /// use tweetstream::model::Poll;
    /// let p: Poll = serde_json::from_str(
    ///     r#"{"id":"1199786642468413448","b_new":1,"options":[],"a_new":2}"#,
    /// ).unwrap();
    /// let names: Vec<&str> = p.extra.iter().map(|(name, _)| name).collect();
    /// assert_eq!(names, ["b_new", "a_new"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> + '_ {
        self.members().iter().map(|(k, v)| (&**k, v))
    }

    /// Keeps `value` as member `name` (replacing a kept member of that name).
    /// A known member's name makes `value` replace that field on re-encoding.
    ///
    /// ```
    /// use tweetstream::model::{RawJson, Topic};
    /// let mut t: Topic = serde_json::from_str(r#"{"id":"848920371311001600","name":"Technology"}"#).unwrap();
    /// t.extra.insert("archived_by", RawJson::from_json(r#""my-crawler""#).unwrap());
    /// t.extra.insert("name", RawJson::from_json(r#""Tech""#).unwrap()); // replaces the field's text
    /// assert_eq!(
    ///     serde_json::to_string(&t).unwrap(),
    ///     r#"{"id":"848920371311001600","archived_by":"my-crawler","name":"Tech"}"#,
    /// );
    /// ```
    pub fn insert(&mut self, name: impl Into<Box<str>>, value: RawJson) {
        let name = name.into();
        let members = self.members_mut();
        match members.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => members.push((name, value)),
        }
    }

    /// Forgets the kept member `name`, returning it.
    ///
    /// ```
    /// use tweetstream::model::User;
    /// let mut u: User = serde_json::from_str(r#"{"id":"783214","name":"X","username":"X","location":null}"#).unwrap();
    /// assert_eq!(u.extra.remove("location").unwrap().get(), "null");
    /// assert!(u.extra.remove("location").is_none());
    /// // Without the kept `null`, the member is now left out on re-encoding.
    /// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"id":"783214","name":"X","username":"X"}"#);
    /// ```
    pub fn remove(&mut self, name: &str) -> Option<RawJson> {
        let members = self.0.as_deref_mut()?;
        let i = members.iter().position(|(k, _)| &**k == name)?;
        Some(members.remove(i).1)
    }

    /// Appends a member while decoding (names are unique there).
    #[inline]
    pub(crate) fn push(&mut self, name: impl Into<Box<str>>, value: RawJson) {
        self.members_mut().push((name.into(), value));
    }

    /// Keeps a known member X sent as `null` (rare: out of line).
    #[cold]
    #[inline(never)]
    pub(crate) fn push_null(&mut self, name: &'static str) {
        self.members_mut().push((name.into(), RawJson::null()));
    }

    /// Keeps an unknown member.
    #[inline(never)]
    pub(crate) fn push_unknown(&mut self, name: String, value: RawJson) {
        self.members_mut().push((name.into_boxed_str(), value));
    }

    /// Whether a kept member replaces the typed field `name` on re-encoding.
    #[inline]
    pub(crate) fn overrides(&self, name: &str) -> bool {
        self.0.is_some() && self.get(name).is_some()
    }

    /// Writes the kept members into a map being serialized.
    #[inline]
    pub(crate) fn serialize_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (k, v) in self.members() {
            map.serialize_entry(&**k, v)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}
