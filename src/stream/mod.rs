//! The reconnecting event stream: the state machine that drives connections, the reconnect
//! policy, gap recovery, de-duplication, redundant connections and the tweets-only view.

pub(crate) mod dedup;
pub(crate) mod disconnect;
pub(crate) mod driver;
pub(crate) mod event_stream;
pub(crate) mod reconnect;
pub(crate) mod recovery;
pub(crate) mod redundant;
pub(crate) mod tweets;
