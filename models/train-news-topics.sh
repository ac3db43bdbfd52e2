#!/usr/bin/env bash
# Rebuilds the default model, models/news-topics.json, from ../shared/data/news_topics
# (train split only). Training is deterministic: the output is byte for byte the shipped file.
#   models/train-news-topics.sh [OUT]      (default OUT: models/news-topics.json)
# Environment: TOPICA (the topica binary, default build/bin/topica), NEWS_TOPICS_DATA (the
# folder holding train.jsonl, default ../shared/data/news_topics beside the repository).
# The settings were chosen by 5-fold cross-validation on the training split
# (models/tune-news-topics.py); see models/news-topics.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
topica=${TOPICA:-$here/../build/bin/topica}
data=${NEWS_TOPICS_DATA:-$here/../../shared/data/news_topics}
out=${1:-$here/news-topics.json}
exec "$topica" train --quiet --data "$data/train.jsonl" --out "$out" --name news-topics \
  --word-ngrams 1 2 --char-ngrams 4 5 --min-df 2 --c 1 --folds 10 --seed 1 \
  --min-weight 0.04 --digits 3 --refit
