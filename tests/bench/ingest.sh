#!/usr/bin/env bash
# Scan ingest throughput (recognise + hash + store + record, one file at a time, durably) against
# `cp` + `sha256sum` of the same files, and the case file of 20 A4 pages at 300 dpi against
# ImageMagick re-encoding the same JPEGs into a PDF. Release builds; prints the ratios.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}" SQLX_OFFLINE=true
cargo build -q --release -p onewindow-cli -p onewindow-scans --example make_scans --example case_file_bench
bin="$CARGO_TARGET_DIR/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/examples/make_scans" "$work/src" 400 mixed
bytes=$(du -sb "$work/src" | cut -f1)

mkdir "$work/cp"
start=$(date +%s%N)
cp "$work/src"/* "$work/cp/"
sha256sum "$work/cp"/* > /dev/null
sync
baseline_ns=$(( $(date +%s%N) - start ))

"$bin/onewindow" --db "$work/data/o.db" db migrate > /dev/null
cp -r "$work/src" "$work/inbox"
sync
start=$(date +%s%N)
"$bin/onewindow" --db "$work/data/o.db" scan ingest --inbox "$work/inbox" --once --settle-ms 0 > "$work/out.jsonl"
ours_ns=$(( $(date +%s%N) - start ))
stored=$(grep -c '"stored"' "$work/out.jsonl")

mb() { echo "scale=1; $bytes / 1048576 / ($1 / 1000000000)" | bc; }
echo "files: 400 ($((bytes / 1048576)) MB), stored $stored"
echo "cp + sha256sum: $(mb $baseline_ns) MB/s"
echo "onewindow scan ingest: $(mb $ours_ns) MB/s"
echo "ingest / (cp + sha256sum) = $(echo "scale=2; $baseline_ns / $ours_ns" | bc)x"

"$bin/examples/make_scans" "$work/a4" 20 a4-jpeg
start=$(date +%s%N)
"$bin/examples/case_file_bench" "$work/a4" "$work/ours.pdf"
ours_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if command -v convert >/dev/null; then
  # Debian's ImageMagick policy forbids the PDF coder (its PDF/A coder is allowed) and caps the
  # pixel cache below 20 full A4 pages at once, so each page is converted on its own; the time is
  # the sum (merging the pages would only add to it).
  mkdir "$work/magick"
  start=$(date +%s%N)
  for page in "$work/a4"/*.jpg; do
    convert "$page" -compress jpeg -quality 85 "PDFA:$work/magick/$(basename "$page" .jpg).pdf"
  done
  magick_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  echo "case file, 20 A4 pages at 300 dpi: ours ${ours_ms} ms ($(stat -c %s "$work/ours.pdf") bytes), ImageMagick ${magick_ms} ms ($(du -cb "$work/magick"/*.pdf | tail -1 | cut -f1) bytes): $(echo "scale=1; $magick_ms / $ours_ms" | bc)x"
fi
