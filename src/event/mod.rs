//! What a stream yields: the events, the decoding of a line into them, and their
//! one-line `Display`.

pub(crate) mod decode;
pub(crate) mod display;
pub(crate) mod json_check;
pub(crate) mod stream_event;
pub(crate) mod tweet_event;
