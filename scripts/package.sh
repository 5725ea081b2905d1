#!/usr/bin/env bash
# Builds the `Sandbox` class as an npm package, with its TypeScript declarations, for pages,
# notebooks and test suites that use the engine without the app: `wasm-pack build` on crates/js.
#
#   bash scripts/package.sh [--target web|nodejs|bundler]    (default: web)
#
# gives pkg/: package.json (name "byok-sandbox"), byok_sandbox.js, byok_sandbox_bg.wasm and
# byok_sandbox.d.ts. A test suite installs it with `npm install ./pkg` (or `npm pack` it first):
#   import init, { Sandbox } from "byok-sandbox"; await init(); new Sandbox(42);   (--target web)
#   const { Sandbox } = require("byok-sandbox"); new Sandbox(42);                  (--target nodejs)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"
target=web
if [ "${1:-}" = "--target" ]; then target="${2:?--target needs web, nodejs or bundler}"; fi
# wasm-pack's own wasm-opt would be downloaded (crates/js/Cargo.toml turns it off): npm's binaryen
# shrinks the wasm instead.
wasm-pack build --release --target "$target" --out-dir ../../pkg crates/js
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  --enable-reference-types --enable-multivalue pkg/byok_sandbox_bg.wasm -o pkg/byok_sandbox_bg.wasm
ls -l pkg/
