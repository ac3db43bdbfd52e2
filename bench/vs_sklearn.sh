#!/usr/bin/env bash
# topica (default settings) against scikit-learn's TF-IDF + LinearSVC on 20 Newsgroups (bydate,
# accuracy) and Reuters-21578 ModApte R90 (micro-F1): the benchmark suite restricted to those two
# tools and corpora (the full comparison is `make bench`, see bench/README.md).
#   bench/vs_sklearn.sh            # needs ../shared/data; installs the peers if missing
# Writes $BUILD/bench-work/RESULTS.md (default BUILD=build) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/run.sh --corpora 20ng,reuters --tools topica,sklearn "$@"
cat "${BUILD:-build}/bench-work/RESULTS.md"
