#!/usr/bin/env bash
# Inbound webhook benchmark: starts the release server on a fresh SQLite database and
# on a fresh PostgreSQL database (127.0.0.1:5432), posts signed webhooks over loopback
# with bench-webhooks, and prints messages/s and latency percentiles for each; then
# fills a SQLite database with 100,000 threads and 1,000,000 messages and measures the
# chat-list query (bench-chat-list). On each database it also connects 1,000 WebSocket
# clients and measures webhook -> event latency and the server's memory
# (bench-realtime).
#   ./scripts/bench.sh [-n MESSAGES] [-c CONCURRENCY]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# The server through cargo-leptos (a plain cargo build would replace it with one that
# lacks the site settings cargo-leptos compiles in), then the two load tools.
cargo leptos build --release
cargo build --release -p server --bin bench-webhooks --bin bench-chat-list --bin bench-realtime
# 1,000 WebSocket clients and their server ends need more descriptors than the usual 1,024.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
bin="$CARGO_TARGET_DIR/release"
port=3917
pg_admin="${SERAMBI_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

run() {
  local label=$1 url=$2
  DATABASE_URL="$url" SERAMBI_DEMO=1 TWILIO_AUTH_TOKEN=bench-token \
    LEPTOS_SITE_ADDR="127.0.0.1:$port" RUST_LOG=warn SERAMBI_MEDIA_DIR="$work/media" \
    "$bin/serambi" >"$work/$label.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  printf '%-10s ' "$label:"
  shift 2
  "$bin/bench-webhooks" --url "http://127.0.0.1:$port" "$@"
  printf '%-10s ' "$label:"
  "$bin/bench-realtime" --url "http://127.0.0.1:$port" --pid "$server_pid" \
    --clients "${SERAMBI_BENCH_CLIENTS:-1000}"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

shift_args=("$@")
run sqlite "sqlite://$work/bench.db?mode=rwc" "${shift_args[@]}"
db="serambi_bench_$$"
if psql "$pg_admin" -qc "CREATE DATABASE $db" >/dev/null 2>&1; then
  run postgres "${pg_admin%/*}/$db" "${shift_args[@]}"
  psql "$pg_admin" -qc "DROP DATABASE $db WITH (FORCE)" >/dev/null
else
  echo "postgres: skipped, no server at $pg_admin"
fi

# Chat-list query: 100,000 threads and 1,000,000 messages in a fresh SQLite database.
echo
"$bin/bench-chat-list" --database-url "sqlite://$work/chat-list.db?mode=rwc"
