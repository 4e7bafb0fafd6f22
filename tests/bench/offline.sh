#!/usr/bin/env bash
# Intake through a network cut: an online intake, an offline one (into the encrypted outbox) and
# one hand-in, medians and ratios, on a PostgreSQL cluster of the run's own and a keyring of its
# own (gnome-keyring, as `./x test` runs it). Release build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}" SQLX_OFFLINE=true
keyring="$(mktemp -d)"
trap 'rm -rf "$keyring"' EXIT
cargo build -q --release -p onewindow-station --example offline_bench
dbus-run-session -- sh -c '
  printf bench | XDG_DATA_HOME="$1" XDG_RUNTIME_DIR="$1" gnome-keyring-daemon --unlock --components=secrets >/dev/null
  sleep 1
  exec "$2/release/examples/offline_bench"' sh "$keyring" "$CARGO_TARGET_DIR"
