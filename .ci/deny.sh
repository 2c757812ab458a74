#!/usr/bin/env bash
# Dependency policy (deny.toml): banned crates and duplicate stacks, licenses, sources.
# The advisories check is left out: its database cannot be fetched on this project's machines.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! cargo deny --version >/dev/null 2>&1; then
  echo "installing cargo-deny" >&2
  cargo install --locked cargo-deny
fi
cargo deny --version
cargo deny check bans licenses sources
