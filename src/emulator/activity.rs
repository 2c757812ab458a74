//! The emulator's X Activity events: item `i` of the activity timeline is an event of one
//! active subscription (round robin), of its event type, with its filter and tag.
//!
//! Shapes: where X publishes an example (docs.x.com "X Activity API event payload
//! examples": posts, likes, follows, profile updates, news, chat, DMs, Spaces), the event has
//! that example's members; mute.* and block.* (no published example) carry the follow
//! shape, `source` and `target`.

use serde_json::{Value, json};

use super::generator::iso8601;
use super::subscriptions::Sub;

/// What an event is built from.
pub(crate) struct EventInput<'a> {
    pub sub: &'a Sub,
    /// A random number for item `i`.
    pub r: u64,
    pub at_ms: u64,
    /// A generated post line (`{"data":..,"includes":{"users":..}}`) for item `i`.
    pub post: &'a dyn Fn() -> Value,
}

/// The event's line (`{"data": {...}}`).
pub(crate) fn line(input: &EventInput<'_>) -> String {
    let sub = input.sub;
    let mut filter = serde_json::Map::new();
    for (k, v) in [
        ("user_id", &sub.user_id),
        ("keyword", &sub.keyword),
        ("direction", &sub.direction),
    ] {
        if let Some(v) = v {
            filter.insert(k.into(), json!(v));
        }
    }
    let (payload, includes) = payload(input);
    let mut data = json!({
        "event_uuid": (input.r >> 2).to_string(),
        "filter": filter,
        "event_type": sub.event_type,
    });
    if let Some(tag) = &sub.tag {
        data["tag"] = json!(tag);
    }
    data["payload"] = payload;
    if let Some(inc) = includes {
        data["includes"] = inc;
    }
    json!({ "data": data }).to_string()
}

/// The filtered user (or a generated one for a keyword filter).
fn subject(input: &EventInput<'_>) -> String {
    input
        .sub
        .user_id
        .clone()
        .unwrap_or_else(|| (1_000_000 + input.r % 1_000_000_000).to_string())
}

fn user(id: &str, r: u64) -> Value {
    json!({"data": {"id": id, "name": format!("User {}", r % 1000), "username": format!("user{}", r % 100_000),
        "protected": false, "verified": r % 3 == 0, "created_at": iso8601(1_300_000_000_000 + (r % 400_000_000_000))}})
}

fn payload(input: &EventInput<'_>) -> (Value, Option<Value>) {
    let (r, at_ms) = (input.r, input.at_ms);
    let me = subject(input);
    let other = (2_000_000 + (r >> 8) % 1_000_000_000).to_string();
    let outbound = input.sub.direction.as_deref() != Some("inbound");
    let (src, dst) = if outbound {
        (me.clone(), other)
    } else {
        (other, me.clone())
    };
    let kind = input.sub.event_type.as_str();
    match kind.split('.').next().unwrap_or_default() {
        "post" => post_payload(input, kind, &me),
        "like" => {
            let post = (input.post)();
            let tweet_id = post["data"]["id"].clone();
            let like = json!({"id": format!("{:032x}", u128::from(r) * 0x9E37_79B9), "created_at": iso8601(at_ms),
                "timestamp_ms": at_ms.to_string(), "liked_tweet_author_id": dst, "liked_tweet_id": tweet_id});
            (like, Some(json!({"tweets": [post["data"]]})))
        }
        "follow" | "mute" | "block" => (
            json!({"source": user(&src, r), "target": user(&dst, r >> 7)}),
            None,
        ),
        "profile" => (
            json!({"before": format!("before {}", r % 97), "after": format!("after {}", r % 89)}),
            None,
        ),
        "news" => (
            json!({"id": (r >> 3).to_string(), "category": "News", "headline": format!("Story {}", r % 1000),
            "hook": "What people are saying", "summary": "A summary of posts on X.", "updated_at": iso8601(at_ms)}),
            None,
        ),
        "spaces" => (
            json!({"user": user(&me, r), "broadcast_id": format!("1{:012X}", r % (1 << 48)),
            "event_type": kind.replace('.', "_")}),
            None,
        ),
        "chat" => (
            json!({"id": format!("{:08x}-0000-4000-8000-{:012x}", r as u32, r % (1 << 48)),
            "created_at_msec": at_ms.to_string(), "sender_id": src,
            "conversation_id": format!("{src}:{dst}"), "encoded_event": "CwABAAAAEzIwODA0MDA4"}),
            None,
        ),
        _ => dm_payload(kind, &src, &dst, r, at_ms),
    }
}

fn post_payload(input: &EventInput<'_>, kind: &str, me: &str) -> (Value, Option<Value>) {
    let line = (input.post)();
    let mut data = line["data"].clone();
    if kind == "post.delete" {
        return (json!({"id": data["id"], "author_id": me}), None);
    }
    if kind == "post.mention.create" {
        data["text"] = json!(format!(
            "hey @user{} {}",
            me.len(),
            data["text"].as_str().unwrap_or_default()
        ));
    } else {
        data["author_id"] = json!(me);
    }
    if let Some(k) = &input.sub.keyword {
        data["text"] = json!(format!("{k} {}", data["text"].as_str().unwrap_or_default()));
    }
    let includes = line.get("includes").cloned();
    (data, includes)
}

/// `dm.*` as X's examples send them: `direct_message_events` and `users`.
fn dm_payload(kind: &str, src: &str, dst: &str, r: u64, at_ms: u64) -> (Value, Option<Value>) {
    let kind_of = match kind {
        "dm.indicate_typing" => "indicate_typing",
        "dm.read" => "read",
        _ => "message_create",
    };
    let event = json!({"type": kind_of, "id": (r >> 1).to_string(), "created_timestamp": at_ms.to_string(),
        "message_create": {"target": {"recipient_id": dst}, "sender_id": src,
            "message_data": {"text": format!("message {}", r % 1000)}}});
    let users = json!({ src: user(src, r), dst: user(dst, r >> 5) });
    (
        json!({"direct_message_events": [event], "users": users}),
        None,
    )
}
