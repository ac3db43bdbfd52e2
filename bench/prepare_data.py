#!/usr/bin/env python3
"""Writes the benchmark corpora from ../shared/data into bench/data/ as JSON Lines.

  20ng_{train,test}.jsonl        20 Newsgroups bydate, texts as given (headers kept)
  reuters_{train,test}.jsonl     Reuters-21578 ModApte, labels restricted to the R90 list;
                                 documents without an R90 label are dropped (7,770 / 3,019)
Usage: bench/prepare_data.py [SHARED_DATA_DIR] [OUT_DIR]
"""
import gzip
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "shared", "data")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "data")
os.makedirs(out, exist_ok=True)


def write(name, records):
    path = os.path.join(out, name)
    n = 0
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    os.replace(path + ".tmp", path)
    print(f"{path}: {n} documents", file=sys.stderr)


for split in ("train", "test"):
    src = os.path.join(shared, "20newsgroups", f"{split}.jsonl.gz")
    with gzip.open(src, "rt", encoding="utf-8") as f:
        write(f"20ng_{split}.jsonl", (json.loads(line) for line in f))

r90 = set(open(os.path.join(shared, "reuters21578", "labels_r90.txt")).read().split())
for split in ("train", "test"):
    def records():
        with open(os.path.join(shared, "reuters21578", f"{split}.jsonl"), encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                d["labels"] = [l for l in d["labels"] if l in r90]
                if d["labels"]:
                    yield d
    write(f"reuters_{split}.jsonl", records())
