//! What is asked of X: the stream endpoints, their parameters and the field and expansion
//! names, checked before any request is sent.

pub(crate) mod endpoint;
pub(crate) mod field_names;
pub(crate) mod params;
pub(crate) mod percent;
