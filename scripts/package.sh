#!/usr/bin/env bash
# Builds the `Sandbox` class as an ES module with its TypeScript declarations, for pages, notebooks
# and test suites that use the engine without the app:
#   pkg/byok_sandbox.js, pkg/byok_sandbox_bg.wasm, pkg/byok_sandbox.d.ts
#   import init, { Sandbox } from "./pkg/byok_sandbox.js"; await init(); new Sandbox(42);
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"
cargo build --lib --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir pkg target/wasm32-unknown-unknown/release/byok_sandbox.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue pkg/byok_sandbox_bg.wasm -o pkg/byok_sandbox_bg.wasm
ls -l pkg/
