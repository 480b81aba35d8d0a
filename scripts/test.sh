#!/usr/bin/env bash
# Runs every check and test Serambi has: formatting, clippy (server and browser
# builds), the release build, unit and integration tests on SQLite and PostgreSQL,
# and the end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }

# On CI a missing PostgreSQL is a failure, not a skip.
if [ "${CI:-}" = "true" ]; then export SERAMBI_REQUIRE_POSTGRES=1; fi

# PostgreSQL installed but stopped (after a reboot, say): start it rather than skip.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 \
  && command -v pg_lsclusters >/dev/null 2>&1; then
  pg_lsclusters --no-header | while read -r version cluster _ status _; do
    if [ "$status" = "down" ]; then
      step "starting PostgreSQL $version/$cluster"
      pg_ctlcluster "$version" "$cluster" start || true
    fi
  done
fi
# Tests that find no PostgreSQL pass without it; each one is noted here and counted.
SERAMBI_SKIP_LOG="$(mktemp)"
export SERAMBI_SKIP_LOG

step "formatting"
cargo fmt --all -- --check
leptosfmt --check app/src >/dev/null

step "clippy (server side)"
cargo clippy -p server -p app --features app/ssr --all-targets -- -D warnings
step "clippy (browser side)"
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
# The fuzz targets are their own workspace (cargo fuzz builds them on nightly): check
# here that they still compile against today's code, with a target folder of their own.
step "fuzz targets still build"
cargo check --manifest-path fuzz/Cargo.toml --bins --target-dir "$CARGO_TARGET_DIR/fuzz-check"

# `cargo leptos end-to-end` exits 0 when the build fails, so build first, separately.
step "release build (server + wasm + css, precompressed)"
cargo leptos build --release --precompress --split

step "unit tests (app, server side)"
cargo test -p app --features ssr
step "integration tests (SQLite and PostgreSQL)"
cargo test -p server
skipped="$(sort -u "$SERAMBI_SKIP_LOG" | wc -l)"
if [ "$skipped" -gt 0 ]; then
  printf '\n\033[1;31m!!! %s tests ran on SQLite only: no PostgreSQL on 127.0.0.1:5432 !!!\033[0m\n' "$skipped"
else
  echo "PostgreSQL: every test ran on it (0 skipped)"
fi

step "fault drills (SIGKILL during ingest and sending, the database gone; both databases)"
SERAMBI_SKIP_BUILD=1 bash scripts/faults.sh --short

step "API property tests (Schemathesis against /api/openapi.json, admin and agent)"
SERAMBI_SKIP_BUILD=1 bash scripts/api-properties.sh --short

step "end-to-end tests (Chromium: desktop, tablet, phone)"
(cd end2end && npx playwright test)

step "bundle size (bytes as built, and as served: brotli, gzip)"
for f in target/site/pkg/*.wasm target/site/pkg/*.js target/site/pkg/*.css; do
  [ -f "$f" ] || continue
  printf '%-40s %9s raw %9s br %9s gz\n' "${f##*/}" "$(stat -c %s "$f")" \
    "$(stat -c %s "$f.br" 2>/dev/null || echo -)" "$(stat -c %s "$f.gz" 2>/dev/null || echo -)"
done
