#!/usr/bin/env bash
# Fault drills against the release `serambi` binary, on SQLite and on PostgreSQL, each
# on a fresh database (see server/src/bin/fault_drill.rs):
#   - ingest: webhooks from a sender that retries like Twilio, the server killed with
#     SIGKILL at random moments and restarted; every MessageSid stored once, every new
#     lead assigned once, counters equal to the rows;
#   - send: replies queued against a slow provider that sometimes answers 429 or 500,
#     the server killed and restarted; nothing reaches the provider twice, nothing is
#     left pending;
#   - db-gone: the database out of reach under load (PostgreSQL through a relay that is
#     cut, SQLite write-locked by another process); webhooks answer 5xx so the sender
#     retries, /readyz goes red (PostgreSQL), and it all recovers by itself.
#
#   ./scripts/faults.sh            the long drills (10,000 webhooks and 3 kills; 500
#                                  replies and 2 kills; 3,000 webhooks, 20 s outage)
#   ./scripts/faults.sh --short    the short ones the test suite runs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

short=false
[ "${1:-}" = "--short" ] && short=true
if $short; then
  ingest=(-n 1500 -c 32 --kills 2 --customers 300)
  send=(-n 120 --kills 2)
  db_gone=(-n 1200 -c 16 --outage 12)
else
  ingest=(-n 10000 -c 32 --kills 3 --customers 1000)
  send=(-n 500 --kills 2)
  db_gone=(-n 3000 -c 16 --outage 20)
fi

# The server as cargo-leptos builds it (the test suite has just built it), then the
# drill beside it with the same settings, so neither build undoes the other's.
if [ "${SERAMBI_SKIP_BUILD:-}" != 1 ]; then
  cargo leptos build --release --precompress --split
fi
LEPTOS_BIN_DIR=server LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt \
  LEPTOS_JS_MINIFY=true LEPTOS_LIB_DIR=frontend LEPTOS_OUTPUT_NAME=serambi \
  LEPTOS_RELOAD_PORT=3001 LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ROOT=target/site \
  cargo build --release -p server --no-default-features --bin fault-drill
bin="$CARGO_TARGET_DIR/release"
work="$(mktemp -d)"
pg_admin="postgres://postgres@127.0.0.1:5432/postgres"
pg_dbs=()
cleanup() {
  for db in "${pg_dbs[@]}"; do
    psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# fresh BACKEND NAME: an empty database; its URL in $url.
fresh() {
  if [ "$1" = sqlite ]; then
    url="sqlite://$work/$2.db?mode=rwc"
  else
    local db="serambi_fault_$$_${2//-/_}"
    psql -q "$pg_admin" -c "CREATE DATABASE $db" >/dev/null
    pg_dbs+=("$db")
    url="postgres://postgres@127.0.0.1:5432/$db"
  fi
}

status=0
for backend in sqlite postgres; do
  for drill in ingest send db-gone; do
    printf '\n\033[1;32m==> %s drill on %s\033[0m\n' "$drill" "$backend"
    fresh "$backend" "$drill"
    case "$drill" in
      ingest) args=("${ingest[@]}") ;;
      send) args=("${send[@]}") ;;
      *) args=("${db_gone[@]}") ;;
    esac
    if ! SERAMBI_MEDIA_DIR="$work/media" "$bin/fault-drill" --server "$bin/serambi" \
      --database-url "$url" --log "$work/$backend-$drill.log" "$drill" "${args[@]}"; then
      echo "--- last lines of the server's log ---"
      tail -n 40 "$work/$backend-$drill.log" || true
      status=1
    fi
  done
done
exit $status
