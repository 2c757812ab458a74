//! Resident memory of this process, for the soak and perf examples.

/// `(VmRSS, VmHWM)` in KiB, from /proc/self/status (zeros where it is not available).
pub fn rss_kib() -> (u64, u64) {
    rss_kib_of("self")
}

/// `(VmRSS, VmHWM)` in KiB of process `pid` ("self" for this one), from /proc/PID/status.
pub fn rss_kib_of(pid: &str) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}
