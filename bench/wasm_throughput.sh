#!/usr/bin/env bash
# Builds what the WASM-vs-native throughput benchmark needs (native CLI in build/, wasm package
# in wasm/dist/) unless present, then runs bench/wasm_throughput.mjs with any extra arguments:
#   bench/wasm_throughput.sh [--repeat 20] [--runs 3] [--model M.json] [--json]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
[[ -x $BUILD/bin/topica ]] || make native BUILD="$BUILD"
[[ -f wasm/dist/topica.mjs ]] || make wasm
exec node bench/wasm_throughput.mjs --cli "$BUILD/bin/topica" --dist wasm/dist "$@"
