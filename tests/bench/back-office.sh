#!/usr/bin/env bash
# The back office at a million cases: the department queue's first page with its tabs' counts
# (with and without the back-office indexes), opening a case by its number, and audit verify
# against sha256sum over the same bytes. The database is generated once (about 20 minutes: every
# case goes through the store's own intake path) in RAM and kept for the next run.
#   tests/bench/back-office.sh [CASES]   (default 1000000)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
cases="${1:-1000000}"
db="${ONEWINDOW_BENCH_DB:-/dev/shm/onewindow-bench-$cases.db}"
SQLX_OFFLINE=true cargo run -q --release -p onewindow-store-sqlite --example back_office_bench -- "$db" "$cases"
