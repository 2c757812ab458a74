//! A server nobody here wrote: Python's standard-library `http.server`, answering each
//! request with the next [`Answer`] of a plan (the last one repeats), and then doing what
//! the answer says with the connection: close it, reset it, or keep it. It binds a free
//! port itself and prints it, so there is no port race. It logs every request with its
//! `time.monotonic()`, read back with [`PyServer::requests`].

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::external::program;

const SERVER: &str = r#"
import json, socket, struct, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

plan = json.loads(sys.argv[1])
log = []
lock = threading.Lock()

class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self):
        if self.path == "/__log":
            with lock:
                body = json.dumps(log).encode()
            self.protocol_version = "HTTP/1.0"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        length = int(self.headers.get("Content-Length") or 0)
        sent = self.rfile.read(length).decode() if length else ""
        with lock:
            log.append({"t": time.monotonic(), "method": self.command, "path": self.path,
                        "body": sent})
            spec = plan[min(len(log), len(plan)) - 1]
        self.protocol_version = spec["version"]
        if spec.get("stdlib_error"):
            # http.server's own HTML error page: Content-Length, Connection: close.
            self.send_error(spec["status"])
            return
        body = spec["body"].encode()
        self.send_response(spec["status"])
        for name, value in spec["headers"]:
            self.send_header(name, value)
        if spec["length"]:
            self.send_header("Content-Length", str(len(body)))
        if spec["after"] != "keep-alive" and spec["version"] == "HTTP/1.1":
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()
        if spec["after"] == "reset":
            # RST instead of FIN, right after the last byte of the body.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        self.close_connection = spec["after"] != "keep-alive"

    do_GET = answer
    do_POST = answer

class Server(ThreadingHTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address):
        pass

server = Server(("127.0.0.1", 0), Handler)
print("PORT", server.server_address[1], flush=True)
server.serve_forever()
"#;

/// One answer of the plan: by default HTTP/1.1 with `Content-Length` and
/// `Connection: close`, then the server closes.
#[derive(Debug, Clone)]
pub struct Answer(Value);

impl Answer {
    pub fn status(status: u16) -> Answer {
        Answer(json!({
            "status": status, "version": "HTTP/1.1", "headers": [], "body": "",
            "length": true, "after": "close",
        }))
    }

    /// An RFC 7807 problem body, as X sends.
    pub fn problem(status: u16, title: &str) -> Answer {
        let body =
            json!({"title": title, "detail": title, "type": "about:blank", "status": status});
        Answer::status(status)
            .header("Content-Type", "application/problem+json")
            .body(&body.to_string())
    }

    /// A JSON body.
    pub fn json(status: u16, body: &Value) -> Answer {
        Answer::status(status)
            .header("Content-Type", "application/json; charset=utf-8")
            .body(&body.to_string())
    }

    /// http.server's own `send_error` page (HTML, `Content-Length`, `Connection: close`,
    /// HTTP/1.0).
    pub fn stdlib_error(status: u16) -> Answer {
        let mut a = Answer::status(status).http10();
        a.0["stdlib_error"] = json!(true);
        a
    }

    pub fn header(mut self, name: &str, value: &str) -> Answer {
        self.0["headers"]
            .as_array_mut()
            .unwrap()
            .push(json!([name, value]));
        self
    }

    pub fn body(mut self, body: &str) -> Answer {
        self.0["body"] = json!(body);
        self
    }

    /// `HTTP/1.0`, with no `Connection` header (a 1.0 server closes anyway).
    pub fn http10(mut self) -> Answer {
        self.0["version"] = json!("HTTP/1.0");
        self
    }

    /// No `Content-Length`: the body runs until the close (HTTP/1.0 only).
    pub fn until_close(mut self) -> Answer {
        self.0["length"] = json!(false);
        self.http10()
    }

    /// Claim a `Content-Length` of `n` whatever the body's length (with a shorter body and
    /// [`reset_after`](Self::reset_after): a body cut off).
    pub fn claim_length(mut self, n: usize) -> Answer {
        self.0["length"] = json!(false);
        self.header("Content-Length", &n.to_string())
    }

    /// After the body, a TCP reset instead of a clean close.
    pub fn reset_after(mut self) -> Answer {
        self.0["after"] = json!("reset");
        self
    }

    /// Keep the connection open after the answer.
    pub fn keep_alive(mut self) -> Answer {
        self.0["after"] = json!("keep-alive");
        self
    }
}

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Its arrival, in seconds of the server's monotonic clock.
    pub t: f64,
    pub method: String,
    pub path: String,
    pub body: String,
}

pub struct PyServer {
    pub port: u16,
    child: Child,
}

impl PyServer {
    /// Starts the server with this plan; `None` when python3 is missing (and not on CI).
    pub fn start(plan: &[Answer]) -> Option<PyServer> {
        let python = program("python3", "python3")?;
        let plan = Value::Array(plan.iter().map(|a| a.0.clone()).collect());
        let mut child = Command::new(python)
            .args(["-u", "-c", SERVER, &plan.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start python3");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .expect("read the port");
        let port = line
            .strip_prefix("PORT ")
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or_else(|| panic!("python3 http.server did not start: {line:?}"));
        Some(PyServer { port, child })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Every request so far, in order.
    pub async fn requests(&self) -> Vec<Seen> {
        let mut tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .expect("connect to the log");
        tcp.write_all(b"GET /__log HTTP/1.0\r\n\r\n").await.unwrap();
        let mut raw = Vec::new();
        tcp.read_to_end(&mut raw).await.unwrap();
        let text = String::from_utf8(raw).unwrap();
        let (_, body) = text.split_once("\r\n\r\n").expect("a head");
        let log: Vec<Value> = serde_json::from_str(body).expect("the log");
        log.into_iter()
            .map(|v| Seen {
                t: v["t"].as_f64().unwrap(),
                method: v["method"].as_str().unwrap().to_owned(),
                path: v["path"].as_str().unwrap().to_owned(),
                body: v["body"].as_str().unwrap().to_owned(),
            })
            .collect()
    }

    /// The gaps between consecutive requests, in seconds.
    pub async fn gaps(&self) -> Vec<f64> {
        let seen = self.requests().await;
        seen.windows(2).map(|w| w[1].t - w[0].t).collect()
    }
}

impl Drop for PyServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
