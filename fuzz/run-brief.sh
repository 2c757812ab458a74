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

# Every target source must run: a failed or short `cargo fuzz list` (a target missing from
# fuzz/Cargo.toml, say) must not pass as a run that fuzzed everything.
expected="$(find fuzz/fuzz_targets -maxdepth 1 -name '*.rs' -printf '%f\n' | sed 's/\.rs$//' | sort)"
if [ -z "${expected}" ]; then
    echo "no fuzz targets under fuzz/fuzz_targets/" >&2
    exit 1
fi
listed="$(cargo fuzz list)"
if [ "$(sort <<<"${listed}")" != "${expected}" ]; then
    printf 'cargo fuzz list gave:\n%s\nbut fuzz/fuzz_targets/ holds:\n%s\n' "${listed:-(nothing)}" "${expected}" >&2
    exit 1
fi

cargo fuzz build "${flags[@]}"
ran=()
for target in ${listed}; do
    echo "== fuzzing ${target} for ${secs}s"
    cargo fuzz run "${flags[@]}" "${target}" -- -max_total_time="${secs}"
    ran+=("${target}")
done
if [ "$(printf '%s\n' "${ran[@]}" | sort)" != "${expected}" ]; then
    echo "fuzzed only: ${ran[*]:-(nothing)}" >&2
    exit 1
fi
echo "fuzzed all $(wc -l <<<"${expected}") targets: ${ran[*]}"
