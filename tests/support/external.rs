//! External programs the tests start (nginx, python3, tinyproxy, nats-server): found, or the
//! test is skipped with a clear message, so that `cargo test` runs on a fresh machine; on CI
//! (`CI=true`, which `.ci/run` sets after installing them) a missing one fails.
//!
//! One rule finds every one of them ([`program`]), and the tests spawn the path it returns,
//! so a program is run from where it was found.

use std::path::{Path, PathBuf};

/// Whether this run is on CI, where every interop test must run.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Where Debian installs daemons, searched after `PATH` (a non-root `PATH` often lacks sbin).
const SYSTEM_DIRS: [&str; 2] = ["/usr/sbin", "/usr/bin"];

/// The program `name`: the first match on `PATH`, else in /usr/sbin or /usr/bin. Spawn the
/// path returned. `None` means skip the test (a failure on CI).
pub fn program(name: &str, package: &str) -> Option<PathBuf> {
    let found = find(name);
    report(found, name, package)
}

fn find(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SYSTEM_DIRS.iter().map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
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
