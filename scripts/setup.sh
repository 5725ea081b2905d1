#!/usr/bin/env bash
# Installs what building, serving and testing the sandbox needs, and skips what is already there.
# Every tool comes from a package registry (rustup, crates.io, Debian, npm); nothing is downloaded
# from anywhere else. Safe to run again: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130 # must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
WASM_SPLIT_VERSION=0.2.4     # wasm-split-cli; its runtime is the `wasm_split_helpers` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1     # runs the wasm tests (`wasm-pack test`) and builds the npm package
TRUNK_VERSION=0.21.14        # `trunk serve` / `trunk build` (0.22 needs a newer rustc)
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

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ]; then
  say "installing npm packages (binaryen for wasm-opt, playwright-core, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$what" != serve ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Every mode builds the site (scripts/build.mjs): wasm-split-cli cuts the app's wasm into chunks.
if ! cargo install --list | grep -x "wasm_split_cli_support v$WASM_SPLIT_VERSION:" >/dev/null; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# The wasm tests run as users run theirs: `wasm-pack test --headless --chrome` (scripts/test.sh), and
# scripts/package.sh builds the npm package with `wasm-pack build`. Both find the wasm-bindgen CLI
# above on PATH, at the crate's version, so wasm-pack downloads nothing.
if [ "$what" != serve ] && [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (a few minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force
fi

# Trunk, as Yew users expect: Trunk.toml's hook runs scripts/build.mjs, so `trunk serve` and
# `trunk build --release` give the site scripts/build.mjs gives. The test command checks both.
if [ "$what" != serve ] && [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi
