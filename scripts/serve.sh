#!/usr/bin/env bash
# Builds the app and serves it at http://127.0.0.1:${PORT:-8080}/, rebuilding on every change.
# Installs what is missing first (scripts/setup.sh serve). Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh serve

# Trunk finds wasm-opt (npm binaryen, see Trunk.toml [tools]) on PATH.
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve --address 127.0.0.1 --port "${PORT:-8080}" "$@"
