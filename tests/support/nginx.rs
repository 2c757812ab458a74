//! Runs Debian's nginx (`nginx-light`) for one test: a TLS-terminating reverse proxy in
//! front of an upstream on loopback, `proxy_buffering off`, with a certificate from a test
//! CA made here. Not a daemon, one process, everything (config, pid, logs, temp paths) in
//! a temp dir. The port: a free one is picked and, if nginx loses it to someone else before
//! binding, another is tried.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, SanType};

use super::external::program;

pub struct Nginx {
    pub port: u16,
    /// The PEM of the CA that signed nginx's certificate (for 127.0.0.1).
    pub ca_pem: String,
    child: Child,
    dir: PathBuf,
}

/// A CA and a server certificate for 127.0.0.1 it signed: (CA PEM, cert PEM, key PEM).
fn test_pki() -> (String, String, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "tweetstream interop CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
    params
        .subject_alt_names
        .push(SanType::IpAddress([127, 0, 0, 1].into()));
    let cert = params.signed_by(&key, &ca_cert, &ca_key).unwrap();
    (ca_cert.pem(), cert.pem(), key.serialize_pem())
}

fn config(dir: &std::path::Path, port: u16, upstream: u16, read_timeout: Duration) -> String {
    let d = dir.display();
    let read_ms = read_timeout.as_millis();
    format!(
        "daemon off;
master_process off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    server_tokens off;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {d}/server.pem;
        ssl_certificate_key {d}/server.key;
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
            proxy_buffering off;
            proxy_connect_timeout 2s;
            proxy_read_timeout {read_ms}ms;
        }}
    }}
}}
"
    )
}

impl Nginx {
    /// nginx in front of `upstream` (a loopback port); it answers 504 itself when the
    /// upstream sends no head within `read_timeout`, 502 when nothing listens there.
    /// `None` when nginx is missing (and not on CI).
    pub async fn start(upstream: u16, read_timeout: Duration) -> Option<Nginx> {
        let binary = program("nginx", "nginx-light")?;
        let (ca_pem, cert_pem, key_pem) = test_pki();
        for _ in 0..10 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .expect("free port")
                .port();
            let dir = std::env::temp_dir().join(format!("tweetstream-nginx-{port}"));
            std::fs::create_dir_all(&dir).expect("temp dir");
            std::fs::write(dir.join("server.pem"), &cert_pem).unwrap();
            std::fs::write(dir.join("server.key"), &key_pem).unwrap();
            std::fs::write(
                dir.join("nginx.conf"),
                config(&dir, port, upstream, read_timeout),
            )
            .unwrap();
            let mut child = Command::new(&binary)
                .arg("-p")
                .arg(&dir)
                .arg("-c")
                .arg(dir.join("nginx.conf"))
                .arg("-e")
                .arg(dir.join("error.log"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start nginx");
            // Ready when it accepts; gone when it could not bind (then another port).
            for _ in 0..400 {
                if let Some(status) = child.try_wait().unwrap() {
                    let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                    let _ = std::fs::remove_dir_all(&dir);
                    if log.contains("Address already in use") {
                        break;
                    }
                    panic!("nginx exited ({status}): {log}");
                }
                if tokio::net::TcpStream::connect(("127.0.0.1", port))
                    .await
                    .is_ok()
                {
                    return Some(Nginx {
                        port,
                        ca_pem,
                        child,
                        dir,
                    });
                }
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            if child.try_wait().unwrap().is_none() {
                let _ = child.kill();
                let _ = child.wait();
                panic!("nginx did not start listening on {port}");
            }
        }
        panic!("nginx could not bind a free port in 10 tries");
    }

    pub fn url(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    /// The statuses nginx logged, one per request it answered, in order, once there are
    /// at least `n` (nginx logs a request after its response went out, so the client may
    /// be done first); bounded polling of the log, not a fixed sleep.
    pub async fn logged_statuses(&self, n: usize) -> Vec<u16> {
        for _ in 0..200 {
            let statuses = self.read_log();
            if statuses.len() >= n {
                return statuses;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.read_log()
    }

    fn read_log(&self) -> Vec<u16> {
        std::fs::read_to_string(self.dir.join("access.log"))
            .unwrap_or_default()
            .lines()
            // combined format: ... "GET /path HTTP/1.1" 502 157 "-" "ua"
            .filter_map(|l| l.split('"').nth(2)?.split_whitespace().next()?.parse().ok())
            .collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
