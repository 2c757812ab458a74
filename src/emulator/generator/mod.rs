//! A deterministic, seeded generator of synthetic X API v2 stream lines.
//!
//! Every line is one `{"data": ..., "includes": ..., "matching_rules": ...}` object as the
//! streaming endpoints send it. The posts cover the v2 object model: entities (hashtags,
//! mentions, cashtags, URLs with unwound metadata, annotations), public and non-public
//! metrics, context annotations, edit controls and edit history, replies, quotes and
//! retweets, long posts with `note_tweet`, polls, photos, videos and GIFs, places with
//! coordinates, withheld content, non-ASCII text (accents, CJK, Arabic) and emoji (flags,
//! skin tones, ZWJ sequences). Only the requested fields and expansions appear, with X's
//! defaults (`id`, `text`, `edit_history_tweet_ids`) otherwise. An expansion also brings
//! the field holding the ids it expands (`expansions=author_id` adds `author_id`), as X does.
//!
//! Every value of `tweet.fields`, `user.fields`, `media.fields`, `poll.fields`,
//! `place.fields` and `expansions` in X's OpenAPI specification is accepted; all are
//! generated except the tweet fields `article` and `media_metadata` (whose payload shapes X
//! does not publish) and so the `article.*` expansions. Entity indices count Unicode code
//! points; `verified_followers_count` is a string, as X sends it.
//!
//! ```
//! use tweetstream::emulator::generator::Generator;
//!
//! let mut a = Generator::new(7);
//! let mut b = Generator::new(7);
//! assert_eq!(a.next_line(), b.next_line()); // same seed, same posts
//!
//! let line = Generator::with_query(7, "tweet.fields=lang&expansions=author_id").next_line();
//! let v: serde_json::Value = serde_json::from_str(&line).unwrap();
//! assert!(v["data"]["lang"].is_string());
//! assert!(v["includes"]["users"][0]["username"].is_string());
//! ```

use super::fields::Fields;

mod compose;
mod drift;
mod members;
mod objects;
mod post_json;
mod render;
mod rng;
mod text;
mod user_json;
mod vocabulary;

pub(crate) use objects::GenTweet;
use objects::*;
pub(crate) use rng::iso8601;
use rng::*;
use vocabulary::*;

/// A deterministic generator of stream lines (see the [module docs](self)).
///
/// ```
/// use tweetstream::emulator::generator::Generator;
///
/// // Same seed, same lines: handy for reproducible tests and benchmarks.
/// let (mut a, mut b) = (Generator::new(42), Generator::new(42));
/// assert_eq!(a.next_line(), b.next_line());
/// assert_ne!(a.next_line(), Generator::new(43).next_line());
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    rng: Rng,
    fields: Fields,
    users: Vec<User>,
    clock_ms: u64,
    worker: u64,
    seq: u64,
    count: u64,
}

impl Generator {
    /// A generator with X's default fields only (`id`, `text`, `edit_history_tweet_ids`).
    ///
    /// ```
    /// # use tweetstream::emulator::generator::Generator;
    /// let line = Generator::new(1).next_line();
    /// let tweet = tweetstream::decode_line(line.into()).unwrap().tweet().unwrap().clone();
    /// assert!(!tweet.text.is_empty());
    /// assert_eq!(tweet.edit_history_tweet_ids.as_deref(), Some(&[tweet.id.clone()][..]));
    /// assert!(tweet.author_id.is_none()); // not asked for
    /// ```
    pub fn new(seed: u64) -> Self {
        Self::with_fields(seed, 0, Fields::default())
    }

    /// A generator honouring a request query string (`tweet.fields`, `user.fields`,
    /// `media.fields`, `poll.fields`, `place.fields`, `expansions`; other parameters and
    /// unknown values are ignored). A leading `?` is allowed.
    ///
    /// ```
    /// # use tweetstream::emulator::generator::Generator;
    /// let mut generator = Generator::with_query(1, "?tweet.fields=lang&expansions=author_id");
    /// let line = tweetstream::decode_line(generator.next_line().into()).unwrap();
    /// let tweet = line.tweet().unwrap();
    /// assert!(tweet.lang.is_some());
    /// assert!(tweet.author_id.is_some()); // the expansion brings the id it expands
    /// assert_eq!(line.includes().unwrap().users()[0].id, *tweet.author_id.as_ref().unwrap());
    /// ```
    pub fn with_query(seed: u64, query: &str) -> Self {
        Self::with_fields(
            seed,
            0,
            Fields::from_query_lenient(query.trim_start_matches('?')),
        )
    }

    /// A generator emitting every field and every expansion (about 3 to 6 KB a line).
    ///
    /// ```
    /// # use tweetstream::emulator::generator::Generator;
    /// let line = Generator::full(1).next_line();
    /// assert!(line.len() > 2000);
    /// let value: serde_json::Value = serde_json::from_str(&line).unwrap();
    /// assert!(value["data"]["created_at"].is_string());
    /// assert!(value["includes"]["users"].is_array());
    /// ```
    pub fn full(seed: u64) -> Self {
        Self::with_fields(seed, 0, Fields::full())
    }

    pub(crate) fn with_fields(seed: u64, stream_index: u64, mut fields: Fields) -> Self {
        // An expansion brings the field holding the ids it expands, as X does.
        for (expansion, field) in [
            ("author_id", "author_id"),
            ("attachments.media_keys", "attachments"),
            ("attachments.media_source_tweet", "attachments"),
            ("attachments.poll_ids", "attachments"),
            ("entities.mentions.username", "entities"),
            ("entities.note.mentions.username", "note_tweet"),
            ("geo.place_id", "geo"),
            ("in_reply_to_user_id", "in_reply_to_user_id"),
            ("referenced_tweets.id", "referenced_tweets"),
            ("referenced_tweets.id.author_id", "referenced_tweets"),
            ("referenced_tweets.id.author_id", "author_id"),
            (
                "referenced_tweets.id.attachments.media_keys",
                "referenced_tweets",
            ),
            ("referenced_tweets.id.attachments.media_keys", "attachments"),
        ] {
            if fields.x(expansion) {
                fields.tweet.insert(field.to_owned());
            }
        }
        let mut world = Rng(seed ^ 0x005E_ED0F_7E57_u64);
        let users = (0..48).map(|i| make_user(&mut world, i)).collect();
        let mut rng = Rng(seed
            .wrapping_mul(0x9E37_79B9)
            .wrapping_add(stream_index.wrapping_mul(0xA5A5_A5A5_1234_5677)));
        let clock_ms = START_MS + rng.below(3_600_000);
        Generator {
            rng,
            fields,
            users,
            clock_ms,
            worker: stream_index % 1024,
            seq: 0,
            count: 0,
        }
    }

    /// Places this generator's next post at feed item `item` of an enterprise feed, where every
    /// item comes from a generator of its own: its clock starts `item` ms after the
    /// generator's epoch and its worker id is `item % 1024`, so no two items' posts share a
    /// snowflake id (items with the same worker are at least 1,024 ms apart, more than a
    /// post's clock step). With random clocks and workers, 200,000 items repeated about
    /// four ids, which X never does.
    pub(crate) fn placed_at_item(mut self, item: u64) -> Self {
        self.clock_ms = START_MS + item;
        self.worker = item % 1024;
        self
    }

    /// The next line: one JSON object, without the `\r\n` terminator.
    ///
    /// ```
    /// # use tweetstream::emulator::generator::Generator;
    /// let mut generator = Generator::new(7);
    /// let (first, second) = (generator.next_line(), generator.next_line());
    /// assert_ne!(first, second);
    /// assert!(first.starts_with('{') && !first.ends_with('\n')); // no terminator
    /// ```
    pub fn next_line(&mut self) -> String {
        let t = self.next_tweet();
        self.render(&t, &[])
    }

    fn next_id(&mut self, ms: u64) -> u64 {
        self.seq = (self.seq + 1) % 4096;
        ((ms - TWEPOCH_MS) << 22) | (self.worker << 12) | self.seq
    }

    fn other_user(&mut self, not: usize) -> usize {
        let n = self.users.len();
        (not + 1 + self.rng.below(n as u64 - 1) as usize) % n
    }

    /// Generates the next post (and the posts it references).
    pub(crate) fn next_tweet(&mut self) -> GenTweet {
        self.count += 1;
        self.clock_ms += self.rng.range(40, 900);
        let now = self.clock_ms;
        let roll = self.rng.below(100);
        if roll < 10 {
            // Retweet of an older post.
            let ago = self.rng.range(60_000, 86_400_000);
            let orig = self.original(now - ago, true);
            self.retweet(orig, now)
        } else if roll < 26 {
            let ago = self.rng.range(5_000, 3_600_000);
            let parent = self.original(now - ago, true);
            let mut t = self.original_with(now, false, Some(&parent));
            t.refs.push(("replied_to", parent));
            t
        } else if roll < 33 {
            let ago = self.rng.range(5_000, 86_400_000);
            let quoted = self.original(now - ago, true);
            let mut t = self.original(now, false);
            t.refs.push(("quoted", quoted));
            t
        } else {
            self.original(now, false)
        }
    }

    fn original(&mut self, ms: u64, nested: bool) -> GenTweet {
        self.original_with(ms, nested, None)
    }

    fn retweet(&mut self, orig: GenTweet, ms: u64) -> GenTweet {
        let author = self.other_user(orig.author);
        let id = self.next_id(ms);
        let mut tb = TextBuilder::new();
        tb.push("RT ");
        let orig_author = self.users[orig.author].username.clone();
        let (s, e) = tb.push(&format!("@{orig_author}"));
        tb.push(": ");
        let offset = tb.chars;
        let body: String = orig.text.chars().take(140).collect();
        tb.push(&body);
        let body_chars = body.chars().count();
        let mut hashtags = vec![];
        for (hs, he, tag) in &orig.hashtags {
            if *he <= body_chars {
                hashtags.push((hs + offset, he + offset, tag.clone()));
            }
        }
        let mut mentions = vec![(s, e, orig.author)];
        for (ms_, me, u) in &orig.mentions {
            if *me <= body_chars {
                mentions.push((ms_ + offset, me + offset, *u));
            }
        }
        let text_chars = tb.chars;
        GenTweet {
            id,
            author,
            created_ms: ms,
            text: tb.s,
            note: None,
            note_mentions: vec![],
            lang: orig.lang,
            hashtags,
            mentions,
            cashtags: vec![],
            urls: vec![],
            annotations: vec![],
            contexts: orig.contexts.clone(),
            in_reply_to: None,
            conversation_id: id,
            media: vec![],
            media_source: None,
            poll: None,
            place: None,
            coordinates: None,
            metrics: [0, 0, 0, 0, 0, self.rng.range(0, 50)],
            sensitive: false,
            reply_settings: "everyone",
            source: self.rng.pick_str(SOURCES),
            edit_history: vec![],
            edits_remaining: 5,
            withheld: false,
            community_id: None,
            card_uri: None,
            display_start: 0,
            text_chars,
            refs: vec![("retweeted", orig)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn iso8601_formats() {
        assert_eq!(iso8601(START_MS), "2025-01-06T18:40:40.000Z");
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(951_782_400_123), "2000-02-29T00:00:00.123Z");
    }

    #[test]
    fn default_fields_only() {
        let mut g = Generator::new(1);
        for _ in 0..50 {
            let v: Value = serde_json::from_str(&g.next_line()).unwrap();
            let data = v["data"].as_object().unwrap();
            let mut keys: Vec<&str> = data.keys().map(String::as_str).collect();
            keys.sort_unstable();
            assert_eq!(keys, ["edit_history_tweet_ids", "id", "text"]);
            assert!(v.get("includes").is_none());
        }
    }

    #[test]
    fn deterministic() {
        let a: Vec<String> = {
            let mut g = Generator::full(9);
            (0..20).map(|_| g.next_line()).collect()
        };
        let mut g = Generator::full(9);
        let b: Vec<String> = (0..20).map(|_| g.next_line()).collect();
        assert_eq!(a, b);
        let mut g = Generator::full(10);
        assert_ne!(a[0], g.next_line());
    }

    #[test]
    fn entity_indices_are_code_points() {
        let mut g = Generator::full(3);
        for _ in 0..300 {
            let v: Value = serde_json::from_str(&g.next_line()).unwrap();
            let text: Vec<char> = v["data"]["text"].as_str().unwrap().chars().collect();
            if let Some(tags) = v["data"]["entities"]["hashtags"].as_array() {
                for h in tags {
                    let s = h["start"].as_u64().unwrap() as usize;
                    let e = h["end"].as_u64().unwrap() as usize;
                    let got: String = text[s..e].iter().collect();
                    assert_eq!(got, format!("#{}", h["tag"].as_str().unwrap()));
                }
            }
            if let Some(ms) = v["data"]["entities"]["mentions"].as_array() {
                for m in ms {
                    let s = m["start"].as_u64().unwrap() as usize;
                    let e = m["end"].as_u64().unwrap() as usize;
                    let got: String = text[s..e].iter().collect();
                    assert_eq!(got, format!("@{}", m["username"].as_str().unwrap()));
                }
            }
        }
    }
}
