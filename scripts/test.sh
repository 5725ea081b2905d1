#!/usr/bin/env bash
# Runs every test, stopping at the first failure: formatting, the native tests (unit and tests/*.rs),
# the wasm tests in headless Chromium (tests/wasm.rs), and the Node tests of the JS class (tests/js/).
# Installs what is missing first (scripts/setup.sh test). CI runs this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$PATH"

step() { printf '\n== %s\n' "$*" >&2; }
# Every runner's output also goes to a log, so the last line can add up what all of them passed.
log=$(mktemp)
trap 'rm -f "$log"' EXIT

step "formatting: cargo fmt --check"
if ! cargo fmt --all -- --check; then
  echo "Unformatted Rust code (diff above): run 'cargo fmt --all' and commit the result." >&2
  exit 1
fi

step "native tests: cargo test"
cargo test 2>&1 | tee -a "$log"

step "wasm tests in headless Chromium: cargo test --target wasm32-unknown-unknown --test wasm"
# wasm-bindgen-test-runner drives /usr/bin/chromium through chromedriver (headless, --no-sandbox);
# webdriver.json adds the flags that keep Chromium off the network.
CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test wasm 2>&1 | tee -a "$log"

step "Node tests of the Sandbox class: node --test tests/js/"
cargo build --lib --target wasm32-unknown-unknown
wasm-bindgen --target nodejs --no-typescript --out-dir target/node-pkg \
  target/wasm32-unknown-unknown/debug/byok_sandbox.wasm
node --test --test-reporter=spec tests/js/ 2>&1 | tee -a "$log"
passed=$(awk '/^test result: ok\./ { n += $4 } /^ℹ pass / { n += $3 } END { print n + 0 }' "$log")
echo "All tests passed: fmt, native, wasm (headless Chromium), node."
echo "tests: $passed passed, 0 failed"
