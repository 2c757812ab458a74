//! `tweetstream`: an async client for the X (Twitter) API v2 streaming endpoints.
//!
//! (Crate docs are filled in as the modules land.)

pub mod framing;
pub mod model;
pub mod reconnect;

#[cfg(feature = "emulator")]
pub mod emulator;
