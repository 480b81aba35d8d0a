#!/usr/bin/env bash
# API property tests: Schemathesis (from PyPI, installed by scripts/setup.sh) generates
# requests from /api/openapi.json and sends them to the release server, logged in as an
# admin and as an agent, checking that no answer is a 5xx and every answer matches its
# documented schema. Each run starts a fresh demo database.
#
#   ./scripts/api-properties.sh            random seed, 4 minutes per login
#   ./scripts/api-properties.sh --short    a fixed seed, 75 seconds per login (the test suite)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export PATH="$HOME/.local/bin:$PATH"

if [ "${1:-}" = "--short" ]; then
  budget=75; seed=(--seed 20261203)
else
  budget=240; seed=()
fi
if [ "${SERAMBI_SKIP_BUILD:-}" != 1 ]; then
  cargo leptos build --release --precompress --split
fi
port=3931
url="http://127.0.0.1:$port"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

DATABASE_URL="sqlite://$work/properties.db?mode=rwc" SERAMBI_DEMO=1 RUST_LOG=warn \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" SERAMBI_MEDIA_DIR="$work/media" \
  "$CARGO_TARGET_DIR/release/serambi" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fsS "$url/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# login EMAIL PASSWORD: the session cookie.
login() {
  curl -fsS -i -X POST -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" "$url/api/auth/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(serambi_session=[^;]*\).*/\1/p'
}

# Both logins first: the runs try wrong passwords themselves, and the throttle would
# then make the address wait. The agent runs first, as the admin's run may change or
# deactivate agents.
agent="$(login agent1@serambi.test serambi-agent)"
admin="$(login admin@serambi.test serambi-admin)"
status=0
for who in "agent1@serambi.test $agent" "admin@serambi.test $admin"; do
  set -- $who
  printf '\n\033[1;32m==> Schemathesis as %s (%s s)\033[0m\n' "$1" "$budget"
  cookie="$2"
  # Left out: the logout and a password change would end the session under test.
  if ! st run "$url/api/openapi.json" -H "Cookie: $cookie" \
    --checks not_a_server_error,response_schema_conformance \
    --max-examples 25 --max-time "$budget" "${seed[@]}" \
    --exclude-path /api/auth/logout --exclude-path '/api/agents/{id}/password' \
    --report-dir "$work/report" >"$work/st.log" 2>&1; then
    status=1
    sed -n '/FAILURES/,$p' "$work/st.log"
    echo "--- server errors ---"
    grep ERROR "$work/server.log" | tail -n 20 || true
  else
    grep -E "generated|passed|failure" "$work/st.log" | tail -n 3
  fi
done
exit $status
