//! Strict reading of the JSON number arrays the model holds as
//! `Vec<serde_json::Number>` (a point's `coordinates`, a place's `bbox`).
//!
//! `serde_json::Number` keeps a number's value, not its text, and re-encodes
//! the shortest form: `-73.9900` comes back as `-73.99`, and `1.0E-5` (as
//! Java's `Double.toString` writes a small coordinate) as `0.00001`. So the
//! strict pass accepts an array only when every number re-encodes to the text
//! X sent; otherwise it fails and the tolerant pass keeps the original text
//! in the object's `extra` (with the values still read into the field).

use serde::de::{Deserialize, Deserializer, Error};
use serde_json::Number;
use serde_json::value::RawValue;

/// An array of numbers, each of which re-encodes to the text it was read from.
pub(crate) struct ExactNumbers(pub(crate) Vec<Number>);

impl<'de> Deserialize<'de> for ExactNumbers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<Box<RawValue>>::deserialize(d)?;
        raw.iter()
            .map(|r| {
                let n: Number = serde_json::from_str(r.get()).map_err(D::Error::custom)?;
                if n.to_string() == r.get() {
                    Ok(n)
                } else {
                    Err(D::Error::custom(
                        "a number whose text would not re-encode as sent",
                    ))
                }
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

#[cfg(test)]
mod tests {
    use crate::model::roundtrip::check_line;
    use crate::model::{PlaceGeo, Point};

    #[test]
    fn shortest_form_numbers_are_read_strictly() {
        let p: Point =
            serde_json::from_str(r#"{"type":"Point","coordinates":[-74,40.73,12.0]}"#).unwrap();
        assert!(p.extra.is_empty());
        assert_eq!(p.lon_lat(), Some((-74.0, 40.73)));
    }

    #[test]
    fn other_number_text_is_kept_and_re_encoded_as_sent() {
        let line = r#"{"data":{"id":"1","text":"hi","geo":{"coordinates":{"type":"Point","coordinates":[-73.9900,1.0E-5]}}},"includes":{"places":[{"id":"01a9a39529b27f36","full_name":"Null Island","geo":{"type":"Feature","bbox":[-1.0E-4,-1.0E-4,1.0E-4,1.0E-4],"properties":{}}}]}}"#;
        let decoded = check_line(line).expect("round-trips, number text included");
        let point = decoded.data.unwrap().geo.unwrap().coordinates.unwrap();
        assert_eq!(point.lon_lat(), Some((-73.99, 0.00001)));
        assert_eq!(
            point.extra.get("coordinates").unwrap().get(),
            "[-73.9900,1.0E-5]"
        );
        let geo: &PlaceGeo = decoded.includes.as_ref().unwrap().places()[0]
            .geo
            .as_ref()
            .unwrap();
        assert_eq!(geo.bbox_f64(), Some([-0.0001, -0.0001, 0.0001, 0.0001]));
    }
}
