//! The filtered and sample streams: admission (409, 429, 400), normal traffic (posts at a
//! rate or as fast as read, keep-alives) and scripted behaviour.

use std::{sync::Arc, time::Duration};

use http::Response;
use tokio::time::{Instant, MissedTickBehavior, interval_at, sleep_until};

use super::{
    Endpoint, Rate, State,
    body::{Encoding, Gone, Out, start_body},
    fields::{Fields, query_pairs},
    generator::Generator,
    problems,
    response::{ResBody, problem_response},
    script::Script,
    steps::{Done, Item, open, run_body},
};

/// Candidates tried to find one post matching the rules before giving up on a tick.
const MATCH_ATTEMPTS: usize = 5000;

/// Keeps `active_streams` right: counted while the producer of a 200 body lives.
struct ActiveGuard {
    state: Arc<State>,
    slot: usize,
}

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        let mut a = State::lock(&self.state.active);
        a[self.slot] -= 1;
        self.state.active_tx.send_modify(|n| *n -= 1);
    }
}

/// Registers an open stream, refusing it when `limit` connections there are active (as
/// `/2/connections` sees them: a terminated one no longer counts, as on X).
fn admit(state: &Arc<State>, endpoint: Endpoint, limit: Option<usize>) -> Option<ActiveGuard> {
    let slot = endpoint as usize;
    let open = State::lock(&state.connections).active(endpoint.connection_id());
    if limit.is_some_and(|l| open >= l) {
        return None;
    }
    let mut a = State::lock(&state.active);
    a[slot] += 1;
    state.active_tx.send_modify(|n| *n += 1);
    Some(ActiveGuard {
        state: state.clone(),
        slot,
    })
}

/// Per-connection traffic: the generator, the endpoint and the rules.
struct Traffic {
    state: Arc<State>,
    endpoint: Endpoint,
    generator: Generator,
}

impl Traffic {
    /// The next line to send: any post on the sample stream; on the filtered stream, the
    /// next post matching the active rules (with `matching_rules`), or `None` if none was
    /// found among many candidates. With no rules at all, posts go out without
    /// `matching_rules` (only scripts reach that case).
    fn next_line(&mut self) -> Option<String> {
        if self.endpoint == Endpoint::Sample {
            let t = self.generator.next_tweet();
            return Some(self.generator.render(&t, &[]));
        }
        let rules = State::lock(&self.state.rules).active();
        if rules.is_empty() {
            let t = self.generator.next_tweet();
            return Some(self.generator.render(&t, &[]));
        }
        for _ in 0..MATCH_ATTEMPTS {
            let t = self.generator.next_tweet();
            let post = self.generator.post_view(&t);
            let matched: Vec<(String, Option<String>)> = rules
                .iter()
                .filter(|r| r.expr.matches(&post))
                .map(|r| (r.id.clone(), r.tag.clone()))
                .collect();
            if !matched.is_empty() {
                return Some(self.generator.render(&t, &matched));
            }
        }
        None
    }
}

/// Validates the query of a stream request into its field selection.
fn parse_query(endpoint: Endpoint, query: Option<&str>) -> Result<Fields, String> {
    let mut fields = Fields::default();
    let mut bad = Vec::new();
    let allowed = match endpoint {
        Endpoint::Sample => {
            "backfill_minutes,expansions,media.fields,place.fields,poll.fields,tweet.fields,user.fields"
        }
        Endpoint::Filter => {
            "backfill_minutes,end_time,expansions,media.fields,place.fields,poll.fields,start_time,tweet.fields,user.fields"
        }
    };
    for (k, v) in query_pairs(query) {
        if let Some(r) = fields.add_param(&k, &v) {
            if let Err((values, message)) = r {
                bad.push((k, values, message));
            }
            continue;
        }
        match k.as_str() {
            "backfill_minutes" => {
                if !v.parse::<u8>().is_ok_and(|n| n <= 5) {
                    bad.push((
                        k,
                        vec![v.clone()],
                        format!("The `backfill_minutes` query parameter value [{v}] is not between 0 and 5"),
                    ));
                }
            }
            "start_time" | "end_time" if endpoint == Endpoint::Filter => {}
            _ => bad.push((
                k.clone(),
                vec![v.clone()],
                format!("The query parameter [{k}] is not one of [{allowed}]"),
            )),
        }
    }
    if bad.is_empty() {
        Ok(fields)
    } else {
        Err(problems::invalid_request_many(bad))
    }
}

/// Handles an authenticated stream request.
pub(crate) async fn handle(
    state: Arc<State>,
    endpoint: Endpoint,
    query: Option<String>,
    gzip: bool,
) -> Response<ResBody> {
    let index = state.count_stream_connection();
    let script = State::lock(&state.scripts).pop_front();
    let fields = match parse_query(endpoint, query.as_deref()) {
        Ok(f) => f,
        Err(body) if script.is_none() => {
            return problem_response(&state, endpoint_limit(endpoint), 400, body, &[]);
        }
        Err(_) => Fields::from_query_lenient(query.as_deref().unwrap_or("")),
    };
    let seed = state.config.seed;
    let traffic = Traffic {
        state: state.clone(),
        endpoint,
        generator: Generator::with_fields(seed, index as u64, fields),
    };
    match script {
        Some(script) => scripted(state, endpoint, traffic, script, gzip).await,
        None => {
            if endpoint == Endpoint::Filter && State::lock(&state.rules).is_empty() {
                tracing::debug!("filtered stream without rules: 409");
                return problem_response(
                    &state,
                    50,
                    409,
                    problems::rule_configuration_issue(),
                    &[],
                );
            }
            let Some(guard) = admit(&state, endpoint, Some(state.config.max_connections)) else {
                tracing::debug!(?endpoint, "too many connections: 429");
                return problem_response(&state, 50, 429, problems::too_many_connections(), &[]);
            };
            let encoding = Encoding {
                gzip,
                coding: None,
                metered: false,
            };
            start_body(
                &state,
                guard,
                encoding,
                &[],
                endpoint.connection_id(),
                move |out| normal(traffic, out),
            )
        }
    }
}

impl Endpoint {
    /// X's Stream Connections id.
    fn connection_id(self) -> &'static str {
        match self {
            Endpoint::Sample => "sample_stream",
            Endpoint::Filter => "filtered_stream",
        }
    }
}

fn endpoint_limit(_e: Endpoint) -> u32 {
    50
}

/// Normal traffic: posts at the configured rate (or as fast as read) plus keep-alives.
async fn normal(mut traffic: Traffic, mut out: Out) -> Result<(), Gone> {
    let ka_every = traffic
        .state
        .config
        .keep_alive
        .max(Duration::from_millis(1));
    let mut ka = interval_at(Instant::now() + ka_every, ka_every);
    ka.set_missed_tick_behavior(MissedTickBehavior::Delay);
    match traffic.state.config.rate {
        Rate::PerSecond(r) if r > 0.0 => {
            let period = Duration::from_secs_f64(1.0 / r);
            let mut next = Instant::now() + period;
            loop {
                tokio::select! {
                    biased;
                    _ = ka.tick() => out.keep_alive().await?,
                    _ = sleep_until(next) => {
                        next += period;
                        if let Some(line) = traffic.next_line() {
                            out.line(line).await?;
                        }
                    }
                }
            }
        }
        Rate::PerSecond(_) => loop {
            ka.tick().await;
            out.keep_alive().await?;
        },
        Rate::AsFastAsRead => {
            let mut next_ka = Instant::now() + ka_every;
            loop {
                if Instant::now() >= next_ka {
                    next_ka = Instant::now() + ka_every;
                    out.keep_alive().await?;
                }
                match traffic.next_line() {
                    Some(line) => out.line(line).await?,
                    // Nothing matches: idle until the next keep-alive.
                    None => sleep_until(next_ka).await,
                }
            }
        }
    }
}

/// Runs a script: its opening, then its body steps, then normal traffic.
async fn scripted(
    state: Arc<State>,
    endpoint: Endpoint,
    mut traffic: Traffic,
    script: Script,
    gzip: bool,
) -> Response<ResBody> {
    let opening = match open(&state, endpoint_limit(endpoint), script.steps).await {
        Ok(opening) => opening,
        Err(answer) => return answer,
    };
    let guard = admit(&state, endpoint, None).expect("no limit for scripted streams");
    let encoding = Encoding {
        gzip,
        coding: opening.coding,
        metered: false,
    };
    opening.wire.apply(start_body(
        &state,
        guard,
        encoding,
        &opening.headers,
        endpoint.connection_id(),
        move |mut out| async move {
            let next_item = || traffic.next_line().map_or(Item::Skip, Item::Line);
            match run_body(&mut out, opening.steps, next_item).await? {
                Done::Ended => Ok(()),
                Done::RanOut => normal(traffic, out).await,
            }
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_validation() {
        assert!(
            parse_query(
                Endpoint::Sample,
                Some("tweet.fields=lang&backfill_minutes=5")
            )
            .is_ok()
        );
        let e = parse_query(Endpoint::Sample, Some("backfill_minutes=6")).unwrap_err();
        assert!(e.contains("is not between 0 and 5"), "{e}");
        // OpenAPI 2.167: minimum 0 on every stream.
        assert!(parse_query(Endpoint::Sample, Some("backfill_minutes=0")).is_ok());
        assert!(parse_query(Endpoint::Sample, Some("backfill_minutes=-1")).is_err());
        assert!(parse_query(Endpoint::Sample, Some("start_time=x")).is_err());
        assert!(parse_query(Endpoint::Filter, Some("start_time=x")).is_ok());
        assert!(parse_query(Endpoint::Sample, Some("tweet.fields=nope")).is_err());
    }
}
