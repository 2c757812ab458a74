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

use serde_json::{Map, Value, json};

use super::fields::Fields;
use super::rule_lang::{Post, tokenize};

/// X's snowflake epoch (milliseconds since the Unix epoch).
const TWEPOCH_MS: u64 = 1_288_834_974_657;
/// Where generated time starts: 2025-01-06T18:40:40.000Z.
const START_MS: u64 = 1_736_188_840_000;

/// SplitMix64: small, fast, deterministic.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick_str(&mut self, s: &[&'static str]) -> &'static str {
        s[self.below(s.len() as u64) as usize]
    }
    fn pick<'a, T>(&mut self, s: &'a [T]) -> &'a T {
        &s[self.below(s.len() as u64) as usize]
    }
    fn alnum(&mut self, n: usize) -> String {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        (0..n).map(|_| *self.pick(A) as char).collect()
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for a Unix time in milliseconds.
pub(crate) fn iso8601(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        ms % 1000
    )
}

const FIRST: &[&str] = &[
    "Ada", "José", "Zoë", "Mei", "Omar", "Priya", "Lars", "Chloé", "Kenji", "Amara", "Björn",
    "Fatima", "Diego", "Ngozi", "Sasha", "Émile", "Hana", "Tomás", "Leilani", "Yusuf",
];
const LAST: &[&str] = &[
    "Lovelace",
    "García",
    "Ångström",
    "Tanaka",
    "Haddad",
    "Sharma",
    "Olsen",
    "Dubois",
    "Sato",
    "Okafor",
    "Müller",
    "Rahman",
    "Fernández",
    "Adeyemi",
    "Ivanova",
    "Zola",
    "Kim",
    "Silva",
    "Kahale",
    "Demir",
];
const NAME_DECOR: &[&str] = &[
    "",
    "",
    "",
    " 🌸",
    " 🚀",
    " (she/her)",
    " 🇯🇵",
    " ✨",
    " | dev",
];
const CJK_NAMES: &[&str] = &["田中 太郎", "山田 花子", "李 明", "김 민준"];
const LOCATIONS: &[&str] = &[
    "Berlin, Deutschland",
    "東京",
    "São Paulo",
    "Lagos",
    "Paris, France",
    "Austin, TX",
    "the internet",
    "Montréal, QC",
];
const BIO_WORDS: &[&str] = &[
    "Engineer",
    "coffee ☕",
    "opinions my own",
    "building things",
    "runner",
    "photographer",
    "🐈 person",
    "open source",
    "she/her",
    "he/him",
    "Rustacean 🦀",
    "amateur chef",
];

struct Lexicon {
    lang: &'static str,
    words: &'static [&'static str],
}

const LEXICONS: &[Lexicon] = &[
    Lexicon {
        lang: "en",
        words: &[
            "just",
            "shipped",
            "a",
            "new",
            "release",
            "of",
            "our",
            "streaming",
            "client",
            "coffee",
            "morning",
            "the",
            "weather",
            "is",
            "great",
            "today",
            "love",
            "this",
            "city",
            "music",
            "game",
            "tonight",
            "reading",
            "about",
            "rust",
            "async",
            "code",
            "team",
            "launch",
            "weekend",
            "travel",
            "photo",
            "news",
            "update",
            "thanks",
            "everyone",
            "for",
            "support",
            "cats",
            "dogs",
            "pizza",
            "running",
            "build",
            "data",
            "Tokyo",
            "Paris",
        ],
    },
    Lexicon {
        lang: "es",
        words: &[
            "hoy",
            "mañana",
            "canción",
            "café",
            "increíble",
            "gracias",
            "por",
            "todo",
            "el",
            "la",
            "partido",
            "ciudad",
            "fútbol",
            "viaje",
            "año",
            "niño",
            "corazón",
            "música",
        ],
    },
    Lexicon {
        lang: "fr",
        words: &[
            "bonjour",
            "café",
            "très",
            "été",
            "déjà",
            "où",
            "voilà",
            "musique",
            "fête",
            "français",
            "ça",
            "marché",
            "Paris",
        ],
    },
    Lexicon {
        lang: "de",
        words: &[
            "Grüße",
            "aus",
            "Straße",
            "schön",
            "Frühstück",
            "Brötchen",
            "heute",
            "Größe",
            "müde",
            "über",
        ],
    },
    Lexicon {
        lang: "ja",
        words: &[
            "こんにちは",
            "東京",
            "ラーメン",
            "今日",
            "天気",
            "最高",
            "ありがとう",
            "新しい",
            "リリース",
            "猫",
        ],
    },
    Lexicon {
        lang: "pt",
        words: &[
            "olá",
            "coração",
            "ação",
            "obrigado",
            "futebol",
            "amanhã",
            "saudade",
            "música",
        ],
    },
    Lexicon {
        lang: "ar",
        words: &["مرحبا", "شكرا", "اليوم", "القهوة", "جميل", "مدينة"],
    },
];
const EMOJI: &[&str] = &[
    "🚀",
    "☕",
    "🎉",
    "👍🏽",
    "🇯🇵",
    "❤️",
    "😂",
    "🔥",
    "✨",
    "🐈",
    "👩‍💻",
    "🦀",
];
const HASHTAGS: &[&str] = &[
    "rustlang",
    "AI",
    "coffee",
    "travel",
    "music",
    "news",
    "WorldCup",
    "東京",
    "café",
    "MondayMotivation",
    "OpenSource",
    "100DaysOfCode",
];
const CASHTAGS: &[&str] = &["TSLA", "AAPL", "BTC", "NVDA"];
const SOURCES: &[&str] = &[
    "Twitter for iPhone",
    "Twitter for Android",
    "Twitter Web App",
    "TweetDeck",
    "Buffer",
];
const REPLY_SETTINGS: &[&str] = &[
    "everyone",
    "everyone",
    "everyone",
    "mentionedUsers",
    "following",
    "verified",
];
const LINKS: &[(&str, &str, &str)] = &[
    (
        "https://blog.rust-lang.org/2025/01/09/Rust-1.84.0.html",
        "Announcing Rust 1.84.0",
        "The Rust team is happy to announce a new version of Rust.",
    ),
    (
        "https://example.com/news/streaming-apis",
        "Streaming APIs, explained",
        "How long-lived HTTP connections deliver data in real time.",
    ),
    (
        "https://www.example.org/recipes/ramen",
        "The perfect bowl of ramen",
        "Broth, noodles, patience.",
    ),
    (
        "https://docs.x.com/x-api/posts/filtered-stream/introduction",
        "Filtered stream introduction",
        "Stream posts in real time that match your rules.",
    ),
];
/// (domain id, name, description, entity id, entity name, entity description)
const CONTEXTS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "66",
        "Interests and Hobbies Category",
        "A grouping of interests and hobbies entities, like Novelty Food or Destinations",
        "847868745150119936",
        "Home & family",
        "Hobbies and interests",
    ),
    (
        "131",
        "Unified Twitter Taxonomy",
        "A taxonomy view into the Semantic Core knowledge graph",
        "848920371311001600",
        "Technology",
        "Technology and computing",
    ),
    (
        "46",
        "Business Taxonomy",
        "Categories within Brand Verticals that narrow down the scope of Brands",
        "1557697333571112960",
        "Technology Business",
        "Brands, companies, advertisers and every non-person handle with the profit intent related to softwares, apps, communication equipments, hardwares",
    ),
    (
        "47",
        "Brand",
        "Brands and Companies",
        "10045225402",
        "Twitter",
        "",
    ),
    (
        "65",
        "Interests and Hobbies Vertical",
        "Top level interests and hobbies groupings, like Food or Travel",
        "834828264786898945",
        "Food",
        "Food",
    ),
    (
        "10",
        "Person",
        "Named people in the world like Nelson Mandela",
        "1138120699143655424",
        "Ada Lovelace",
        "English mathematician",
    ),
];
/// (id, name, full name, country code, country, place type, bbox)
/// (id, name, full name, country code, country, place type, bbox)
type PlaceRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    [f64; 4],
);
const PLACES: &[PlaceRow] = &[
    (
        "01a9a39529b27f36",
        "Manhattan",
        "Manhattan, NY",
        "US",
        "United States",
        "city",
        [-74.026675, 40.683935, -73.910408, 40.877483],
    ),
    (
        "1c69a67ad480e1b1",
        "Houston",
        "Houston, TX",
        "US",
        "United States",
        "city",
        [-95.823268, 29.522325, -95.069705, 30.110734],
    ),
    (
        "93c8a1a5a2e9b7d1",
        "Tokyo",
        "Tokyo-to, Japan",
        "JP",
        "Japan",
        "admin",
        [138.942922, 24.224813, 153.986898, 35.898424],
    ),
    (
        "09f6a7707f18e0b1",
        "Paris",
        "Paris, France",
        "FR",
        "France",
        "city",
        [2.2241006, 48.8155414, 2.4699099, 48.9021461],
    ),
    (
        "68e019afec7d0ba5",
        "São Paulo",
        "São Paulo, Brasil",
        "BR",
        "Brasil",
        "city",
        [-46.826039, -24.008814, -46.365052, -23.356792],
    ),
    (
        "3078869807f9dd36",
        "Berlin",
        "Berlin, Deutschland",
        "DE",
        "Deutschland",
        "city",
        [13.088304, 52.338079, 13.760909, 52.675323],
    ),
];
/// Annotated names: (text, annotation type, probability)
const ANNOTATED: &[(&str, &str, f64)] = &[
    ("Tokyo", "Place", 0.9391),
    ("Paris", "Place", 0.9612),
    ("Ada Lovelace", "Person", 0.8828),
    ("Rust Foundation", "Organization", 0.7715),
];

#[derive(Debug, Clone)]
struct User {
    id: u64,
    name: String,
    username: String,
    created_ms: u64,
    description: String,
    /// (start, end, tag) hashtags of the description
    desc_hashtags: Vec<(usize, usize, String)>,
    location: Option<String>,
    url: Option<String>,
    verified: bool,
    verified_type: &'static str,
    protected: bool,
    followers: u64,
    following: u64,
    tweets: u64,
    listed: u64,
    likes: u64,
    pinned: Option<u64>,
    withheld: bool,
    affiliation: bool,
    subscription_type: &'static str,
    identity_verified: bool,
    parody: bool,
}

#[derive(Debug, Clone)]
struct UrlEnt {
    start: usize,
    end: usize,
    tco: String,
    expanded: String,
    display: String,
    media_key: Option<String>,
    title: Option<(&'static str, &'static str)>,
}

#[derive(Debug, Clone)]
struct Media {
    key: String,
    kind: &'static str,
    width: u64,
    height: u64,
    alt: Option<String>,
    duration_ms: u64,
    views: u64,
}

#[derive(Debug, Clone)]
struct Poll {
    id: u64,
    options: Vec<(String, u64)>,
    minutes: u64,
    end_ms: u64,
    open: bool,
}

/// One generated post with everything needed to render it under any field selection.
#[derive(Debug, Clone)]
pub(crate) struct GenTweet {
    id: u64,
    author: usize,
    created_ms: u64,
    text: String,
    note: Option<String>,
    note_mentions: Vec<(usize, usize, usize)>,
    lang: &'static str,
    hashtags: Vec<(usize, usize, String)>,
    mentions: Vec<(usize, usize, usize)>,
    cashtags: Vec<(usize, usize, String)>,
    urls: Vec<UrlEnt>,
    annotations: Vec<(usize, usize, &'static str, f64, String)>,
    contexts: Vec<usize>,
    refs: Vec<(&'static str, GenTweet)>,
    in_reply_to: Option<usize>,
    conversation_id: u64,
    media: Vec<Media>,
    media_source: Option<Box<GenTweet>>,
    poll: Option<Poll>,
    place: Option<usize>,
    coordinates: Option<(f64, f64)>,
    metrics: [u64; 6],
    sensitive: bool,
    reply_settings: &'static str,
    source: &'static str,
    edit_history: Vec<GenTweet>,
    edits_remaining: u64,
    withheld: bool,
    community_id: Option<u64>,
    card_uri: Option<String>,
    display_start: usize,
    text_chars: usize,
}

struct TextBuilder {
    s: String,
    chars: usize,
}

impl TextBuilder {
    fn new() -> Self {
        TextBuilder {
            s: String::new(),
            chars: 0,
        }
    }
    fn push(&mut self, t: &str) -> (usize, usize) {
        let start = self.chars;
        self.s.push_str(t);
        self.chars += t.chars().count();
        (start, self.chars)
    }
    fn space(&mut self) {
        if !self.s.is_empty() && !self.s.ends_with(' ') && !self.s.ends_with('\n') {
            self.push(" ");
        }
    }
}

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

    fn original_with(&mut self, ms: u64, nested: bool, parent: Option<&GenTweet>) -> GenTweet {
        let rng = &mut self.rng;
        let author = rng.below(self.users.len() as u64) as usize;
        let lex = if rng.chance(0.55) {
            &LEXICONS[0]
        } else {
            rng.pick(&LEXICONS[1..])
        };
        let mut tb = TextBuilder::new();
        let mut mentions = vec![];
        let mut hashtags = vec![];
        let mut cashtags = vec![];
        let mut urls = vec![];
        let mut annotations = vec![];
        let mut in_reply_to = None;
        if let Some(p) = parent {
            in_reply_to = Some(p.author);
            let u = &self.users[p.author].username;
            let (s, e) = tb.push(&format!("@{u}"));
            mentions.push((s, e, p.author));
            tb.push(" ");
        }
        let display_start = tb.chars;
        let n_words = self.rng.range(3, 14);
        for i in 0..n_words {
            tb.space();
            let w = self.rng.pick_str(lex.words);
            let w = if i == 0 { capitalize(w) } else { w.to_owned() };
            tb.push(&w);
            if self.rng.chance(0.12) {
                tb.push(" ");
                tb.push(self.rng.pick_str(EMOJI));
            }
        }
        if self.rng.chance(0.2) {
            let (name, kind, prob) = *self.rng.pick(ANNOTATED);
            tb.push(" — ");
            let (s, e) = tb.push(name);
            annotations.push((s, e - 1, kind, prob, name.to_owned()));
        }
        if self.rng.chance(0.35) {
            let u = self.other_user(author);
            tb.space();
            tb.push("with ");
            let (s, e) = tb.push(&format!("@{}", self.users[u].username));
            mentions.push((s, e, u));
        }
        let n_tags = self.rng.below(4);
        for _ in 0..n_tags {
            let tag = self.rng.pick_str(HASHTAGS);
            if hashtags
                .iter()
                .any(|(_, _, t): &(usize, usize, String)| t == tag)
            {
                continue;
            }
            tb.space();
            let (s, e) = tb.push(&format!("#{tag}"));
            hashtags.push((s, e, tag.to_owned()));
        }
        if self.rng.chance(0.08) {
            let tag = self.rng.pick_str(CASHTAGS);
            tb.space();
            let (s, e) = tb.push(&format!("${tag}"));
            cashtags.push((s, e, tag.to_owned()));
        }
        if self.rng.chance(0.1) {
            tb.push(" ");
            tb.push(self.rng.pick_str(EMOJI));
        }
        if self.rng.chance(0.3) {
            let (expanded, title, desc) = *self.rng.pick(LINKS);
            let tco = format!("https://t.co/{}", self.rng.alnum(10));
            tb.space();
            let (s, e) = tb.push(&tco);
            let display = display_url(expanded);
            urls.push(UrlEnt {
                start: s,
                end: e,
                tco,
                expanded: expanded.to_owned(),
                display,
                media_key: None,
                title: Some((title, desc)),
            });
        }
        // A long post: the full text goes to note_tweet, `text` is cut at 280 characters.
        let mut note = None;
        let mut note_mentions = vec![];
        if !nested && self.rng.chance(0.06) {
            let mut long = TextBuilder::new();
            long.push(&tb.s);
            while long.chars < 420 {
                long.space();
                long.push(self.rng.pick_str(lex.words));
            }
            let u = self.other_user(author);
            long.push(" cc ");
            let (s, e) = long.push(&format!("@{}", self.users[u].username));
            note_mentions.push((s, e, u));
            note = Some(long.s);
        }
        let id = self.next_id(ms);
        let mut media = vec![];
        let mut poll = None;
        let attach = self.rng.below(100);
        if attach < 22 {
            let (kind, prefix) = match self.rng.below(10) {
                0..=5 => ("photo", 3),
                6..=8 => ("video", 7),
                _ => ("animated_gif", 16),
            };
            let n = if kind == "photo" {
                self.rng.range(1, 4)
            } else {
                1
            };
            for i in 0..n {
                let key = format!("{prefix}_{}", id - 1 - i);
                let (w, h) =
                    *self
                        .rng
                        .pick(&[(1200u64, 675u64), (1080, 1350), (2048, 1536), (720, 1280)]);
                media.push(Media {
                    key,
                    kind,
                    width: w,
                    height: h,
                    alt: self.rng.chance(0.5).then(|| {
                        format!(
                            "A {} of {}",
                            kind.replace('_', " "),
                            self.rng.pick(&[
                                "a cat on a keyboard",
                                "Mount Fuji at dawn",
                                "a bowl of ramen 🍜",
                                "the team at the launch"
                            ])
                        )
                    }),
                    duration_ms: if kind == "photo" {
                        0
                    } else {
                        self.rng.range(2_000, 140_000)
                    },
                    views: self.rng.range(10, 500_000),
                });
            }
            let tco = format!("https://t.co/{}", self.rng.alnum(10));
            tb.space();
            let (s, e) = tb.push(&tco);
            let user = &self.users[author].username;
            urls.push(UrlEnt {
                start: s,
                end: e,
                tco,
                expanded: format!(
                    "https://x.com/{user}/status/{id}/{}/1",
                    if kind == "photo" { "photo" } else { "video" }
                ),
                display: format!("pic.x.com/{}", self.rng.alnum(10)),
                media_key: Some(media[0].key.clone()),
                title: None,
            });
        } else if attach < 27 {
            let labels = [
                "Rust 🦀",
                "Go",
                "Zig",
                "C++",
                "Café",
                "Tea 🍵",
                "日本語",
                "Other",
            ];
            let n = self.rng.range(2, 4) as usize;
            let start = self.rng.below(4) as usize;
            let minutes = *self.rng.pick(&[60u64, 1440, 4320, 10080]);
            let open = self.rng.chance(0.7);
            poll = Some(Poll {
                id: id - 7,
                options: (0..n)
                    .map(|i| {
                        (
                            labels[(start + i * 2) % labels.len()].to_owned(),
                            self.rng.range(0, 5000),
                        )
                    })
                    .collect(),
                minutes,
                end_ms: if open {
                    ms + minutes * 60_000
                } else {
                    ms.saturating_sub(1000)
                },
                open,
            });
        }
        let media_source = if !nested && !media.is_empty() && self.rng.chance(0.08) {
            let ago = self.rng.range(100_000, 10_000_000);
            let mut src = self.original(ms - ago, true);
            src.media = media.clone();
            Some(Box::new(src))
        } else {
            None
        };
        let (place, coordinates) = if self.rng.chance(0.12) {
            let p = self.rng.below(PLACES.len() as u64) as usize;
            let b = PLACES[p].6;
            let coords = self.rng.chance(0.5).then(|| {
                let fx = self.rng.below(1000) as f64 / 1000.0;
                let fy = self.rng.below(1000) as f64 / 1000.0;
                (
                    round6(b[0] + (b[2] - b[0]) * fx),
                    round6(b[1] + (b[3] - b[1]) * fy),
                )
            });
            (Some(p), coords)
        } else {
            (None, None)
        };
        let n_ctx = self.rng.below(3) as usize;
        let mut contexts: Vec<usize> = (0..n_ctx)
            .map(|_| self.rng.below(CONTEXTS.len() as u64) as usize)
            .collect();
        contexts.sort_unstable();
        contexts.dedup();
        let impressions = self.rng.range(0, 2_000_000);
        let metrics = [
            self.rng.below(impressions / 50 + 1),
            self.rng.below(impressions / 200 + 1),
            self.rng.below(impressions / 20 + 1),
            self.rng.below(impressions / 500 + 1),
            self.rng.below(impressions / 100 + 1),
            impressions,
        ];
        let mut text = tb.s;
        let mut text_chars = tb.chars;
        if let Some(full) = &note {
            // A long post's `text` is the first 280 characters of its note.
            text = full.chars().take(279).collect::<String>() + "…";
            text_chars = 280;
        }
        // Drop entities beyond the visible text (they live in note_tweet).
        hashtags.retain(|h| h.1 <= text_chars);
        mentions.retain(|m| m.1 <= text_chars);
        cashtags.retain(|c| c.1 <= text_chars);
        urls.retain(|u| u.end <= text_chars);
        let conversation_id = parent.map_or(id, |p| p.conversation_id);
        let edited = !nested && self.rng.chance(0.07);
        let mut t = GenTweet {
            id,
            author,
            created_ms: ms,
            text,
            note,
            note_mentions,
            lang: lex.lang,
            hashtags,
            mentions,
            cashtags,
            urls,
            annotations,
            contexts,
            refs: vec![],
            in_reply_to,
            conversation_id,
            media,
            media_source,
            poll,
            place,
            coordinates,
            metrics,
            sensitive: self.rng.chance(0.03),
            reply_settings: self.rng.pick_str(REPLY_SETTINGS),
            source: self.rng.pick_str(SOURCES),
            edit_history: vec![],
            edits_remaining: 5,
            withheld: self.rng.chance(0.01),
            community_id: self
                .rng
                .chance(0.03)
                .then(|| 1_470_000_000_000_000_000 + self.rng.below(10_000_000_000)),
            card_uri: self.rng.chance(0.04).then(|| format!("card://{}", id - 3)),
            display_start,
            text_chars,
        };
        if edited {
            // This post is the edit of an earlier version (same text minus the last word).
            let mut first = t.clone();
            first.id = t.id - 11;
            first.created_ms = t.created_ms.saturating_sub(60_000);
            first.text = t
                .text
                .trim_end_matches(|c: char| !c.is_whitespace())
                .trim_end()
                .to_owned();
            first.text_chars = first.text.chars().count();
            first.hashtags.retain(|h| h.1 <= first.text_chars);
            first.mentions.retain(|m| m.1 <= first.text_chars);
            first.cashtags.retain(|c| c.1 <= first.text_chars);
            first.urls.retain(|u| u.end <= first.text_chars);
            first.annotations.retain(|a| a.1 < first.text_chars);
            first.edits_remaining = 5;
            t.edits_remaining = 4;
            t.created_ms = first.created_ms;
            t.edit_history = vec![first];
        }
        t
    }

    /// What the rule matcher sees of a post.
    pub(crate) fn post_view(&self, t: &GenTweet) -> Post {
        let author = &self.users[t.author];
        let full_text = t.note.as_deref().unwrap_or(&t.text);
        let mut mentions: Vec<String> = t
            .mentions
            .iter()
            .map(|m| self.users[m.2].username.clone())
            .collect();
        mentions.extend(
            t.note_mentions
                .iter()
                .map(|m| self.users[m.2].username.clone()),
        );
        let retweet = t.refs.iter().find(|r| r.0 == "retweeted").map(|r| &r.1);
        Post {
            text: full_text.to_lowercase(),
            tokens: tokenize(full_text),
            hashtags: t.hashtags.iter().map(|h| h.2.clone()).collect(),
            mentions,
            cashtags: t.cashtags.iter().map(|c| c.2.clone()).collect(),
            author_username: author.username.clone(),
            author_id: author.id.to_string(),
            author_verified: author.verified,
            in_reply_to_username: t.in_reply_to.map(|u| self.users[u].username.clone()),
            retweet_of_username: retweet.map(|r| self.users[r.author].username.clone()),
            urls: t.urls.iter().map(|u| u.expanded.clone()).collect(),
            lang: t.lang.to_owned(),
            has_media: !t.media.is_empty(),
            has_images: t.media.iter().any(|m| m.kind == "photo"),
            has_video: t.media.iter().any(|m| m.kind != "photo"),
            has_geo: t.place.is_some(),
            is_retweet: retweet.is_some(),
            is_reply: t.in_reply_to.is_some(),
            is_quote: t.refs.iter().any(|r| r.0 == "quoted"),
        }
    }

    /// Renders one stream line for a post, with `matching_rules` when `rules` is not empty.
    pub(crate) fn render(&self, t: &GenTweet, rules: &[(String, Option<String>)]) -> String {
        let f = &self.fields;
        let mut line = Map::new();
        line.insert("data".into(), self.tweet_json(t));
        let mut users: Vec<usize> = vec![];
        let mut tweets: Vec<&GenTweet> = vec![];
        let mut media: Vec<&Media> = vec![];
        let mut polls: Vec<&Poll> = vec![];
        let mut places: Vec<usize> = vec![];
        let add_user = |u: usize, users: &mut Vec<usize>| {
            if !users.contains(&u) {
                users.push(u);
            }
        };
        if f.x("author_id") {
            add_user(t.author, &mut users);
        }
        if f.x("entities.mentions.username") {
            for m in &t.mentions {
                add_user(m.2, &mut users);
            }
        }
        if f.x("entities.note.mentions.username") {
            for m in &t.note_mentions {
                add_user(m.2, &mut users);
            }
        }
        if f.x("in_reply_to_user_id") {
            if let Some(u) = t.in_reply_to {
                add_user(u, &mut users);
            }
        }
        for (_, r) in &t.refs {
            if f.x("referenced_tweets.id") {
                tweets.push(r);
            }
            if f.x("referenced_tweets.id.author_id") {
                add_user(r.author, &mut users);
            }
            if f.x("referenced_tweets.id.attachments.media_keys") {
                media.extend(r.media.iter());
            }
        }
        if f.x("attachments.media_source_tweet") {
            if let Some(src) = &t.media_source {
                tweets.push(src);
            }
        }
        if f.x("edit_history_tweet_ids") {
            tweets.extend(t.edit_history.iter());
        }
        if f.x("attachments.media_keys") {
            media.extend(t.media.iter());
        }
        if f.x("attachments.poll_ids") {
            polls.extend(t.poll.iter());
        }
        if f.x("geo.place_id") {
            places.extend(t.place);
        }
        let mut includes = Map::new();
        if !media.is_empty() {
            let mut seen = vec![];
            let list: Vec<Value> = media
                .into_iter()
                .filter(|m| {
                    let new = !seen.contains(&m.key);
                    seen.push(m.key.clone());
                    new
                })
                .map(|m| self.media_json(m))
                .collect();
            includes.insert("media".into(), Value::Array(list));
        }
        if !places.is_empty() {
            includes.insert(
                "places".into(),
                places.iter().map(|p| self.place_json(*p)).collect(),
            );
        }
        if !polls.is_empty() {
            includes.insert(
                "polls".into(),
                polls.iter().map(|p| self.poll_json(p)).collect(),
            );
        }
        if !tweets.is_empty() {
            includes.insert(
                "tweets".into(),
                tweets.iter().map(|r| self.tweet_json(r)).collect(),
            );
        }
        if !users.is_empty() {
            includes.insert(
                "users".into(),
                users.iter().map(|u| self.user_json(*u)).collect(),
            );
        }
        if !includes.is_empty() {
            line.insert("includes".into(), Value::Object(includes));
        }
        if !rules.is_empty() {
            let list: Vec<Value> = rules
                .iter()
                .map(|(id, tag)| match tag {
                    Some(tag) => json!({"id": id, "tag": tag}),
                    None => json!({"id": id}),
                })
                .collect();
            line.insert("matching_rules".into(), Value::Array(list));
        }
        drift(t.id, &mut line);
        Value::Object(line).to_string()
    }

    fn entities_json(&self, t: &GenTweet) -> Value {
        let mut e = Map::new();
        if !t.annotations.is_empty() {
            e.insert(
                "annotations".into(),
                t.annotations
                    .iter()
                    .map(|(s, end, kind, p, text)| json!({"start": s, "end": end, "probability": p, "type": kind, "normalized_text": text}))
                    .collect(),
            );
        }
        if !t.cashtags.is_empty() {
            e.insert(
                "cashtags".into(),
                t.cashtags
                    .iter()
                    .map(|(s, end, tag)| json!({"start": s, "end": end, "tag": tag}))
                    .collect(),
            );
        }
        if !t.hashtags.is_empty() {
            e.insert(
                "hashtags".into(),
                t.hashtags
                    .iter()
                    .map(|(s, end, tag)| json!({"start": s, "end": end, "tag": tag}))
                    .collect(),
            );
        }
        if !t.mentions.is_empty() {
            e.insert("mentions".into(), self.mentions_json(&t.mentions));
        }
        if !t.urls.is_empty() {
            e.insert("urls".into(), t.urls.iter().map(url_json).collect());
        }
        Value::Object(e)
    }

    fn mentions_json(&self, m: &[(usize, usize, usize)]) -> Value {
        m.iter()
            .map(|(s, e, u)| json!({"start": s, "end": e, "username": self.users[*u].username, "id": self.users[*u].id.to_string()}))
            .collect()
    }

    fn tweet_json(&self, t: &GenTweet) -> Value {
        let f = &self.fields;
        let mut o = Map::new();
        let mut put = |k: &str, v: Value| {
            if f.t(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put("attachments", {
            let mut a = Map::new();
            if !t.media.is_empty() {
                a.insert(
                    "media_keys".into(),
                    t.media.iter().map(|m| Value::from(m.key.clone())).collect(),
                );
            }
            if let Some(src) = &t.media_source {
                a.insert("media_source_tweet_id".into(), json!([src.id.to_string()]));
            }
            if let Some(p) = &t.poll {
                a.insert("poll_ids".into(), json!([p.id.to_string()]));
            }
            Value::Object(a)
        });
        if f.t("attachments")
            && o.get("attachments")
                .is_some_and(|a| a.as_object().is_some_and(Map::is_empty))
        {
            o.remove("attachments");
        }
        let mut put = |k: &str, v: Value| {
            if f.t(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put(
            "author_id",
            Value::from(self.users[t.author].id.to_string()),
        );
        if let Some(c) = &t.card_uri {
            put("card_uri", Value::from(c.clone()));
        }
        if let Some(c) = t.community_id {
            put("community_id", Value::from(c.to_string()));
        }
        if !t.contexts.is_empty() {
            put(
                "context_annotations",
                t.contexts
                    .iter()
                    .map(|i| {
                        let (did, dname, ddesc, eid, ename, edesc) = CONTEXTS[*i];
                        let mut entity = json!({"id": eid, "name": ename});
                        if !edesc.is_empty() {
                            entity["description"] = Value::from(edesc);
                        }
                        json!({"domain": {"id": did, "name": dname, "description": ddesc}, "entity": entity})
                    })
                    .collect(),
            );
        }
        put(
            "conversation_id",
            Value::from(t.conversation_id.to_string()),
        );
        put("created_at", Value::from(iso8601(t.created_ms)));
        put("display_text_range", json!([t.display_start, t.text_chars]));
        let editable_until = t.created_ms + 3_600_000;
        put(
            "edit_controls",
            json!({"edits_remaining": t.edits_remaining, "is_edit_eligible": t.refs.iter().all(|r| r.0 != "retweeted") && t.poll.is_none(), "editable_until": iso8601(editable_until)}),
        );
        let mut history: Vec<Value> = t
            .edit_history
            .iter()
            .map(|h| Value::from(h.id.to_string()))
            .collect();
        history.push(Value::from(t.id.to_string()));
        o.insert("edit_history_tweet_ids".into(), Value::Array(history));
        let mut put = |k: &str, v: Value| {
            if f.t(k) {
                o.insert(k.to_owned(), v);
            }
        };
        let entities = self.entities_json(t);
        if entities.as_object().is_some_and(|m| !m.is_empty()) {
            put("entities", entities);
        }
        if t.place.is_some() || t.coordinates.is_some() {
            let mut g = Map::new();
            if let Some((x, y)) = t.coordinates {
                g.insert(
                    "coordinates".into(),
                    json!({"type": "Point", "coordinates": [x, y]}),
                );
            }
            if let Some(p) = t.place {
                g.insert("place_id".into(), Value::from(PLACES[p].0));
            }
            put("geo", Value::Object(g));
        }
        o.insert("id".into(), Value::from(t.id.to_string()));
        let mut put = |k: &str, v: Value| {
            if f.t(k) {
                o.insert(k.to_owned(), v);
            }
        };
        if let Some(u) = t.in_reply_to {
            put(
                "in_reply_to_user_id",
                Value::from(self.users[u].id.to_string()),
            );
        }
        put("lang", Value::from(t.lang));
        let [rt, reply, like, quote, bookmark, impressions] = t.metrics;
        put(
            "non_public_metrics",
            json!({"impression_count": impressions, "url_link_clicks": impressions / 400, "user_profile_clicks": impressions / 900}),
        );
        if let Some(note) = &t.note {
            let mut ne = Map::new();
            if !t.note_mentions.is_empty() {
                ne.insert("mentions".into(), self.mentions_json(&t.note_mentions));
            }
            if !t.hashtags.is_empty() {
                ne.insert(
                    "hashtags".into(),
                    t.hashtags
                        .iter()
                        .map(|(s, e, tag)| json!({"start": s, "end": e, "tag": tag}))
                        .collect(),
                );
            }
            let mut n = json!({"text": note});
            if !ne.is_empty() {
                n["entities"] = Value::Object(ne);
            }
            put("note_tweet", n);
        }
        put(
            "organic_metrics",
            json!({"impression_count": impressions, "like_count": like, "reply_count": reply, "retweet_count": rt, "url_link_clicks": impressions / 400, "user_profile_clicks": impressions / 900}),
        );
        put("possibly_sensitive", Value::from(t.sensitive));
        put(
            "promoted_metrics",
            json!({"impression_count": impressions / 10, "like_count": like / 10, "reply_count": reply / 10, "retweet_count": rt / 10, "url_link_clicks": impressions / 4000, "user_profile_clicks": impressions / 9000}),
        );
        put(
            "public_metrics",
            json!({"retweet_count": rt, "reply_count": reply, "like_count": like, "quote_count": quote, "bookmark_count": bookmark, "impression_count": impressions}),
        );
        if !t.refs.is_empty() {
            put(
                "referenced_tweets",
                t.refs
                    .iter()
                    .map(|(kind, r)| json!({"type": kind, "id": r.id.to_string()}))
                    .collect(),
            );
        }
        put("reply_settings", Value::from(t.reply_settings));
        put("scopes", json!({"followers": false}));
        put("source", Value::from(t.source));
        // Community Notes and partnership members (X API 2.167): on some posts only.
        put("paid_partnership", Value::from(t.metrics[1] % 13 == 0));
        if let Some(m) = t.media.first() {
            put(
                "matched_media_notes",
                json!([{"match_status": "matched", "note_id": format!("{}", t.id / 7 + m.kind.len() as u64)}]),
            );
        }
        let links: Vec<&UrlEnt> = t.urls.iter().filter(|u| u.title.is_some()).collect();
        if !links.is_empty() {
            put(
                "note_request_suggestions",
                json!([{"suggestion_id": (t.id / 3).to_string(), "suggestion": "Needs context: the linked article disagrees.", "source_link": links[0].expanded}]),
            );
            put(
                "suggested_source_links",
                links.iter().map(|u| url_json(u)).collect(),
            );
            put(
                "suggested_source_links_with_counts",
                // X's spec: an array of `{count, url}` with the URL as a string.
                json!([{"count": 1 + t.metrics[1] % 7, "url": links[0].expanded}]),
            );
        }
        o.insert("text".into(), Value::from(t.text.clone()));
        if t.withheld {
            let mut put = |k: &str, v: Value| {
                if f.t(k) {
                    o.insert(k.to_owned(), v);
                }
            };
            put(
                "withheld",
                json!({"copyright": false, "country_codes": ["DE", "FR"], "scope": "tweet"}),
            );
        }
        Value::Object(o)
    }

    fn user_json(&self, i: usize) -> Value {
        let u = &self.users[i];
        let f = &self.fields.user;
        let mut o = Map::new();
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        if u.affiliation {
            put(
                "affiliation",
                json!({"badge_url": "https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_bigger.jpg", "description": "X", "url": "https://x.com/X", "user_id": ["783214"]}),
            );
        }
        // X's spec: the confirmed email address (a string), not a flag.
        put(
            "confirmed_email",
            Value::from(format!("{}@example.com", u.username.to_lowercase())),
        );
        put("connection_status", json!([]));
        put("created_at", Value::from(iso8601(u.created_ms)));
        put("description", Value::from(u.description.clone()));
        let mut ent = Map::new();
        if let Some(url) = &u.url {
            let tco = format!(
                "https://t.co/{}",
                &u.username
                    .chars()
                    .rev()
                    .collect::<String>()
                    .chars()
                    .take(10)
                    .collect::<String>()
            );
            let len = tco.chars().count();
            ent.insert(
                "url".into(),
                json!({"urls": [{"start": 0, "end": len, "url": tco, "expanded_url": url, "display_url": display_url(url)}]}),
            );
        }
        if !u.desc_hashtags.is_empty() {
            ent.insert(
                "description".into(),
                json!({"hashtags": u.desc_hashtags.iter().map(|(s, e, t)| json!({"start": s, "end": e, "tag": t})).collect::<Vec<_>>()}),
            );
        }
        if !ent.is_empty() {
            put("entities", Value::Object(ent));
        }
        o.insert("id".into(), Value::from(u.id.to_string()));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put("is_identity_verified", Value::from(u.identity_verified));
        if let Some(l) = &u.location {
            put("location", Value::from(l.clone()));
        }
        put(
            "most_recent_tweet_id",
            Value::from((((START_MS - TWEPOCH_MS) << 22) | (u.id % 4_000_000)).to_string()),
        );
        o.insert("name".into(), Value::from(u.name.clone()));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put("parody", Value::from(u.parody));
        if let Some(p) = u.pinned {
            put("pinned_tweet_id", Value::from(p.to_string()));
        }
        put(
            "profile_banner_url",
            Value::from(format!(
                "https://pbs.twimg.com/profile_banners/{}/1700000000",
                u.id
            )),
        );
        put(
            "profile_image_url",
            Value::from(format!(
                "https://pbs.twimg.com/profile_images/{}/avatar_normal.jpg",
                u.id % 1_000_000_007
            )),
        );
        put("protected", Value::from(u.protected));
        put(
            "public_metrics",
            json!({"followers_count": u.followers, "following_count": u.following, "tweet_count": u.tweets, "listed_count": u.listed, "like_count": u.likes}),
        );
        put("receives_your_dm", Value::from(!u.protected));
        put("subscription", json!({"subscribes_to_you": false}));
        put("subscription_type", Value::from(u.subscription_type));
        if let Some(url) = &u.url {
            put("url", Value::from(url.clone()));
        }
        o.insert("username".into(), Value::from(u.username.clone()));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put("verified", Value::from(u.verified));
        // X sends this count as a string.
        put(
            "verified_followers_count",
            Value::from((u.followers / 7).to_string()),
        );
        put("verified_type", Value::from(u.verified_type));
        if u.withheld {
            put(
                "withheld",
                json!({"country_codes": ["TR"], "scope": "user"}),
            );
        }
        Value::Object(o)
    }

    fn media_json(&self, m: &Media) -> Value {
        let f = &self.fields.media;
        let mut o = Map::new();
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        if let Some(a) = &m.alt {
            put("alt_text", Value::from(a.clone()));
        }
        let video = m.kind != "photo";
        if video {
            put("duration_ms", Value::from(m.duration_ms));
        }
        put("height", Value::from(m.height));
        let num = m.key.split('_').nth(1).unwrap_or("0");
        if video {
            let playback = json!({"playback_0_count": m.views, "playback_25_count": m.views * 3 / 4, "playback_50_count": m.views / 2, "playback_75_count": m.views / 4, "playback_100_count": m.views / 8});
            put("non_public_metrics", playback.clone());
            let mut organic = playback.clone();
            organic["view_count"] = Value::from(m.views);
            put("organic_metrics", organic);
            put(
                "preview_image_url",
                Value::from(format!(
                    "https://pbs.twimg.com/ext_tw_video_thumb/{num}/pu/img/preview.jpg"
                )),
            );
            let mut promoted = playback;
            promoted["view_count"] = Value::from(m.views / 10);
            put("promoted_metrics", promoted);
            put("public_metrics", json!({"view_count": m.views}));
        }
        o.insert("media_key".into(), Value::from(m.key.clone()));
        o.insert("type".into(), Value::from(m.kind));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        if !video {
            put(
                "url",
                Value::from(format!("https://pbs.twimg.com/media/{num}.jpg")),
            );
        }
        if video {
            let base = if m.kind == "video" {
                "ext_tw_video"
            } else {
                "tweet_video"
            };
            put(
                "variants",
                if m.kind == "video" {
                    json!([
                        {"bit_rate": 2_176_000, "content_type": "video/mp4", "url": format!("https://video.twimg.com/{base}/{num}/pu/vid/avc1/1280x720/v.mp4")},
                        {"bit_rate": 832_000, "content_type": "video/mp4", "url": format!("https://video.twimg.com/{base}/{num}/pu/vid/avc1/640x360/v.mp4")},
                        {"content_type": "application/x-mpegURL", "url": format!("https://video.twimg.com/{base}/{num}/pu/pl/playlist.m3u8")}
                    ])
                } else {
                    json!([{"bit_rate": 0, "content_type": "video/mp4", "url": format!("https://video.twimg.com/{base}/{num}.mp4")}])
                },
            );
        }
        put("width", Value::from(m.width));
        Value::Object(o)
    }

    fn poll_json(&self, p: &Poll) -> Value {
        let f = &self.fields.poll;
        let mut o = Map::new();
        if f.contains("duration_minutes") {
            o.insert("duration_minutes".into(), Value::from(p.minutes));
        }
        if f.contains("end_datetime") {
            o.insert("end_datetime".into(), Value::from(iso8601(p.end_ms)));
        }
        o.insert("id".into(), Value::from(p.id.to_string()));
        o.insert(
            "options".into(),
            p.options
                .iter()
                .enumerate()
                .map(|(i, (label, votes))| json!({"position": i + 1, "label": label, "votes": votes}))
                .collect(),
        );
        if f.contains("voting_status") {
            o.insert(
                "voting_status".into(),
                Value::from(if p.open { "open" } else { "closed" }),
            );
        }
        Value::Object(o)
    }

    fn place_json(&self, i: usize) -> Value {
        let (id, name, full, cc, country, kind, bbox) = PLACES[i];
        let f = &self.fields.place;
        let mut o = Map::new();
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put(
            "contained_within",
            json!([format!("{}0000000000", &id[..6])]),
        );
        put("country", Value::from(country));
        put("country_code", Value::from(cc));
        o.insert("full_name".into(), Value::from(full));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put(
            "geo",
            json!({"type": "Feature", "bbox": bbox, "properties": {}}),
        );
        o.insert("id".into(), Value::from(id));
        let mut put = |k: &str, v: Value| {
            if f.contains(k) {
                o.insert(k.to_owned(), v);
            }
        };
        put("name", Value::from(name));
        put("place_type", Value::from(kind));
        Value::Object(o)
    }
}

/// Whether the post `id` carries drifted form `form`: about one post in 128
/// per form (drift is rare on the wire), decided by the (seeded) id so runs
/// repeat.
fn drifted(id: u64, form: u64) -> bool {
    (id / 3)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(form as u32 * 8)
        % 128
        == 0
}

/// Rewrites a rendered line into forms X has actually sent now and then
/// (issue 11), so that the model's tolerance is exercised by every consumer
/// of the generator: a rule id as a JSON number and an untagged rule's `tag`
/// as `null` (filtered stream, 2021), `edits_remaining` as a string (2022-10),
/// a URL `status` as a string, and a member the model does not know (inside
/// `public_metrics`).
fn drift(id: u64, line: &mut Map<String, Value>) {
    if drifted(id, 1) {
        if let Some(Value::Array(rules)) = line.get_mut("matching_rules") {
            for r in rules.iter_mut().filter_map(Value::as_object_mut) {
                if let Some(n) = r
                    .get("id")
                    .and_then(Value::as_str)
                    .and_then(|s| s.parse::<u64>().ok())
                {
                    r.insert("id".into(), Value::from(n));
                }
                r.entry("tag").or_insert(Value::Null);
            }
        }
    }
    let Some(Value::Object(data)) = line.get_mut("data") else {
        return;
    };
    if drifted(id, 2) {
        if let Some(Value::Object(ec)) = data.get_mut("edit_controls") {
            if let Some(n) = ec.get("edits_remaining").and_then(Value::as_u64) {
                ec.insert("edits_remaining".into(), Value::from(n.to_string()));
            }
        }
    }
    if drifted(id, 3) {
        if let Some(Value::Array(urls)) = data.get_mut("entities").and_then(|e| e.get_mut("urls")) {
            for u in urls.iter_mut().filter_map(Value::as_object_mut) {
                if let Some(n) = u.get("status").and_then(Value::as_u64) {
                    u.insert("status".into(), Value::from(n.to_string()));
                }
            }
        }
    }
    if drifted(id, 4) {
        // X adds members to existing objects without notice (as it did with
        // `bookmark_count` and `impression_count` in `public_metrics`).
        if let Some(Value::Object(pm)) = data.get_mut("public_metrics") {
            pm.insert(
                "x_unreleased_count".into(),
                json!({"value": 1.0, "ids": [1, "2"], "note": null}),
            );
        }
    }
}

fn url_json(u: &UrlEnt) -> Value {
    let mut v = json!({"start": u.start, "end": u.end, "url": u.tco, "expanded_url": u.expanded, "display_url": u.display});
    if let Some(k) = &u.media_key {
        v["media_key"] = Value::from(k.clone());
    }
    if let Some((title, desc)) = u.title {
        v["status"] = Value::from(200);
        v["title"] = Value::from(title);
        v["description"] = Value::from(desc);
        v["unwound_url"] = Value::from(u.expanded.clone());
        v["images"] = json!([
            {"url": format!("https://pbs.twimg.com/news_img/{}?format=jpg&name=orig", u.start * 7919 + u.end), "width": 1200, "height": 630},
            {"url": format!("https://pbs.twimg.com/news_img/{}?format=jpg&name=150x150", u.start * 7919 + u.end), "width": 150, "height": 150}
        ]);
    }
    v
}

fn display_url(url: &str) -> String {
    let bare = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    if bare.chars().count() > 26 {
        bare.chars().take(25).collect::<String>() + "…"
    } else {
        bare.to_owned()
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn make_user(rng: &mut Rng, i: u64) -> User {
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

#[cfg(test)]
mod tests {
    use super::*;

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
