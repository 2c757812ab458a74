//! The identity of a line, to drop what a backfill sends twice (after a restart on the same
//! OUTFILE, or after a reconnection): a post's id; a like's id; for compliance and label
//! events (which have no id) a hash of the `data` member. Lines without `data` (errors,
//! notices) always pass. The same identity the library's `recover(true)` uses.

use std::collections::{HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Deserialize;
use serde_json::value::RawValue;
use tweetstream::PayloadKind;

#[derive(Deserialize)]
struct LineData<'a> {
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct WithId<'a> {
    #[serde(borrow, default)]
    id: Option<std::borrow::Cow<'a, str>>,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The identity of one line, or `None` for a line without `data` (or not JSON).
pub fn line_key(raw: &[u8], kind: PayloadKind) -> Option<u64> {
    let line: LineData<'_> = serde_json::from_slice(raw).ok()?;
    let data = line.data?;
    let by_id = || serde_json::from_str::<WithId<'_>>(data.get()).ok()?.id;
    match kind {
        PayloadKind::Post => {
            let id = by_id()?;
            Some(id.parse::<u64>().unwrap_or_else(|_| hash(id.as_bytes())))
        }
        PayloadKind::Like => Some(match by_id() {
            Some(id) => hash(id.as_bytes()),
            None => hash(data.get().as_bytes()),
        }),
        _ => Some(hash(data.get().as_bytes())),
    }
}

/// The last `capacity` identities written: a repeat among them is dropped.
pub struct Seen {
    set: HashSet<u64>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl Seen {
    /// Identities remembered: five minutes (X's longest backfill) of a firehose partition,
    /// as the library's own window (`EventStream::DEDUP_WINDOW`).
    pub const CAPACITY: usize = tweetstream::EventStream::DEDUP_WINDOW;

    pub fn new(capacity: usize) -> Seen {
        Seen {
            set: HashSet::with_capacity(capacity.min(1 << 16)),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Whether `key` is new; remembers it.
    pub fn first_time(&mut self, key: u64) -> bool {
        if !self.set.insert(key) {
            return false;
        }
        if self.order.len() == self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        self.order.push_back(key);
        true
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_are_known_by_id_and_notices_always_pass() {
        let a = br#"{"data":{"id":"1346889436626259968","text":"a"}}"#;
        let a_again = br#"{"data":{"text":"a","id":"1346889436626259968","lang":"en"}}"#;
        assert_eq!(line_key(a, PayloadKind::Post), Some(1346889436626259968));
        assert_eq!(
            line_key(a_again, PayloadKind::Post),
            line_key(a, PayloadKind::Post)
        );
        assert_eq!(
            line_key(br#"{"errors":[{"title":"x"}]}"#, PayloadKind::Post),
            None
        );
        let c1 = br#"{"data":{"delete":{"tweet":{"id":"1"},"event_at":"x"}}}"#;
        let c2 = br#"{"data":{"delete":{"tweet":{"id":"2"},"event_at":"x"}}}"#;
        assert_ne!(
            line_key(c1, PayloadKind::Compliance),
            line_key(c2, PayloadKind::Compliance)
        );
    }

    #[test]
    fn the_window_forgets_the_oldest() {
        let mut seen = Seen::new(2);
        assert!(seen.first_time(1));
        assert!(!seen.first_time(1));
        assert!(seen.first_time(2));
        assert!(seen.first_time(3));
        assert_eq!(seen.len(), 2);
        assert!(seen.first_time(1), "1 fell out of the window");
    }
}
