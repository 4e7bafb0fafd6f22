#!/usr/bin/env bash
# The city-wide load test (see tests/load/README.md): a throwaway PostgreSQL cluster in a temp
# directory, an empty database on it, and the load test's stations against it; the cluster is
# stopped and removed at exit, whatever happens. Options go to the example, e.g.
#   tests/load/city.sh                                  200 stations for 5 minutes
#   tests/load/city.sh --stations 20 --seconds 20       a smoke run
#   tests/load/city.sh --seconds 0 --million            only the queue at a million cases
# The table goes to stderr, the JSON object to stdout; the exit status is 1 when a target is missed.
# The query data the build checks against is the checked-in .sqlx (SQLX_OFFLINE=true), unless the
# environment says otherwise.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
cluster="$PWD/tests/postgres/cluster"
# Built before the cluster starts: a first build takes minutes, and no server need wait for it.
cargo build -q --release -p onewindow-store-postgres --example city_load
scratch="$(mktemp -d)"
# As root the server runs as `postgres`, which must be able to enter the directory.
chmod 755 "$scratch"
trap '"$cluster" stop "$scratch/pg" 2>/dev/null || true; rm -rf "$scratch"' EXIT
url="$("$cluster" start "$scratch/pg")"
psql -q -X "$url" -c "CREATE DATABASE city"
db="${url/\/postgres\?//city?}"
echo "load test against $db" >&2
status=0
cargo run -q --release -p onewindow-store-postgres --example city_load -- --url "$db" "$@" || status=$?
if [ "$status" -gt 1 ]; then
  echo "the server's log, last lines:" >&2
  tail -n 20 "$scratch/pg/log" >&2 || true
fi
exit "$status"
