//! gzip against a server nobody here wrote: nginx compressing a stream file on the fly
//! (zlib's encoder, nginx's own buffering and chunking) must come out line for line.
//! `.ci/run` installs nginx-light; without it the test is skipped (failed on CI), see
//! tests/support/external.rs.

mod support;
use support::deadline;
#[allow(dead_code)]
use support::external;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use deadline::bounded;
use futures_util::StreamExt as _;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tweetstream::emulator::generator::Generator;
use tweetstream::{StreamEndpoint, StreamEvent, StreamParams, StreamingClient};

const PATH: &str = "/2/tweets/firehose/stream";

struct Nginx {
    port: u16,
    child: Child,
    dir: PathBuf,
}

impl Nginx {
    /// Serves `body` at [`PATH`] with `gzip on` for JSON; `None` when nginx is missing
    /// (and not on CI).
    async fn start(body: &[u8]) -> Option<Nginx> {
        let binary = external::program("nginx", "nginx-light")?;
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let dir = std::env::temp_dir().join(format!("tweetstream-nginx-gzip-{port}"));
        let www = dir.join("www").join(&PATH[1..PATH.rfind('/').unwrap()]);
        std::fs::create_dir_all(&www).expect("temp dir");
        std::fs::write(www.join("stream"), body).expect("stream file");
        let d = dir.display();
        let conf = format!(
            "daemon off; master_process off; pid {d}/nginx.pid; error_log {d}/error.log;
             events {{}}
             http {{
               access_log off; default_type application/json;
               client_body_temp_path {d}/t1; proxy_temp_path {d}/t2; fastcgi_temp_path {d}/t3;
               uwsgi_temp_path {d}/t4; scgi_temp_path {d}/t5;
               gzip on; gzip_types application/json; gzip_min_length 0;
               server {{ listen 127.0.0.1:{port}; root {d}/www; }}
             }}"
        );
        let conf_path = dir.join("nginx.conf");
        std::fs::write(&conf_path, conf).expect("write config");
        let nginx = Nginx {
            port,
            dir,
            child: Command::new(binary)
                .arg("-e")
                .arg("stderr")
                .arg("-c")
                .arg(&conf_path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start nginx"),
        };
        // Wait until it listens: a readiness condition, bounded, not a fixed sleep.
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Some(nginx);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("nginx did not start listening on {port}");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test]
async fn nginx_gzip_inflates_line_for_line() {
    let mut g = Generator::full(42);
    let lines: Vec<String> = (0..300).map(|_| g.next_line()).collect();
    let mut body = lines.join("\r\n").into_bytes();
    body.extend_from_slice(b"\r\n\r\n"); // and one keep-alive
    let Some(nginx) = Nginx::start(&body).await else {
        return;
    };

    // nginx really compresses this response (a raw request, headers read by hand).
    let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", nginx.port))
        .await
        .unwrap();
    let head = format!(
        "GET {PATH} HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    bounded("nginx's response", tcp.read_to_end(&mut response))
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&response).to_ascii_lowercase();
    assert!(text.contains("content-encoding: gzip"), "{}", &text[..300]);
    assert!(
        response.len() * 3 < body.len(),
        "gzip on the wire: {} of {} bytes",
        response.len(),
        body.len()
    );

    let client = StreamingClient::builder("any")
        .base_url(format!("http://127.0.0.1:{}", nginx.port))
        .gzip(true)
        .build()
        .unwrap();
    let params = StreamParams::new().partition(1);
    let mut stream = client
        .stream(StreamEndpoint::Firehose, params)
        .unwrap()
        .raw();
    let (mut got, mut keep_alives) = (Vec::new(), 0);
    while let Some(e) = bounded("the next event", stream.next()).await {
        match e {
            StreamEvent::Raw(line) => got.push(String::from_utf8(line.to_vec()).unwrap()),
            StreamEvent::KeepAlive => keep_alives += 1,
            StreamEvent::Undecodable(u) => panic!("{u:?}"),
            StreamEvent::ConnectionError(e) => panic!("{e:?}"),
            // nginx ends the file: the stream would reconnect; one copy is enough.
            StreamEvent::Closed(_) => break,
            _ => {}
        }
    }
    assert_eq!(got, lines);
    assert_eq!(keep_alives, 1);
}
