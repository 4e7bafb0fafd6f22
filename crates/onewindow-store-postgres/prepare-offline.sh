#!/usr/bin/env bash
# Rewrites .sqlx/ (the offline query data the build checks against) after a query or migration
# changed: starts a throwaway cluster, applies migrations/postgres with psql and lets the sqlx
# macros record every query while compiling against it. Needs no sqlx-cli.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
scratch="$(mktemp -d)"
chmod 755 "$scratch"  # the server runs as postgres when we are root
cluster="$root/tests/postgres/cluster"
url="$("$cluster" start "$scratch/pg")"
trap '"$cluster" stop "$scratch/pg"; rm -rf "$scratch"' EXIT
psql -q "$url" -c "CREATE DATABASE schema"
schema="${url/\/postgres\?//schema?}"
for f in "$root"/migrations/postgres/*.sql; do psql -q -v ON_ERROR_STOP=1 "$schema" -f "$f" >/dev/null; done
mkdir "$scratch/sqlx"
touch "$here/src/lib.rs"
DATABASE_URL="$schema" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$scratch/sqlx" \
  cargo check -q -p onewindow-store-postgres
rm -f "$here"/.sqlx/query-*.json
cp "$scratch"/sqlx/query-*.json "$here/.sqlx/"
echo "wrote $(ls "$here"/.sqlx | wc -l) queries to $here/.sqlx"
