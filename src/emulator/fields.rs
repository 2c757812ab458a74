//! The `tweet.fields`, `user.fields`, `media.fields`, `poll.fields`, `place.fields` and
//! `expansions` query parameters: their allowed values (the model's typed names) and parsing.

use std::collections::BTreeSet;

use crate::model::{Expansion, MediaField, PlaceField, PollField, TweetField, UserField};
use crate::request::percent::percent_decode;

/// Every `tweet.fields` value the streaming endpoints accept: the model's list, so the
/// client, the model and the emulator agree on one set.
///
/// ```
/// # use tweetstream::emulator::{generator::Generator, TWEET_FIELDS};
/// // Asking for every field gets them in the emulator's posts.
/// let query = format!("tweet.fields={}", TWEET_FIELDS.join(","));
/// let line = tweetstream::decode_line(Generator::with_query(1, &query).next_line().into()).unwrap();
/// let tweet = line.tweet().unwrap();
/// assert!(tweet.created_at.is_some() && tweet.lang.is_some() && tweet.public_metrics.is_some());
/// ```
pub const TWEET_FIELDS: &[&str] = TweetField::NAMES;

/// Every `user.fields` value.
///
/// ```
/// # use tweetstream::emulator::{generator::Generator, USER_FIELDS};
/// let query = format!("expansions=author_id&user.fields={}", USER_FIELDS.join(","));
/// let line = tweetstream::decode_line(Generator::with_query(1, &query).next_line().into()).unwrap();
/// let author = &line.includes().unwrap().users()[0];
/// assert!(author.created_at.is_some() && author.public_metrics.is_some());
/// ```
pub const USER_FIELDS: &[&str] = UserField::NAMES;

/// Every `media.fields` value.
///
/// ```
/// use tweetstream::emulator::MEDIA_FIELDS;
/// use tweetstream::model::MediaField;
/// assert_eq!(MEDIA_FIELDS, MediaField::NAMES); // the client's list, one set for both
/// assert!(MEDIA_FIELDS.contains(&"preview_image_url"));
/// ```
pub const MEDIA_FIELDS: &[&str] = MediaField::NAMES;

/// Every `poll.fields` value.
///
/// ```
/// use tweetstream::emulator::POLL_FIELDS;
/// use tweetstream::model::PollField;
/// assert_eq!(POLL_FIELDS, PollField::NAMES);
/// assert!(POLL_FIELDS.contains(&"voting_status"));
/// ```
pub const POLL_FIELDS: &[&str] = PollField::NAMES;

/// Every `place.fields` value.
///
/// ```
/// use tweetstream::emulator::PLACE_FIELDS;
/// use tweetstream::model::PlaceField;
/// assert_eq!(PLACE_FIELDS, PlaceField::NAMES);
/// assert!(PLACE_FIELDS.contains(&"geo"));
/// ```
pub const PLACE_FIELDS: &[&str] = PlaceField::NAMES;

/// Every `expansions` value.
///
/// ```
/// # use tweetstream::emulator::{generator::Generator, EXPANSIONS};
/// let query = format!("expansions={}", EXPANSIONS.join(","));
/// let line = tweetstream::decode_line(Generator::with_query(1, &query).next_line().into()).unwrap();
/// // Every expansion asked for: at least the author comes in `includes`.
/// let author = line.tweet().unwrap().author_id.clone().unwrap();
/// assert!(line.includes().unwrap().users().iter().any(|u| u.id == author));
/// ```
pub const EXPANSIONS: &[&str] = Expansion::NAMES;

/// The field-selection parameters of a stream request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Fields {
    pub tweet: BTreeSet<String>,
    pub user: BTreeSet<String>,
    pub media: BTreeSet<String>,
    pub poll: BTreeSet<String>,
    pub place: BTreeSet<String>,
    pub expansions: BTreeSet<String>,
}

fn all(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Splits a raw query string into decoded `(name, value)` pairs.
pub(crate) fn query_pairs(query: Option<&str>) -> Vec<(String, String)> {
    query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k, true), percent_decode(v, true)),
            None => (percent_decode(p, true), String::new()),
        })
        .collect()
}

impl Fields {
    /// Every field and expansion.
    pub(crate) fn full() -> Self {
        Fields {
            tweet: all(TWEET_FIELDS),
            user: all(USER_FIELDS),
            media: all(MEDIA_FIELDS),
            poll: all(POLL_FIELDS),
            place: all(PLACE_FIELDS),
            expansions: all(EXPANSIONS),
        }
    }

    /// Reads the field parameters of a query, ignoring unknown parameters and values.
    pub(crate) fn from_query_lenient(query: &str) -> Self {
        let mut f = Fields::default();
        for (k, v) in query_pairs(Some(query)) {
            if let Some((set, allowed)) = f.slot(&k) {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if allowed.contains(&item) {
                        set.insert(item.to_owned());
                    }
                }
            }
        }
        f
    }

    fn slot(&mut self, name: &str) -> Option<(&mut BTreeSet<String>, &'static [&'static str])> {
        Some(match name {
            "tweet.fields" => (&mut self.tweet, TWEET_FIELDS),
            "user.fields" => (&mut self.user, USER_FIELDS),
            "media.fields" => (&mut self.media, MEDIA_FIELDS),
            "poll.fields" => (&mut self.poll, POLL_FIELDS),
            "place.fields" => (&mut self.place, PLACE_FIELDS),
            "expansions" => (&mut self.expansions, EXPANSIONS),
            _ => return None,
        })
    }

    /// Reads one field parameter strictly: `Err((values, message))` names the invalid values
    /// the way X's invalid-request problem does.
    pub(crate) fn add_param(
        &mut self,
        name: &str,
        value: &str,
    ) -> Option<Result<(), (Vec<String>, String)>> {
        let (set, allowed) = self.slot(name)?;
        let mut bad = Vec::new();
        for item in value.split(',') {
            if allowed.contains(&item) {
                set.insert(item.to_owned());
            } else {
                bad.push(item.to_owned());
            }
        }
        if bad.is_empty() {
            return Some(Ok(()));
        }
        let message = format!(
            "The `{name}` query parameter value [{}] is not one of [{}]",
            bad.join(","),
            allowed.join(",")
        );
        Some(Err((vec![value.to_owned()], message)))
    }

    pub(crate) fn t(&self, f: &str) -> bool {
        self.tweet.contains(f)
    }

    pub(crate) fn x(&self, e: &str) -> bool {
        self.expansions.contains(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_queries() {
        let p = query_pairs(Some("tweet.fields=author_id%2Clang&expansions=author_id&x"));
        assert_eq!(p[0], ("tweet.fields".into(), "author_id,lang".into()));
        assert_eq!(p[2], ("x".into(), String::new()));
    }

    #[test]
    fn strict_params_name_bad_values() {
        let mut f = Fields::default();
        assert_eq!(f.add_param("tweet.fields", "lang,author_id"), Some(Ok(())));
        let err = f
            .add_param("tweet.fields", "lang,bogus")
            .unwrap()
            .unwrap_err();
        assert!(err.1.contains("[bogus]"), "{}", err.1);
        assert!(f.add_param("max_results", "1").is_none());
    }
}
