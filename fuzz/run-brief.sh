#!/usr/bin/env bash
# Runs every fuzz target briefly (CI). Usage: fuzz/run-brief.sh [seconds per target, default 30]
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use its nightly-only flags.
set -euo pipefail

secs="${1:-30}"
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
for target in $(cargo fuzz list); do
    echo "== fuzzing ${target} for ${secs}s"
    cargo fuzz run --debug-assertions "${target}" -- -max_total_time="${secs}"
done
