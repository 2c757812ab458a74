//! One HTTP exchange with X: the transport (TLS, proxy), content decoding, line framing and
//! the rate-limit headers. Knows nothing of events or reconnecting.

pub(crate) mod connector;
pub(crate) mod framing;
pub(crate) mod inflate;
pub(crate) mod proxy;
pub(crate) mod rate_limit;
pub(crate) mod rest;
pub(crate) mod transport;
