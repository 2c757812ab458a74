//! Captures all tracing output (and `log` records, through tracing-log) of the test binary at
//! TRACE level into one shared buffer, so tests can search what a user's log would hold.
//!
#![allow(dead_code)]

use std::io;
use std::sync::{Arc, Mutex, OnceLock};

use tracing_subscriber::fmt::MakeWriter;

/// The shared buffer every capturing writer appends to.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// Everything logged so far, as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Captured {
        self.clone()
    }
}

/// Installs (once per test binary) a global TRACE subscriber writing into the returned
/// buffer, with every field, target, span and thread, and no colours.
pub fn global() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_writer(captured.clone())
                .with_ansi(false)
                .with_target(true)
                .with_thread_names(true)
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
                .try_init()
                .expect("no other global subscriber in this test binary");
            captured
        })
        .clone()
}
