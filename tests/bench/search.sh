#!/usr/bin/env bash
# Search over a 5,000-item catalog: the backend's Rust index against the same search done in the
# frontend with pinyin-pro, on the same names and queries, in one run. Prints both and the ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
data="$(mktemp --suffix=.json)"
trap 'rm -f "$data"' EXIT
rust="$(cargo run -q --release -p onewindow-domain --example search_bench -- "$data")"
js="$(node tests/bench/search-pinyin-pro.mjs "$data")"
echo "$rust"
echo "$js"
node -e '
const [r, j] = process.argv.slice(1).map(JSON.parse)
console.log(`pinyin-pro / Rust: ${(j.us_per_query / r.us_per_query).toFixed(1)}x (Rust ${r.us_per_query.toFixed(1)} µs/query, JS ${j.us_per_query.toFixed(1)} µs/query)`)
' "$rust" "$js"
