//! Running the built `tweetstream` binary as a user does, with every wait bounded: a
//! process is read as it runs (stdout and stderr on their own threads), and a test waits
//! for what it printed or wrote, never for a fixed time.

#![allow(dead_code)]

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest any single wait in these tests may take.
pub const LIMIT: Duration = Duration::from_secs(60);

/// `tweetstream ARGS`, with no `X_BEARER_TOKEN` unless a test sets one.
pub fn tweetstream(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tweetstream"));
    cmd.args(args)
        .env_remove("X_BEARER_TOKEN")
        .stdin(Stdio::null());
    cmd
}

/// A running `tweetstream`, its output collected as it comes.
pub struct Running {
    child: Child,
    stdout: Arc<Mutex<Vec<u8>>>,
    stderr: Arc<Mutex<Vec<u8>>>,
    readers: Vec<std::thread::JoinHandle<()>>,
}

/// What a finished run left.
#[derive(Debug)]
pub struct Finished {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

fn collect(
    mut from: impl std::io::Read + Send + 'static,
    into: Arc<Mutex<Vec<u8>>>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => into.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
    })
}

pub fn spawn(mut cmd: Command) -> Running {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tweetstream");
    let stdout = Arc::new(Mutex::new(Vec::new()));
    let stderr = Arc::new(Mutex::new(Vec::new()));
    let readers = vec![
        collect(child.stdout.take().unwrap(), Arc::clone(&stdout)),
        collect(child.stderr.take().unwrap(), Arc::clone(&stderr)),
    ];
    Running {
        child,
        stdout,
        stderr,
        readers,
    }
}

/// Runs to the end (bounded).
pub fn run(cmd: Command) -> Finished {
    spawn(cmd).wait()
}

/// Waits (polling every 10 ms, at most [`LIMIT`]) until `ready` holds.
pub fn until(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < LIMIT,
            "timed out after {LIMIT:?} waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Running {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().unwrap()).into_owned()
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout.lock().unwrap()).into_owned()
    }

    /// Waits until stderr satisfies `ready`; returns it.
    pub fn wait_for_stderr(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        until(&format!("{what} on stderr"), || ready(&self.stderr()));
        self.stderr()
    }

    /// Sends a signal (SIGINT, SIGTERM, SIGKILL).
    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on our own child's pid.
        #[allow(unsafe_code)]
        let r = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(r, 0, "kill({}, {sig})", self.pid());
    }

    /// Waits for the exit (at most [`LIMIT`], then kills and fails).
    pub fn wait(mut self) -> Finished {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                break status;
            }
            if start.elapsed() > LIMIT {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!(
                    "tweetstream did not exit within {LIMIT:?}; stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        for r in self.readers.drain(..) {
            r.join().unwrap();
        }
        Finished {
            code: status.code(),
            stdout: self.stdout(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A fresh directory under the system's temp dir.
pub fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "tweetstream-cli-test-{name}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A multi-thread runtime for servers the test starts (the emulator, a hostile server):
/// they run on its workers while the test thread waits on processes.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The `data.id` of each JSON line (`None` for a line without one).
pub fn ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let v: serde_json::Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}"));
            v["data"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("no data.id: {l}"))
                .to_owned()
        })
        .collect()
}

/// Every file of a rotation set in name order, plain or gzipped, read whole.
pub fn read_set(dir: &Path, prefix: &str) -> (Vec<String>, String) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    let mut text = String::new();
    for n in &names {
        let bytes = std::fs::read(dir.join(n)).unwrap();
        if n.ends_with(".gz") {
            let mut d = flate2::read::MultiGzDecoder::new(&bytes[..]);
            d.read_to_string(&mut text).unwrap();
        } else {
            text.push_str(std::str::from_utf8(&bytes).unwrap());
        }
    }
    (names, text)
}

/// Text a person reads must hold no Debug output.
pub fn assert_no_debug_text(text: &str) {
    for bad in ["Some(", "None", "Ok(", "Err(", " { "] {
        assert!(!text.contains(bad), "Debug text {bad:?} in:\n{text}");
    }
}
