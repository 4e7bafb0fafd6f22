#!/usr/bin/env bash
# Rewrites .sqlx/ (the offline query data the build checks against) after a query or migration
# changed: applies migrations/sqlite to a scratch database with the sqlite3 tool and lets the sqlx
# macros record every query while compiling against it. Needs no sqlx-cli.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for f in "$root"/migrations/sqlite/*.sql; do sqlite3 "$scratch/schema.db" < "$f"; done
mkdir "$scratch/sqlx"
touch "$here/src/lib.rs"
DATABASE_URL="sqlite://$scratch/schema.db" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$scratch/sqlx" \
  cargo check -q -p onewindow-store-sqlite
rm -f "$here"/.sqlx/query-*.json
cp "$scratch"/sqlx/query-*.json "$here/.sqlx/"
echo "wrote $(ls "$here"/.sqlx | wc -l) queries to $here/.sqlx"
