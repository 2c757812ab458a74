//! The enterprise streams (sample10, firehoses, compliance, likes, labels) and the X Activity
//! stream (its items follow the active subscriptions: `activity.rs`): one timeline per
//! stream, split into partitions, replayed for `backfill_minutes` and time windows, and
//! gzipped when the client asks.
//!
//! Each stream is a deterministic timeline: item `i` is made from `(seed, stream, i)` and
//! is due at `epoch + (i − B) × period` (the emulator's rate), which maps to the wall clock
//! as `epoch_wall + (i − B) × period`, where the `B` items before the emulator started
//! cover [`HISTORY`] (so that a backfill or a `start_time` in the past has something to
//! replay). So every connection, and every redundant connection, sees the
//! same items; item `i` belongs to partition `i mod P + 1` (no overlap, nothing missed); a
//! connection starts at "now", or `backfill_minutes` earlier, or at `start_time`, and an
//! `end_time` closes it after the last item due by then.

use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Response};
use serde_json::{Value, json};
use tokio::time::{Instant, sleep_until};

use super::body::{Encoding, Gone, Out, start_body};
use super::fields::{Fields, query_pairs};
use super::generator::{Generator, iso8601};
use super::gzip;
use super::response::{ResBody, problem_response};
use super::script::{Script, Step};
use super::steps::{Done, Item, open, run_body};
use super::{Rate, State, problems};
use crate::model::Timestamp;
use crate::request::endpoint::{PayloadKind, StreamEndpoint};

/// Delivered timeline clock and counters of the enterprise streams.
pub(crate) struct FeedState {
    /// Item 0 of every timeline is due at this instant...
    epoch: Instant,
    /// ...which is this wall-clock time.
    epoch_wall: SystemTime,
    /// Body bytes written to the wire by these streams (after gzip, if any).
    pub(crate) wire_bytes: AtomicU64,
    /// Body bytes before gzip.
    pub(crate) plain_bytes: AtomicU64,
}

impl FeedState {
    pub(crate) fn new() -> Self {
        FeedState {
            epoch: Instant::now(),
            epoch_wall: SystemTime::now(),
            wire_bytes: AtomicU64::new(0),
            plain_bytes: AtomicU64::new(0),
        }
    }
}

/// How much timeline there is before the emulator started.
pub const HISTORY: Duration = Duration::from_secs(600);

pub use crate::request::field_names::{LIKE_EXPANSIONS, LIKE_FIELDS};

/// What a request asked for.
struct Request {
    partition: Option<u32>,
    backfill_minutes: Option<u32>,
    start: Option<SystemTime>,
    end: Option<SystemTime>,
    fields: Fields,
    like_fields: Vec<String>,
    like_expansions: Vec<String>,
}

type Bad = Vec<(String, Vec<String>, String)>;

fn parse_time(k: &str, v: &str, bad: &mut Bad) -> Option<SystemTime> {
    let t = Timestamp::parse(v).get().and_then(|t| {
        let n = u64::try_from(t.unix_timestamp_nanos()).ok()?;
        Some(UNIX_EPOCH + Duration::from_nanos(n))
    });
    if t.is_none() {
        bad.push((
            k.to_owned(),
            vec![v.to_owned()],
            format!("Invalid '{k}':'{v}'. '{k}' must be a date-time (RFC 3339)"),
        ));
    }
    t
}

fn parse_list(k: &str, v: &str, allowed: &[&str], out: &mut Vec<String>, bad: &mut Bad) {
    for item in v.split(',') {
        if allowed.contains(&item) {
            out.push(item.to_owned());
        } else {
            bad.push((
                k.to_owned(),
                vec![v.to_owned()],
                format!(
                    "The `{k}` query parameter value [{item}] is not one of [{}]",
                    allowed.join(",")
                ),
            ));
            return;
        }
    }
}

/// Validates the query as X's spec declares it for `ep`.
fn parse_request(ep: StreamEndpoint, query: Option<&str>) -> Result<Request, String> {
    let mut r = Request {
        partition: None,
        backfill_minutes: None,
        start: None,
        end: None,
        fields: Fields::default(),
        like_fields: Vec::new(),
        like_expansions: Vec::new(),
    };
    let mut bad: Bad = Vec::new();
    let kind = ep.payload();
    for (k, v) in query_pairs(query) {
        match k.as_str() {
            "partition" if ep.partitions().is_some() => {
                r.partition = parse_partition(ep, &v, &mut bad);
            }
            // The spec allows 0 to 5.
            "backfill_minutes" => r.backfill_minutes = parse_backfill(&v, &mut bad),
            "start_time" => r.start = parse_time(&k, &v, &mut bad),
            "end_time" => r.end = parse_time(&k, &v, &mut bad),
            "like_with_tweet_author.fields" if kind == PayloadKind::Like => {
                parse_list(&k, &v, LIKE_FIELDS, &mut r.like_fields, &mut bad);
            }
            "expansions" if kind == PayloadKind::Like => {
                parse_list(&k, &v, LIKE_EXPANSIONS, &mut r.like_expansions, &mut bad);
            }
            "tweet.fields" | "user.fields" | "media.fields"
                if matches!(kind, PayloadKind::Post | PayloadKind::Like) =>
            {
                if let Some(Err((values, message))) = r.fields.add_param(&k, &v) {
                    bad.push((k, values, message));
                }
            }
            "poll.fields" | "place.fields" | "expansions" if kind == PayloadKind::Post => {
                if let Some(Err((values, message))) = r.fields.add_param(&k, &v) {
                    bad.push((k, values, message));
                }
            }
            _ => bad.push((
                k.clone(),
                vec![v.clone()],
                format!("The query parameter [{k}] is not allowed on {}", ep.path()),
            )),
        }
    }
    if r.partition.is_none() {
        require_partition(ep, &mut bad);
    }
    if bad.is_empty() {
        Ok(r)
    } else {
        Err(problems::invalid_request_many(bad))
    }
}

/// A partition in the stream's range (`None` and a complaint otherwise).
fn parse_partition(ep: StreamEndpoint, v: &str, bad: &mut Bad) -> Option<u32> {
    let range = ep.partitions()?;
    match v.parse::<u32>() {
        Ok(p) if range.contains(&p) => Some(p),
        _ => {
            let (lo, hi) = (range.start(), range.end());
            let why =
                format!("The `partition` query parameter value [{v}] is not between {lo} and {hi}");
            bad.push(("partition".to_owned(), vec![v.to_owned()], why));
            None
        }
    }
}

/// `backfill_minutes`: the spec allows 0 to 5.
fn parse_backfill(v: &str, bad: &mut Bad) -> Option<u32> {
    match v.parse::<u32>() {
        Ok(m) if m <= 5 => Some(m),
        _ => {
            let why = format!(
                "The `backfill_minutes` query parameter value [{v}] is not between 0 and 5"
            );
            bad.push(("backfill_minutes".to_owned(), vec![v.to_owned()], why));
            None
        }
    }
}

/// A partitioned stream asked for without a (valid) partition: one complaint, not two.
fn require_partition(ep: StreamEndpoint, bad: &mut Bad) {
    let Some(range) = ep.partitions() else {
        return;
    };
    if !bad.iter().any(|b| b.0 == "partition") {
        let (lo, hi) = (range.start(), range.end());
        let why = format!("The `partition` query parameter is missing (between {lo} and {hi})");
        bad.push(("partition".to_owned(), Vec::new(), why));
    }
}

/// A small, fast mixer (SplitMix64) so that item `i` is the same on every connection.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Makes the items of one stream.
struct Maker {
    seed: u64,
    ep: StreamEndpoint,
    fields: Fields,
    like_fields: Vec<String>,
    like_expansions: Vec<String>,
}

const COUNTRIES: [&str; 4] = ["DE", "FR", "IN", "TR"];
/// `profile_field` values as X documents them (developer.x.com, "Compliance Data Objects":
/// `profile.name`, `profile.location`, `profile.description`, `profile.url`, ...).
const PROFILE_FIELDS: [&str; 4] = [
    "profile.name",
    "profile.description",
    "profile.location",
    "profile.url",
];

const KOREAN: &[&str] = &[
    "오늘 서울 날씨 정말 좋네요",
    "새 앨범 너무 좋아요! 계속 듣고 있어요",
    "주말에 부산 여행 가요",
    "러스트로 비동기 스트림을 만들었어요",
];

impl Maker {
    fn rng(&self, i: u64, salt: u64) -> u64 {
        mix(self.seed ^ mix(i ^ (self.ep as u64) << 56) ^ salt)
    }

    /// A generated post for item `i` (with the requested fields), and its raw line.
    fn post(&self, i: u64, fields: Fields, lang: Option<&str>) -> Value {
        let stream = self.rng(i, 1) >> 8;
        for attempt in 0..64u64 {
            let mut g = Generator::with_fields(self.seed, stream + attempt, fields.clone())
                .placed_at_item(i);
            let t = g.next_tweet();
            if lang.is_none_or(|l| t.lang() == l) || (attempt == 63) {
                let mut v: Value = serde_json::from_str(&g.render(&t, &[])).expect("json");
                if let (Some(l), true) = (lang, t.lang() != lang.unwrap_or_default()) {
                    // The generator writes no Korean: a Korean post without entities.
                    let text = KOREAN[(i % KOREAN.len() as u64) as usize];
                    let data = &mut v["data"];
                    data["text"] = json!(text);
                    if let Some(o) = data.as_object_mut() {
                        o.remove("entities");
                        if o.contains_key("lang") {
                            o.insert("lang".into(), json!(l));
                        }
                    }
                }
                return v;
            }
        }
        unreachable!("the last attempt returns")
    }

    fn ids(&self, i: u64) -> (String, String) {
        let mut f = Fields::default();
        f.tweet.insert("author_id".into());
        let v = self.post(i, f, None);
        let d = &v["data"];
        (
            d["id"].as_str().unwrap_or("1").to_owned(),
            d["author_id"].as_str().unwrap_or("1").to_owned(),
        )
    }

    /// Item `i`, or nothing (an activity item while no subscription is active).
    fn item(&self, state: &State, i: u64, at_ms: u64) -> Option<String> {
        if self.ep != StreamEndpoint::Activity {
            return Some(self.line(i, at_ms));
        }
        let subs = State::lock(&state.subscriptions);
        let sub = subs
            .subs
            .get((i % subs.subs.len().max(1) as u64) as usize)?;
        let mut f = Fields::default();
        f.tweet
            .extend(["author_id", "created_at", "lang"].map(String::from));
        f.expansions.insert("author_id".into());
        let post = || self.post(i, f.clone(), None);
        let input = super::activity::EventInput {
            sub,
            r: self.rng(i, 3),
            at_ms,
            post: &post,
        };
        Some(super::activity::line(&input))
    }

    fn line(&self, i: u64, at_ms: u64) -> String {
        use StreamEndpoint::*;
        match self.ep {
            Sample10 | Firehose | Filter | Sample => {
                return self.post(i, self.fields.clone(), None).to_string();
            }
            FirehoseEn | FirehoseJa | FirehoseKo | FirehosePt => {
                let lang = &self.ep.name()["firehose-".len()..];
                return self.post(i, self.fields.clone(), Some(lang)).to_string();
            }
            _ => {}
        }
        let at = iso8601(at_ms);
        let r = self.rng(i, 2);
        let (tweet_id, author_id) = self.ids(i);
        let user = || json!({ "id": author_id });
        let tweet = || json!({ "id": tweet_id, "author_id": author_id });
        let data = match self.ep {
            CompliancePosts => match r % 20 {
                0..=7 => json!({"delete": {"tweet": tweet(), "event_at": at}}),
                8..=9 => json!({"withheld": {"tweet": tweet(), "event_at": at,
                    "withheld_in_countries": [COUNTRIES[(r >> 8) as usize % 4]]}}),
                10..=12 => json!({"drop": {"tweet": tweet(), "event_at": at}}),
                13 => json!({"undrop": {"tweet": tweet(), "event_at": at}}),
                _ => {
                    let first = (tweet_id.parse::<u64>().unwrap_or(1)) - 1_000_000;
                    json!({"tweet_edit": {"tweet": {"id": tweet_id}, "event_at": at,
                        "initial_tweet_id": first.to_string(),
                        "edit_tweet_ids": [first.to_string(), tweet_id]}})
                }
            },
            ComplianceUsers => {
                let kinds = [
                    "user_delete",
                    "user_undelete",
                    "user_suspend",
                    "user_unsuspend",
                    "user_protect",
                    "user_unprotect",
                ];
                match r % 10 {
                    0..=5 => json!({ kinds[(r % 10) as usize]: {"user": user(), "event_at": at} }),
                    6 => json!({"user_withheld": {"user": user(), "event_at": at,
                        "withheld_in_countries": ["DE"]}}),
                    7 => json!({"scrub_geo": {"user": user(), "up_to_tweet_id": tweet_id,
                        "event_at": at}}),
                    _ => json!({"user_profile_modification": {"user": user(),
                        "profile_field": PROFILE_FIELDS[(r >> 8) as usize % 4],
                        "new_value": format!("value {}", r % 1000), "event_at": at}}),
                }
            }
            ComplianceLikes => json!({"delete": {
                "favorite": {"id": tweet_id, "user_id": (mix(r) % 2_000_000_000).to_string()},
                "event_at": at}}),
            Labels => {
                let application = if r % 4 == 0 { "remove" } else { "apply" };
                if r % 5 == 0 {
                    json!({"public_tweet_unviewable": {"tweet": tweet(), "event_at": at,
                        "application": application}})
                } else {
                    json!({"public_tweet_notice": {"tweet": tweet(), "event_at": at,
                        "application": application, "event_type": "misleading",
                        "label_title": "Stay informed",
                        "details": "This Post has been labelled as potentially misleading.",
                        "extended_details_url": "https://help.x.com/rules-and-policies/notices-on-x"}})
                }
            }
            LikesFirehose | LikesSample10 => return self.like(i, r, at_ms, tweet_id, author_id),
            _ => unreachable!("post streams returned above; activity items come from `item`"),
        };
        json!({ "data": data }).to_string()
    }

    fn like(&self, i: u64, r: u64, at_ms: u64, tweet_id: String, author_id: String) -> String {
        let all = self.like_fields.is_empty();
        let want = |f: &str| all || self.like_fields.iter().any(|x| x == f);
        let mut data = serde_json::Map::new();
        // `id` is always sent, as X does for every object.
        data.insert("id".into(), json!(format!("{:016x}{:016x}", r, mix(r ^ i))));
        if want("created_at") {
            data.insert("created_at".into(), json!(iso8601(at_ms)));
        }
        if want("liked_tweet_id") {
            data.insert("liked_tweet_id".into(), json!(tweet_id));
        }
        if want("timestamp_ms") {
            data.insert("timestamp_ms".into(), json!(at_ms));
        }
        if want("liked_tweet_author_id") {
            data.insert("tweet_author_id".into(), json!(author_id));
        }
        let mut line = json!({ "data": data });
        let mut includes = serde_json::Map::new();
        let x = |e: &str| self.like_expansions.iter().any(|x| x == e);
        if x("liked_tweet_id") || x("liked_tweet_author_id") {
            let mut f = self.fields.clone();
            f.tweet.insert("author_id".into());
            if x("liked_tweet_author_id") {
                f.expansions.insert("author_id".into());
            }
            let post = self.post(i, f, None);
            if x("liked_tweet_id") {
                includes.insert("tweets".into(), json!([post["data"]]));
            }
            if let Some(users) = post["includes"].get("users") {
                includes.insert("users".into(), users.clone());
            }
        }
        if !includes.is_empty() {
            line["includes"] = Value::Object(includes);
        }
        line.to_string()
    }
}

/// Counts the stream in `active_streams` while its producer lives.
struct Active(Arc<State>);

impl Drop for Active {
    fn drop(&mut self) {
        self.0.active_tx.send_modify(|n| *n -= 1);
    }
}

/// Handles an authenticated request to one of these streams.
pub(crate) async fn handle(
    state: Arc<State>,
    ep: StreamEndpoint,
    query: Option<String>,
    headers_in: &HeaderMap,
) -> Response<ResBody> {
    state.count_stream_connection();
    let script = State::lock(&state.scripts).pop_front();
    let req = match parse_request(ep, query.as_deref()) {
        Ok(r) => r,
        Err(body) => return problem_response(&state, 50, 400, body, &[]),
    };
    let steps = script.map(|s: Script| s.steps).unwrap_or_default();
    let opening = match open(&state, 50, steps).await {
        Ok(opening) => opening,
        Err(answer) => return answer,
    };
    state.active_tx.send_modify(|n| *n += 1);
    let active = Active(state.clone());
    let encoding = Encoding {
        gzip: gzip::wanted(headers_in),
        coding: opening.coding,
        metered: true,
    };
    let producer_state = state.clone();
    opening.wire.apply(start_body(
        &state,
        active,
        encoding,
        &opening.headers,
        ep.connection_id().unwrap_or("activity_stream"),
        move |out| run(producer_state, ep, req, opening.steps, out),
    ))
}

/// The timeline position of a connection.
struct Cursor {
    next: u64,
    end: Option<u64>,
    partitions: u64,
    partition: u64,
    paced: bool,
    /// Items before this one were due before the emulator started.
    base: u64,
}

impl Cursor {
    /// The next item of this partition, or `None` past `end_time`.
    fn advance(&mut self) -> Option<u64> {
        while self.next % self.partitions != self.partition {
            self.next += 1;
        }
        let i = self.next;
        self.next += 1;
        match self.end {
            Some(u64::MAX) => None,
            Some(end) if i > end => None,
            _ => Some(i),
        }
    }
}

fn steps_of(d: Duration, period: Duration) -> u64 {
    (d.as_nanos() / period.as_nanos().max(1)) as u64
}

async fn run(
    state: Arc<State>,
    ep: StreamEndpoint,
    req: Request,
    steps: Vec<Step>,
    mut out: Out,
) -> Result<(), Gone> {
    let (period, paced) = pacing(state.config.rate);
    let timeline = Timeline {
        base: steps_of(HISTORY, period),
        period,
        epoch: state.feeds.epoch,
        epoch_wall: state.feeds.epoch_wall,
    };
    let now = timeline.base + steps_of(Instant::now() - timeline.epoch, period);
    let start = match (req.start, req.backfill_minutes) {
        (Some(t), _) => timeline.index_at(t, true),
        (None, Some(m)) => {
            now.saturating_sub(steps_of(Duration::from_secs(60 * u64::from(m)), period))
        }
        (None, None) => now,
    };
    let mut cursor = Cursor {
        next: start,
        // An end before the whole timeline: nothing to send.
        end: req.end.map(|t| timeline.index_at(t, false)),
        base: timeline.base,
        partitions: u64::from(ep.partitions().map_or(1, |r| *r.end())),
        partition: u64::from(req.partition.map_or(0, |p| p - 1)),
        paced,
    };
    let maker = Maker {
        seed: state.config.seed,
        ep,
        fields: req.fields,
        like_fields: req.like_fields,
        like_expansions: req.like_expansions,
    };
    let next_item = || match cursor.advance() {
        Some(i) => maker
            .item(&state, i, timeline.wall_ms(i))
            .map_or(Item::Skip, Item::Line),
        None => Item::End,
    };
    if run_body(&mut out, steps, next_item).await? == Done::Ended {
        return Ok(());
    }
    live(&state, &mut cursor, &maker, &timeline, out).await
}

/// After the scripted part: each item at its time, keep-alives in the gaps.
async fn live(
    state: &State,
    cursor: &mut Cursor,
    maker: &Maker,
    timeline: &Timeline,
    mut out: Out,
) -> Result<(), Gone> {
    let ka_every = state.config.keep_alive.max(Duration::from_millis(1));
    let mut next_ka = Instant::now() + ka_every;
    while let Some(i) = cursor.advance() {
        if cursor.paced && i >= cursor.base {
            let due = timeline.due(i);
            while due > next_ka {
                sleep_until(next_ka).await;
                out.keep_alive().await?;
                next_ka += ka_every;
            }
            sleep_until(due).await;
        }
        if let Some(line) = maker.item(state, i, timeline.wall_ms(i)) {
            out.line(line).await?;
        }
    }
    Ok(())
}

/// The time between two items, and whether items wait for their time at all.
fn pacing(rate: Rate) -> (Duration, bool) {
    match rate {
        Rate::PerSecond(r) if r > 0.0 => (Duration::from_secs_f64(1.0 / r), true),
        Rate::PerSecond(_) => (Duration::from_secs(3600), true),
        Rate::AsFastAsRead => (Duration::from_millis(1), false),
    }
}

/// The feeds' clock: item `base` is due at the epoch, each next one `period` later.
struct Timeline {
    base: u64,
    period: Duration,
    epoch: Instant,
    epoch_wall: SystemTime,
}

impl Timeline {
    /// The item at wall time `t`, the next one if `round_up`.
    fn index_at(&self, t: SystemTime, round_up: bool) -> u64 {
        match t.duration_since(self.epoch_wall) {
            Ok(d) => self.base + steps_of(d, self.period) + u64::from(round_up && !d.is_zero()),
            Err(e) => {
                let d = e.duration();
                let back = steps_of(d, self.period) + u64::from(!round_up && !d.is_zero());
                self.base
                    .checked_sub(back)
                    .unwrap_or(if round_up { 0 } else { u64::MAX })
            }
        }
    }

    /// Item `i`'s wall time, in Unix milliseconds.
    fn wall_ms(&self, i: u64) -> u64 {
        let at = if i >= self.base {
            self.epoch_wall + self.period * u32::try_from(i - self.base).unwrap_or(u32::MAX)
        } else {
            self.epoch_wall - self.period * u32::try_from(self.base - i).unwrap_or(u32::MAX)
        };
        at.duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64)
    }

    /// When item `i` (at or after `base`) is due.
    fn due(&self, i: u64) -> Instant {
        self.epoch + self.period * u32::try_from(i - self.base).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_parameters_are_checked() {
        use StreamEndpoint::*;
        assert!(parse_request(Firehose, Some("partition=20&tweet.fields=lang")).is_ok());
        assert!(parse_request(Firehose, Some("tweet.fields=lang")).is_err());
        assert!(parse_request(FirehoseEn, Some("partition=9")).is_err());
        assert!(parse_request(Labels, Some("tweet.fields=lang")).is_err());
        assert!(parse_request(Labels, Some("start_time=2021-01-01T00:00:00Z")).is_ok());
        assert!(parse_request(Labels, Some("start_time=yesterday")).is_err());
        assert!(parse_request(LikesFirehose, Some("partition=1&poll.fields=options")).is_err());
        let ok = "partition=2&like_with_tweet_author.fields=created_at&expansions=liked_tweet_id";
        assert!(parse_request(LikesSample10, Some(ok)).is_ok());
        assert!(parse_request(ComplianceLikes, Some("backfill_minutes=0")).is_ok());
        assert!(parse_request(ComplianceLikes, Some("backfill_minutes=6")).is_err());
    }

    /// One complaint per bad parameter, in X's words: a bad partition is not also "missing".
    #[test]
    fn a_bad_or_missing_partition_is_one_complaint() {
        let problem = |q: Option<&str>| {
            let Err(body) = parse_request(StreamEndpoint::Firehose, q) else {
                panic!("accepted: {q:?}")
            };
            let v: serde_json::Value = serde_json::from_str(&body).unwrap();
            let errors = v["errors"].as_array().unwrap().clone();
            errors
                .iter()
                .map(|e| e["message"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            problem(Some("partition=21")),
            ["The `partition` query parameter value [21] is not between 1 and 20"]
        );
        assert_eq!(
            problem(None),
            ["The `partition` query parameter is missing (between 1 and 20)"]
        );
        assert_eq!(
            problem(Some("partition=1&backfill_minutes=9")),
            ["The `backfill_minutes` query parameter value [9] is not between 0 and 5"]
        );
    }

    /// Every item of a post feed comes from a generator of its own; placed at its item, no
    /// two share an id (with random clocks, 200,000 items repeated about four), and an
    /// item's post time follows its place in the feed.
    #[test]
    fn feed_items_have_unique_ids_in_feed_order() {
        let maker = Maker {
            seed: 7,
            ep: StreamEndpoint::Firehose,
            fields: Fields::default(),
            like_fields: Vec::new(),
            like_expansions: Vec::new(),
        };
        let mut seen = std::collections::HashSet::new();
        let mut offsets = Vec::new();
        for i in 0..10_000u64 {
            let line: serde_json::Value = serde_json::from_str(&maker.line(i, 0)).unwrap();
            let id: u64 = line["data"]["id"].as_str().unwrap().parse().unwrap();
            assert!(seen.insert(id), "item {i} repeats id {id}");
            offsets.push((id >> 22) - i); // the snowflake's milliseconds, less the item
        }
        let (lo, hi) = (offsets.iter().min().unwrap(), offsets.iter().max().unwrap());
        assert!(
            hi - lo < 900,
            "post times wander {} ms from feed order",
            hi - lo
        );
    }
}
