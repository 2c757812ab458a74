//! Where an example connects: X (or any server) with `X_BEARER_TOKEN`, or a built-in emulator.

use tweetstream::emulator::Emulator;

/// `X_BEARER_TOKEN`, when set and not blank.
pub fn bearer_token() -> Option<String> {
    std::env::var("X_BEARER_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
}

/// The bearer token and base URL to use: the emulator's when one runs; otherwise `token`
/// (which the caller has checked is there) and `--base-url`, X's own by default.
pub fn token_and_base_url(
    emulator: Option<&Emulator>,
    token: Option<String>,
    base_url: Option<&str>,
) -> (String, String) {
    match emulator {
        Some(em) => (em.bearer_token().to_owned(), em.base_url().to_owned()),
        None => (
            token.expect("a token when no emulator runs"),
            base_url
                .unwrap_or(tweetstream::StreamingClient::DEFAULT_BASE_URL)
                .to_owned(),
        ),
    }
}
