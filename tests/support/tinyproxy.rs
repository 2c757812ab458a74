//! Runs Debian's tinyproxy (an HTTP CONNECT proxy) on a free loopback port for one test.
//! `.ci/run` installs it; a missing binary fails the test with a clear message.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct TinyProxy {
    pub port: u16,
    child: Child,
    dir: PathBuf,
}

impl TinyProxy {
    /// Starts tinyproxy requiring `user:pass` (Basic) when `auth` is given.
    pub async fn start(auth: Option<(&str, &str)>) -> TinyProxy {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
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
        let binary = ["/usr/bin/tinyproxy", "/usr/sbin/tinyproxy"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("tinyproxy is not installed: apt-get install tinyproxy-bin (.ci/run does)");
        let proxy = TinyProxy {
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
        // Wait until it listens: a readiness condition, bounded, not a fixed sleep.
        for _ in 0..200 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return proxy;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("tinyproxy did not start listening on {port}");
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
