//! Exact numbers in the model: coordinates and bounding boxes are read strictly only in
//! their shortest form; any other number text is kept and re-encoded as sent.

use tweetstream::model::objects::PlaceGeo;
use tweetstream::model::roundtrip::check_line;
use tweetstream::model::tweet::Point;

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
