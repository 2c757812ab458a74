//! Rendering generated objects as X's JSON, with only the requested fields and expansions.

use serde_json::{Map, Value, json};

use super::Generator;
use super::drift::drift;
use super::objects::*;
use super::rng::*;
use super::vocabulary::*;
use crate::emulator::rule_lang::{Post, tokenize};

/// The objects a post's expansions bring into `includes`.
#[derive(Default)]
struct Expanded<'t> {
    users: Vec<usize>,
    tweets: Vec<&'t GenTweet>,
    media: Vec<&'t Media>,
    polls: Vec<&'t Poll>,
    places: Vec<usize>,
}

impl Expanded<'_> {
    fn user(&mut self, u: usize) {
        if !self.users.contains(&u) {
            self.users.push(u);
        }
    }
}

impl Generator {
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
        let mut line = Map::new();
        line.insert("data".into(), self.tweet_json(t));
        let includes = self.includes_json(self.expanded(t));
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

    /// What the requested expansions bring into `includes`, each user once.
    fn expanded<'t>(&self, t: &'t GenTweet) -> Expanded<'t> {
        let f = &self.fields;
        let mut x = Expanded::default();
        if f.x("author_id") {
            x.user(t.author);
        }
        if f.x("entities.mentions.username") {
            t.mentions.iter().for_each(|m| x.user(m.2));
        }
        if f.x("entities.note.mentions.username") {
            t.note_mentions.iter().for_each(|m| x.user(m.2));
        }
        if f.x("in_reply_to_user_id") {
            t.in_reply_to.into_iter().for_each(|u| x.user(u));
        }
        for (_, r) in &t.refs {
            if f.x("referenced_tweets.id") {
                x.tweets.push(r);
            }
            if f.x("referenced_tweets.id.author_id") {
                x.user(r.author);
            }
            if f.x("referenced_tweets.id.attachments.media_keys") {
                x.media.extend(r.media.iter());
            }
        }
        if f.x("attachments.media_source_tweet") {
            x.tweets.extend(t.media_source.as_deref());
        }
        if f.x("edit_history_tweet_ids") {
            x.tweets.extend(t.edit_history.iter());
        }
        if f.x("attachments.media_keys") {
            x.media.extend(t.media.iter());
        }
        if f.x("attachments.poll_ids") {
            x.polls.extend(t.poll.iter());
        }
        if f.x("geo.place_id") {
            x.places.extend(t.place);
        }
        x
    }

    /// `includes`: media (each key once), places, polls, posts and users.
    fn includes_json(&self, x: Expanded<'_>) -> Map<String, Value> {
        let mut includes = Map::new();
        if !x.media.is_empty() {
            let mut seen = vec![];
            let list: Vec<Value> = x
                .media
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
        if !x.places.is_empty() {
            let list = x.places.iter().map(|p| self.place_json(*p)).collect();
            includes.insert("places".into(), list);
        }
        if !x.polls.is_empty() {
            let list = x.polls.iter().map(|p| self.poll_json(p)).collect();
            includes.insert("polls".into(), list);
        }
        if !x.tweets.is_empty() {
            let list = x.tweets.iter().map(|r| self.tweet_json(r)).collect();
            includes.insert("tweets".into(), list);
        }
        if !x.users.is_empty() {
            let list = x.users.iter().map(|u| self.user_json(*u)).collect();
            includes.insert("users".into(), list);
        }
        includes
    }

    pub(super) fn entities_json(&self, t: &GenTweet) -> Value {
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

    pub(super) fn mentions_json(&self, m: &[(usize, usize, usize)]) -> Value {
        m.iter()
            .map(|(s, e, u)| json!({"start": s, "end": e, "username": self.users[*u].username, "id": self.users[*u].id.to_string()}))
            .collect()
    }

    pub(super) fn media_json(&self, m: &Media) -> Value {
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

    pub(super) fn poll_json(&self, p: &Poll) -> Value {
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

    pub(super) fn place_json(&self, i: usize) -> Value {
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

pub(super) fn url_json(u: &UrlEnt) -> Value {
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
