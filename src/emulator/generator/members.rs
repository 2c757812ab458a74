//! An object's members as the generator renders them: each kept only when it was asked for.

use serde_json::{Map, Value};

/// The members of one JSON object, filtered by the request's field names.
pub(super) struct Members<'f> {
    map: Map<String, Value>,
    wanted: &'f dyn Fn(&str) -> bool,
}

impl<'f> Members<'f> {
    pub(super) fn new(wanted: &'f dyn Fn(&str) -> bool) -> Self {
        Members {
            map: Map::new(),
            wanted,
        }
    }

    /// Adds `name` if it was asked for.
    pub(super) fn put(&mut self, name: &str, value: Value) {
        if (self.wanted)(name) {
            self.map.insert(name.to_owned(), value);
        }
    }

    /// Adds `name` whatever was asked for (X's default fields).
    pub(super) fn always(&mut self, name: &str, value: Value) {
        self.map.insert(name.to_owned(), value);
    }

    pub(super) fn into_value(self) -> Value {
        Value::Object(self.map)
    }
}
