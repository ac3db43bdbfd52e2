#!/usr/bin/env bash
# Rebuilds models/news-topics.json with models/train-news-topics.sh and checks that the result
# is byte for byte the shipped file. Needs ../shared/data/news_topics beside the repository
# (or $NEWS_TOPICS_DATA); exits 77 (ctest: skipped) when the data is not there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${NEWS_TOPICS_DATA:-$root/../shared/data/news_topics}
if [[ ! -f $data/train.jsonl ]]; then
  echo "skipped: $data/train.jsonl not found (the training data is not part of the repository)"
  exit 77
fi
out=$(mktemp /tmp/news-topics-XXXXXX.json)
trap 'rm -f "$out"' EXIT
"$root/models/train-news-topics.sh" "$out" 2>/dev/null
if cmp -s "$out" "$root/models/news-topics.json"; then
  echo "models/news-topics.json rebuilt byte for byte ($(wc -c < "$out") bytes)"
else
  echo "models/news-topics.json differs from a rebuild: retrain it with models/train-news-topics.sh" >&2
  cmp "$out" "$root/models/news-topics.json" >&2 || true
  exit 1
fi
