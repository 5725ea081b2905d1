#!/usr/bin/env bash
# Builds the site (scripts/build.mjs) and serves it at http://127.0.0.1:${PORT:-8080}/, building it
# again on every change to the app's sources (scripts/serve.mjs). Installs what is missing first
# (scripts/setup.sh serve).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh serve

# build.mjs finds wasm-opt in node_modules/.bin (npm binaryen), the rest on PATH.
node scripts/build.mjs dist
exec node scripts/serve.mjs "${PORT:-8080}"
