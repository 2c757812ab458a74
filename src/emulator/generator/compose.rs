//! Composing a post: text with its entities, media, polls, places, replies and quotes.

use super::Generator;
use super::objects::*;
use super::text::*;
use super::vocabulary::*;

/// A post's text as it is being written, with the entities found in it so far.
struct Draft {
    tb: TextBuilder,
    mentions: Vec<(usize, usize, usize)>,
    hashtags: Vec<(usize, usize, String)>,
    cashtags: Vec<(usize, usize, String)>,
    urls: Vec<UrlEnt>,
    annotations: Vec<(usize, usize, &'static str, f64, String)>,
    in_reply_to: Option<usize>,
    display_start: usize,
}

// Each step draws from the seeded generator in a fixed order: the order of the calls below
// is the output's identity (same seed, same posts), so steps are only ever added at the end.
impl Generator {
    pub(super) fn original_with(
        &mut self,
        ms: u64,
        nested: bool,
        parent: Option<&GenTweet>,
    ) -> GenTweet {
        let author = self.rng.below(self.users.len() as u64) as usize;
        let lex = if self.rng.chance(0.55) {
            &LEXICONS[0]
        } else {
            self.rng.pick(&LEXICONS[1..])
        };
        let mut d = self.draft_text(author, lex, parent);
        let (note, note_mentions) = self.long_note(&d, lex, author, nested);
        let id = self.next_id(ms);
        let mut media = vec![];
        let mut poll = None;
        let attach = self.rng.below(100);
        if attach < 22 {
            media = self.attach_media(&mut d, author, id);
        } else if attach < 27 {
            poll = Some(self.poll(id, ms));
        }
        let media_source = if !nested && !media.is_empty() && self.rng.chance(0.08) {
            let ago = self.rng.range(100_000, 10_000_000);
            let mut src = self.original(ms - ago, true);
            src.media = media.clone();
            Some(Box::new(src))
        } else {
            None
        };
        let (place, coordinates) = self.place();
        let contexts = self.contexts();
        let metrics = self.metrics();
        let (text, text_chars) = match &note {
            // A long post's `text` is the first 280 characters of its note.
            Some(full) => (full.chars().take(279).collect::<String>() + "…", 280),
            None => (d.tb.s, d.tb.chars),
        };
        let edited = !nested && self.rng.chance(0.07);
        let mut t = GenTweet {
            id,
            author,
            created_ms: ms,
            text,
            note,
            note_mentions,
            lang: lex.lang,
            hashtags: d.hashtags,
            mentions: d.mentions,
            cashtags: d.cashtags,
            urls: d.urls,
            annotations: d.annotations,
            contexts,
            refs: vec![],
            in_reply_to: d.in_reply_to,
            conversation_id: parent.map_or(id, |p| p.conversation_id),
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
            display_start: d.display_start,
            text_chars,
        };
        // Drop entities beyond the visible text (they live in note_tweet).
        t.clip_entities_to(text_chars);
        if edited {
            t.add_earlier_version();
        }
        t
    }

    /// The text: a reply's mention, words, an annotated name, a mention, hashtags, a
    /// cashtag, an emoji and a link, each now and then.
    fn draft_text(&mut self, author: usize, lex: &Lexicon, parent: Option<&GenTweet>) -> Draft {
        let mut d = Draft {
            tb: TextBuilder::new(),
            mentions: vec![],
            hashtags: vec![],
            cashtags: vec![],
            urls: vec![],
            annotations: vec![],
            in_reply_to: None,
            display_start: 0,
        };
        if let Some(p) = parent {
            d.in_reply_to = Some(p.author);
            let u = &self.users[p.author].username;
            let (s, e) = d.tb.push(&format!("@{u}"));
            d.mentions.push((s, e, p.author));
            d.tb.push(" ");
        }
        d.display_start = d.tb.chars;
        self.words(&mut d.tb, lex);
        if self.rng.chance(0.2) {
            let (name, kind, prob) = *self.rng.pick(ANNOTATED);
            d.tb.push(" — ");
            let (s, e) = d.tb.push(name);
            d.annotations.push((s, e - 1, kind, prob, name.to_owned()));
        }
        if self.rng.chance(0.35) {
            let u = self.other_user(author);
            d.tb.space();
            d.tb.push("with ");
            let (s, e) = d.tb.push(&format!("@{}", self.users[u].username));
            d.mentions.push((s, e, u));
        }
        self.tags(&mut d);
        if self.rng.chance(0.1) {
            d.tb.push(" ");
            d.tb.push(self.rng.pick_str(EMOJI));
        }
        if self.rng.chance(0.3) {
            self.link(&mut d);
        }
        d
    }

    /// 3 to 13 words of one language, the first capitalized, an emoji now and then.
    fn words(&mut self, tb: &mut TextBuilder, lex: &Lexicon) {
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
    }

    /// Up to three distinct hashtags, and a cashtag now and then.
    fn tags(&mut self, d: &mut Draft) {
        let n_tags = self.rng.below(4);
        for _ in 0..n_tags {
            let tag = self.rng.pick_str(HASHTAGS);
            if d.hashtags.iter().any(|(_, _, t)| t == tag) {
                continue;
            }
            d.tb.space();
            let (s, e) = d.tb.push(&format!("#{tag}"));
            d.hashtags.push((s, e, tag.to_owned()));
        }
        if self.rng.chance(0.08) {
            let tag = self.rng.pick_str(CASHTAGS);
            d.tb.space();
            let (s, e) = d.tb.push(&format!("${tag}"));
            d.cashtags.push((s, e, tag.to_owned()));
        }
    }

    /// A t.co link to a page with a title and description (unwound URL metadata).
    fn link(&mut self, d: &mut Draft) {
        let (expanded, title, desc) = *self.rng.pick(LINKS);
        let tco = format!("https://t.co/{}", self.rng.alnum(10));
        d.tb.space();
        let (s, e) = d.tb.push(&tco);
        d.urls.push(UrlEnt {
            start: s,
            end: e,
            tco,
            expanded: expanded.to_owned(),
            display: display_url(expanded),
            media_key: None,
            title: Some((title, desc)),
        });
    }

    /// Now and then a long post: its full text (over 280 characters, ending with a mention)
    /// goes to `note_tweet`.
    fn long_note(
        &mut self,
        d: &Draft,
        lex: &Lexicon,
        author: usize,
        nested: bool,
    ) -> (Option<String>, Vec<(usize, usize, usize)>) {
        if nested || !self.rng.chance(0.06) {
            return (None, vec![]);
        }
        let mut long = TextBuilder::new();
        long.push(&d.tb.s);
        while long.chars < 420 {
            long.space();
            long.push(self.rng.pick_str(lex.words));
        }
        let u = self.other_user(author);
        long.push(" cc ");
        let (s, e) = long.push(&format!("@{}", self.users[u].username));
        (Some(long.s), vec![(s, e, u)])
    }

    /// One video or GIF, or one to three photos, and the pic.x.com link to them.
    fn attach_media(&mut self, d: &mut Draft, author: usize, id: u64) -> Vec<Media> {
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
        let media: Vec<Media> = (0..n)
            .map(|i| self.media_item(kind, format!("{prefix}_{}", id - 1 - i)))
            .collect();
        let tco = format!("https://t.co/{}", self.rng.alnum(10));
        d.tb.space();
        let (s, e) = d.tb.push(&tco);
        let user = &self.users[author].username;
        d.urls.push(UrlEnt {
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
        media
    }

    fn media_item(&mut self, kind: &'static str, key: String) -> Media {
        let (width, height) =
            *self
                .rng
                .pick(&[(1200u64, 675u64), (1080, 1350), (2048, 1536), (720, 1280)]);
        let alt = self.rng.chance(0.5).then(|| {
            let what = self.rng.pick(&[
                "a cat on a keyboard",
                "Mount Fuji at dawn",
                "a bowl of ramen 🍜",
                "the team at the launch",
            ]);
            format!("A {} of {what}", kind.replace('_', " "))
        });
        let duration_ms = if kind == "photo" {
            0
        } else {
            self.rng.range(2_000, 140_000)
        };
        Media {
            key,
            kind,
            width,
            height,
            alt,
            duration_ms,
            views: self.rng.range(10, 500_000),
        }
    }

    /// A poll of two or three options, open or closed.
    fn poll(&mut self, id: u64, ms: u64) -> Poll {
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
        Poll {
            id: id - 7,
            options: (0..n)
                .map(|i| {
                    let label = labels[(start + i * 2) % labels.len()].to_owned();
                    (label, self.rng.range(0, 5000))
                })
                .collect(),
            minutes,
            end_ms: if open {
                ms + minutes * 60_000
            } else {
                ms.saturating_sub(1000)
            },
            open,
        }
    }

    /// Now and then a place, half of those with exact coordinates inside it.
    fn place(&mut self) -> (Option<usize>, Option<(f64, f64)>) {
        if !self.rng.chance(0.12) {
            return (None, None);
        }
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
    }

    /// Up to two distinct context annotations.
    fn contexts(&mut self) -> Vec<usize> {
        let n_ctx = self.rng.below(3) as usize;
        let mut contexts: Vec<usize> = (0..n_ctx)
            .map(|_| self.rng.below(CONTEXTS.len() as u64) as usize)
            .collect();
        contexts.sort_unstable();
        contexts.dedup();
        contexts
    }

    /// Retweets, replies, likes, quotes, bookmarks and impressions, in proportion.
    fn metrics(&mut self) -> [u64; 6] {
        let impressions = self.rng.range(0, 2_000_000);
        [
            self.rng.below(impressions / 50 + 1),
            self.rng.below(impressions / 200 + 1),
            self.rng.below(impressions / 20 + 1),
            self.rng.below(impressions / 500 + 1),
            self.rng.below(impressions / 100 + 1),
            impressions,
        ]
    }
}

impl GenTweet {
    /// Drops the entities that end beyond the first `chars` characters.
    fn clip_entities_to(&mut self, chars: usize) {
        self.hashtags.retain(|h| h.1 <= chars);
        self.mentions.retain(|m| m.1 <= chars);
        self.cashtags.retain(|c| c.1 <= chars);
        self.urls.retain(|u| u.end <= chars);
    }

    /// Makes this post the edit of an earlier version (the same text less its last word).
    fn add_earlier_version(&mut self) {
        let mut first = self.clone();
        first.id = self.id - 11;
        first.created_ms = self.created_ms.saturating_sub(60_000);
        first.text = self
            .text
            .trim_end_matches(|c: char| !c.is_whitespace())
            .trim_end()
            .to_owned();
        first.text_chars = first.text.chars().count();
        first.clip_entities_to(first.text_chars);
        first.annotations.retain(|a| a.1 < first.text_chars);
        first.edits_remaining = 5;
        self.edits_remaining = 4;
        self.created_ms = first.created_ms;
        self.edit_history = vec![first];
    }
}
