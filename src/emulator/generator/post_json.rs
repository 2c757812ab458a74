//! A generated post as X's `Tweet` object, with only the requested `tweet.fields`.

use serde_json::{Map, Value, json};

use super::Generator;
use super::members::Members;
use super::objects::*;
use super::render::url_json;
use super::rng::*;
use super::vocabulary::*;

impl Generator {
    pub(super) fn tweet_json(&self, t: &GenTweet) -> Value {
        let wanted = |k: &str| self.fields.t(k);
        let mut m = Members::new(&wanted);
        if let Some(a) = attachments_json(t) {
            m.put("attachments", a);
        }
        m.put(
            "author_id",
            Value::from(self.users[t.author].id.to_string()),
        );
        if let Some(c) = &t.card_uri {
            m.put("card_uri", Value::from(c.clone()));
        }
        if let Some(c) = t.community_id {
            m.put("community_id", Value::from(c.to_string()));
        }
        if !t.contexts.is_empty() {
            m.put("context_annotations", context_annotations_json(&t.contexts));
        }
        m.put(
            "conversation_id",
            Value::from(t.conversation_id.to_string()),
        );
        m.put("created_at", Value::from(iso8601(t.created_ms)));
        m.put("display_text_range", json!([t.display_start, t.text_chars]));
        m.put("edit_controls", edit_controls_json(t));
        let mut history: Vec<Value> = t
            .edit_history
            .iter()
            .map(|h| Value::from(h.id.to_string()))
            .collect();
        history.push(Value::from(t.id.to_string()));
        m.always("edit_history_tweet_ids", Value::Array(history));
        let entities = self.entities_json(t);
        if entities.as_object().is_some_and(|e| !e.is_empty()) {
            m.put("entities", entities);
        }
        if let Some(geo) = geo_json(t) {
            m.put("geo", geo);
        }
        m.always("id", Value::from(t.id.to_string()));
        if let Some(u) = t.in_reply_to {
            m.put(
                "in_reply_to_user_id",
                Value::from(self.users[u].id.to_string()),
            );
        }
        m.put("lang", Value::from(t.lang));
        self.put_metrics_and_note(&mut m, t);
        m.put("possibly_sensitive", Value::from(t.sensitive));
        if !t.refs.is_empty() {
            m.put(
                "referenced_tweets",
                t.refs
                    .iter()
                    .map(|(kind, r)| json!({"type": kind, "id": r.id.to_string()}))
                    .collect(),
            );
        }
        m.put("reply_settings", Value::from(t.reply_settings));
        m.put("scopes", json!({"followers": false}));
        m.put("source", Value::from(t.source));
        put_community_notes(&mut m, t);
        m.always("text", Value::from(t.text.clone()));
        if t.withheld {
            m.put(
                "withheld",
                json!({"copyright": false, "country_codes": ["DE", "FR"], "scope": "tweet"}),
            );
        }
        m.into_value()
    }

    /// The four metrics objects, and `note_tweet` (which sorts among them).
    fn put_metrics_and_note(&self, m: &mut Members<'_>, t: &GenTweet) {
        let [rt, reply, like, quote, bookmark, impressions] = t.metrics;
        m.put(
            "non_public_metrics",
            json!({"impression_count": impressions, "url_link_clicks": impressions / 400, "user_profile_clicks": impressions / 900}),
        );
        if let Some(note) = &t.note {
            m.put("note_tweet", self.note_tweet_json(t, note));
        }
        m.put(
            "organic_metrics",
            json!({"impression_count": impressions, "like_count": like, "reply_count": reply, "retweet_count": rt, "url_link_clicks": impressions / 400, "user_profile_clicks": impressions / 900}),
        );
        m.put(
            "promoted_metrics",
            json!({"impression_count": impressions / 10, "like_count": like / 10, "reply_count": reply / 10, "retweet_count": rt / 10, "url_link_clicks": impressions / 4000, "user_profile_clicks": impressions / 9000}),
        );
        m.put(
            "public_metrics",
            json!({"retweet_count": rt, "reply_count": reply, "like_count": like, "quote_count": quote, "bookmark_count": bookmark, "impression_count": impressions}),
        );
    }

    /// A long post's full text with its mentions and hashtags.
    fn note_tweet_json(&self, t: &GenTweet, note: &str) -> Value {
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
        n
    }
}

/// Media keys, the media's source post and the poll: `None` when the post has none.
fn attachments_json(t: &GenTweet) -> Option<Value> {
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
    (!a.is_empty()).then_some(Value::Object(a))
}

fn context_annotations_json(contexts: &[usize]) -> Value {
    contexts
        .iter()
        .map(|i| {
            let (did, dname, ddesc, eid, ename, edesc) = CONTEXTS[*i];
            let mut entity = json!({"id": eid, "name": ename});
            if !edesc.is_empty() {
                entity["description"] = Value::from(edesc);
            }
            json!({"domain": {"id": did, "name": dname, "description": ddesc}, "entity": entity})
        })
        .collect()
}

fn edit_controls_json(t: &GenTweet) -> Value {
    let editable_until = t.created_ms + 3_600_000;
    let eligible = t.refs.iter().all(|r| r.0 != "retweeted") && t.poll.is_none();
    json!({"edits_remaining": t.edits_remaining, "is_edit_eligible": eligible, "editable_until": iso8601(editable_until)})
}

/// Exact coordinates and the place id: `None` when the post has neither.
fn geo_json(t: &GenTweet) -> Option<Value> {
    if t.place.is_none() && t.coordinates.is_none() {
        return None;
    }
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
    Some(Value::Object(g))
}

/// Community Notes and partnership members (X API 2.167): on some posts only.
fn put_community_notes(m: &mut Members<'_>, t: &GenTweet) {
    m.put("paid_partnership", Value::from(t.metrics[1] % 13 == 0));
    if let Some(media) = t.media.first() {
        m.put(
            "matched_media_notes",
            json!([{"match_status": "matched", "note_id": format!("{}", t.id / 7 + media.kind.len() as u64)}]),
        );
    }
    let links: Vec<&UrlEnt> = t.urls.iter().filter(|u| u.title.is_some()).collect();
    let Some(first) = links.first() else {
        return;
    };
    m.put(
        "note_request_suggestions",
        json!([{"suggestion_id": (t.id / 3).to_string(), "suggestion": "Needs context: the linked article disagrees.", "source_link": first.expanded}]),
    );
    m.put(
        "suggested_source_links",
        links.iter().map(|u| url_json(u)).collect(),
    );
    m.put(
        "suggested_source_links_with_counts",
        // X's spec: an array of `{count, url}` with the URL as a string.
        json!([{"count": 1 + t.metrics[1] % 7, "url": first.expanded}]),
    );
}
