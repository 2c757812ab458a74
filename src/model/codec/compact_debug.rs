//! A compact `Debug` for the big model objects: only the members present, as the JSON X sent
//! (`Tweet {"id":"1","text":"hi",...}`), instead of dozens of `None`s. `{:#?}` pretty-prints.
//!
//! It reuses `Serialize`, which already skips absent members, so it follows the model as it
//! grows with nothing to keep in step.

use std::fmt;

use serde::Serialize;

/// Writes `name {json}` (pretty with `{:#?}`).
fn write_present<T: Serialize>(f: &mut fmt::Formatter<'_>, name: &str, value: &T) -> fmt::Result {
    let json = if f.alternate() {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    match json {
        Ok(json) => write!(f, "{name} {json}"),
        Err(e) => write!(f, "{name} {{ <not serializable: {e}> }}"),
    }
}

macro_rules! compact_debug {
    ($($ty:ident),+) => {$(
        impl fmt::Debug for crate::model::$ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_present(f, stringify!($ty), self)
            }
        }
    )+};
}

compact_debug!(Tweet, User);

#[cfg(test)]
mod tests {
    use crate::model::{Tweet, User};

    #[test]
    fn a_default_tweet_shows_only_what_it_has() {
        let json = r#"{"id":"1460323737035677698","text":"hi","edit_history_tweet_ids":["1460323737035677698"]}"#;
        let tweet: Tweet = serde_json::from_str(json).unwrap();
        assert_eq!(format!("{tweet:?}"), format!("Tweet {json}"));
        assert!(format!("{tweet:#?}").starts_with("Tweet {\n  \"id\""));
        let user: User = serde_json::from_str(r#"{"id":"2","name":"N","username":"n"}"#).unwrap();
        assert_eq!(
            format!("{user:?}"),
            r#"User {"id":"2","name":"N","username":"n"}"#
        );
    }
}
