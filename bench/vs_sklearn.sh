#!/usr/bin/env bash
# topica (default settings) against scikit-learn's TF-IDF + LinearSVC, in one run, on
# 20 Newsgroups (bydate, accuracy) and Reuters-21578 ModApte R90 (micro-F1).
#   bench/vs_sklearn.sh            # needs ../shared/data; installs python3-sklearn if missing
# Prints a Markdown table and writes it to bench/results/vs_sklearn.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import sklearn" 2>/dev/null; then
  sudo=""; [[ $(id -u) != 0 ]] && sudo=sudo
  $sudo apt-get install -y -q --no-install-recommends python3-sklearn
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j"$(nproc)" --target topica_cli > /dev/null
topica=build/bin/topica
/usr/bin/python3 bench/prepare_data.py
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
mkdir -p bench/results
out=bench/results/vs_sklearn.md
{
  echo "Machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; $(date -u +%Y-%m-%d)."
  echo "Train time = CPU seconds (user + sys) of the whole training run, including reading and"
  echo "feature extraction; topica's includes its 3-fold calibration and threshold tuning."
  echo
  echo "| corpus | metric | topica | scikit-learn | topica train s | sklearn train s | topica features | sklearn features |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$out"
for corpus in 20ng reuters; do
  train=bench/data/${corpus}_train.jsonl test=bench/data/${corpus}_test.jsonl
  model=$(mktemp /tmp/topica-bench-XXXXXX.json)
  /usr/bin/time -f "%U %S %M" -o /tmp/topica-bench-time "$topica" train -q --data "$train" --out "$model"
  read -r user sys rss < /tmp/topica-bench-time
  topica_s=$(/usr/bin/python3 -c "print(round($user + $sys, 2))")
  report=$("$topica" eval --json --model "$model" --data "$test")
  features=$("$topica" info --json --model "$model" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['features'])")
  sk=$(/usr/bin/python3 bench/sklearn_baseline.py "$train" "$test")
  if [[ $corpus == 20ng ]]; then metric=accuracy; key=accuracy; else metric=micro-F1; key=micro_f1; fi
  t_val=$(echo "$report" | /usr/bin/python3 -c "import json,sys; r=json.load(sys.stdin); print('%.4f' % (r['accuracy'] if '$key'=='accuracy' else r['micro']['f1']))")
  s_val=$(echo "$sk" | /usr/bin/python3 -c "import json,sys; print('%.4f' % json.load(sys.stdin)['$key'])")
  s_s=$(echo "$sk" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['train_cpu_s'])")
  s_f=$(echo "$sk" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)['features'])")
  echo "| $corpus | $metric | $t_val | $s_val | $topica_s | $s_s | $features | $s_f |" >> "$out"
  rm -f "$model"
done
cat "$out"
