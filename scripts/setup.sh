#!/usr/bin/env bash
# Installs what building, serving and testing the sandbox needs, and skips what is already there.
# Every tool comes from a package registry (rustup, crates.io, Debian, npm); nothing is downloaded
# from anywhere else. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130 # must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
TRUNK_VERSION=0.21.14        # 0.22 needs a newer rustc than the machine's 1.95
BINARYEN_VERSION=132         # Debian's binaryen 108 rejects what rustc 1.95 emits

say() { printf '[setup] %s\n' "$*" >&2; }
what="${1:-all}" # all | test | serve

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo fmt --version >/dev/null 2>&1; then
  say "adding rustfmt (scripts/test.sh checks formatting)"
  rustup component add rustfmt
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  say "installing npm packages (binaryen for wasm-opt, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" != serve ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Every mode needs trunk: serve runs it, and test builds the release dist/ for the size check and the
# end-to-end test.
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about ten minutes on a fresh machine)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi
