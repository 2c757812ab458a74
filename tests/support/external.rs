//! External programs the interop tests start (nginx, python3): found, or the test is
//! skipped with a clear message, except on CI (`CI=true`), where a missing one fails.

use std::path::{Path, PathBuf};

/// Whether this run is on CI, where every interop test must run.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The program at `path` (absolute) or on `PATH` (a bare name); `None` means skip the test.
pub fn program(name: &str, package: &str) -> Option<PathBuf> {
    let found = if Path::new(name).is_absolute() {
        Some(PathBuf::from(name)).filter(|p| p.is_file())
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    };
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
