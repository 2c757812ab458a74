//! Runs Debian's tinyproxy (an HTTP CONNECT proxy) on a free loopback port for one test.
//! `.ci/run` installs it; without it the test is skipped (failed on CI), see `external.rs`.
//!
//! tinyproxy cannot be handed a bound socket, so the port is picked free and released
//! before it binds: another process may take it meanwhile. Then tinyproxy exits ("Could
//! not create listening sockets") or, if it is slower to start, something else answers on
//! the port; either way the start is retried on a fresh port, and a proxy is only handed
//! out once tinyproxy itself has answered there.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

/// Fresh ports to try before giving up.
const ATTEMPTS: usize = 10;

/// A port free now (released at once: another process may take it before tinyproxy does).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

pub struct TinyProxy {
    pub port: u16,
    child: Child,
    dir: PathBuf,
}

fn binary() -> Option<PathBuf> {
    super::external::program("tinyproxy", "tinyproxy-bin")
}

impl TinyProxy {
    /// Starts tinyproxy requiring `user:pass` (Basic) when `auth` is given; `None` when
    /// tinyproxy is not installed (the test is skipped).
    pub async fn start(auth: Option<(&str, &str)>) -> Option<TinyProxy> {
        Self::start_trying(std::iter::repeat_with(free_port), auth).await
    }

    /// Starts tinyproxy on the first of `ports` it can bind (at most [`ATTEMPTS`] tried).
    pub async fn start_trying(
        ports: impl IntoIterator<Item = u16>,
        auth: Option<(&str, &str)>,
    ) -> Option<TinyProxy> {
        binary()?;
        for port in ports.into_iter().take(ATTEMPTS) {
            if let Some(proxy) = Self::start_on(port, auth).await {
                return Some(proxy);
            }
        }
        panic!("tinyproxy could not bind a free port in {ATTEMPTS} attempts");
    }

    /// Starts tinyproxy on `port`; `None` when it exited because the port is taken.
    pub async fn start_on(port: u16, auth: Option<(&str, &str)>) -> Option<TinyProxy> {
        let dir = std::env::temp_dir().join(format!("tweetstream-tinyproxy-{port}"));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut conf = format!(
            "Port {port}\nListen 127.0.0.1\nTimeout 60\nAllow 127.0.0.1\nMaxClients 20\nLogLevel Info\n"
        );
        if let Some((user, pass)) = auth {
            conf.push_str(&format!("BasicAuth {user} {pass}\n"));
        }
        let conf_path = dir.join("tinyproxy.conf");
        std::fs::write(&conf_path, conf).expect("write config");
        let binary = binary()?;
        let mut proxy = TinyProxy {
            port,
            dir,
            child: Command::new(binary)
                .arg("-d")
                .arg("-c")
                .arg(&conf_path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start tinyproxy"),
        };
        // Wait until it answers: a readiness condition, bounded, not a fixed sleep.
        for _ in 0..200 {
            if proxy
                .child
                .try_wait()
                .expect("tinyproxy's status")
                .is_some()
            {
                return None;
            }
            if proxy.answers().await {
                return Some(proxy);
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("tinyproxy did not start listening on {port}");
    }

    /// Whether tinyproxy (and not another process) answers on the port: any request to it
    /// gets a response naming it in `Server:`.
    async fn answers(&self) -> bool {
        let probe = async {
            let mut conn = tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await?;
            conn.write_all(b"GET / HTTP/1.0\r\n\r\n").await?;
            let mut response = Vec::new();
            conn.read_to_end(&mut response).await?;
            std::io::Result::Ok(response)
        };
        match tokio::time::timeout(Duration::from_secs(1), probe).await {
            Ok(Ok(response)) => String::from_utf8_lossy(&response).contains("Server: tinyproxy"),
            _ => false,
        }
    }

    pub fn url(&self, credentials: Option<&str>) -> String {
        match credentials {
            Some(c) => format!("http://{c}@127.0.0.1:{}", self.port),
            None => format!("http://127.0.0.1:{}", self.port),
        }
    }
}

impl Drop for TinyProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
