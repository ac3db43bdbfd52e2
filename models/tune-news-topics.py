#!/usr/bin/env python3
"""Chooses news-topics hyper-parameters by 5-fold cross-validation on the TRAINING split only.

Each setting is trained on 4/5 of ../shared/data/news_topics/train.jsonl and scored on the
other 1/5 (folds by a hash of the id), with the same `topica train` / `topica eval` a user runs;
the table shows the mean micro-F1 and the F1 of diplomacy, military and sanctions, and the
gzipped size of the first fold's model.
Usage: models/tune-news-topics.py [TOPICA_BINARY] [SETTINGS...]
  a setting is a quoted string of extra `topica train` flags, e.g. "--c 0.5 --balanced".
"""
import gzip
import json
import os
import subprocess
import sys
import tempfile
import zlib

here = os.path.dirname(os.path.abspath(__file__))
topica = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "build", "bin", "topica")
settings = sys.argv[2:] or ["", "--c 0.5", "--c 2", "--balanced", "--char-ngrams 3 5",
                            "--word-ngrams 1 3", "--min-df 1", "--loss logistic --c 4"]
data = os.path.join(here, "..", "..", "shared", "data", "news_topics", "train.jsonl")
FOLDS = 5
lines = open(data, encoding="utf-8").read().splitlines()
fold_of = [zlib.crc32(json.loads(l)["id"].encode()) % FOLDS for l in lines]
tmp = tempfile.mkdtemp(prefix="topica-tune-")
for k in range(FOLDS):
    with open(f"{tmp}/train{k}.jsonl", "w", encoding="utf-8") as tr, \
         open(f"{tmp}/valid{k}.jsonl", "w", encoding="utf-8") as va:
        for line, f in zip(lines, fold_of):
            (va if f == k else tr).write(line + "\n")

print("| setting | micro-F1 | macro-F1 | diplomacy | military | sanctions | KB gzipped |")
print("|---|---|---|---|---|---|---|")
for s in settings:
    micro = macro = 0.0
    per = {"diplomacy": 0.0, "military": 0.0, "sanctions": 0.0}
    for k in range(FOLDS):
        model = f"{tmp}/model.json"
        subprocess.run([topica, "train", "-q", "--data", f"{tmp}/train{k}.jsonl", "--out", model]
                       + s.split(), check=True, stderr=subprocess.DEVNULL)
        if k == 0:
            size = len(gzip.compress(open(model, "rb").read(), 9)) / 1024
        r = json.loads(subprocess.run([topica, "eval", "--json", "--model", model, "--data",
                                       f"{tmp}/valid{k}.jsonl"], check=True,
                                      capture_output=True, text=True).stdout)
        micro += r["micro"]["f1"] / FOLDS
        macro += r["macro"]["f1"] / FOLDS
        for l in r["labels"]:
            if l["label"] in per:
                per[l["label"]] += l["f1"] / FOLDS
    print(f"| `{s or '(defaults)'}` | {micro:.4f} | {macro:.4f} | {per['diplomacy']:.4f} | "
          f"{per['military']:.4f} | {per['sanctions']:.4f} | {size:.0f} |", flush=True)
