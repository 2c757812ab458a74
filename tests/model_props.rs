//! Property tests: new fields and new enum values never fail a line, and ids
//! and timestamps round-trip.

use proptest::prelude::*;
use serde_json::{Map, Value};
use tweetstream::model::enums::*;
use tweetstream::model::roundtrip::check_line;
use tweetstream::model::*;

fn fixture_lines() -> Vec<Value> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for name in [
        "tweet.jsonl",
        "user.jsonl",
        "media.jsonl",
        "objects.jsonl",
        "problems.jsonl",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        out.extend(
            text.lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap()),
        );
    }
    out
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-zA-Z0-9 _éü✓😀-]{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Adds `key: value` to the `pick`-th object of `v`.
fn inject(v: &mut Value, pick: usize, key: &str, value: Value) {
    // Find the path first (immutable walk), then insert: no aliasing.
    fn paths(v: &Value, cur: &mut Vec<PathSeg>, out: &mut Vec<Vec<PathSeg>>) {
        match v {
            Value::Object(m) => {
                // Members kept verbatim (`article`, `properties`) or that are
                // maps by design (`parameters`) take any key: not "unknown fields".
                let open = cur.iter().any(|seg| {
                    matches!(seg, PathSeg::Key(k) if ["article", "properties", "parameters"].contains(&k.as_str()))
                });
                if !open {
                    out.push(cur.clone());
                }
                for (k, c) in m {
                    cur.push(PathSeg::Key(k.clone()));
                    paths(c, cur, out);
                    cur.pop();
                }
            }
            Value::Array(a) => {
                for (i, c) in a.iter().enumerate() {
                    cur.push(PathSeg::Index(i));
                    paths(c, cur, out);
                    cur.pop();
                }
            }
            _ => {}
        }
    }
    let mut all = Vec::new();
    paths(v, &mut Vec::new(), &mut all);
    let path = &all[pick % all.len()];
    let mut node = v;
    for seg in path {
        node = match seg {
            PathSeg::Key(k) => &mut node[k.as_str()],
            PathSeg::Index(i) => &mut node[*i],
        };
    }
    node.as_object_mut().unwrap().insert(key.to_owned(), value);
}

/// A JSON value that keeps its members' order (serde_json's `Value` sorts them).
#[derive(Debug, PartialEq)]
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Scalar(Value),
}

impl<'de> serde::Deserialize<'de> for Ordered {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut m: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = m.next_entry()? {
                    out.push(kv);
                }
                Ok(Ordered::Object(out))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut s: A,
            ) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = s.next_element()? {
                    out.push(v);
                }
                Ok(Ordered::Array(out))
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Null))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(v.into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(v.into()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `v` less every member `inject` can add (`x_...`; the fixtures have none).
fn without_injected(v: Ordered) -> Ordered {
    match v {
        Ordered::Object(m) => Ordered::Object(
            m.into_iter()
                .filter(|(k, _)| !k.starts_with("x_"))
                .map(|(k, v)| (k, without_injected(v)))
                .collect(),
        ),
        Ordered::Array(a) => Ordered::Array(a.into_iter().map(without_injected).collect()),
        scalar => scalar,
    }
}

#[derive(Clone)]
enum PathSeg {
    Key(String),
    Index(usize),
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Unknown members anywhere (top level, inside posts, users, entities,
    /// metrics, problems, ...) never fail decoding, are kept (the line
    /// re-encodes to itself, extras included) and change nothing known.
    #[test]
    fn unknown_fields_are_kept(
        which in any::<prop::sample::Index>(),
        extras in prop::collection::vec((any::<usize>(), "x_[a-z_]{1,10}", json_value()), 1..6),
    ) {
        let lines = fixture_lines();
        let base = which.get(&lines).clone();
        let mut noisy = base.clone();
        for (pick, key, value) in extras {
            inject(&mut noisy, pick, &key, value);
        }
        let decoded = check_line(&noisy.to_string())
            .map_err(|e| TestCaseError::fail(format!("{e}: {noisy}")))?;
        let plain: StreamLine = serde_json::from_str(&base.to_string()).unwrap();
        // The whole line, member by member and in order, less the injected members:
        // re-encoding writes known members in declaration order and kept ones after
        // them, so a known member the extras pushed into `extra` (or lost, or
        // changed) shows up here.
        let known = |line: &StreamLine| {
            let text = serde_json::to_string(line).unwrap();
            without_injected(serde_json::from_str::<Ordered>(&text).unwrap())
        };
        prop_assert_eq!(known(&decoded), known(&plain));
    }

    /// Values X may add to any enumerated member decode as `Other` and
    /// re-encode unchanged.
    #[test]
    fn unknown_enum_values_are_kept(value in "[A-Za-z][A-Za-z0-9_.:/-]{0,24}") {
        let tweet = serde_json::json!({
            "data": {
                "id": "1", "text": "t",
                "reply_settings": value,
                "referenced_tweets": [{"type": value, "id": "2"}],
                "withheld": {"scope": value},
                "entities": {"annotations": [{"start": 0, "end": 1, "type": value}]},
                "geo": {"coordinates": {"type": value, "coordinates": [1.5, 2]}}
            },
            "includes": {
                "media": [{"media_key": "3_1", "type": value}],
                "users": [{"id": "3", "name": "n", "username": "u", "verified_type": value,
                           "subscription_type": value, "connection_status": [value]}],
                "polls": [{"id": "4", "options": [], "voting_status": value}],
                "places": [{"id": "ab", "full_name": "f", "place_type": value,
                            "geo": {"type": value, "bbox": [1, 2, 3, 4], "properties": {}}}]
            },
            "errors": [{"type": value, "title": "t", "disconnect_type": value,
                        "connection_issue": value, "reason": value, "period": value,
                        "scope": value, "resource_type": value, "section": value}]
        });
        let line = check_line(&tweet.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let t = line.data.as_ref().unwrap();
        let known = ReplySettings::KNOWN.iter().any(|k| k.as_str() == value);
        prop_assert_eq!(t.reply_settings.as_ref().unwrap().is_other(), !known);
        prop_assert_eq!(t.reply_settings.as_ref().unwrap().as_str(), value.as_str());
        prop_assert_eq!(line.errors[0].kind.as_str(), value.as_str());
        if !value.contains("problems/") && value != "about:blank" {
            prop_assert_eq!(line.errors[0].kind.kind(), ProblemKind::Other);
        }
    }

    /// Every u64 round-trips through its decimal string.
    #[test]
    fn ids_round_trip(n in any::<u64>()) {
        let json = format!("\"{n}\"");
        let id: TweetId = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(id, TweetId(n));
        prop_assert_eq!(serde_json::to_string(&id).unwrap(), json);
        prop_assert_eq!(n.to_string().parse::<UserId>().unwrap(), UserId(n));
    }

    /// Text that is not an id is rejected, never silently mangled.
    #[test]
    fn non_ids_are_rejected(s in "[0-9]{0,3}[^0-9][0-9a-z ]{0,4}") {
        let json = serde_json::to_string(&s).unwrap();
        prop_assert!(serde_json::from_str::<TweetId>(&json).is_err());
    }

    /// Every instant X can send re-encodes in X's shape; any other text is kept.
    #[test]
    fn timestamps_round_trip(
        y in 1970i32..=2100, mo in 1u8..=12, d in 1u8..=28,
        h in 0u8..24, mi in 0u8..60, s in 0u8..60, ms in 0u16..1000,
        junk in ".{0,30}",
    ) {
        let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{ms:03}Z");
        let ts = Timestamp::parse(&text);
        let v = ts.get().unwrap();
        prop_assert_eq!((v.year(), u8::from(v.month()), v.day()), (y, mo, d));
        prop_assert_eq!((v.hour(), v.minute(), v.second(), v.millisecond()), (h, mi, s, ms));
        prop_assert_eq!(serde_json::to_string(&ts).unwrap(), format!("\"{text}\""));
        let other = Timestamp::parse(&junk);
        prop_assert_eq!(other.as_text(), junk.as_str());
    }
}

#[test]
fn request_name_enums_are_complete_and_invertible() {
    fn check<T: Copy + std::fmt::Debug + PartialEq + std::str::FromStr + AsRef<str>>(
        all: &[T],
        n: usize,
    ) where
        T::Err: std::fmt::Debug,
    {
        assert_eq!(all.len(), n);
        for v in all {
            assert_eq!(v.as_ref().parse::<T>().unwrap(), *v);
        }
        let mut names: Vec<_> = all.iter().map(|v| v.as_ref()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n, "duplicate wire names");
    }
    check(TweetField::ALL, 34);
    check(UserField::ALL, 26);
    check(MediaField::ALL, 13);
    check(PollField::ALL, 5);
    check(PlaceField::ALL, 8);
    check(Expansion::ALL, 14);
    assert!("bogus".parse::<TweetField>().is_err());
    assert_eq!(Expansion::AuthorId.to_string(), "author_id");
    assert_eq!(TweetField::PARAMETER, "tweet.fields");
}

#[test]
fn contract_traits() {
    fn assert_traits<T: std::fmt::Debug + Clone + PartialEq + Send + Sync + 'static>() {}
    assert_traits::<StreamLine>();
    assert_traits::<Tweet>();
    assert_traits::<Includes>();
    assert_traits::<Problem>();
    assert_traits::<MatchingRule>();
    fn is_error<T: std::error::Error>() {}
    is_error::<Problem>();
}
