//! Messages a person reads: errors, problems, hints, durations and sizes in words. Nothing
//! here prints Debug text.

use std::time::Duration;

use tweetstream::model::ProblemKind;
use tweetstream::{DisconnectReason, Error, ErrorKind, StreamEvent};

use crate::Failure;
use crate::target::{EMULATOR_TOKEN, TOKEN_VAR, TokenSource};

/// `1h 2m 3s` (whole seconds from a minute on), `7.3s`, `250ms`.
pub fn duration(d: Duration) -> String {
    if d >= Duration::from_secs(60) {
        return humantime::format_duration(Duration::from_secs(d.as_secs())).to_string();
    }
    if d >= Duration::from_secs(1) && d.subsec_millis() == 0 {
        return format!("{}s", d.as_secs());
    }
    if d >= Duration::from_secs(1) {
        return format!("{:.1}s", d.as_secs_f64());
    }
    format!("{}ms", d.as_millis())
}

/// `12.3 MiB`.
pub fn size(bytes: u64) -> String {
    bytesize::ByteSize::b(bytes).display().iec().to_string()
}

/// `12,345`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `; retrying in 5s` or `; not retrying`.
fn retry(retry_in: Option<Duration>) -> String {
    match retry_in {
        Some(d) => format!("; retrying in {}", duration(d)),
        None => "; not retrying".into(),
    }
}

/// A hint for a refused token (401) or a missing access (403), naming where the token
/// came from; `None` for other statuses.
pub fn auth_hint(status: u16, source: TokenSource) -> Option<String> {
    let from = match source {
        TokenSource::Env => format!("the bearer token read from {TOKEN_VAR}"),
        TokenSource::Emulator => {
            format!("the emulator's token ({EMULATOR_TOKEN}, sent because {TOKEN_VAR} is not set)")
        }
    };
    match status {
        401 => Some(format!(
            "hint: the server refused {from}; use your app's bearer token (developer \
             portal, Keys and tokens), not an API key or an access token"
        )),
        403 => Some(format!(
            "hint: {from} was accepted, but its app has no access to this endpoint; \
             attach the app to a project with a plan that includes it"
        )),
        _ => None,
    }
}

/// A library error in words, with a hint on 401/403; refused parameters and settings are
/// usage errors (exit 2), everything else a failure (exit 1).
pub fn error(e: &Error, source: TokenSource) -> Failure {
    // The library names its own method; a person at the command line has a flag.
    let mut message = e.to_string().replace(
        "StreamParams::allow_unknown_fields()",
        "--allow-unknown-fields",
    );
    if let Some(hint) = e.status().and_then(|s| auth_hint(s, source)) {
        message.push('\n');
        message.push_str(&hint);
    }
    match e.kind() {
        ErrorKind::InvalidParameter | ErrorKind::Builder => Failure::Usage(message),
        _ => Failure::Failed(message),
    }
}

/// A connection event in words (what happened and what happens next); `None` for events
/// that are not about the connection.
pub fn event(event: &StreamEvent) -> Option<String> {
    Some(match event {
        StreamEvent::Closed(c) => format!("the server closed the stream{}", retry(c.retry_in)),
        StreamEvent::ConnectionError(e) => {
            format!(
                "connection error ({}): {}{}",
                e.kind,
                e.message,
                retry(e.retry_in)
            )
        }
        StreamEvent::RequestError(e) => {
            let what = match &e.problem {
                Some(p) => format!("HTTP {}: {p}", e.status),
                None => {
                    let body = String::from_utf8_lossy(&e.body);
                    let body: String = body.trim().chars().take(200).collect();
                    if body.is_empty() {
                        format!("HTTP {}", e.status)
                    } else {
                        format!("HTTP {}: {body}", e.status)
                    }
                }
            };
            let hint = if e.status == 409 {
                " (the filtered stream has no rules yet: add one with `tweetstream rules add`)"
            } else {
                ""
            };
            format!("{what}{hint}{}", retry(e.retry_in))
        }
        StreamEvent::Recovered {
            gap,
            backfill_minutes,
        } => format!(
            "reconnected after a gap of {}: asked for {backfill_minutes} minute{} of backfill",
            duration(*gap),
            if *backfill_minutes == 1 { "" } else { "s" }
        ),
        StreamEvent::Undecodable(u) => format!(
            "a line that is not a JSON object ({} bytes): {}",
            u.raw.len(),
            u.reason
        ),
        _ => return None,
    })
}

/// Why the stream ended, in words, with a hint on 401/403.
pub fn disconnect(reason: &DisconnectReason, source: TokenSource) -> String {
    let mut text = match reason {
        DisconnectReason::Requested => "stopped as asked".to_owned(),
        DisconnectReason::Finished => "the stream's end_time has passed".to_owned(),
        other => other.to_string(),
    };
    if let DisconnectReason::FatalStatus { status, .. } = reason {
        if let Some(hint) = auth_hint(*status, source) {
            text.push('\n');
            text.push_str(&hint);
        }
    }
    text
}

/// `"value" (tag: t)`.
pub fn shown_rule(value: &str, tag: Option<&str>) -> String {
    match tag {
        Some(t) => format!("{value:?} (tag {t:?})"),
        None => format!("{value:?}"),
    }
}

/// `"value": not a valid rule: X's title: detail (specifics)`: what X refused and why.
pub fn rule_problem(problem: &tweetstream::rules::RuleProblem) -> String {
    let what = match problem.problem_kind() {
        ProblemKind::InvalidRules => "not a valid rule: ",
        ProblemKind::DuplicateRules => "a rule with this value already exists: ",
        ProblemKind::RuleCap => "your plan's rule limit is reached: ",
        ProblemKind::NoncompliantRules => "X's rules policy does not allow it: ",
        _ => "",
    };
    let mut text = match &problem.value {
        Some(v) => format!("{v:?}: {what}"),
        None => what.to_owned(),
    };
    // X's title and detail, and the messages of its `errors` (Problem's Display).
    text.push_str(&problem.problem.to_string());
    for d in &problem.details {
        text.push_str("; ");
        text.push_str(d);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_words() {
        assert_eq!(duration(Duration::from_millis(5000)), "5s");
        assert_eq!(duration(Duration::from_millis(7251)), "7.3s");
        assert_eq!(duration(Duration::from_millis(250)), "250ms");
        assert_eq!(duration(Duration::from_millis(3_723_400)), "1h 2m 3s");
        assert_eq!(duration(Duration::ZERO), "0ms");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(12), "12");
        assert_eq!(size(1536), "1.5 KiB");
    }

    #[test]
    fn hints_name_where_the_token_came_from() {
        let env = auth_hint(401, TokenSource::Env).unwrap();
        assert!(env.contains("X_BEARER_TOKEN"), "{env}");
        let em = auth_hint(403, TokenSource::Emulator).unwrap();
        assert!(
            em.contains("emulator-token") && em.contains("no access"),
            "{em}"
        );
        assert_eq!(auth_hint(503, TokenSource::Env), None);
    }
}
