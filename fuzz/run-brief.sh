#!/usr/bin/env bash
# Runs every fuzz target briefly (CI smoke run). Usage: fuzz/run-brief.sh [seconds per target, default 20]
# The toolchain is stable: RUSTC_BOOTSTRAP=1 lets cargo-fuzz use its nightly-only flags.
# CI builds in dev mode without a sanitizer (the crate has no unsafe code) to keep the build
# short; the long runs reported in the issues use the default release + AddressSanitizer build:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run <target> -- -runs=10000000
set -euo pipefail

secs="${1:-20}"
cd "$(dirname "$0")/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install --locked cargo-fuzz
fi

export RUSTC_BOOTSTRAP=1
flags=(--dev --sanitizer none)
cargo fuzz build "${flags[@]}"
for target in $(cargo fuzz list); do
    echo "== fuzzing ${target} for ${secs}s"
    cargo fuzz run "${flags[@]}" "${target}" -- -max_total_time="${secs}"
done
