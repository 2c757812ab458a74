//! Composing a post: text with its entities, media, polls, places, replies and quotes.

use super::Generator;
use super::objects::*;
use super::text::*;
use super::vocabulary::*;

impl Generator {
    pub(super) fn original_with(
        &mut self,
        ms: u64,
        nested: bool,
        parent: Option<&GenTweet>,
    ) -> GenTweet {
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
}
