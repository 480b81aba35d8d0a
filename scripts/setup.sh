#!/usr/bin/env bash
# Installs everything Serambi needs to build, run and test, on a fresh Debian machine
# that reaches only the package registries (crates.io, npm, Debian). Idempotent: a tool
# that is already installed at the right version is reused, so a second run takes seconds.
set -euo pipefail

cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION="0.3.10"
LEPTOSFMT_VERSION="0.1.33"
# Must equal the `wasm-bindgen` pinned in Cargo.toml: the CLI and the crate talk a
# private protocol that changes with every release.
WASM_BINDGEN_VERSION="$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml | head -n1)"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# --- Rust: the wasm target ---------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- cargo-leptos, built so that it never downloads tools at build time --------------
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores, once)"
  # LTO off and many codegen units: the tool's own release profile takes 3x longer.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked \
    --features no_downloads \
    --config 'profile.release.lto=false' --config 'profile.release.codegen-units=16'
fi

# --- wasm-bindgen-cli at exactly the crate's version --------------------------------
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # Not --locked: its lockfile asks for a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" \
    --config 'profile.release.lto=false' --config 'profile.release.codegen-units=16'
fi

# --- leptosfmt: formatting of view! macros -------------------------------------------
if ! leptosfmt --version 2>/dev/null | grep -q "$LEPTOSFMT_VERSION"; then
  log "installing leptosfmt $LEPTOSFMT_VERSION (about 3 minutes, once)"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked \
    --config 'profile.release.lto=false' --config 'profile.release.codegen-units=16'
fi

# --- Debian packages: Chromium for the end-to-end tests, an emoji font so the 🤖/👤
# badges render in its screenshots, and the sqlite3 shell with which a browser test
# ages a conversation past WhatsApp's 24-hour window ----------------------------------
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/truetype/noto ] \
  || ! command -v sqlite3 >/dev/null 2>&1; then
  log "installing Debian's chromium, fonts-noto-color-emoji and sqlite3"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-noto-color-emoji sqlite3 >/dev/null
fi

# --- npm: Tailwind v4, wasm-opt (binaryen), Playwright -------------------------------
# `npm ci` would fail: the lockfile names Tailwind's native packages for other
# platforms, which the registry mirror lacks. `npm install` picks this platform's.
if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] \
  || [ ! -d node_modules/@playwright/test ] || [ package.json -nt node_modules/.installed ]; then
  log "installing npm packages (tailwindcss, binaryen, @playwright/test)"
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

# --- PyPI: Schemathesis, for the API property tests (scripts/api-properties.sh) -----
SCHEMATHESIS_VERSION="4.32.5"
if ! st --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis $SCHEMATHESIS_VERSION (about 10 seconds)"
  python3 -m pip install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

log "toolchain ready: $(cargo leptos --version), $(wasm-bindgen --version), wasm-opt $(node_modules/.bin/wasm-opt --version | awk '{print $3}')"
