//! The built-in X API v2 emulator (helper fills this in).
