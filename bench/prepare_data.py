#!/usr/bin/env python3
"""Writes the benchmark corpora as JSON Lines ({"id", "text", "labels"}) into bench/data/.

  20ng_{train,test}.jsonl         20 Newsgroups bydate, texts as given (headers kept); 20 labels
  reuters_{train,test}.jsonl      Reuters-21578 ModApte, labels restricted to the R90 list;
                                  documents without an R90 label are dropped (7,770 / 3,019)
  cap_{train,test}.jsonl          NYT front page 1996-2006 (Comparative Agendas Project), major
                                  topic only: the "Major/subtopic" labels are dropped; 28 labels
  bbc_{train,test}.jsonl          BBC News, 5 labels
  news_topics_{train,test}.jsonl  topica's own multi-label set (7 labels, [] = none applies)

With --smoke, writes two tiny corpora from the committed test fixtures instead (no ../shared
needed): smoke_ml (tests/fixtures/news_small.jsonl, multi-label) and smoke_mc
(tests/fixtures/topics_mc.tsv, multi-class), each split 75/25 by a hash of the record number.

Usage: bench/prepare_data.py [--smoke] [--corpora a,b,...] [SHARED_DATA_DIR] [OUT_DIR]
"""
import argparse
import csv
import gzip
import hashlib
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
ALL = ["20ng", "reuters", "cap", "bbc", "news_topics"]

ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ap.add_argument("shared", nargs="?", default=os.path.join(here, "..", "..", "shared", "data"))
ap.add_argument("out", nargs="?", default=os.path.join(here, "data"))
ap.add_argument("--smoke", action="store_true")
ap.add_argument("--corpora", default=",".join(ALL))
args = ap.parse_args()
os.makedirs(args.out, exist_ok=True)


def write(name, records):
    path = os.path.join(args.out, name)
    n = 0
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"], "labels": r["labels"]},
                               ensure_ascii=False) + "\n")
            n += 1
    os.replace(path + ".tmp", path)
    print(f"{path}: {n} documents", file=sys.stderr)


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def relabel(records, keep, drop_unlabelled):
    for d in records:
        d["labels"] = [l for l in d["labels"] if keep(l)]
        if d["labels"] or not drop_unlabelled:
            yield d


def hashed_split(records):
    """75/25 split by a hash of the record number (the fixtures have no split)."""
    train, test = [], []
    for i, d in enumerate(records):
        (test if int(hashlib.md5(str(i).encode()).hexdigest(), 16) % 4 == 0 else train).append(d)
    return train, test


if args.smoke:
    fixtures = os.path.join(here, "..", "tests", "fixtures")
    train, test = hashed_split(list(read_jsonl(os.path.join(fixtures, "news_small.jsonl"))))
    write("smoke_ml_train.jsonl", train)
    write("smoke_ml_test.jsonl", test)
    with open(os.path.join(fixtures, "topics_mc.tsv"), encoding="utf-8", newline="") as f:
        rows = [{"id": str(i), "text": r["body"], "labels": [r["topic"]]}
                for i, r in enumerate(csv.DictReader(f, delimiter="\t"))]
    train, test = hashed_split(rows)
    write("smoke_mc_train.jsonl", train)
    write("smoke_mc_test.jsonl", test)
    sys.exit(0)

shared = args.shared
wanted = set(args.corpora.split(","))
unknown = wanted - set(ALL)
if unknown:
    sys.exit(f"prepare_data.py: unknown corpus {sorted(unknown)}; known: {ALL}")
for split in ("train", "test"):
    if "20ng" in wanted:
        write(f"20ng_{split}.jsonl",
              read_jsonl(os.path.join(shared, "20newsgroups", f"{split}.jsonl.gz")))
    if "reuters" in wanted:
        r90 = set(open(os.path.join(shared, "reuters21578", "labels_r90.txt")).read().split())
        write(f"reuters_{split}.jsonl",
              relabel(read_jsonl(os.path.join(shared, "reuters21578", f"{split}.jsonl")),
                      lambda l: l in r90, drop_unlabelled=True))
    if "cap" in wanted:
        # labels are [major, "major/subtopic code"]; a major topic name has no "/".
        write(f"cap_{split}.jsonl",
              relabel(read_jsonl(os.path.join(shared, "cap_nyt_frontpage", f"{split}.jsonl")),
                      lambda l: "/" not in l, drop_unlabelled=True))
    if "bbc" in wanted:
        write(f"bbc_{split}.jsonl", read_jsonl(os.path.join(shared, "bbc_news", f"{split}.jsonl")))
    if "news_topics" in wanted:
        write(f"news_topics_{split}.jsonl",
              read_jsonl(os.path.join(shared, "news_topics", f"{split}.jsonl")))
