#!/usr/bin/env bash
# Intake commit rate against bare SQLite, and accept → receipt in the print queue (median, p99),
# printing to the OW-A4 queue (a cups-pdf printer after `./x test` or `./x run`). Release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}" SQLX_OFFLINE=true
cargo run -q --release -p onewindow-station --example intake_bench -- OW-A4
