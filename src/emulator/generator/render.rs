//! Rendering generated objects as X's JSON, with only the requested fields and expansions.

use serde_json::{Map, Value, json};

use super::Generator;
use super::drift::drift;
use super::objects::*;
use super::rng::*;
use super::text::*;
use super::vocabulary::*;
use crate::emulator::rule_lang::{Post, tokenize};

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

    pub(super) fn tweet_json(&self, t: &GenTweet) -> Value {
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

    pub(super) fn user_json(&self, i: usize) -> Value {
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
