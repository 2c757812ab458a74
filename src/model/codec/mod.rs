//! The machinery that makes the model lossless: the object macro, unknown-member keeping,
//! exact numbers, raw JSON, and the strict-then-tolerant decode with its round-trip check.

pub(crate) mod compact_debug;
pub(crate) mod event_member;
pub(crate) mod exact_numbers;
pub(crate) mod extra;
pub(crate) mod json_diff;
pub(crate) mod lossless;
pub(crate) mod open_enum;
pub(crate) mod raw;
pub mod roundtrip;
pub mod tolerant;
pub(crate) mod tolerant_de;
