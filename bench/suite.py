#!/usr/bin/env python3
"""The benchmark suite's measuring part (bench/run.sh prepares the tools and data, then runs
this, then bench/report.py). For each corpus and tool: accuracy (multi-class) or micro/macro-F1
(multi-label), training time and peak memory, one-thread prediction throughput from raw text,
classifying peak memory, model size raw and gzipped; the bare-pass reference; and topica's stage
ladder (bench/stage_ladder.cc, native and WASM): where its classify time goes, stage by stage.

Every process is started by run(): its CPU time (user + system, children included) and peak
RSS come from os.wait4(), the same numbers /usr/bin/time prints as %U, %S and %M, at
microsecond resolution.

Throughput. Every tool classifies the same file, bench.txt: the corpus's test texts, one per
line (line breaks inside a text replaced by spaces), repeated until the file holds at least
--min-mb MB. Each tool also classifies one.txt (the first line alone); the difference
(bench - one) removes process start-up and model loading, and gives the steady rate:
  MB/s = bytes of bench.txt / (CPU s of bench run - CPU s of one run)
It is also reported with loading included (bytes / CPU s of the bench run). Accuracy is scored
on the first copy of the test set in each tool's output. topica's numbers are the median of
--runs runs (bench and one alternate); the peers run --peer-runs times, except scikit-learn's
training (the training goal's reference), which runs as often as topica's.

Usage: suite.py --data DIR --work DIR --out results.json --topica BIN [--wasm-dist DIR]
                [--bare-pass BIN] [--ladder BIN] [--wasm-ladder CJS] [--corpora a,b] [--tools t1,t2] [--runs 3] [--peer-runs 1]
                [--min-mb 8] [--smoke]
"""
import argparse
import gzip
import json
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"  # Debian's, which has python3-sklearn (a pyenv python may not)
TOOLS = ["topica", "topica-wasm", "fasttext", "sklearn", "liblinear"]
# fastText's tutorial preprocessing (docs/supervised-tutorial.md): split off punctuation,
# lower-case. Its tokenizer splits on whitespace only, so without this "Iran," and "iran"
# are different words. Applied to the training data and, inside the timed run, to the text
# being classified. LC_ALL=C: bytes, as the tutorial's tr does.
FT_SED = "sed -e \"s/\\([.\\!?,'/()]\\)/ \\1 /g\""
FT_TR = "tr '[:upper:]' '[:lower:]'"
FT_PREP = f"{FT_SED} | {FT_TR}"
FT_TRAIN = "-lr 0.5 -epoch 25 -wordNgrams 2 -bucket 200000 -dim 50 -thread 1"
LL_TRAIN = "-s 1 -c 1 -B 1 -q"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---- processes -----------------------------------------------------------------------------

TIME = "/usr/bin/time"


def run(cmd, stdin=None, stdout=None, env=None, check=True):
    """Runs cmd (a list, or a string for /bin/sh -c) under /usr/bin/time; returns its times and
    peak RSS. CPU and wall time come from os.wait4() (microseconds; CPU includes children and
    time's own ~1 ms); the peak RSS is /usr/bin/time's %M, because a child forked from this
    Python process inherits its peak RSS across exec (wait4's ru_maxrss would show ours)."""
    argv = ["/bin/sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
    full_env = dict(os.environ, **(env or {}))
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
    with tempfile.TemporaryFile() as ferr, tempfile.NamedTemporaryFile("r") as fmem:
        if os.path.exists(TIME):
            argv = [TIME, "-f", "%M", "-o", fmem.name] + argv
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=ferr, env=full_env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        ferr.seek(0)
        err = ferr.read().decode("utf-8", "replace")
        mem = fmem.read().split()
    for f in (fin, fout):
        if hasattr(f, "close"):
            f.close()
    if check and p.returncode != 0:
        raise RuntimeError(f"command failed ({p.returncode}): {cmd}\n{err[-2000:]}")
    rss = int(mem[-1]) / 1024.0 if mem and mem[-1].isdigit() else float("nan")
    return {"wall_s": wall, "user_s": ru.ru_utime, "sys_s": ru.ru_stime,
            "cpu_s": ru.ru_utime + ru.ru_stime, "rss_mb": rss, "stderr": err}


NO_RUN = {"wall_s": 0.0, "user_s": 0.0, "sys_s": 0.0, "cpu_s": 0.0, "rss_mb": 0.0}


def median_run(runs):
    keys = ["wall_s", "user_s", "sys_s", "cpu_s", "rss_mb"]
    return {k: statistics.median(r[k] for r in runs) for k in keys} | {"n": len(runs)}


def total(runs):
    """Sequential sub-steps of one measurement (e.g. one model per label): times add up,
    peak memory is the largest."""
    out = {k: sum(r[k] for r in runs) for k in ["wall_s", "user_s", "sys_s", "cpu_s"]}
    out["rss_mb"] = max(r["rss_mb"] for r in runs)
    return out


def sizes(paths):
    raw = gz = 0
    for p in paths:
        data = open(p, "rb").read()
        raw += len(data)
        gz += len(gzip.compress(data, compresslevel=9))
    return {"raw_bytes": raw, "gzip_bytes": gz}


def output(cmd):
    return subprocess.run(cmd, shell=isinstance(cmd, str), capture_output=True, text=True).stdout.strip()


# ---- metrics -------------------------------------------------------------------------------

def score(truth, pred, labels, multilabel):
    """accuracy (exact match) and micro/macro-F1 over `labels` (the training labels;
    zero_division = 0, as scikit-learn's f1_score(..., zero_division=0))."""
    assert len(truth) == len(pred), (len(truth), len(pred))
    index = {l: i for i, l in enumerate(labels)}
    tp = [0] * len(labels)
    fp = [0] * len(labels)
    fn = [0] * len(labels)
    exact = 0
    for t, p in zip(truth, pred):
        t = set(l for l in t if l in index)
        p = set(l for l in p if l in index)
        exact += t == p
        for l in p & t:
            tp[index[l]] += 1
        for l in p - t:
            fp[index[l]] += 1
        for l in t - p:
            fn[index[l]] += 1

    def f1(a, b, c):
        return 2 * a / (2 * a + b + c) if a else 0.0

    out = {"accuracy": exact / len(truth),
           "micro_f1": f1(sum(tp), sum(fp), sum(fn)),
           "macro_f1": sum(f1(*x) for x in zip(tp, fp, fn)) / len(labels)}
    out["primary"] = out["micro_f1"] if multilabel else out["accuracy"]
    return out


# ---- corpora -------------------------------------------------------------------------------

def flat(text):
    return text.replace("\r", " ").replace("\n", " ")


class Corpus:
    def __init__(self, name, data_dir, work_dir, min_bytes):
        self.name = name
        self.train_jsonl = os.path.join(data_dir, f"{name}_train.jsonl")
        self.test_jsonl = os.path.join(data_dir, f"{name}_test.jsonl")
        self.dir = os.path.join(work_dir, name)
        os.makedirs(self.dir, exist_ok=True)
        train = [json.loads(l) for l in open(self.train_jsonl, encoding="utf-8")]
        test = [json.loads(l) for l in open(self.test_jsonl, encoding="utf-8")]
        # topica's rule (--task auto): multi-label if any training document has 0 or 2+ labels.
        self.multilabel = any(len(d["labels"]) != 1 for d in train)
        self.labels = sorted({l for d in train for l in d["labels"]})
        self.truth = [d["labels"] for d in test]
        self.n_train, self.n_test = len(train), len(test)
        self.train_bytes = sum(len(d["text"].encode()) for d in train)
        lines = "".join(flat(d["text"]) + "\n" for d in test).encode("utf-8")
        self.test_bytes = len(lines)
        self.repeat = max(1, math.ceil(min_bytes / len(lines)))
        self.path = lambda f: os.path.join(self.dir, f)
        with open(self.path("bench.txt"), "wb") as f:
            for _ in range(self.repeat):
                f.write(lines)
        with open(self.path("one.txt"), "wb") as f:
            f.write(lines[: lines.index(b"\n") + 1])
        self.bench_docs = self.n_test * self.repeat
        self.bench_bytes = len(lines) * self.repeat
        # fastText input: labels as __label__<index> (some labels contain spaces).
        self.ft_label = {l: f"__label__{i}" for i, l in enumerate(self.labels)}
        # fastText's SGD reads the file in order and does not shuffle: on a file sorted by label
        # (20ng is) it learns mostly the last labels. Shuffled once, with a fixed seed.
        shuffled = list(train)
        random.Random(1).shuffle(shuffled)
        with open(self.path("train_raw.ft"), "w", encoding="utf-8") as f:
            for d in shuffled:
                tags = [self.ft_label[l] for l in d["labels"]] or ["__label__none"]
                f.write(" ".join(tags) + " " + flat(d["text"]) + "\n")

    def info(self):
        return {"name": self.name, "task": "multilabel" if self.multilabel else "multiclass",
                "labels": len(self.labels), "train_docs": self.n_train, "test_docs": self.n_test,
                "train_mb": self.train_bytes / 1e6, "test_mb": self.test_bytes / 1e6,
                "repeat": self.repeat, "bench_docs": self.bench_docs,
                "bench_mb": self.bench_bytes / 1e6}


TIMING = re.compile(r"timing: load ([0-9.]+) ms CPU, classify ([0-9.]+) ms CPU")


def topica_timing(r):
    """(load, classify) CPU seconds that `topica classify --timing` printed on stderr."""
    m = TIMING.search(r["stderr"])
    if not m:
        raise RuntimeError(f"no timing line in topica's stderr: {r['stderr'][-500:]}")
    # (0.1 ms resolution: the smoke run's inputs take a few ms)
    return float(m.group(1)) / 1e3, max(float(m.group(2)), 0.1) / 1e3


def throughput(c, full, one, extra_cpu_s=0.0, extra_wall_s=0.0):
    """Rates from a bench run and a one-document run (see the module comment)."""
    cpu = max(full["cpu_s"] - one["cpu_s"], 1e-9) + extra_cpu_s
    wall = max(full["wall_s"] - one["wall_s"], 1e-9) + extra_wall_s
    return {"mb_s": c.bench_bytes / 1e6 / cpu, "docs_s": (c.bench_docs - 1) / cpu,
            "mb_s_wall": c.bench_bytes / 1e6 / wall,
            "mb_s_with_load": c.bench_bytes / 1e6 / (full["cpu_s"] + extra_cpu_s),
            "load_cpu_s": one["cpu_s"], "cpu_s": cpu, "wall_s": wall}


def head_lines(path, n):
    out = []
    with open(path, encoding="utf-8", newline="\n") as f:
        for line in f:
            out.append(line[:-1] if line.endswith("\n") else line)
            if len(out) == n:
                break
    return out


# ---- tools ---------------------------------------------------------------------------------

def proc_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("State", "VmRSS", "VmHWM"):
                out[k] = v.split()[0] if k == "State" else int(v.split()[0]) / 1024.0
    return out


def child_of(pid):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                return int(entry)
    return None


def memory_probe(cmd, input_path):
    """Streaming memory of `cmd` (reads documents from stdin), in MB: its resident memory once
    the model is loaded and it waits for input (sleeping with nothing to read: state S, RSS
    steady), its peak so far (the load); then the peak is reset (clear_refs 5) and the input
    streamed through, so /usr/bin/time's %M is the peak while classifying."""
    with tempfile.NamedTemporaryFile("r") as fmem:
        p = subprocess.Popen([TIME, "-f", "%M", "-o", fmem.name] + cmd, stdin=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pid, last, steady = None, None, 0
        deadline = time.time() + 120
        while steady < 5 and time.time() < deadline:
            time.sleep(0.02)
            pid = pid or child_of(p.pid)
            if pid is None:
                continue
            st = proc_status(pid)
            steady = steady + 1 if st["State"] == "S" and st["VmRSS"] == last else 0
            last = st["VmRSS"]
        loaded = proc_status(pid)
        try:
            with open(f"/proc/{pid}/clear_refs", "w") as f:
                f.write("5")
            reset = True
        except OSError:
            reset = False  # the end peak then includes the load's
        with open(input_path, "rb") as f:
            shutil.copyfileobj(f, p.stdin, 1 << 20)
        p.stdin.close()
        if p.wait() != 0:
            raise RuntimeError(f"command failed ({p.returncode}): {cmd}")
        peak = int(fmem.read().split()[-1]) / 1024.0
    return {"rss_loaded_mb": loaded["VmRSS"], "peak_load_mb": loaded["VmHWM"],
            "peak_classify_mb": peak, "peak_reset": reset}


def bench_topica(c, a):
    model = c.path("topica.json")
    train_cmd = [a.topica, "train", "-q", "--data", c.train_jsonl, "--out", model]
    trains = []
    for _ in range(a.runs):
        trains.append(run(train_cmd, stdout=c.path("topica_train.log")))
    info = json.loads(output([a.topica, "info", "--json", "--model", model]))
    ev = json.loads(output([a.topica, "eval", "--json", "--model", model, "--data", c.test_jsonl]))
    # Labels only, like the peers' predict commands (fastText predict, sklearn predict): all 7-90
    # probabilities as JSON cost 20-30 % of the run on short documents (cap).
    cls = lambda f: [a.topica, "classify", "--scores", "none", "--timing", "--model", model,
                     "--input-format", "lines", f]
    fulls, ones = [], []
    for _ in range(a.runs):
        ones.append(run(cls(c.path("one.txt")), stdout=c.path("topica_one.out")))
        fulls.append(run(cls(c.path("bench.txt")), stdout=c.path("topica.out")))
    pred = [json.loads(l)["labels"] for l in head_lines(c.path("topica.out"), c.n_test)]
    full, one = median_run(fulls), median_run(ones)
    predict = throughput(c, full, one)
    # topica's rate is the CPU time it reports itself from the end of the model load to its last
    # output (--timing), as the Node script measures the WASM build: bench minus one-document
    # run, kept as mb_s_bench_minus_one, is noisy where the load is most of the run (20ng: the
    # 35 MB model loads in ~0.8 s, the 14 MB are classified in ~0.4 s).
    classify_cpu = statistics.median(topica_timing(r)[1] for r in fulls)
    predict.update({"mb_s_bench_minus_one": predict["mb_s"], "cpu_s": classify_cpu,
                    "mb_s": c.bench_bytes / 1e6 / classify_cpu,
                    "docs_s": c.bench_docs / classify_cpu,
                    "load_cpu_s_reported": statistics.median(topica_timing(r)[0] for r in fulls)})
    # Memory: the model's resident size = RSS once loaded minus the same for a tiny model.
    tiny = os.path.join(a.work, "tiny_model.json")
    if not os.path.exists(tiny):
        run([a.topica, "train", "-q", "--data", os.path.join(ROOT, "tests", "fixtures", "news_small.jsonl"),
             "--out", tiny])
    probe = lambda m: memory_probe([a.topica, "classify", "--scores", "none", "--model", m,
                                    "--input-format", "lines", "-"],
                                   c.path("bench.txt"))
    mem = probe(model)
    base = probe(tiny)
    mem["model_resident_mb"] = mem["rss_loaded_mb"] - base["rss_loaded_mb"]
    mem["tiny_model_rss_loaded_mb"] = base["rss_loaded_mb"]
    mem["growth_mb"] = mem["peak_classify_mb"] - mem["rss_loaded_mb"]
    m = score(c.truth, pred, c.labels, c.multilabel)
    eval_primary = ev["micro"]["f1"] if c.multilabel else ev["accuracy"]
    return {"tool": "topica", "metric": m, "train": median_run(trains),
            "model": sizes([model]), "predict": predict,
            "classify_rss_mb": full["rss_mb"], "classify_rss_mb_one_doc": one["rss_mb"],
            "memory": mem, "features": info["features"], "weights": info.get("weights"),
            "check": {"topica_eval_primary": eval_primary,
                      "matches_eval": abs(eval_primary - m["primary"]) < 1e-3},
            "predictions": pred,
            "commands": {"train": " ".join(train_cmd), "classify": " ".join(cls("bench.txt"))}}


def bench_wasm(c, a, native):
    model = c.path("topica.json")
    cmd = ["node", os.path.join(HERE, "wasm_classify.mjs"), "--dist", a.wasm_dist,
           "--model", model, "--input", c.path("bench.txt"), "--out", c.path("wasm.out")]
    # Each WASM run is paired with a native CLI run right before it, and the ratios are taken
    # pair by pair: on a shared machine, the load minutes apart moved the ratio of separately
    # measured medians by up to 0.1 between runs of the suite.
    native_cmd = [a.topica, "classify", "--scores", "none", "--timing", "--model", model,
                  "--input-format", "lines", c.path("bench.txt")]
    runs, inner, paired, paired_steady = [], [], [], []
    for _ in range(a.runs):
        n = run(native_cmd, stdout=os.devnull)
        native_cpu = max(topica_timing(n)[1], 1e-9)  # both builds timed in-process, load excluded
        r = run(cmd)
        runs.append(r)
        i = json.loads(r["stderr"].strip().splitlines()[-1])
        inner.append(i)
        paired.append(native_cpu / (i["classify"]["cpu_ms"] / 1000))
        if i.get("steady"):
            s = i["steady"]
            paired_steady.append((s["bytes"] / s["cpu_ms"]) / (c.bench_bytes / native_cpu / 1000))
    pred = [json.loads(l) for l in head_lines(c.path("wasm.out"), c.n_test)]
    cpu = statistics.median(i["classify"]["cpu_ms"] for i in inner) / 1000
    wall = statistics.median(i["classify"]["wall_ms"] for i in inner) / 1000
    load = statistics.median(i["load"]["cpu_ms"] for i in inner) / 1000
    # Without the first 1 MB block, during which V8 compiles the hot code (wasm_classify.mjs).
    steady = [i["steady"] for i in inner if i.get("steady")]
    steady_mb_s = (statistics.median(s["bytes"] / 1e3 / s["cpu_ms"] for s in steady)
                   if len(steady) == len(inner) else None)
    proc = median_run(runs)
    mismatches = sum(p != q for p, q in zip(pred, native["predictions"]))
    return {"tool": "topica-wasm", "metric": score(c.truth, pred, c.labels, c.multilabel),
            "model": native["model"],
            "predict": {"mb_s": c.bench_bytes / 1e6 / cpu, "docs_s": c.bench_docs / cpu,
                        "mb_s_wall": c.bench_bytes / 1e6 / wall,
                        "mb_s_with_load": c.bench_bytes / 1e6 / proc["cpu_s"],
                        "mb_s_steady": steady_mb_s,
                        "paired_ratio_to_native": statistics.median(paired),
                        "paired_ratio_to_native_steady": (statistics.median(paired_steady)
                                                          if len(paired_steady) == len(paired) else None),
                        "load_cpu_s": load, "cpu_s": cpu, "wall_s": wall},
            "classify_rss_mb": proc["rss_mb"],
            "check": {"label_mismatches_vs_native": mismatches},
            "node": inner[0]["node"], "commands": {"classify": " ".join(cmd)}}


def bench_fasttext(c, a):
    model = c.path("ft")
    loss = " -loss ova" if c.multilabel else ""
    train_cmd = (f"{FT_SED} < train_raw.ft | {FT_TR} > train.ft && "
                 f"fasttext supervised -input train.ft -output ft {FT_TRAIN}{loss} -verbose 0")
    env = {"LC_ALL": "C"}
    cwd_cmd = lambda s: f"cd '{c.dir}' && {s}"
    trains = [run(cwd_cmd(train_cmd), env=env) for _ in range(a.peer_runs)]
    predict = ("fasttext predict-prob ft.bin - -1 0.5" if c.multilabel
               else "fasttext predict ft.bin -")
    pipeline = f"{FT_PREP} | {predict}"
    fulls, ones, bare = [], [], []
    for _ in range(a.peer_runs):
        ones.append(run(cwd_cmd(pipeline), stdin=c.path("one.txt"), stdout=c.path("ft_one.out"), env=env))
        fulls.append(run(cwd_cmd(pipeline), stdin=c.path("bench.txt"), stdout=c.path("ft.out"), env=env))
    # fastText alone, on text already preprocessed (for reference: the preprocessing's share).
    if a.smoke:
        bare = [(ones[0], fulls[0])]
    else:
        run(FT_PREP, stdin=c.path("bench.txt"), stdout=c.path("bench_prep.txt"), env=env)
        run(FT_PREP, stdin=c.path("one.txt"), stdout=c.path("one_prep.txt"), env=env)
        for _ in range(a.peer_runs):
            bare.append((run(cwd_cmd(predict), stdin=c.path("one_prep.txt"), stdout=c.path("ft_one.out")),
                         run(cwd_cmd(predict), stdin=c.path("bench_prep.txt"), stdout=c.path("ft_prep.out"))))
        os.remove(c.path("bench_prep.txt"))
    back = {v: k for k, v in c.ft_label.items()}
    pred = []
    for line in head_lines(c.path("ft.out"), c.n_test):
        toks = line.split()
        tags = toks[0::2] if c.multilabel else toks
        pred.append([back[t] for t in tags if t in back])
    while len(pred) < c.n_test:  # (fastText writes one line per input line; guard anyway)
        pred.append([])
    full, one = median_run(fulls), median_run(ones)
    only = throughput(c, median_run([b[1] for b in bare]), median_run([b[0] for b in bare]))
    return {"tool": "fasttext", "metric": score(c.truth, pred, c.labels, c.multilabel),
            "train": median_run(trains), "model": sizes([model + ".bin"]),
            "predict": throughput(c, full, one), "predict_without_preprocessing": only,
            "classify_rss_mb": full["rss_mb"], "classify_rss_mb_one_doc": one["rss_mb"],
            "commands": {"train": f"LC_ALL=C; {train_cmd}",
                         "classify": f"LC_ALL=C; {pipeline} < bench.txt"}}


def bench_sklearn(c, a):
    script = os.path.join(HERE, "sklearn_baseline.py")
    model = c.path("sklearn.pkl")
    train_cmd = [PY, script, "train", c.train_jsonl, model]
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    # The training goal is a ratio to scikit-learn's training time: it is timed as often as
    # topica's (--runs), so that the ratio is a median against a median (a single run moved it
    # by 0.1 between suite runs).
    trains = [run(train_cmd, stdout=c.path("sklearn_train.json"), env=env)
              for _ in range(max(a.peer_runs, a.runs))]
    fit = json.load(open(c.path("sklearn_train.json")))
    cls = lambda f, o: [PY, script, "predict", model, c.path(f), c.path(o)]
    fulls, ones = [], []
    for _ in range(a.peer_runs):
        # (--smoke skips the one-document run: Python's start-up is most of the smoke's time)
        ones.append(NO_RUN if a.smoke else run(cls("one.txt", "sklearn_one.out"), env=env))
        fulls.append(run(cls("bench.txt", "sklearn.out"), env=env))
    pred = [l.split("\t") if l else [] for l in head_lines(c.path("sklearn.out"), c.n_test)]
    full, one = median_run(fulls), median_run(ones)
    return {"tool": "sklearn", "metric": score(c.truth, pred, c.labels, c.multilabel),
            "train": median_run(trains), "fit_cpu_s": fit["fit_cpu_s"], "features": fit["features"],
            "model": sizes([model]), "predict": throughput(c, full, one),
            "classify_rss_mb": full["rss_mb"], "classify_rss_mb_one_doc": one["rss_mb"],
            "commands": {"train": " ".join(train_cmd[1:]).replace(c.dir + "/", ""),
                         "classify": " ".join(cls("bench.txt", "sklearn.out")[1:]).replace(c.dir + "/", "")}}


def bench_liblinear(c, a):
    d = c.path("liblinear")
    os.makedirs(d, exist_ok=True)
    script = os.path.join(HERE, "sklearn_baseline.py")
    export = run([PY, script, "export-libsvm", c.train_jsonl, d, c.path("bench.txt"), c.path("one.txt")],
                 stdout=os.path.join(d, "export.json"), env={"OMP_NUM_THREADS": "1"})
    ex = json.load(open(os.path.join(d, "export.json")))
    classes = open(os.path.join(d, "labels.txt"), encoding="utf-8").read().split("\n")[:-1]
    p = lambda f: os.path.join(d, f)
    if c.multilabel:
        # train.svm lines are "0 i:v i:v ..." (label 0); each label's file swaps in its 0/1 column
        feats = [l.partition(b" ")[2] for l in open(p("train.svm"), "rb").read().split(b"\n") if l]
        ys = [l.split(b"\t") for l in open(p("train_labels.tsv"), "rb").read().split(b"\n") if l]
        models = []
        trains = []
        for j in range(len(classes)):
            with open(p("train_j.svm"), "wb") as f:
                f.write(b"".join(y[j] + b" " + x + b"\n" for y, x in zip(ys, feats)))
            models.append(p(f"model_{j}"))
            trains.append(run(["liblinear-train"] + LL_TRAIN.split() + [p("train_j.svm"), models[-1]]))
        os.remove(p("train_j.svm"))
        train = total(trains)
        def predict(f, tag):
            return total([run(["liblinear-predict", "-q", p(f), m, p(f"out_{tag}_{j}")])
                          for j, m in enumerate(models)])
    else:
        models = [p("model")]
        train = run(["liblinear-train"] + LL_TRAIN.split() + [p("train.svm"), models[0]])
        def predict(f, tag):
            return run(["liblinear-predict", "-q", p(f), models[0], p(f"out_{tag}")])
    fulls, ones = [], []
    for _ in range(a.peer_runs):
        ones.append(predict("one.svm", "one"))
        fulls.append(predict("bench.svm", "bench"))
    full, one = median_run(fulls), median_run(ones)
    if c.multilabel:
        cols = [head_lines(p(f"out_bench_{j}"), c.n_test) for j in range(len(classes))]
        pred = [[classes[j] for j in range(len(classes)) if cols[j][i].strip() == "1"]
                for i in range(c.n_test)]
    else:
        pred = [[classes[int(float(v))]] for v in head_lines(p("out_bench"), c.n_test)]
    vec = ex["transform_cpu_s"]["bench"] - ex["transform_cpu_s"]["one"]
    return {"tool": "liblinear", "metric": score(c.truth, pred, c.labels, c.multilabel),
            "train": train, "models": len(models),
            "train_with_features_cpu_s": train["cpu_s"] + ex["fit_transform_cpu_s"],
            "features_fit_transform_cpu_s": ex["fit_transform_cpu_s"],
            "model": sizes(models),
            "predict": throughput(c, full, one),  # LIBSVM features in: excludes feature extraction
            "predict_with_features": throughput(c, full, one, extra_cpu_s=vec, extra_wall_s=vec),
            "features_transform_cpu_s": vec,
            "classify_rss_mb": full["rss_mb"], "classify_rss_mb_one_doc": one["rss_mb"],
            "export_rss_mb": export["rss_mb"],
            "commands": {"features": "sklearn_baseline.py export-libsvm train.jsonl liblinear/ bench.txt one.txt",
                         "train": ("for each label j: " if c.multilabel else "")
                         + f"liblinear-train {LL_TRAIN} train{'_j' if c.multilabel else ''}.svm model"
                         + ("_j" if c.multilabel else ""),
                         "classify": ("for each label j: " if c.multilabel else "")
                         + "liblinear-predict -q bench.svm model" + ("_j" if c.multilabel else "") + " out"}}


def bench_bare(c, a):
    r = {}
    if a.bare_pass:
        runs = [run([a.bare_pass, c.path("bench.txt")]) for _ in range(3)]
        r["bare_pass"] = c.bench_bytes / 1e6 / median_run(runs)["cpu_s"]
    runs = [run(["wc", "-w", c.path("bench.txt")], env={"LC_ALL": "C"}) for _ in range(3)]
    r["wc_w"] = c.bench_bytes / 1e6 / median_run(runs)["cpu_s"]
    return r


def bench_ladder(c, a):
    """bench/stage_ladder.cc, natively and in WebAssembly (Node), on bench.txt with the native
    model: the library's classify path cut into cumulative stages, from the bare pass to the
    labels. Runs alternate (native, WASM, native, ...: 3 each, of 3 rounds each); each stage's
    best rate is kept."""
    model, text = c.path("topica.json"), c.path("bench.txt")
    tools = {"native": [a.ladder]}
    if a.wasm_ladder and shutil.which("node"):
        tools["wasm"] = ["node", a.wasm_ladder]
    repeats = "1" if a.smoke else "3"
    best, counts, commands = {}, {}, {}
    for _ in range(1 if a.smoke else 3):
        for name, cmd in tools.items():
            full = cmd + [model, text, repeats]
            commands[name] = " ".join(full)
            p = subprocess.run(full, capture_output=True, text=True)
            if p.returncode != 0:
                raise RuntimeError(f"command failed ({p.returncode}): {' '.join(full)}\n{p.stderr[-2000:]}")
            out = json.loads(p.stdout)
            for s in out["stages"]:
                b = best.setdefault(name, {})
                b[s["stage"]] = max(b.get(s["stage"], 0.0), s["best_mb_s"])
            # Tokens, terms, features and predicted labels: the same in both builds.
            counts[name] = {s["stage"]: s["count"] for s in out["stages"]}
    return {"mb_s": best, "counts": counts, "commands": commands}


# ---- environment ---------------------------------------------------------------------------

def dpkg_version(pkg):
    return output(["dpkg-query", "-W", "-f", "${Version}", pkg]) or None


def machine():
    lscpu = output(["lscpu"])
    field = lambda k: (re.search(rf"^{k}:\s*(.+)$", lscpu, re.M) or [None, None])[1]
    return {"cpu": field("Model name"), "cores": os.cpu_count(),
            "mem_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "kernel": platform.release(), "loadavg_start": open("/proc/loadavg").read().split()[:3],
            "date_utc": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--topica", required=True)
    ap.add_argument("--wasm-dist")
    ap.add_argument("--bare-pass")
    ap.add_argument("--ladder", help="bench/stage_ladder.cc built natively")
    ap.add_argument("--wasm-ladder", help="the same built as WebAssembly for Node (.cjs)")
    ap.add_argument("--corpora", default="20ng,reuters,cap,bbc,news_topics")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-runs", type=int, default=1)
    ap.add_argument("--min-mb", type=float, default=8.0)
    ap.add_argument("--smoke", action="store_true")
    a = ap.parse_args()
    a.topica = os.path.abspath(a.topica)

    tools = a.tools.split(",")
    have = {"topica": True,
            "topica-wasm": bool(a.wasm_dist and os.path.exists(os.path.join(a.wasm_dist, "topica.mjs"))
                                and shutil.which("node")),
            "fasttext": bool(shutil.which("fasttext")),
            "sklearn": subprocess.run([PY, "-c", "import sklearn"], capture_output=True).returncode == 0,
            "liblinear": bool(shutil.which("liblinear-train") and shutil.which("liblinear-predict"))}
    have["liblinear"] = have["liblinear"] and have["sklearn"]  # its features come from sklearn
    skipped = [t for t in tools if not have.get(t)]
    if skipped and not a.smoke:
        sys.exit(f"suite.py: not available: {', '.join(skipped)} (bench/run.sh installs the peers)")
    tools = [t for t in tools if have.get(t)]

    results = {"machine": machine(), "smoke": a.smoke, "skipped_tools": skipped,
               "work": os.path.abspath(a.work),
               "settings": {"runs": a.runs, "peer_runs": a.peer_runs, "min_mb": a.min_mb,
                            "fasttext_train": FT_TRAIN, "fasttext_prep": FT_PREP,
                            "liblinear_train": LL_TRAIN},
               "versions": {"topica": output([a.topica, "--version"]),
                            "git": output(f"cd '{ROOT}' && git rev-parse --short HEAD 2>/dev/null") +
                            (" + uncommitted changes in core/ or tools/" if output(
                                f"cd '{ROOT}' && git status --porcelain core tools 2>/dev/null") else ""),
                            "fasttext": dpkg_version("fasttext"),
                            "scikit-learn": output([PY, "-c", "import sklearn; print(sklearn.__version__)"]),
                            "liblinear": dpkg_version("liblinear-tools"),
                            "python": output([PY, "--version"]),
                            "node": output(["node", "--version"]) if shutil.which("node") else None,
                            "c++": output("c++ --version | head -1")},
               "corpora": []}
    t_start = time.time()
    for name in a.corpora.split(","):
        log(f"{name}: preparing")
        c = Corpus(name, a.data, a.work, a.min_mb * 1e6)
        entry = {"corpus": c.info(), "tools": {}}
        native = None
        for tool in tools:
            t0 = time.time()
            if tool == "topica":
                native = r = bench_topica(c, a)
            elif tool == "topica-wasm":
                if native is None:
                    continue
                r = bench_wasm(c, a, native)
            elif tool == "fasttext":
                r = bench_fasttext(c, a)
            elif tool == "sklearn":
                r = bench_sklearn(c, a)
            else:
                r = bench_liblinear(c, a)
            entry["tools"][tool] = r
            log(f"{name}: {tool}: {r['metric']['primary']:.4f}, "
                f"{r['predict']['mb_s']:.2f} MB/s, {time.time() - t0:.0f} s")
        for r in entry["tools"].values():
            r.pop("predictions", None)
            for k, cmd in r.get("commands", {}).items():  # paths relative to the corpus's work dir
                cmd = cmd.replace(c.dir + "/", "").replace(ROOT + "/", "")
                r["commands"][k] = cmd.replace(os.path.abspath(a.data) + "/", "$DATA/")
        entry["reference"] = bench_bare(c, a)
        if a.ladder and "topica" in entry["tools"]:
            t0 = time.time()
            entry["ladder"] = bench_ladder(c, a)
            for k, cmd in entry["ladder"]["commands"].items():
                entry["ladder"]["commands"][k] = cmd.replace(c.dir + "/", "").replace(ROOT + "/", "")
            log(f"{name}: stage ladder: {time.time() - t0:.0f} s")
        results["corpora"].append(entry)
    results["machine"]["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    results["elapsed_s"] = time.time() - t_start
    with open(a.out, "w") as f:
        json.dump(results, f, indent=1)
    log(f"wrote {a.out} ({results['elapsed_s']:.0f} s)")


if __name__ == "__main__":
    main()
