#!/usr/bin/env bash
# Runs every test, stopping at the first failure: formatting, the native tests (unit and tests/*.rs),
# the wasm tests in headless Chromium (tests/wasm.rs), the Node tests of the JS class (tests/js/), the
# HTTP server driven by IBM's Node SDK (tests/server/),
# then the release build of the site (scripts/build.mjs: the app's wasm cut into a first load and
# chunks) with its pre-compressed .br and .gz copies (scripts/precompress.mjs), its first-load size
# (scripts/size-check.mjs, at most 400 KB gzip) and the end-to-end tests
# in headless Chromium (tests/e2e/: the seed path, the embedding, phone widths; screenshots in
# test-artifacts/).
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
  cargo test --target wasm32-unknown-unknown --test wasm --test web 2>&1 | tee -a "$log"

step "Node tests of the Sandbox class: node --test tests/js/"
cargo build --lib --target wasm32-unknown-unknown
wasm-bindgen --target nodejs --out-dir target/node-pkg \
  target/wasm32-unknown-unknown/debug/byok_sandbox.wasm
node --test --test-reporter=spec tests/js/ 2>&1 | tee -a "$log"

step "the HTTP server with IBM's Node SDK: node --test tests/server/"
# The server is a workspace member outside the default members, so its unit tests and its build
# are here: the Node tests spawn target/debug/byok-sandbox-server.
cargo test -p byok-sandbox-server 2>&1 | tee -a "$log"
cargo build -p byok-sandbox-server
node --test --test-reporter=spec tests/server/*.test.mjs 2>&1 | tee -a "$log"

step "release build of the site: node scripts/build.mjs (into dist/)"
node scripts/build.mjs dist

step "pre-compressed copies for static hosts: node scripts/precompress.mjs dist"
node scripts/precompress.mjs dist

step "first-load size: node scripts/size-check.mjs dist (fails above 400 KB gzip)"
node scripts/size-check.mjs dist

step "end to end in headless Chromium: node --test tests/e2e/"
# The files are named explicitly: `node --test <dir>` only picks up *.test.mjs-style names, and
# would pass with no test at all. Screenshots go to test-artifacts/.
node --test --test-reporter=spec tests/e2e/*.e2e.mjs 2>&1 | tee -a "$log"
passed=$(awk '/^test result: ok\./ { n += $4 } /^ℹ pass / { n += $3 } END { print n + 0 }' "$log")
echo "All tests passed: fmt, native, wasm (headless Chromium), node, server, first-load size, end to end (headless Chromium)."
echo "tests: $passed passed, 0 failed"
