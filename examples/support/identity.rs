//! The identity of one stream line, used as JetStream's `Nats-Msg-Id` (the de-duplication key)
//! by the jetstream publisher, and read back by its worker and tests.
//!
//! Two connections (redundant, or a restart asking for backfill) deliver the same post with the
//! same identity, so JetStream stores it once.

use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct WithId<'a> {
    #[serde(borrow)]
    id: Option<&'a str>,
}

/// `data.id` for posts and like events (`{"data":{"id":"…",…}}`); for compliance events, which
/// carry no id of their own (`{"data":{"delete":{"tweet":{"id":"…"},"event_at":"…"}}}`), the
/// event kind, the entity kind and id, and `event_at`; for anything else (an error line, a
/// shape not known yet), a stable 64-bit FNV-1a hash of the exact bytes.
pub fn line_identity(line: &[u8]) -> String {
    structured(line).unwrap_or_else(|| format!("fnv1a:{:016x}", fnv1a(line)))
}

fn structured(line: &[u8]) -> Option<String> {
    let data = serde_json::from_slice::<Line<'_>>(line).ok()?.data?;
    if let Ok(WithId { id: Some(id) }) = serde_json::from_str::<WithId<'_>>(data.get()) {
        return Some(id.to_owned());
    }
    // Compliance: one event kind, holding one entity object with an id, and `event_at`.
    let events: BTreeMap<&str, BTreeMap<&str, &RawValue>> =
        serde_json::from_str(data.get()).ok()?;
    let (kind, fields) = events.iter().next()?;
    let event_at = fields
        .get("event_at")
        .and_then(|v| serde_json::from_str::<&str>(v.get()).ok())?;
    let (entity, id) = fields.iter().find_map(|(name, v)| {
        let WithId { id } = serde_json::from_str(v.get()).ok()?;
        Some((name, id?))
    })?;
    Some(format!("{kind}/{entity}/{id}/{event_at}"))
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}
