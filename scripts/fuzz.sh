#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer through `cargo fuzz`) of the code that reads
# untrusted text: the webhook form, its signature, phone numbers, the chat list's URL,
# cursor and search text, spam keywords and auto-reply patterns (fuzz/fuzz_targets/).
#
#   bash scripts/fuzz.sh            # every target for 60 s
#   bash scripts/fuzz.sh 600        # every target for 10 minutes
#   bash scripts/fuzz.sh 30 phone   # one target
#   SERAMBI_SKIP_BUILD=1 bash scripts/fuzz.sh   # the targets as last built
#
# Needs a nightly toolchain (rustup) and cargo-fuzz; both are installed on first use.
# The corpus grows in ~/.cache/serambi/fuzz-corpus, so later runs start where earlier
# ones stopped; the seeds in fuzz/seeds are read, never written. An input that fails
# lands in fuzz/artifacts/<target>/ and is printed with the command that replays it;
# each one found so far is a regression test in the normal suite. Prints a table of
# executions per target and exits non-zero if any target failed.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=env.sh
source scripts/env.sh

CARGO_FUZZ_VERSION="0.13.2"
SECONDS_EACH="${1:-60}"
shift || true

log() { printf '\033[1;34m[fuzz]\033[0m %s\n' "$*"; }

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  log "installing a nightly toolchain (cargo fuzz needs -Z flags)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  log "installing cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes, once)"
  cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi

# Nightly's artefacts never mix with the stable build's.
FUZZ_TARGET_DIR="$HOME/.cache/serambi/fuzz-target"
CORPUS_ROOT="$HOME/.cache/serambi/fuzz-corpus"
# No sanitizer: the targets are safe Rust (a panic or a failed assertion is the
# finding), and an AddressSanitizer build of the whole server takes twice as long.
FLAGS=(--sanitizer none --debug-assertions --target-dir "$FUZZ_TARGET_DIR")

if [ "$#" -gt 0 ]; then
  TARGETS=("$@")
else
  mapfile -t TARGETS < <(cd fuzz && cargo +nightly fuzz list)
fi

# Built once, then each binary runs by itself (`cargo fuzz run` would check the
# build again before every target).
if [ "${SERAMBI_SKIP_BUILD:-}" != "1" ]; then
  log "building ${#TARGETS[@]} targets (the first build takes about 15 minutes)"
  if [ "${#TARGETS[@]}" -eq 1 ]; then
    (cd fuzz && cargo +nightly fuzz build "${FLAGS[@]}" "${TARGETS[0]}")
  else
    (cd fuzz && cargo +nightly fuzz build "${FLAGS[@]}")
  fi
fi
BIN_DIR="$FUZZ_TARGET_DIR/$(rustc -vV | sed -n 's/^host: //p')/release"

failed=()
rows=()
for target in "${TARGETS[@]}"; do
  corpus="$CORPUS_ROOT/$target"
  artifacts="fuzz/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  seeds=()
  [ -d "fuzz/seeds/$target" ] && seeds=("$PWD/fuzz/seeds/$target")
  dict=()
  [ -f "fuzz/dict/$target.dict" ] && dict=("-dict=$PWD/fuzz/dict/$target.dict")
  log "$target for ${SECONDS_EACH}s"
  output="$(mktemp)"
  status=0
  "$BIN_DIR/$target" "$corpus" "${seeds[@]}" \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=4096 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$PWD/$artifacts/" "${dict[@]}" \
    >"$output" 2>&1 || status=$?
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$output" | tail -n1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$output" | tail -n1)"
  units="$(find "$corpus" -type f | wc -l)"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    grep -E -A2 "panicked at" "$output" | head -n 8 >&2 || true
    for unit in $(sed -n 's/.*Test unit written to //p' "$output"); do
      log "replay: $BIN_DIR/$target $unit" >&2
    done
    rows+=("$(printf '%-14s %10s %9s %7s  FAILED (see %s)' "$target" "${runs:-?}" "${speed:-?}" "$units" "$artifacts")")
  else
    rows+=("$(printf '%-14s %10s %9s %7s  ok' "$target" "${runs:-?}" "${speed:-?}" "$units")")
  fi
  rm -f "$output"
done

printf '\n%-14s %10s %9s %7s  %s\n' target executions "exec/s" corpus result
printf '%s\n' "${rows[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
