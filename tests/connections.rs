//! X's Stream Connections API against the emulator: history with its filters and pages, the
//! three terminate calls with X's exact request shapes, a terminated stream ending with a
//! problem line and a close, and `429 TooManyConnections` with and without taking the
//! connection over.

mod support;
use support::deadline;

use deadline::bounded;
use futures_util::StreamExt as _;
use tweetstream::connections::{ConnectionStatus, ConnectionsQuery};
use tweetstream::emulator::{Emulator, Script, problems};
use tweetstream::model::enums::ConnectionIssue;
use tweetstream::{EventStream, StreamEndpoint, StreamEvent, StreamParams};

async fn connected(s: &mut EventStream) {
    let e = bounded("connected", s.next()).await.unwrap();
    assert!(matches!(e, StreamEvent::Connected(_)), "{e:?}");
}

fn paths(em: &Emulator) -> Vec<String> {
    em.requests()
        .into_iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn history_lists_active_and_past_connections_with_filters_and_pages() {
    let em = Emulator::builder()
        .max_connections(3)
        .start()
        .await
        .unwrap();
    let (a, b, c) = (
        em.client_builder().build().unwrap(),
        em.client_builder().build().unwrap(),
        em.client_builder().build().unwrap(),
    );
    let mut sample = a.sample(StreamParams::new()).unwrap();
    connected(&mut sample).await;
    let mut labels = b
        .stream(StreamEndpoint::Labels, StreamParams::new())
        .unwrap();
    connected(&mut labels).await;
    let mut second = c.sample(StreamParams::new()).unwrap();
    connected(&mut second).await;
    drop(second);
    em.wait_for_active_streams(2).await;

    let q = ConnectionsQuery::new();
    let active = a.connections(&q).await.unwrap();
    let names: Vec<_> = active
        .connections
        .iter()
        .map(|c| c.endpoint().unwrap())
        .collect();
    assert_eq!(
        names,
        [StreamEndpoint::Labels, StreamEndpoint::Sample],
        "newest first"
    );
    assert!(
        active
            .connections
            .iter()
            .all(|c| c.is_active() && c.id.is_some() && c.client_ip.is_some())
    );
    let q = ConnectionsQuery::new().status(ConnectionStatus::Inactive);
    let past = a.connections(&q).await.unwrap().connections;
    assert_eq!(past.len(), 1);
    assert_eq!(
        past[0].disconnect_reason.as_deref(),
        Some("client_disconnect")
    );
    assert!(past[0].disconnected_at.is_some());
    let q = ConnectionsQuery::new()
        .status(ConnectionStatus::All)
        .endpoints([StreamEndpoint::Sample]);
    assert_eq!(a.connections(&q).await.unwrap().connections.len(), 2);
    // Paged: one a page, every page followed.
    let q = ConnectionsQuery::new()
        .status(ConnectionStatus::All)
        .max_results(1);
    let first = a.connections(&q).await.unwrap();
    assert_eq!((first.connections.len(), first.result_count), (1, Some(1)));
    assert!(first.next_token.is_some());
    assert_eq!(a.connections_all(q).await.unwrap().len(), 3);
    let seen = em
        .requests()
        .into_iter()
        .find(|r| r.query.as_deref().unwrap_or("").contains("endpoints"))
        .unwrap();
    assert_eq!(
        seen.query.as_deref(),
        Some(
            "status=all&endpoints=sample_stream&connection.fields=client_ip,connected_at,disconnect_reason,disconnected_at,endpoint_name,id"
        )
    );
    // Refused before any request, naming the parameter.
    let before = em.requests().len();
    for (q, name) in [
        (ConnectionsQuery::new().max_results(0), "max_results"),
        (
            ConnectionsQuery::new().endpoints([StreamEndpoint::Activity]),
            "endpoints",
        ),
    ] {
        assert_eq!(
            a.connections(&q).await.unwrap_err().parameter_name(),
            Some(name)
        );
    }
    assert_eq!(em.requests().len(), before);
}

#[tokio::test(start_paused = true)]
async fn terminating_a_stream_ends_it_with_a_problem_line_and_a_close() {
    let em = Emulator::start().await.unwrap();
    let streaming = em.client_builder().build().unwrap();
    let mut s = streaming.sample(StreamParams::new()).unwrap();
    connected(&mut s).await;
    let admin = em.client_builder().build().unwrap();
    let ended = admin
        .terminate_connections(StreamEndpoint::Sample)
        .await
        .unwrap();
    assert_eq!((ended.successful_kills, ended.failed_kills), (1, 0));
    assert!(ended.results[0].success);
    let (mut problem, mut closed) = (None, false);
    while !closed {
        match bounded("the end of the terminated stream", s.next())
            .await
            .unwrap()
        {
            StreamEvent::Errors(p) => problem = Some(p[0].detail.clone()),
            StreamEvent::Closed(_) => closed = true,
            StreamEvent::Tweet(_)
            | StreamEvent::Response(_)
            | StreamEvent::Includes(_)
            | StreamEvent::KeepAlive => {}
            other => panic!("{other:?}"),
        }
    }
    let detail = problem
        .expect("a problem line before the close")
        .unwrap_or_default();
    assert!(detail.contains("terminated"), "{detail}");
    let history = admin
        .connections(&ConnectionsQuery::new().status(ConnectionStatus::Inactive))
        .await
        .unwrap();
    assert_eq!(
        history.connections[0].disconnect_reason.as_deref(),
        Some("terminated")
    );
    assert_eq!(paths(&em)[1], "DELETE /2/connections/sample_stream");
}

#[tokio::test(start_paused = true)]
async fn terminate_all_and_by_uuid_send_x_shapes() {
    let em = Emulator::builder()
        .max_connections(2)
        .start()
        .await
        .unwrap();
    let (a, b) = (
        em.client_builder().build().unwrap(),
        em.client_builder().build().unwrap(),
    );
    let mut one = a.sample(StreamParams::new()).unwrap();
    connected(&mut one).await;
    let mut two = b.sample(StreamParams::new()).unwrap();
    connected(&mut two).await;
    let live = a
        .connections(&ConnectionsQuery::new())
        .await
        .unwrap()
        .connections;
    let uuid = live[0].id.clone().unwrap();
    let t = a
        .terminate_connections_by_uuid([uuid.clone(), "gone".into()])
        .await
        .unwrap();
    assert_eq!((t.successful_kills, t.failed_kills), (1, 1));
    assert!(
        t.to_string()
            .starts_with("ended 1 connections, 1 failed; gone: "),
        "{t}"
    );
    let req = em
        .requests()
        .into_iter()
        .rfind(|r| r.path == "/2/connections")
        .unwrap();
    assert_eq!(
        (req.method.as_str(), &req.body[..]),
        (
            "DELETE",
            format!(r#"{{"uuids":["{uuid}","gone"]}}"#).as_bytes()
        )
    );
    let t = a.terminate_all_connections().await.unwrap();
    assert_eq!(t.successful_kills, 1);
    assert!(
        a.connections(&ConnectionsQuery::new())
            .await
            .unwrap()
            .connections
            .is_empty()
    );
    // Refused before any request.
    let before = em.requests().len();
    let none: [&str; 0] = [];
    assert_eq!(
        a.terminate_connections_by_uuid(none)
            .await
            .unwrap_err()
            .parameter_name(),
        Some("uuids")
    );
    assert_eq!(
        a.terminate_connections(StreamEndpoint::Activity)
            .await
            .unwrap_err()
            .parameter_name(),
        Some("endpoint")
    );
    assert_eq!(em.requests().len(), before);
    // A problem answer is an error with X's problem.
    let err = a
        .connections(&ConnectionsQuery::new().pagination_token("zz"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
}

#[tokio::test(start_paused = true)]
async fn too_many_connections_says_what_to_do_and_without_take_over_never_terminates() {
    let em = Emulator::start().await.unwrap();
    let first = em.client_builder().build().unwrap();
    let mut held = first.sample(StreamParams::new()).unwrap();
    connected(&mut held).await;
    let second = em.client_builder().max_retries(2).build().unwrap();
    let mut s = second.sample(StreamParams::new()).unwrap();
    let mut refusals = 0;
    while let Some(e) = bounded("the second stream's events", s.next()).await {
        if let StreamEvent::RequestError(r) = &e {
            assert_eq!(r.status, 429);
            let issue = r.problem.as_ref().unwrap().connection_issue.clone();
            assert_eq!(issue, Some(ConnectionIssue::TooManyConnections));
            let text = e.to_string();
            assert!(
                text.contains("GET /2/connections") && text.contains("take_over_connections"),
                "{text}"
            );
            refusals += 1;
        }
    }
    assert_eq!(refusals, 3);
    assert!(
        paths(&em).iter().all(|p| !p.starts_with("DELETE")),
        "{:?}",
        paths(&em)
    );
    assert_eq!(em.active_streams(), 1, "the first stream was left alone");
}

#[tokio::test(start_paused = true)]
async fn with_take_over_a_too_many_connections_refusal_terminates_once_and_reconnects() {
    let em = Emulator::start().await.unwrap();
    let crashed = em.client_builder().build().unwrap();
    let mut old = crashed.sample(StreamParams::new()).unwrap();
    connected(&mut old).await;
    let c = em
        .client_builder()
        .take_over_connections(true)
        .build()
        .unwrap();
    let mut s = c.sample(StreamParams::new()).unwrap();
    connected(&mut s).await;
    let e = bounded("a post", s.next()).await.unwrap();
    assert!(matches!(e, StreamEvent::Tweet(_)), "{e:?}");
    assert_eq!(
        paths(&em),
        [
            "GET /2/tweets/sample/stream",
            "GET /2/tweets/sample/stream",
            "DELETE /2/connections/sample_stream",
            "GET /2/tweets/sample/stream",
        ]
    );
    // The old connection got X's problem line, then its end.
    let mut got_problem = false;
    loop {
        match bounded("the old stream", old.next()).await.unwrap() {
            StreamEvent::Errors(_) => got_problem = true,
            StreamEvent::Closed(_) => break,
            _ => {}
        }
    }
    assert!(got_problem);
}

#[tokio::test(start_paused = true)]
async fn take_over_happens_once_per_stream() {
    let em = Emulator::start().await.unwrap();
    // Every connection refused with TooManyConnections (scripts skip admission).
    for _ in 0..3 {
        em.push_script(Script::new().status(429, problems::too_many_connections()));
    }
    let c = em
        .client_builder()
        .take_over_connections(true)
        .max_retries(1)
        .build()
        .unwrap();
    let mut s = c.sample(StreamParams::new()).unwrap();
    let mut refusals = 0;
    while let Some(e) = bounded("events", s.next()).await {
        refusals += usize::from(matches!(e, StreamEvent::RequestError(_)));
    }
    assert_eq!(refusals, 2);
    let deletes = paths(&em)
        .iter()
        .filter(|p| p.starts_with("DELETE"))
        .count();
    assert_eq!(deletes, 1, "{:?}", paths(&em));
}
