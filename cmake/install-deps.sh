#!/usr/bin/env bash
# Installs, with apt, whatever topica's build and tests need and this Debian machine lacks.
#   cmake/install-deps.sh native   # C++ build, CLI and native tests
#   cmake/install-deps.sh demo     # + Emscripten (WASM) and Node.js: make demo serves the web demo
#   cmake/install-deps.sh all      # + Chromium (browser tests)
set -euo pipefail
what=${1:-all}
pkgs=(g++ cmake make python3 pkg-config libeigen3-dev nlohmann-json3-dev libgtest-dev libcli11-dev unicode-data)
case $what in
  native) ;;
  demo | all)
    pkgs+=(emscripten)
    [[ $what == all ]] && pkgs+=(chromium)
    command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
    [[ $what == all ]] && ! command -v npm >/dev/null 2>&1 && pkgs+=(npm)
    ;;
  *) echo "usage: $0 native|demo|all" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
sudo=""
if [[ $(id -u) != 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
