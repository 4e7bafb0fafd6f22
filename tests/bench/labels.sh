#!/usr/bin/env bash
# 1,000 labels in one batch run: wall time from "print" to the last job queued, and its ratio to
# rendering the same labels alone (the overhead of CUPS queueing, the job log and the run's
# bookkeeping). The labels go to a cups-pdf queue that holds them (disabled), cancelled after.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}" SQLX_OFFLINE=true
queue="OW-BENCH-LABELS"
lpadmin -p "$queue" -v cups-pdf:/ -E -m lsb/usr/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
cupsdisable "$queue"
# CUPS keeps at most 500 active jobs by default: a run of 1,000 held labels needs room.
max_jobs="$(cupsctl | sed -n 's/^MaxJobs=//p')"
cupsctl MaxJobs=3000
trap 'cancel -a "$queue" 2>/dev/null || true; lpadmin -x "$queue" 2>/dev/null || true; cupsctl MaxJobs="${max_jobs:-500}" 2>/dev/null || true' EXIT
cargo run -q --release -p onewindow-station --example label_bench -- "$queue"
