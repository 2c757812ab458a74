//! A bounded de-duplication window: drops lines a backfill or a redundant connection
//! delivers twice.
//!
//! Identity: a post's id; a like's id; for compliance and label events (which have no id)
//! a 64-bit hash of the `data` member. Lines without `data` (errors, notices) always pass.
//!
//! Memory bound: at most `capacity` keys (default [`DEDUP_WINDOW`] = 200,000), each a
//! `u64` held in a hash set and a ring: about 20 bytes a key with the tables' slack, under
//! 5 MiB at the default, whatever the stream's volume. The oldest key is forgotten first;
//! 200,000 covers five minutes (X's longest backfill) of a firehose partition.

use std::collections::{HashSet, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::request::endpoint::PayloadKind;

/// Keys the window holds by default (see `EventStream::DEDUP_WINDOW`).
pub(crate) const DEDUP_WINDOW: usize = 200_000;

/// The last `capacity` line identities seen: what `recover(true)` and redundant connections
/// use to drop a line delivered twice, for programs that keep their own (a collector
/// resuming on its output file, say).
///
/// ```
/// use tweetstream::{DedupWindow, PayloadKind};
///
/// let mut seen = DedupWindow::new(2);
/// let post = br#"{"data":{"id":"1346889436626259968","text":"a"}}"#;
/// let key = DedupWindow::key(post, PayloadKind::Post).unwrap();
/// assert!(seen.first_time(key));
/// assert!(!seen.first_time(key)); // the same post again
/// assert_eq!(seen.dropped(), 1);
/// ```
#[derive(Debug)]
pub struct DedupWindow {
    seen: HashSet<u64>,
    order: VecDeque<u64>,
    capacity: usize,
    dropped: u64,
}

impl DedupWindow {
    /// A window of `capacity` identities (at least one); `EventStream::DEDUP_WINDOW` is the
    /// library's own.
    ///
    /// ```
    /// let mut seen = tweetstream::DedupWindow::new(tweetstream::EventStream::DEDUP_WINDOW);
    /// assert!(seen.first_time(7));
    /// ```
    pub fn new(capacity: usize) -> Self {
        DedupWindow {
            seen: HashSet::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
            dropped: 0,
        }
    }

    /// Whether `key` is new (and remembers it, forgetting the oldest past the capacity); a
    /// repeat is counted as dropped.
    ///
    /// ```
    /// let mut seen = tweetstream::DedupWindow::new(1);
    /// assert!(seen.first_time(1));
    /// assert!(seen.first_time(2)); // 1 is forgotten
    /// assert!(seen.first_time(1));
    /// ```
    pub fn first_time(&mut self, key: u64) -> bool {
        if !self.seen.insert(key) {
            self.dropped += 1;
            return false;
        }
        if self.order.len() == self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.seen.remove(&old);
            }
        }
        self.order.push_back(key);
        true
    }

    /// Repeats dropped so far.
    ///
    /// ```
    /// let mut seen = tweetstream::DedupWindow::new(8);
    /// seen.first_time(1);
    /// seen.first_time(1);
    /// assert_eq!(seen.dropped(), 1);
    /// ```
    pub fn dropped(&self) -> u64 {
        self.dropped
    }

    /// The identity of one line: a post's id; a like's id; for compliance and label events
    /// (which have no id) a hash of the `data` member. `None` for a line without `data`
    /// (errors, notices: they always pass) or one that is not JSON.
    ///
    /// ```
    /// use tweetstream::{DedupWindow, PayloadKind};
    ///
    /// let a = br#"{"data":{"id":"1346889436626259968","text":"a"}}"#;
    /// let a_edited_metrics = br#"{"data":{"text":"a","id":"1346889436626259968","lang":"en"}}"#;
    /// assert_eq!(DedupWindow::key(a, PayloadKind::Post), Some(1346889436626259968));
    /// assert_eq!(DedupWindow::key(a_edited_metrics, PayloadKind::Post), DedupWindow::key(a, PayloadKind::Post));
    /// assert_eq!(DedupWindow::key(br#"{"errors":[{"title":"x"}]}"#, PayloadKind::Post), None);
    /// ```
    pub fn key(raw: &[u8], kind: PayloadKind) -> Option<u64> {
        let line: Line<'_> = serde_json::from_slice(raw).ok()?;
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

    /// Keys held now (never above the capacity).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }
}

#[derive(Deserialize)]
struct Line<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_are_dropped_and_memory_stays_bounded() {
        let mut w = DedupWindow::new(3);
        assert!(w.first_time(1));
        assert!(!w.first_time(1));
        for k in 2..10 {
            assert!(w.first_time(k));
            assert!(w.len() <= 3);
        }
        // 1 fell out of the window long ago: seen as new again.
        assert!(w.first_time(1));
        assert!(!w.first_time(9));
        assert_eq!(w.dropped(), 2);
    }

    #[test]
    fn keys_follow_the_payload_identity() {
        let post = br#"{"data":{"id":"1346889436626259968","text":"a"},"matching_rules":[]}"#;
        assert_eq!(
            DedupWindow::key(post, PayloadKind::Post),
            Some(1346889436626259968)
        );
        let same_post_other_metrics =
            br#"{"data":{"text":"a","id":"1346889436626259968","public_metrics":{}}}"#;
        assert_eq!(
            DedupWindow::key(same_post_other_metrics, PayloadKind::Post),
            DedupWindow::key(post, PayloadKind::Post)
        );
        let a = br#"{"data":{"delete":{"tweet":{"id":"1","author_id":"2"},"event_at":"x"}}}"#;
        let b = br#"{"data":{"delete":{"tweet":{"id":"3","author_id":"2"},"event_at":"x"}}}"#;
        let ka = DedupWindow::key(a, PayloadKind::Compliance).unwrap();
        assert_ne!(Some(ka), DedupWindow::key(b, PayloadKind::Compliance));
        assert_eq!(Some(ka), DedupWindow::key(a, PayloadKind::Compliance));
        assert_eq!(
            DedupWindow::key(br#"{"errors":[{"title":"x"}]}"#, PayloadKind::Post),
            None
        );
        assert_eq!(DedupWindow::key(b"not json", PayloadKind::Post), None);
    }
}
