//! Where a command connects: X (or `--base-url`) with the token from `X_BEARER_TOKEN`, or,
//! without a token, a built-in emulator started in this process. Either way the choice is
//! said on stderr; the token itself is never printed.

use tweetstream::emulator::{Emulator, Rate};
use tweetstream::{ClientBuilder, StreamingClient};

use crate::Failure;
use crate::args::Server;

/// The environment variable the bearer token is read from.
pub const TOKEN_VAR: &str = "X_BEARER_TOKEN";
/// The token a `tweetstream emulator` accepts (the library emulator's default).
pub const EMULATOR_TOKEN: &str = "emulator-token";

/// Where the token came from, for hints on 401 and 403.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// `X_BEARER_TOKEN`.
    Env,
    /// No `X_BEARER_TOKEN`: the emulator's token (built in, or sent to `--base-url`).
    Emulator,
}

/// A resolved target: a client builder and, when one runs here, the built-in emulator.
pub struct Target {
    pub builder: ClientBuilder,
    pub token_source: TokenSource,
    /// Kept alive for the command's lifetime.
    pub emulator: Option<Emulator>,
}

/// `X_BEARER_TOKEN`, when set and not blank.
fn env_token() -> Option<String> {
    std::env::var(TOKEN_VAR)
        .ok()
        .filter(|t| !t.trim().is_empty())
}

/// What a built-in emulator is started with.
pub struct EmbeddedSetup<'a> {
    /// Filtered-stream rules to preload: `(value, tag)`.
    pub rules: &'a [(&'a str, &'a str)],
    /// What to tell the user this emulator is for ("streaming", "rules").
    pub purpose: &'a str,
}

/// Resolves where to connect. Says on stderr when a built-in emulator is used.
pub async fn resolve(server: &Server, setup: EmbeddedSetup<'_>) -> Result<Target, Failure> {
    let token = env_token();
    let (mut builder, token_source, emulator) = match (token, &server.base_url) {
        (Some(token), base) => {
            let url = base
                .clone()
                .unwrap_or_else(|| StreamingClient::DEFAULT_BASE_URL.to_owned());
            (
                StreamingClient::builder(token).base_url(&url),
                TokenSource::Env,
                None,
            )
        }
        (None, Some(url)) => {
            eprintln!(
                "no {TOKEN_VAR}: sending the emulator's token ({EMULATOR_TOKEN}) to {url}; \
                 set {TOKEN_VAR} for any other server"
            );
            (
                StreamingClient::builder(EMULATOR_TOKEN).base_url(url),
                TokenSource::Emulator,
                None,
            )
        }
        (None, None) => {
            let mut b = Emulator::builder().rate(Rate::PerSecond(10.0));
            for (value, tag) in setup.rules {
                b = b.rule(*value, Some(tag));
            }
            let em = b.start().await.map_err(|e| {
                Failure::Failed(format!("could not start the built-in emulator: {e}"))
            })?;
            eprintln!(
                "no {TOKEN_VAR}: {} with a built-in emulator at {} (set {TOKEN_VAR} to reach X)",
                setup.purpose,
                em.base_url()
            );
            (em.client_builder(), TokenSource::Emulator, Some(em))
        }
    };
    if let Some(path) = &server.ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            Failure::Usage(format!("--ca-file {}: cannot read it: {e}", path.display()))
        })?;
        builder = builder.add_root_certificate_pem(pem);
    }
    Ok(Target {
        builder,
        token_source,
        emulator,
    })
}
