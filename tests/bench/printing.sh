#!/usr/bin/env bash
# PDF speed: our renderer (release build) against pdfmake in Node on the same A4 receipt and the
# same 1,000 labels, and — when Debian's chromium is installed — headless Chromium printing the
# equivalent HTML receipt to PDF. Prints each and the ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
ours="$(cargo run -q --release -p onewindow-documents --example pdf_bench)"
theirs="$(node tests/bench/pdf-pdfmake.mjs 2>/dev/null | tail -1)"
echo "$ours"
echo "$theirs"
chromium_ms=""
if command -v chromium >/dev/null; then
  html="$(mktemp --suffix=.html)"
  out="$(mktemp --suffix=.pdf)"
  cp tests/bench/receipt.html "$html"
  runs=5
  start=$(date +%s%N)
  for _ in $(seq $runs); do
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --no-pdf-header-footer \
      --print-to-pdf="$out" "file://$html" >/dev/null 2>&1
  done
  chromium_ms=$(( ($(date +%s%N) - start) / 1000000 / runs ))
  echo "{\"engine\":\"headless chromium\",\"receipt_ms\":$chromium_ms,\"receipt_bytes\":$(stat -c %s "$out")}"
fi
node -e '
const [o, t, c] = process.argv.slice(1)
const ours = JSON.parse(o), them = JSON.parse(t)
console.log(`receipt: pdfmake / ours = ${(them.receipt_ms / ours.receipt_ms).toFixed(1)}x; ours ${ours.receipt_bytes} bytes`)
console.log(`1,000 labels: pdfmake / ours = ${(them.labels_1000_ms / ours.labels_1000_ms).toFixed(1)}x`)
if (c) console.log(`receipt: chromium / ours = ${(Number(c) / ours.receipt_ms).toFixed(0)}x`)
' "$ours" "$theirs" "$chromium_ms"
