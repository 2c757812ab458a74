//! The generated objects (users, posts, media, polls) before they are rendered as JSON.

use super::rng::*;
use super::vocabulary::*;

#[derive(Debug, Clone)]
pub(super) struct User {
    pub(super) id: u64,
    pub(super) name: String,
    pub(super) username: String,
    pub(super) created_ms: u64,
    pub(super) description: String,
    /// (start, end, tag) hashtags of the description
    pub(super) desc_hashtags: Vec<(usize, usize, String)>,
    pub(super) location: Option<String>,
    pub(super) url: Option<String>,
    pub(super) verified: bool,
    pub(super) verified_type: &'static str,
    pub(super) protected: bool,
    pub(super) followers: u64,
    pub(super) following: u64,
    pub(super) tweets: u64,
    pub(super) listed: u64,
    pub(super) likes: u64,
    pub(super) pinned: Option<u64>,
    pub(super) withheld: bool,
    pub(super) affiliation: bool,
    pub(super) subscription_type: &'static str,
    pub(super) identity_verified: bool,
    pub(super) parody: bool,
}

#[derive(Debug, Clone)]
pub(super) struct UrlEnt {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) tco: String,
    pub(super) expanded: String,
    pub(super) display: String,
    pub(super) media_key: Option<String>,
    pub(super) title: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Clone)]
pub(super) struct Media {
    pub(super) key: String,
    pub(super) kind: &'static str,
    pub(super) width: u64,
    pub(super) height: u64,
    pub(super) alt: Option<String>,
    pub(super) duration_ms: u64,
    pub(super) views: u64,
}

#[derive(Debug, Clone)]
pub(super) struct Poll {
    pub(super) id: u64,
    pub(super) options: Vec<(String, u64)>,
    pub(super) minutes: u64,
    pub(super) end_ms: u64,
    pub(super) open: bool,
}

/// One generated post with everything needed to render it under any field selection.
#[derive(Debug, Clone)]
pub(crate) struct GenTweet {
    pub(super) id: u64,
    pub(super) author: usize,
    pub(super) created_ms: u64,
    pub(super) text: String,
    pub(super) note: Option<String>,
    pub(super) note_mentions: Vec<(usize, usize, usize)>,
    pub(super) lang: &'static str,
    pub(super) hashtags: Vec<(usize, usize, String)>,
    pub(super) mentions: Vec<(usize, usize, usize)>,
    pub(super) cashtags: Vec<(usize, usize, String)>,
    pub(super) urls: Vec<UrlEnt>,
    pub(super) annotations: Vec<(usize, usize, &'static str, f64, String)>,
    pub(super) contexts: Vec<usize>,
    pub(super) refs: Vec<(&'static str, GenTweet)>,
    pub(super) in_reply_to: Option<usize>,
    pub(super) conversation_id: u64,
    pub(super) media: Vec<Media>,
    pub(super) media_source: Option<Box<GenTweet>>,
    pub(super) poll: Option<Poll>,
    pub(super) place: Option<usize>,
    pub(super) coordinates: Option<(f64, f64)>,
    pub(super) metrics: [u64; 6],
    pub(super) sensitive: bool,
    pub(super) reply_settings: &'static str,
    pub(super) source: &'static str,
    pub(super) edit_history: Vec<GenTweet>,
    pub(super) edits_remaining: u64,
    pub(super) withheld: bool,
    pub(super) community_id: Option<u64>,
    pub(super) card_uri: Option<String>,
    pub(super) display_start: usize,
    pub(super) text_chars: usize,
}

pub(super) struct TextBuilder {
    pub(super) s: String,
    pub(super) chars: usize,
}

impl TextBuilder {
    pub(super) fn new() -> Self {
        TextBuilder {
            s: String::new(),
            chars: 0,
        }
    }
    pub(super) fn push(&mut self, t: &str) -> (usize, usize) {
        let start = self.chars;
        self.s.push_str(t);
        self.chars += t.chars().count();
        (start, self.chars)
    }
    pub(super) fn space(&mut self) {
        if !self.s.is_empty() && !self.s.ends_with(' ') && !self.s.ends_with('\n') {
            self.push(" ");
        }
    }
}

pub(super) fn make_user(rng: &mut Rng, i: u64) -> User {
    let (name, handle_base) = if i % 11 == 5 {
        let n = rng.pick_str(CJK_NAMES);
        (n.to_owned(), format!("user{}", rng.range(100, 9999)))
    } else {
        let first = rng.pick_str(FIRST);
        let last = rng.pick_str(LAST);
        let ascii = |s: &str| -> String { s.chars().filter(char::is_ascii_alphanumeric).collect() };
        (
            format!("{first} {last}{}", rng.pick_str(NAME_DECOR)),
            format!("{}{}", ascii(first).to_lowercase(), ascii(last)),
        )
    };
    let mut username = format!(
        "{handle_base}{}",
        if rng.chance(0.5) {
            format!("_{i}")
        } else {
            i.to_string()
        }
    );
    username.truncate(15);
    let mut tb = TextBuilder::new();
    let mut desc_hashtags = vec![];
    for _ in 0..rng.range(1, 3) {
        tb.space();
        tb.push(rng.pick_str(BIO_WORDS));
        tb.push(".");
    }
    if rng.chance(0.5) {
        let tag = rng.pick_str(HASHTAGS);
        tb.space();
        let (s, e) = tb.push(&format!("#{tag}"));
        desc_hashtags.push((s, e, tag.to_owned()));
    }
    let verified = rng.chance(0.3);
    let followers = if rng.chance(0.1) {
        rng.range(100_000, 80_000_000)
    } else {
        rng.range(0, 20_000)
    };
    User {
        id: if rng.chance(0.3) {
            rng.range(10_000, 3_000_000_000)
        } else {
            rng.range(700_000_000_000_000_000, 1_800_000_000_000_000_000)
        },
        name,
        username,
        created_ms: START_MS - rng.range(86_400_000, 5_000 * 86_400_000),
        description: tb.s,
        desc_hashtags,
        location: rng
            .chance(0.7)
            .then(|| (rng.pick_str(LOCATIONS)).to_owned()),
        url: rng.chance(0.4).then(|| format!("https://example.com/~{i}")),
        verified,
        verified_type: if verified {
            rng.pick_str(&["blue", "blue", "business", "government"])
        } else {
            "none"
        },
        protected: i == 21 || rng.chance(0.02),
        followers,
        following: rng.range(0, 5000),
        tweets: rng.range(1, 200_000),
        listed: rng.range(0, 3000),
        likes: rng.range(0, 100_000),
        pinned: rng
            .chance(0.3)
            .then(|| ((START_MS - 86_400_000 - TWEPOCH_MS) << 22) | rng.below(1 << 22)),
        withheld: i == 7 || rng.chance(0.01),
        affiliation: i % 16 == 3 || rng.chance(0.03),
        subscription_type: rng.pick_str(&["None", "None", "Basic", "Premium", "PremiumPlus"]),
        identity_verified: rng.chance(0.1),
        parody: i == 13 || rng.chance(0.01),
    }
}

impl GenTweet {
    /// The post's language code (the enterprise language firehoses pick by it).
    pub(crate) fn lang(&self) -> &'static str {
        self.lang
    }
}
