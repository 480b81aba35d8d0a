#!/usr/bin/env bash
# Runs Serambi on its embedded default: a SQLite file under data/, simulator accounts,
# demo agents and conversations. Rebuilds and reloads on every change.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
exec cargo leptos watch --split "$@"
