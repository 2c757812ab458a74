//! Runs Debian's `nats-server -js` (a real JetStream server) on a free loopback port for one
//! test, with its own store directory. `.ci/run` installs it; without it the test is skipped
//! (failed on CI), see `external.rs`.

use std::net::TcpListener;

use async_nats::jetstream::context::GetStreamErrorKind;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct NatsServer {
    pub port: u16,
    binary: PathBuf,
    dir: PathBuf,
    child: Option<Child>,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl NatsServer {
    /// Starts a server on a free port; another process may take the port between choosing and
    /// binding it, so a server that exits at once is retried on a new port.
    /// `None` when nats-server is not installed (the test is skipped).
    pub async fn start() -> Option<NatsServer> {
        let binary = super::external::program("nats-server", "nats-server")?;
        for _ in 0..5 {
            let port = free_port();
            let dir = std::env::temp_dir()
                .join(format!("tweetstream-nats-{}-{port}", std::process::id()));
            std::fs::create_dir_all(&dir).expect("store dir");
            if let Some(child) = spawn_ready(&binary, port, &dir).await {
                return Some(NatsServer {
                    port,
                    binary,
                    dir,
                    child: Some(child),
                });
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
        panic!("nats-server did not start on any of 5 free ports");
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Stops the server gracefully (SIGTERM, as a service manager does) and waits for it.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // SAFETY: plain kill(2) on the pid of a child this harness started and has not reaped.
        #[allow(unsafe_code)]
        unsafe {
            libc::kill(child.id() as libc::pid_t, libc::SIGTERM)
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts the server again on the same port with the same store.
    pub async fn restart(&mut self) {
        self.stop();
        for _ in 0..20 {
            if let Some(child) = spawn_ready(&self.binary, self.port, &self.dir).await {
                self.child = Some(child);
                return;
            }
        }
        panic!("nats-server did not restart on port {}", self.port);
    }
}

/// Spawns the server and waits until a client can connect and JetStream answers, bounded; `None`
/// if the process exits first (the port was taken).
async fn spawn_ready(binary: &std::path::Path, port: u16, dir: &std::path::Path) -> Option<Child> {
    let mut child = Command::new(binary)
        .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nats-server");
    let url = format!("nats://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut last_error = String::new();
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return None;
        }
        match async_nats::connect(&url).await {
            // JetStream answers (a stream, or "stream not found") once it is up.
            Ok(client) => match async_nats::jetstream::new(client)
                .get_stream("READINESS_PROBE")
                .await
            {
                Ok(_) => return Some(child),
                Err(e) if matches!(e.kind(), GetStreamErrorKind::JetStream(_)) => {
                    return Some(child);
                }
                Err(e) => last_error = format!("JetStream: {e}"),
            },
            Err(e) => last_error = format!("connect: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("nats-server on {port} did not become ready in 30 s ({last_error})");
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
