#!/usr/bin/env bash
# The engine's and the timeline's benchmarks, natively and as wasm in headless Chromium, side by
# side: the same code (crates/engine/src/bench.rs, crates/timeline/src/bench.rs) timed by Instant and
# by performance.now(); then the app at scale and its time to
# usable on a throttled desktop line and a slow 4G phone. Prints figures; asserts no time.
set -euo pipefail
cd "$(dirname "$0")/.."

# Chromium, wasm-bindgen, wasm-split-cli and playwright-core: what the tests need too.
bash scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"

echo "== native: cargo bench -p byok-engine, -p byok-timeline" >&2
{ cargo bench -p byok-engine --bench engine; cargo bench -p byok-timeline --bench timeline; } | tee target/bench-native.txt

echo "== wasm: the JS class with --features bench, profile bench, in headless Chromium" >&2
cargo build -p byok-sandbox --lib --target wasm32-unknown-unknown --profile bench --features bench
# Cargo puts the bench profile's output in release/ (as it does natively).
wasm-bindgen --target web --no-typescript --out-dir target/bench-web \
  target/wasm32-unknown-unknown/release/byok_sandbox.wasm
node scripts/bench-browser.mjs target/bench-web target/bench-native.txt

echo "== the app at scale: release build of the app, in headless Chromium" >&2
# The same release wasm built with the bench profile, for Node: it builds the sandbox's journal.
wasm-bindgen --target nodejs --no-typescript --out-dir target/bench-node \
  target/wasm32-unknown-unknown/release/byok_sandbox.wasm
node scripts/build.mjs target/bench-dist
node scripts/bench-app.mjs target/bench-dist target/bench-node

echo "== time to usable: the same build, pre-compressed, served with gzip and with brotli, throttled" >&2
node scripts/precompress.mjs target/bench-dist >/dev/null
node scripts/bench-load.mjs target/bench-dist

echo "== the <byok-sandbox> element on a documentation page, against plain iframes, throttled" >&2
node scripts/bench-embed.mjs target/bench-dist
