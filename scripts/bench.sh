#!/usr/bin/env bash
# Benchmarks, each on SQLite and on PostgreSQL (127.0.0.1:5432), on an empty database
# and on one grown to 100,000 threads and 1,000,000 messages:
#   - ingest: signed inbound webhooks posted over loopback (bench-webhooks), then a
#     signed `delivered` status callback for as many sent replies; messages/s and
#     latency percentiles;
#   - realtime (empty databases): 1,000 WebSocket clients, webhook -> event latency and
#     the server's memory (bench-realtime), beside a bare fan-out of the same bytes; and
#     on PostgreSQL, two servers on one database: the webhook posted to one, the
#     clients on the other (the event crosses through the database's notifications);
#   - the server's memory when started, after the webhooks, and (SERAMBI_BENCH_SOAK=1)
#     through a 10-minute soak at 500 webhooks/s with 1,000 clients (bench-soak);
#   - the chat-list query, search and dashboard on both grown databases (bench-chat-list);
#   - the spam filter and auto-reply patterns per message at 100 keywords (bench-filters).
#   ./scripts/bench.sh [-n MESSAGES] [-c CONCURRENCY]
# SERAMBI_BENCH_GROWN=0 skips the grown databases (filling one takes a few minutes),
# SERAMBI_BENCH_REALTIME=0 the realtime benchmark, SERAMBI_BENCH_BROWSER=0 the
# throttled browser (end2end/bench/time-to-usable.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The server through cargo-leptos (a plain cargo build would replace it with one that
# lacks the site settings cargo-leptos compiles in), then the load tools.
cargo leptos build --release --precompress --split
# The load tools beside it in the same target directory, with the settings cargo-leptos
# compiles the server with: the server's crates are then reused as built (seconds,
# where a target directory of their own took a whole second build), and neither build
# undoes the other's.
LEPTOS_BIN_DIR=server LEPTOS_HASH_FILES=true LEPTOS_HASH_FILE_NAME=hash.txt \
  LEPTOS_JS_MINIFY=true LEPTOS_LIB_DIR=frontend LEPTOS_OUTPUT_NAME=serambi \
  LEPTOS_RELOAD_PORT=3001 LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_SITE_PKG_DIR=pkg \
  LEPTOS_SITE_ROOT=target/site \
  cargo build --release -p server --no-default-features \
  --bin bench-webhooks --bin bench-chat-list --bin bench-realtime --bin bench-soak \
  --bin bench-filters
# 1,000 WebSocket clients and their server ends need more descriptors than the usual 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bin="$CARGO_TARGET_DIR/release"
tools="$CARGO_TARGET_DIR/release"
port=3917
pg_admin="${SERAMBI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
work=$(mktemp -d)
server_pid=""
second_pid=""
# The PostgreSQL databases this run may create, dropped at the end.
pg_dbs=("serambi_bench_$$_empty" "serambi_bench_$$_grown")
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  [ -n "$second_pid" ] && kill "$second_pid" 2>/dev/null || true
  for db in "${pg_dbs[@]}"; do
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# launch DATABASE_URL PORT LOG: the release server on it (demo logins, the benchmark's
# Twilio token), in the background as $launched, once it answers /readyz.
launch() {
  DATABASE_URL="$1" SERAMBI_DEMO=1 TWILIO_AUTH_TOKEN=bench-token \
    LEPTOS_SITE_ADDR="127.0.0.1:$2" RUST_LOG=warn SERAMBI_MEDIA_DIR="$work/media" \
    "$bin/serambi" >"$work/$3" 2>&1 &
  launched=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$2/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
}

# start_server DATABASE_URL: one server on $port, as $server_pid.
start_server() {
  launch "$1" "$port" server.log
  server_pid=$launched
}

stop_server() {
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

# run LABEL DATABASE_URL REALTIME(yes|no) [bench-webhooks options…]
run() {
  local label=$1 url=$2 realtime=$3
  shift 3
  start_server "$url"
  sleep 2
  echo "$label: server memory when started and idle: $(rss "$server_pid")"
  "$tools/bench-webhooks" --url "http://127.0.0.1:$port" --database-url "$url" "$@" \
    | sed "s/^/$label: /"
  echo "$label: server memory after the webhooks: $(rss "$server_pid")"
  if [ "$realtime" = yes ] && [ "${SERAMBI_BENCH_REALTIME:-1}" != 0 ]; then
    "$tools/bench-realtime" --url "http://127.0.0.1:$port" --pid "$server_pid" \
      --clients "${SERAMBI_BENCH_CLIENTS:-1000}" | sed "s/^/$label: /"
  fi
  if [ "$realtime" = yes ] && [ "${SERAMBI_BENCH_SOAK:-0}" != 0 ]; then
    "$tools/bench-soak" --url "http://127.0.0.1:$port" --pid "$server_pid" \
      --clients "${SERAMBI_BENCH_CLIENTS:-1000}" --minutes "${SERAMBI_BENCH_SOAK_MINUTES:-10}" \
      | sed "s/^/$label: /"
  fi
  stop_server
}

# The resident memory of process $1, in MiB.
rss() {
  awk '/^VmRSS:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$1/status"
}

# A fresh PostgreSQL database's URL, or nothing when there is no server.
pg_database() {
  local db="serambi_bench_$$_$1"
  psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null 2>&1 || return 0
  echo "${pg_admin%/*}/$db"
}

args=("$@")
grown="${SERAMBI_BENCH_GROWN:-1}"

echo "== empty databases"
run "sqlite, empty" "sqlite://$work/empty.db?mode=rwc" yes "${args[@]}"
pg=$(pg_database empty)
if [ -n "$pg" ]; then
  run "postgres, empty" "$pg" yes "${args[@]}"
  if [ "${SERAMBI_BENCH_REALTIME:-1}" != 0 ]; then
    # Two servers on the one database: webhooks to the first, clients on the second.
    start_server "$pg"
    launch "$pg" "$((port + 1))" second.log
    second_pid=$launched
    "$tools/bench-realtime" --url "http://127.0.0.1:$port" \
      --listen-url "http://127.0.0.1:$((port + 1))" --pid "$second_pid" --no-bare \
      --clients "${SERAMBI_BENCH_CLIENTS:-1000}" | sed "s/^/postgres, two servers: /"
    kill "$second_pid"; wait "$second_pid" 2>/dev/null || true
    second_pid=""
    stop_server
  fi
else
  echo "postgres: skipped, no server at $pg_admin"
fi

if [ "$grown" != 0 ]; then
  echo
  echo "== grown databases (100,000 threads, 1,000,000 messages)"
  sqlite_grown="sqlite://$work/grown.db?mode=rwc"
  "$tools/bench-chat-list" --database-url "$sqlite_grown" --fill-only
  run "sqlite, 1M" "$sqlite_grown" no "${args[@]}"
  pg=$(pg_database grown)
  if [ -n "$pg" ]; then
    "$tools/bench-chat-list" --database-url "$pg" --fill-only
    run "postgres, 1M" "$pg" no "${args[@]}"
  fi

  # The chat-list query, search and dashboard on the grown databases.
  echo
  "$tools/bench-chat-list" --database-url "$sqlite_grown" 2>/dev/null | sed "s/^/sqlite, 1M: /"
  if [ -n "$pg" ]; then
    "$tools/bench-chat-list" --database-url "$pg" 2>/dev/null | sed "s/^/postgres, 1M: /"
  fi
fi

# Time to a usable inbox in a throttled browser, on a demo database.
if [ "${SERAMBI_BENCH_BROWSER:-1}" != 0 ]; then
  echo
  echo "== the inbox in a slow browser"
  start_server "sqlite://$work/browser.db?mode=rwc"
  (cd end2end && node bench/time-to-usable.mjs "http://127.0.0.1:$port" 5)
  stop_server
fi

echo
echo "== inbound filters"
"$tools/bench-filters"
