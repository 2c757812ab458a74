//! Raw mode's `validate_line` accepts exactly the lines serde_json accepts as one UTF-8 JSON
//! object (its own JSON check must never pass a line serde_json would refuse, nor refuse one
//! it would pass), and hands back the bytes given.
#![no_main]

use bytes::Bytes;
use libfuzzer_sys::fuzz_target;
use tweetstream::validate_line;

fuzz_target!(|data: &[u8]| {
    let serde_json_accepts = std::str::from_utf8(data).is_ok_and(|text| {
        text.trim_start().starts_with('{')
            && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    });
    let input = Bytes::copy_from_slice(data);
    match validate_line(input.clone()) {
        Ok(raw) => {
            assert_eq!(raw, input);
            assert!(serde_json_accepts, "passed a line serde_json refuses");
        }
        Err(bad) => {
            assert_eq!(bad.raw, input);
            assert!(!serde_json_accepts, "refused a line serde_json accepts");
        }
    }
});
