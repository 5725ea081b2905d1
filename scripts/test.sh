#!/usr/bin/env bash
# Runs every test, stopping at the first failure: formatting, the native tests of every crate (unit
# and tests/*.rs), the wasm tests in headless Chromium through `wasm-pack test --headless --chrome`
# (tests/wasm.rs, tests/web/), the Node tests of the JS class built by `wasm-pack build` (tests/js/),
# the HTTP server driven by IBM's Node SDK (tests/server/),
# then the release build of the site (scripts/build.mjs: the app's wasm cut into a first load and
# chunks) and the same through `trunk build --release`, with its pre-compressed .br and .gz copies
# (scripts/precompress.mjs), its first-load size (scripts/size-check.mjs, at most 400 KB gzip, and
# Trunk's build the same file for file) and the end-to-end tests
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

step "native tests: cargo test (the app, the engine, the shell, the timeline, the JS class, the drift checker)"
cargo test 2>&1 | tee -a "$log"

step "wasm tests in headless Chromium: wasm-pack test --headless --chrome"
# The command users run in their own suites. wasm-pack builds the app's test targets for wasm32 and
# runs tests/wasm.rs and tests/web/ through wasm-bindgen-test-runner, which drives /usr/bin/chromium
# through Debian's chromedriver (headless); webdriver.json adds the flags that keep Chromium off the
# network. The native-only test files compile to nothing for wasm32.
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver . --test wasm --test web 2>&1 | tee -a "$log"

step "Node tests of the Sandbox class: wasm-pack build crates/js, node --test tests/js/"
# The npm package of scripts/package.sh, unoptimized, for Node.
wasm-pack build --dev --target nodejs --out-dir ../../target/node-pkg --out-name byok_sandbox crates/js
node --test --test-reporter=spec tests/js/ 2>&1 | tee -a "$log"

step "the HTTP server with IBM's Node SDK: node --test tests/server/"
# The server is a workspace member outside the default members, so its unit tests and its build
# are here: the Node tests spawn target/debug/byok-sandbox-server.
cargo test -p byok-sandbox-server 2>&1 | tee -a "$log"
cargo build -p byok-sandbox-server
node --test --test-reporter=spec tests/server/*.test.mjs 2>&1 | tee -a "$log"

step "release build of the site: node scripts/build.mjs (into dist/)"
node scripts/build.mjs dist

step "the same site through Trunk: trunk build --release (into target/trunk-dist/)"
trunk build --release --dist target/trunk-dist

step "pre-compressed copies for static hosts: node scripts/precompress.mjs dist"
node scripts/precompress.mjs dist

step "first-load size: node scripts/size-check.mjs dist target/trunk-dist (fails above 400 KB gzip, or if they differ)"
node scripts/size-check.mjs dist target/trunk-dist


step "end to end in headless Chromium: node --test tests/e2e/"
# The files are named explicitly: `node --test <dir>` only picks up *.test.mjs-style names, and
# would pass with no test at all. Screenshots go to test-artifacts/.
node --test --test-reporter=spec tests/e2e/*.e2e.mjs 2>&1 | tee -a "$log"
passed=$(awk '/^test result: ok\./ { n += $4 } /^ℹ pass / { n += $3 } END { print n + 0 }' "$log")
echo "All tests passed: fmt, native, wasm (headless Chromium), node, server, first-load size, end to end (headless Chromium)."
echo "tests: $passed passed, 0 failed"
