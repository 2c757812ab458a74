//! Checking `expansions` and `*.fields` names against the typed lists before any request, so
//! a misspelt name (`expansions(["author"])`) is refused up front, naming it, instead of
//! becoming a fatal 400 later. Names X adds after this crate's lists go through
//! [`StreamParams::allow_unknown_fields`](crate::StreamParams::allow_unknown_fields).

use crate::model::{Expansion, MediaField, PlaceField, PollField, TweetField, UserField};

/// The names this crate knows for a query parameter (`expansions`, `tweet.fields`, ...).
fn known_names(parameter: &str) -> &'static [&'static str] {
    match parameter {
        Expansion::PARAMETER => Expansion::NAMES,
        TweetField::PARAMETER => TweetField::NAMES,
        UserField::PARAMETER => UserField::NAMES,
        MediaField::PARAMETER => MediaField::NAMES,
        PollField::PARAMETER => PollField::NAMES,
        PlaceField::PARAMETER => PlaceField::NAMES,
        _ => &[],
    }
}

/// Only characters a name can have, so nothing needs percent-encoding (checked always).
pub(crate) fn well_formed(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
}

/// Whether `name` is a known value of `parameter`.
pub(crate) fn is_known(parameter: &str, name: &str) -> bool {
    known_names(parameter).contains(&name)
}

/// Why an unknown name is refused: the closest known name when one is near, and the way out.
pub(crate) fn unknown_reason(parameter: &str, name: &str) -> String {
    let hint = known_names(parameter)
        .iter()
        .filter(|k| k.contains(name) || name.contains(*k))
        .min_by_key(|k| k.len().abs_diff(name.len()));
    let mut why = format!("{name:?} is not a known {parameter} value");
    if let Some(k) = hint {
        why.push_str(&format!(" (did you mean {k:?}?)"));
    }
    why.push_str(
        "; if X added it after this crate's lists, send it anyway with \
         StreamParams::allow_unknown_fields()",
    );
    why
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_typed_name_is_known_under_its_parameter_only() {
        assert!(is_known("expansions", "author_id"));
        assert!(is_known("tweet.fields", "created_at"));
        assert!(is_known("place.fields", "country_code"));
        assert!(!is_known("expansions", "author"));
        assert!(!is_known("poll.fields", "created_at"));
        assert!(!is_known("backfill_minutes", "1"));
    }

    #[test]
    fn the_reason_names_the_value_and_suggests_a_near_name() {
        let why = unknown_reason("expansions", "author");
        assert!(
            why.contains("\"author\" is not a known expansions value"),
            "{why}"
        );
        assert!(why.contains("did you mean \"author_id\""), "{why}");
        assert!(why.contains("allow_unknown_fields"), "{why}");
        assert!(!unknown_reason("media.fields", "zzz").contains("did you mean"));
    }
}
