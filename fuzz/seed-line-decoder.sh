#!/usr/bin/env bash
# Seeds fuzz/corpus/line_decoder (git-ignored) with realistic stream lines:
# X's documented examples (tests/fixtures/*.jsonl, one object a line), a few hand-made
# edge cases, and lines of the emulator's generator (all fields and expansions) written by
# `cargo run --example soak -- --write-corpus DIR`.
# Usage: fuzz/seed-line-decoder.sh [--no-generator]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/fuzz/corpus/line_decoder"
mkdir -p "$dir"
n=0
for f in "$root"/tests/fixtures/*.jsonl; do
  while IFS= read -r line || [[ -n "$line" ]]; do
    [[ -z "$line" ]] && continue
    n=$((n + 1))
    printf '%s' "$line" > "$dir/fixture-$(basename "$f" .jsonl)-$n"
  done < "$f"
done
printf '%s' '{"errors":[{"title":"operational-disconnect","disconnect_type":"OperationalDisconnect","detail":"This stream has been disconnected for operational reasons.","type":"https://api.twitter.com/2/problems/operational-disconnect"}]}' > "$dir/edge-operational-disconnect"
printf '%s' '{"data":{"id":"1","text":"x","edit_history_tweet_ids":["1"]},"matching_rules":[{"id":"7","tag":""}]}' > "$dir/edge-minimal"
printf '{"data":{"id":"9","text":"\xff\xfe"}}' > "$dir/edge-not-utf8"
printf '%s' '{"data":{"id":"oops"}}' > "$dir/edge-shape"
printf '%s' '{"data": not json' > "$dir/edge-not-json"
if [[ "${1:-}" != "--no-generator" ]]; then
  (cd "$root" && cargo run --quiet --release --example soak -- --write-corpus "$dir" --corpus-lines 32)
fi
echo "seeded $(ls "$dir" | wc -l) files in $dir"
