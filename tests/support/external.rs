//! External programs the tests start (nginx, python3, tinyproxy, nats-server): found, or the
//! test is skipped with a clear message, so that `cargo test` runs on a fresh machine; on CI
//! (`CI=true`, which `.ci/run` sets after installing them) a missing one fails.

use std::path::{Path, PathBuf};

/// Whether this run is on CI, where every interop test must run.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The program at `path` (absolute) or on `PATH` (a bare name); `None` means skip the test.
pub fn program(name: &str, package: &str) -> Option<PathBuf> {
    let found = find(name);
    report(found, name, package)
}

/// The first of `paths` (absolute) that exists, else `name` on `PATH`; `None`: skip.
pub fn program_at(paths: &[&str], name: &str, package: &str) -> Option<PathBuf> {
    let found = paths
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| find(name));
    report(found, name, package)
}

fn find(name: &str) -> Option<PathBuf> {
    if Path::new(name).is_absolute() {
        Some(PathBuf::from(name)).filter(|p| p.is_file())
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    }
}

fn report(found: Option<PathBuf>, name: &str, package: &str) -> Option<PathBuf> {
    if found.is_none() {
        assert!(
            !on_ci(),
            "{name} is missing on CI: .ci/run must install the Debian package {package}"
        );
        eprintln!(
            "SKIPPED: {name} not found (apt-get install {package}; .ci/run does). \
             With CI=true this is a failure."
        );
    }
    found
}
