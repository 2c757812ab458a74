//! [`Extra`]: the members of one JSON object that its typed fields do not
//! hold, kept as received so that re-encoding gives back the same JSON.

use std::fmt;

use serde::ser::SerializeMap;

use super::raw::RawJson;

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
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Extra(Option<Box<Members>>);

/// Kept members: name and original JSON text, in arrival order.
type Members = Vec<(Box<str>, RawJson)>;

impl Extra {
    /// No kept members.
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
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.members().is_empty()
    }

    /// How many members are kept.
    pub fn len(&self) -> usize {
        self.members().len()
    }

    /// The kept member `name`, as its original JSON text.
    pub fn get(&self, name: &str) -> Option<&RawJson> {
        self.members()
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// The kept members, in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RawJson)> + '_ {
        self.members().iter().map(|(k, v)| (&**k, v))
    }

    /// Keeps `value` as member `name` (replacing a kept member of that name).
    /// A known member's name makes `value` replace that field on re-encoding.
    pub fn insert(&mut self, name: impl Into<Box<str>>, value: RawJson) {
        let name = name.into();
        let members = self.members_mut();
        match members.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => members.push((name, value)),
        }
    }

    /// Forgets the kept member `name`, returning it.
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
