//! Line framing (issue 2/6 helper fills this in).
