//! Timestamps (`created_at`, `end_datetime`, `editable_until`, ...).
//!
//! # Why the `time` crate
//!
//! `time` (0.3) was chosen over `chrono` and `jiff` because:
//! - it is already in the dependency graph (through `rcgen`), so it adds no
//!   new crate and little build time;
//! - its `UtcDateTime` is exactly what X sends (every v2 timestamp is UTC),
//!   without a time-zone database (`jiff`) or the `chrono` API surface
//!   users must then pin;
//! - it builds from parts with `const fn` constructors and no allocation,
//!   so the model parses X's fixed `2021-01-06T18:40:40.000Z` shape by hand
//!   (a few byte comparisons) and needs none of `time`'s optional parsing,
//!   formatting or serde features.
//!
//! A value that does not parse is kept as text and re-encoded unchanged, and
//! a value that parses but is not in X's canonical shape (other precision, an
//! offset) keeps its original text too, so nothing is lost on re-encoding.
//!
//! # Example
//!
//! ```
//! use tweetstream::model::Timestamp;
//! let t = Timestamp::parse("2021-01-06T18:40:40.000Z");
//! assert_eq!(t.get().unwrap().year(), 2021);
//! let odd = Timestamp::parse("yesterday");
//! assert!(!odd.is_valid());
//! assert_eq!(odd.as_text(), "yesterday"); // kept as sent
//! ```

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, PrimitiveDateTime, Time, UtcDateTime, UtcOffset};

/// A timestamp as X sent it: parsed into a [`time::UtcDateTime`] when it is
/// RFC 3339, with its original text kept whenever it is not in X's canonical
/// `YYYY-MM-DDTHH:MM:SS.mmmZ` shape (so it re-encodes byte for byte).
///
/// ```
/// use tweetstream::model::Timestamp;
/// let t: Timestamp = serde_json::from_str(r#""2022-10-07T15:37:52.000Z""#).unwrap();
/// let at = t.get().unwrap();
/// assert_eq!((at.year(), u8::from(at.month()), at.day(), at.hour()), (2022, 10, 7, 15));
/// assert_eq!(serde_json::to_string(&t).unwrap(), r#""2022-10-07T15:37:52.000Z""#);
/// // Text that is not a timestamp is kept, not refused.
/// let odd: Timestamp = serde_json::from_str(r#""Fri Oct 07 15:37:52 +0000 2022""#).unwrap();
/// assert!(!odd.is_valid());
/// assert_eq!(serde_json::to_string(&odd).unwrap(), r#""Fri Oct 07 15:37:52 +0000 2022""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Timestamp {
    value: Option<UtcDateTime>,
    /// `None` when the canonical rendering of `value` is the original text.
    text: Option<Box<str>>,
}

impl Timestamp {
    /// Parses a timestamp; never fails (unparseable text is kept as text).
    ///
    /// ```
    /// use tweetstream::model::Timestamp;
    /// let utc = Timestamp::parse("2021-01-06T18:40:40.000Z");
    /// let offset = Timestamp::parse("2021-01-06T20:40:40+02:00");
    /// assert_eq!(utc.get(), offset.get()); // the same instant
    /// assert_eq!(offset.as_text(), "2021-01-06T20:40:40+02:00"); // its own text kept
    /// ```
    pub fn parse(s: &str) -> Self {
        match parse_rfc3339(s) {
            Some((value, true)) => Self {
                value: Some(value),
                text: None,
            },
            Some((value, false)) => Self {
                value: Some(value),
                text: Some(s.into()),
            },
            None => Self {
                value: None,
                text: Some(s.into()),
            },
        }
    }

    /// The instant, if the text was a valid RFC 3339 timestamp.
    ///
    /// ```
    /// use tweetstream::model::Timestamp;
    /// let at = Timestamp::parse("2019-11-28T20:26:41.000Z").get().unwrap();
    /// assert_eq!(at.unix_timestamp(), 1574972801);
    /// assert_eq!(Timestamp::parse("2021-02-30T00:00:00.000Z").get(), None); // no 30 February
    /// ```
    pub fn get(&self) -> Option<UtcDateTime> {
        self.value
    }

    /// The text as X sent it.
    ///
    /// ```
    /// use tweetstream::model::Timestamp;
    /// for text in ["2013-12-14T04:35:55.000Z", "2013-12-14T04:35:55Z", "yesterday"] {
    ///     assert_eq!(Timestamp::parse(text).as_text(), text);
    /// }
    /// ```
    pub fn as_text(&self) -> Cow<'_, str> {
        match (&self.text, self.value) {
            (Some(t), _) => Cow::Borrowed(t),
            (None, Some(v)) => Cow::Owned(
                std::str::from_utf8(&canonical(v))
                    .expect("ASCII")
                    .to_owned(),
            ),
            (None, None) => Cow::Borrowed(""),
        }
    }

    /// Whether the text parsed as a timestamp.
    ///
    /// ```
    /// use tweetstream::model::Timestamp;
    /// assert!(Timestamp::parse("2013-12-14T04:35:55.000Z").is_valid());
    /// assert!(!Timestamp::parse("2013-13-14T04:35:55.000Z").is_valid()); // month 13
    /// ```
    pub fn is_valid(&self) -> bool {
        self.value.is_some()
    }
}

impl From<UtcDateTime> for Timestamp {
    /// Renders in X's shape when that is exact (whole milliseconds), else
    /// keeps full RFC 3339 precision as text.
    fn from(v: UtcDateTime) -> Self {
        if v.nanosecond() % 1_000_000 == 0 && (0..=9999).contains(&v.year()) {
            Self {
                value: Some(v),
                text: None,
            }
        } else {
            let (y, mo, d) = v.to_calendar_date();
            let text = format!(
                "{y:04}-{:02}-{d:02}T{:02}:{:02}:{:02}.{:09}Z",
                u8::from(mo),
                v.hour(),
                v.minute(),
                v.second(),
                v.nanosecond()
            );
            Self {
                value: Some(v),
                text: Some(text.into()),
            }
        }
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (&self.text, self.value) {
            (Some(t), _) => s.serialize_str(t),
            (None, Some(v)) => s.serialize_str(std::str::from_utf8(&canonical(v)).expect("ASCII")),
            (None, None) => s.serialize_str(""),
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp string")
            }
            #[inline]
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Ok(Timestamp::parse(v))
            }
        }
        d.deserialize_str(V)
    }
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn canonical(v: UtcDateTime) -> [u8; 24] {
    fn put(buf: &mut [u8], mut n: u32) {
        for b in buf.iter_mut().rev() {
            *b = b'0' + (n % 10) as u8;
            n /= 10;
        }
    }
    let (y, mo, d) = v.to_calendar_date();
    let mut b = *b"0000-00-00T00:00:00.000Z";
    put(&mut b[0..4], y.clamp(0, 9999) as u32);
    put(&mut b[5..7], u32::from(u8::from(mo)));
    put(&mut b[8..10], u32::from(d));
    put(&mut b[11..13], u32::from(v.hour()));
    put(&mut b[14..16], u32::from(v.minute()));
    put(&mut b[17..19], u32::from(v.second()));
    put(&mut b[20..23], u32::from(v.millisecond()));
    b
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u32::from(d);
    }
    Some(n)
}

/// Parses RFC 3339 (`T` separator, optional 1–9 fraction digits, `Z` or
/// `±HH:MM`). Returns the instant and whether the text is X's canonical shape.
fn parse_rfc3339(s: &str) -> Option<(UtcDateTime, bool)> {
    let b = s.as_bytes();
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !(b[10] == b'T' || b[10] == b't')
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let year = digits(&b[0..4])? as i32;
    let month = Month::try_from(digits(&b[5..7])? as u8).ok()?;
    let day = digits(&b[8..10])? as u8;
    let hour = digits(&b[11..13])? as u8;
    let minute = digits(&b[14..16])? as u8;
    let second = digits(&b[17..19])? as u8;
    let mut i = 19;
    let mut nanos = 0u32;
    let mut frac_len = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_len = i - start;
        if frac_len == 0 || frac_len > 9 {
            return None;
        }
        nanos = digits(&b[start..i])? * 10u32.pow((9 - frac_len) as u32);
    }
    let (offset, zulu) = match &b[i..] {
        [b'Z' | b'z'] => (UtcOffset::UTC, b[i] == b'Z'),
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2])? as i8;
            let m = digits(&[*m1, *m2])? as i8;
            let (h, m) = if *sign == b'-' { (-h, -m) } else { (h, m) };
            (UtcOffset::from_hms(h, m, 0).ok()?, false)
        }
        _ => return None,
    };
    let date = Date::from_calendar_date(year, month, day).ok()?;
    let time = Time::from_hms_nano(hour, minute, second, nanos).ok()?;
    let value = PrimitiveDateTime::new(date, time)
        .assume_offset(offset)
        .to_utc();
    let canonical = zulu && frac_len == 3 && b[10] == b'T';
    Some((value, canonical))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_round_trips_without_keeping_text() {
        let t = Timestamp::parse("2021-01-06T18:40:40.000Z");
        assert!(t.text.is_none());
        let v = t.get().unwrap();
        assert_eq!(
            (v.year(), v.hour(), v.minute(), v.second()),
            (2021, 18, 40, 40)
        );
        assert_eq!(t.as_text(), "2021-01-06T18:40:40.000Z");
    }

    #[test]
    fn other_shapes_keep_their_text() {
        for s in [
            "2021-01-06T18:40:40Z",
            "2021-01-06T18:40:40.123456Z",
            "2021-01-06T20:40:40.000+02:00",
        ] {
            let t = Timestamp::parse(s);
            assert!(t.is_valid(), "{s}");
            assert_eq!(t.as_text(), s);
        }
        let plus2 = Timestamp::parse("2021-01-06T20:40:40.000+02:00");
        assert_eq!(
            plus2.get(),
            Timestamp::parse("2021-01-06T18:40:40.000Z").get()
        );
    }

    #[test]
    fn garbage_is_kept_as_text() {
        for s in [
            "",
            "yesterday",
            "2021-13-01T00:00:00.000Z",
            "2021-02-30T00:00:00.000Z",
        ] {
            let t = Timestamp::parse(s);
            assert!(!t.is_valid(), "{s}");
            assert_eq!(t.as_text(), s);
        }
    }

    #[test]
    fn from_utc_date_time_renders_canonically() {
        let v = Timestamp::parse("2022-10-29T03:04:05.678Z").get().unwrap();
        assert_eq!(Timestamp::from(v).to_string(), "2022-10-29T03:04:05.678Z");
    }
}
