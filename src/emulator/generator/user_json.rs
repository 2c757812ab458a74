//! A generated user as X's `User` object, with only the requested `user.fields`.

use serde_json::{Map, Value, json};

use super::Generator;
use super::members::Members;
use super::objects::*;
use super::rng::*;
use super::text::display_url;

impl Generator {
    pub(super) fn user_json(&self, i: usize) -> Value {
        let u = &self.users[i];
        let wanted = |k: &str| self.fields.user.contains(k);
        let mut m = Members::new(&wanted);
        if u.affiliation {
            m.put(
                "affiliation",
                json!({"badge_url": "https://pbs.twimg.com/profile_images/1683325380441128960/yRsRRjGO_bigger.jpg", "description": "X", "url": "https://x.com/X", "user_id": ["783214"]}),
            );
        }
        // X's spec: the confirmed email address (a string), not a flag.
        m.put(
            "confirmed_email",
            Value::from(format!("{}@example.com", u.username.to_lowercase())),
        );
        m.put("connection_status", json!([]));
        m.put("created_at", Value::from(iso8601(u.created_ms)));
        m.put("description", Value::from(u.description.clone()));
        if let Some(entities) = user_entities_json(u) {
            m.put("entities", entities);
        }
        m.always("id", Value::from(u.id.to_string()));
        m.put("is_identity_verified", Value::from(u.identity_verified));
        if let Some(l) = &u.location {
            m.put("location", Value::from(l.clone()));
        }
        m.put(
            "most_recent_tweet_id",
            Value::from((((START_MS - TWEPOCH_MS) << 22) | (u.id % 4_000_000)).to_string()),
        );
        m.always("name", Value::from(u.name.clone()));
        m.put("parody", Value::from(u.parody));
        if let Some(p) = u.pinned {
            m.put("pinned_tweet_id", Value::from(p.to_string()));
        }
        put_profile(&mut m, u);
        m.always("username", Value::from(u.username.clone()));
        m.put("verified", Value::from(u.verified));
        // X sends this count as a string.
        m.put(
            "verified_followers_count",
            Value::from((u.followers / 7).to_string()),
        );
        m.put("verified_type", Value::from(u.verified_type));
        if u.withheld {
            m.put(
                "withheld",
                json!({"country_codes": ["TR"], "scope": "user"}),
            );
        }
        m.into_value()
    }
}

/// The profile URL and the description's hashtags: `None` when there are neither.
fn user_entities_json(u: &User) -> Option<Value> {
    let mut ent = Map::new();
    if let Some(url) = &u.url {
        let reversed: String = u.username.chars().rev().take(10).collect();
        let tco = format!("https://t.co/{reversed}");
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
    (!ent.is_empty()).then_some(Value::Object(ent))
}

/// Images, protection, metrics, DMs, subscription and URL: from `profile_banner_url` to
/// `url`, in X's order.
fn put_profile(m: &mut Members<'_>, u: &User) {
    m.put(
        "profile_banner_url",
        Value::from(format!(
            "https://pbs.twimg.com/profile_banners/{}/1700000000",
            u.id
        )),
    );
    m.put(
        "profile_image_url",
        Value::from(format!(
            "https://pbs.twimg.com/profile_images/{}/avatar_normal.jpg",
            u.id % 1_000_000_007
        )),
    );
    m.put("protected", Value::from(u.protected));
    m.put(
        "public_metrics",
        json!({"followers_count": u.followers, "following_count": u.following, "tweet_count": u.tweets, "listed_count": u.listed, "like_count": u.likes}),
    );
    m.put("receives_your_dm", Value::from(!u.protected));
    m.put("subscription", json!({"subscribes_to_you": false}));
    m.put("subscription_type", Value::from(u.subscription_type));
    if let Some(url) = &u.url {
        m.put("url", Value::from(url.clone()));
    }
}
