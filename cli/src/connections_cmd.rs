//! `tweetstream connections list | kill`: the app's stream connections (X's Stream
//! Connections API), the way out of a TooManyConnections refusal left by a crashed process.

use tweetstream::connections::{Connection, ConnectionStatus, ConnectionsQuery, Terminated};
use tweetstream::{StreamEndpoint, StreamingClient};

use crate::args::{ConnectionsArgs, ConnectionsCommand};
use crate::target::{self, EmbeddedSetup};
use crate::words;
use crate::{EXIT_FAILED, EXIT_OK, Failure};

pub async fn run(args: ConnectionsArgs) -> Result<u8, Failure> {
    // Refuse what cannot work before anything starts.
    let kill = match &args.command {
        ConnectionsCommand::Kill { all, stream, uuids } => Some(kill_target(*all, stream, uuids)?),
        ConnectionsCommand::List { .. } => None,
    };
    let target = target::resolve(
        &args.server,
        EmbeddedSetup {
            rules: &[],
            purpose: "it knows only this command's connections",
        },
    )
    .await?;
    let source = target.token_source;
    let client = target
        .builder
        .build()
        .map_err(|e| words::error(&e, source))?;
    let fail = |e: tweetstream::Error| words::error(&e, source);
    match (args.command, kill) {
        (ConnectionsCommand::List { all }, _) => {
            let status = if all {
                ConnectionStatus::All
            } else {
                ConnectionStatus::Active
            };
            let list = client
                .connections_all(ConnectionsQuery::new().status(status))
                .await
                .map_err(fail)?;
            print_connections(&list, all);
            Ok(EXIT_OK)
        }
        (_, Some(target)) => {
            let ended = terminate(&client, target).await.map_err(fail)?;
            Ok(report(&ended))
        }
        (ConnectionsCommand::Kill { .. }, None) => unreachable!("checked above"),
    }
}

/// What `kill` ends.
enum Kill {
    All,
    Stream(StreamEndpoint),
    Uuids(Vec<String>),
}

fn kill_target(all: bool, stream: &Option<String>, uuids: &[String]) -> Result<Kill, Failure> {
    if all {
        return Ok(Kill::All);
    }
    if let Some(name) = stream {
        let ep: StreamEndpoint = name
            .parse()
            .map_err(|e: tweetstream::UnknownStream| Failure::Usage(e.to_string()))?;
        if ep.connection_id().is_none() {
            return Err(Failure::Usage(format!(
                "X's Stream Connections API has no id for the {ep} stream: end its connections by uuid"
            )));
        }
        return Ok(Kill::Stream(ep));
    }
    if uuids.is_empty() {
        return Err(Failure::Usage(
            "say which connections to end: --all, --stream NAME, or their uuids (from `tweetstream connections list`)".into(),
        ));
    }
    Ok(Kill::Uuids(uuids.to_vec()))
}

async fn terminate(client: &StreamingClient, kill: Kill) -> Result<Terminated, tweetstream::Error> {
    match kill {
        Kill::All => client.terminate_all_connections().await,
        Kill::Stream(ep) => client.terminate_connections(ep).await,
        Kill::Uuids(uuids) => client.terminate_connections_by_uuid(uuids).await,
    }
}

/// Says what ended and what could not; exit 1 when anything could not.
fn report(ended: &Terminated) -> u8 {
    let n = ended.successful_kills;
    println!("ended {n} connection{}", if n == 1 { "" } else { "s" });
    for r in ended.results.iter().filter(|r| !r.success) {
        let why = r.error_message.as_deref().unwrap_or("no reason given");
        eprintln!("could not end {}: {why}", r.uuid);
    }
    for problem in &ended.errors {
        eprintln!("X said: {problem}");
    }
    if ended.failed_kills > 0 || !ended.errors.is_empty() {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn print_connections(list: &[Connection], all: bool) {
    if list.is_empty() {
        println!("no {}stream connections", if all { "" } else { "active " });
        return;
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".to_owned());
    let rows: Vec<[String; 4]> = list
        .iter()
        .map(|c| {
            let stream = match c.endpoint() {
                Some(ep) => ep.to_string(),
                None => text(&c.endpoint_name),
            };
            let since = c
                .connected_at
                .as_ref()
                .map_or("-".to_owned(), ToString::to_string);
            let state = match (&c.disconnected_at, &c.disconnect_reason) {
                (None, _) => "active".to_owned(),
                (Some(at), Some(why)) => format!("ended {at} ({why})"),
                (Some(at), None) => format!("ended {at}"),
            };
            [text(&c.id), stream, since, state]
        })
        .collect();
    let head = ["UUID", "STREAM", "CONNECTED", "STATE"];
    let width = |i: usize| {
        rows.iter()
            .map(|r| r[i].chars().count())
            .chain([head[i].len()])
            .max()
            .unwrap_or(0)
    };
    let (w0, w1, w2) = (width(0), width(1), width(2));
    println!(
        "{:w0$}  {:w1$}  {:w2$}  {}",
        head[0], head[1], head[2], head[3]
    );
    for r in &rows {
        println!("{:w0$}  {:w1$}  {:w2$}  {}", r[0], r[1], r[2], r[3]);
    }
    let n = rows.len();
    println!("{n} connection{}", if n == 1 { "" } else { "s" });
}
