//! Reconnect policy (helper fills this in).
