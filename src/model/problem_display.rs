//! The specifics of an `invalid-request` problem, for its `Display`.

use std::fmt;

use super::problem::RequestError;

/// ` (message; message)`, or nothing when no error has a message.
pub(super) fn specifics(f: &mut fmt::Formatter<'_>, errors: &[RequestError]) -> fmt::Result {
    let mut messages = errors.iter().filter_map(|e| e.message.as_deref());
    if let Some(first) = messages.next() {
        write!(f, " ({first}")?;
        for m in messages {
            write!(f, "; {m}")?;
        }
        f.write_str(")")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::model::{ParameterError, Problem, ProblemKind};

    #[test]
    fn display_names_the_bad_parameter_from_errors() {
        // X's answer to `expansions=author` (shape from X's API reference, invalid-request).
        let body = r#"{"errors":[{"parameters":{"expansions":["author"]},"message":"The `expansions` query parameter value [author] is not one of [author_id,referenced_tweets.id]"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.twitter.com/2/problems/invalid-request"}"#;
        let p: Problem = serde_json::from_str(body).unwrap();
        assert_eq!(p.problem_kind(), ProblemKind::InvalidRequest);
        assert_eq!(
            p.to_string(),
            "Invalid Request: One or more parameters to your request was invalid. \
             (The `expansions` query parameter value [author] is not one of [author_id,referenced_tweets.id])"
        );
        let mut p = Problem::new(ProblemKind::InvalidRequest.into(), "Invalid Request");
        p.errors = Some(vec![ParameterError::default()]);
        assert_eq!(p.to_string(), "Invalid Request");
    }
}
