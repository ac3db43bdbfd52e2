#!/usr/bin/env bash
# The benchmark suite (issue 7): topica (native CLI, and WASM in Node) against fastText,
# scikit-learn and LIBLINEAR on five corpora, in one run on one machine. See bench/README.md.
#
#   bench/run.sh            full run (`make bench`): installs the peers from Debian if missing,
#                           builds topica, prepares the corpora from ../shared/data, measures,
#                           writes bench/RESULTS.md, bench/results.json and
#                           bench/accuracy_vs_throughput.svg (about 18 minutes on 2 cores)
#   bench/run.sh --smoke    the same pipeline on the committed fixtures (`make bench-smoke`, part
#                           of `make test`): < 30 s, no ../shared, installs nothing, skips peers
#                           that are not installed; writes $BUILD/bench-smoke/
#   bench/run.sh --corpora 20ng,reuters --tools topica,sklearn
#                           a subset; writes $BUILD/bench-work/RESULTS.md (not bench/)
#
# Environment: BUILD (native build directory, default build), WASM_BUILD (default build-wasm),
# SHARED_DATA (default ../shared/data), RUNS (topica repeats, default 3), PEER_RUNS (default 1),
# MIN_MB (size of the throughput input per corpus, default 8).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
WASM_BUILD=${WASM_BUILD:-build-wasm}
SHARED_DATA=${SHARED_DATA:-../shared/data}
PY=/usr/bin/python3  # Debian's python, which python3-sklearn installs into
smoke=0 corpora="" tools=""
usage() { echo "usage: bench/run.sh [--smoke] [--corpora a,b,...] [--tools t1,t2,...]" >&2; exit 2; }
while (($#)); do
  case $1 in
    --smoke) smoke=1 ;;
    --corpora) (($# > 1)) || usage; corpora=$2; shift ;;
    --tools) (($# > 1)) || usage; tools=$2; shift ;;
    *) usage ;;
  esac
  shift
done
say() { echo "bench: $*" >&2; }

# ---- peers (full runs only: the smoke run uses what is installed)
if ((!smoke)); then
  missing=()
  for p in fasttext python3-sklearn liblinear-tools time; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    say "installing ${missing[*]}"
    sudo=""; [[ $(id -u) != 0 ]] && sudo=sudo
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

# ---- topica: native CLI, WebAssembly package, and the bare-pass reference program
# TOPICA_BUILD_BENCH adds bench/stage_ladder.cc (to both builds) and classify_throughput.
[[ -f $BUILD/CMakeCache.txt ]] || cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake -S . -B "$BUILD" -DTOPICA_BUILD_BENCH=ON > /dev/null
cmake --build "$BUILD" -j"$(nproc)" --target topica_cli topica_stage_ladder > /dev/null
# WASM: a full run configures $WASM_BUILD if needed; both bring an existing one up to date
# (a stale topica.wasm may not read the models the fresh CLI writes).
dist=""
if ((!smoke)) && command -v emcmake > /dev/null && [[ ! -f $WASM_BUILD/CMakeCache.txt ]]; then
  emcmake cmake -S . -B "$WASM_BUILD" -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
wasm_ladder=""
if [[ -f $WASM_BUILD/CMakeCache.txt ]] && command -v emcmake > /dev/null; then
  cmake -S . -B "$WASM_BUILD" -DTOPICA_BUILD_BENCH=ON > /dev/null
  cmake --build "$WASM_BUILD" -j"$(nproc)" > /dev/null
  wasm_ladder=$WASM_BUILD/bin/stage_ladder.cjs
  dist=$(sed -n 's/^TOPICA_WASM_DIST_DIR:[A-Z]*=//p' "$WASM_BUILD/CMakeCache.txt")
fi
dist=${dist:-wasm/dist}
[[ -f $dist/topica.mjs ]] || { say "no WASM package in $dist: topica-wasm skipped"; dist=""; }
mkdir -p "$BUILD/bench"
bare=$BUILD/bench/bare_pass
if [[ ! -x $bare || bench/bare_pass.cc -nt $bare || bench/bare_pass.h -nt $bare ]]; then
  c++ -O2 -o "$bare" bench/bare_pass.cc
fi

# ---- data, measurements, report
if ((smoke)); then
  work=$BUILD/bench-smoke
  rm -rf "$work"
  mkdir -p "$work"
  $PY bench/prepare_data.py --smoke - "$work/data"
  args=(--smoke --data "$work/data" --work "$work" --corpora "${corpora:-smoke_ml,smoke_mc}"
        --runs 1 --peer-runs 1 --min-mb 0.1)
  out=$work
else
  work=$BUILD/bench-work
  mkdir -p "$work"
  [[ -d $SHARED_DATA ]] || { say "$SHARED_DATA not found (set SHARED_DATA)"; exit 1; }
  $PY bench/prepare_data.py --corpora "${corpora:-20ng,reuters,cap,bbc,news_topics}" "$SHARED_DATA" bench/data
  args=(--data bench/data --work "$work" --runs "${RUNS:-3}" --peer-runs "${PEER_RUNS:-1}"
        --min-mb "${MIN_MB:-8}")
  [[ -n $corpora ]] && args+=(--corpora "$corpora")
  out=bench
  [[ -n $corpora || -n $tools ]] && out=$work
fi
[[ -n $tools ]] && args+=(--tools "$tools")
[[ -n $dist ]] && args+=(--wasm-dist "$dist")
[[ -n $wasm_ladder && -f $wasm_ladder ]] && args+=(--wasm-ladder "$wasm_ladder")
$PY bench/suite.py "${args[@]}" --topica "$BUILD/bin/topica" --bare-pass "$bare" \
  --ladder "$BUILD/bin/stage_ladder" --out "$out/results.json"
command="make bench"
((smoke)) && command="make bench-smoke"
[[ -n $corpora || -n $tools ]] && command="bench/run.sh --corpora ${corpora:-all} --tools ${tools:-all}"
$PY bench/report.py "$out/results.json" "$out/RESULTS.md" "$out/accuracy_vs_throughput.svg" --command "$command"
say "wrote $out/RESULTS.md and $out/accuracy_vs_throughput.svg"
