#!/usr/bin/env python3
"""Renders bench/suite.py's results.json as Markdown (RESULTS.md) and an SVG plot of accuracy
against prediction throughput (no matplotlib needed).

Usage: report.py RESULTS.json OUT.md OUT.svg [--command "make bench"]
Exits with status 1 if a sanity check failed (topica's own eval disagrees with the suite's
scoring of its output, or the WASM build's labels differ from the native CLI's).
"""
import argparse
import html
import json
import math
import os

NAMES = {"topica": "topica (native CLI)", "topica-wasm": "topica (WASM, Node)",
         "fasttext": "fastText", "sklearn": "scikit-learn", "liblinear": "LIBLINEAR"}
COLORS = {"topica": "#d62728", "topica-wasm": "#ff7f0e", "fasttext": "#1f77b4",
          "sklearn": "#2ca02c", "liblinear": "#9467bd"}
PEERS = ["fasttext", "sklearn", "liblinear"]


def f(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def pct(x):
    return f"{100 * x:.2f}"


def mb(nbytes):
    return f(nbytes / 1e6)


def corpus_table(entry, smoke):
    c = entry["corpus"]
    tools = entry["tools"]
    ml = c["task"] == "multilabel"
    metric = "micro-F1" if ml else "accuracy"
    out = [f"### {c['name']}: {c['task']}, {c['labels']} labels, {c['train_docs']:,} train / "
           f"{c['test_docs']:,} test documents",
           "",
           f"Throughput input: the {c['test_docs']:,} test texts × {c['repeat']} = "
           f"{c['bench_docs']:,} documents, {c['bench_mb']:.1f} MB. "
           f"Bare pass over the same bytes: **{f(entry['reference'].get('bare_pass'))} MB/s** "
           f"(bench/bare_pass.cc: read, lower-case, split); `LC_ALL=C wc -w`: "
           f"{f(entry['reference']['wc_w'])} MB/s.",
           "",
           f"| tool | {metric} % | macro-F1 % | train CPU s (wall) | train peak MB | "
           "predict MB/s | docs/s | MB/s with load | load CPU s | classify peak MB | "
           "model MB | gzipped MB |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for name in ["topica", "topica-wasm", "fasttext", "sklearn", "liblinear"]:
        r = tools.get(name)
        if r is None:
            continue
        m, p = r["metric"], r["predict"]
        if name == "topica-wasm":
            train = "(native model)"
            peak = "–"
        elif name == "liblinear":
            train = (f"{f(r['train']['cpu_s'])} ({f(r['train']['wall_s'])}) solver; "
                     f"{f(r['train_with_features_cpu_s'])} with TF-IDF")
            peak = f"{f(r['train']['rss_mb'], 0)} (TF-IDF export {f(r['export_rss_mb'], 0)})"
        else:
            train = f"{f(r['train']['cpu_s'])} ({f(r['train']['wall_s'])})"
            peak = f(r["train"]["rss_mb"], 0)
        rate, docs = f(p["mb_s"]), f(p["docs_s"], 0)
        if name == "fasttext":
            rate += f" ({f(r['predict_without_preprocessing']['mb_s'])} without sed/tr)"
        if name == "topica-wasm" and p.get("mb_s_steady"):
            rate += f" ({f(p['mb_s_steady'])} after the first MB)"
        if name == "liblinear":
            q = r["predict_with_features"]
            rate = f"{f(p['mb_s'])} LIBSVM in; {f(q['mb_s'])} with TF-IDF"
            docs = f"{f(p['docs_s'], 0)}; {f(q['docs_s'], 0)}"
        out.append(f"| {NAMES[name]} | {pct(m['primary'])} | {pct(m['macro_f1'])} | {train} | {peak} | "
                   f"{rate} | {docs} | {f(p['mb_s_with_load'])} | {f(p['load_cpu_s'])} | "
                   f"{f(r['classify_rss_mb'], 0)} | {mb(r['model']['raw_bytes'])} | "
                   f"{mb(r['model']['gzip_bytes'])} |")
    t = tools.get("topica")
    if t:
        mem = t["memory"]
        out += ["", f"topica: {t['features']:,} features, {t['weights']:,} weights. Classify memory "
                f"(native CLI streaming the {c['bench_mb']:.1f} MB from stdin): "
                f"{f(mem['rss_loaded_mb'], 1)} MB resident once the model is loaded "
                f"({f(mem['model_resident_mb'], 1)} MB more than with a tiny model), "
                f"{f(mem['peak_load_mb'], 1)} MB peak during the load, "
                f"{f(mem['peak_classify_mb'], 1)} MB peak while classifying (+{f(mem['growth_mb'], 1)} MB"
                f"{'' if mem['peak_reset'] else ', load included: /proc/PID/clear_refs not writable'})."]
    out.append("")
    return out + ladder_table(entry)


LADDER = [("bare", "bare pass (read, lower-case, split)"),
          ("tokenize", "tokenize (Unicode rules, token hashes)"),
          ("terms", "+ n-gram keys"),
          ("lookup", "+ key-table lookups (WASM: without Vectorize's batching)"),
          ("vectorize", "= vectorize: + id sort, counts, tf-idf"),
          ("score", "+ raw scores (weight columns)"),
          ("classify", "= classify: + probabilities, decision")]


def ladder_table(entry):
    """bench/stage_ladder.cc: the library's classify path in cumulative stages, native and WASM."""
    lad = entry.get("ladder")
    if not lad:
        return []
    nat, wasm = lad["mb_s"]["native"], lad["mb_s"].get("wasm", {})
    full = 1 / nat["classify"]
    out = ["Where topica's classify time goes (bench/stage_ladder.cc: the library on the same "
           "documents in memory, one thread, best of its runs; each stage below the bare pass "
           "does all the work of the one above it, so *share* is what a stage adds, as a part of "
           "the native classify time):",
           "",
           "| stage | native MB/s | × bare pass | share of classify time | WASM MB/s | WASM / native |",
           "|---|---|---|---|---|---|"]
    prev = 0.0
    for key, label in LADDER:
        n = nat[key]
        share = "–" if key == "bare" else f"{100 * (1 / n - prev) / full:.0f} %"
        if key != "bare":
            prev = 1 / n
        w = wasm.get(key)
        out.append(f"| {label} | {f(n, 1)} | {nat['bare'] / n:.1f}× | {share} | {f(w, 1)} | "
                   f"{'–' if w is None else f'{w / n:.2f}'} |")
    return out + [""]


def limits(results):
    """What the stage ladder says about the two goals it bears on, corpus by corpus."""
    rows = []
    for e in results["corpora"]:
        lad = e.get("ladder")
        if not lad:
            continue
        n, w = lad["mb_s"]["native"], lad["mb_s"].get("wasm", {})
        share = lambda a, b: 100 * (1 / n[b] - 1 / n[a]) / (1 / n["classify"])
        line = (f"- {e['corpus']['name']}: the tokenizer alone takes {n['bare'] / n['tokenize']:.1f}× "
                f"the bare pass's time, n-gram keys bring it to {n['bare'] / n['terms']:.1f}×; of "
                f"the classify time, the key-table lookups take {share('terms', 'lookup'):.0f} %, "
                f"sorting and weighing the features {share('lookup', 'vectorize'):.0f} % and the "
                f"weight columns {share('vectorize', 'score'):.0f} %; the library classifies in "
                f"{n['bare'] / n['classify']:.1f}× the bare pass's time.")
        if w:
            later = [w[k] / n[k] for k, _ in LADDER[1:] if k != "lookup"]
            line += (f" WebAssembly runs the bare pass itself at {w['bare'] / n['bare']:.2f}× native "
                     f"speed and each later stage at {min(later):.2f}-{max(later):.2f}×: the "
                     f"library's full path at {w['classify'] / n['classify']:.2f}×, before any "
                     "JavaScript or V8 compile cost.")
            p = e["tools"].get("topica-wasm", {}).get("predict", {})
            if p.get("mb_s_steady"):
                extra = p["cpu_s"] - e["corpus"]["bench_mb"] / p["mb_s_steady"]
                line += (f" In the Node run above, the CPU time beyond the steady rate (V8 compiling "
                         f"the hot functions while the first block runs slower) was "
                         f"{1000 * extra:.0f} ms, {100 * extra / p['cpu_s']:.0f} % of the run.")
        rows.append(line)
    return rows


def goals(results):
    rows = []
    corpora = results["corpora"]
    head = "| goal | " + " | ".join(e["corpus"]["name"] for e in corpora) + " |"
    rows += [head, "|---|" + "---|" * len(corpora)]

    def row(label, fn):
        cells = []
        for e in corpora:
            try:
                cells.append(fn(e))
            except (KeyError, TypeError, ValueError, ZeroDivisionError):  # a tool not run
                cells.append("–")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    def mark(ok):
        return "✅" if ok else "❌"

    def acc(e):
        t = e["tools"]["topica"]["metric"]["primary"]
        peers = {p: e["tools"][p]["metric"]["primary"] for p in PEERS if p in e["tools"]}
        best = max(peers, key=peers.get)
        d = 100 * (t - peers[best])
        return f"{mark(d >= -0.5)} {d:+.2f} pts vs {NAMES[best]}"

    def train_time(e):
        r = e["tools"]["topica"]["train"]["cpu_s"] / e["tools"]["sklearn"]["train"]["cpu_s"]
        return f"{mark(r <= 0.5)} {r:.2f}×"

    def train_mem(e):
        r = e["tools"]["topica"]["train"]["rss_mb"] / e["tools"]["sklearn"]["train"]["rss_mb"]
        return f"{mark(r <= 1.0)} {r:.2f}×"

    def classify_mem(e):
        m = e["tools"]["topica"]["memory"]
        need = m["peak_classify_mb"] - m["tiny_model_rss_loaded_mb"]
        allowed = m["model_resident_mb"] + 16
        return f"{mark(need <= allowed)} {need:.0f} MB ≤ {allowed:.0f}?"

    def load_mem(e):
        m = e["tools"]["topica"]["memory"]
        need = m["peak_load_mb"] - m["tiny_model_rss_loaded_mb"]
        allowed = m["model_resident_mb"] + 16
        return f"{mark(need <= allowed)} {need:.0f} MB ≤ {allowed:.0f}?"

    def ratio(a, b, goal, key="mb_s", sub_b=None):
        def fn(e):
            x = e["tools"][a]["predict"][key]
            y = (e["tools"][b][sub_b] if sub_b else e["tools"][b]["predict"])[key]
            return f"{mark(x / y >= goal)} {x / y:.2f}×"
        return fn

    def bare(e):
        r = e["reference"]["bare_pass"] / e["tools"]["topica"]["predict"]["mb_s"]
        return f"{mark(r <= 3)} {r:.1f}× slower"

    row("accuracy ≥ best peer − 0.5 pts (multi-label: micro-F1)", acc)
    row("training CPU time ≤ 0.5× scikit-learn's", train_time)
    row("training peak memory ≤ scikit-learn's", train_mem)
    row("classifying (streaming, after the load): peak − process baseline ≤ model's resident "
        "size + 16 MB", classify_mem)
    row("… the same for the model load's peak", load_mem)
    row("throughput ≥ 2× fastText (its sed/tr preprocessing included)", ratio("topica", "fasttext", 2))
    row("… ≥ 2× fastText predict alone (preprocessed input)",
        ratio("topica", "fasttext", 2, sub_b="predict_without_preprocessing"))
    row("throughput ≥ 5× scikit-learn", ratio("topica", "sklearn", 5))
    row("(LIBLINEAR, with sklearn's TF-IDF, for reference)",
        ratio("topica", "liblinear", 1, sub_b="predict_with_features"))
    def wasm_ratio(key):
        def fn(e):
            r = e["tools"]["topica-wasm"]["predict"].get(key)
            return "–" if r is None else f"{mark(r >= 0.5)} {r:.2f}×"
        return fn
    row("WASM ≥ 0.5× native (each WASM run paired with a native run just before it; median "
        "of the pairs' ratios)", wasm_ratio("paired_ratio_to_native"))
    row("… WASM after its first 1 MB block (V8's optimising compile done), paired the same way",
        wasm_ratio("paired_ratio_to_native_steady"))
    row("(WASM and native medians of separate runs, as before)", ratio("topica-wasm", "topica", 0.5))
    row("native within 3× of the bare pass", bare)
    return rows


def svg_plot(results):
    corpora = results["corpora"]
    pw, ph, ml, mt, mr, mbm = 250, 220, 46, 28, 10, 40
    cols = min(3, len(corpora))
    nrows = math.ceil(len(corpora) / cols)
    width, height = cols * (pw + ml + mr), nrows * (ph + mt + mbm) + 60
    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'font-family="sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{width / 2}" y="16" text-anchor="middle" font-size="13">Accuracy (multi-label: '
         'micro-F1) against one-thread prediction throughput from raw text (MB/s of CPU time, log '
         'scale)</text>']
    for k, e in enumerate(corpora):
        ox = (k % cols) * (pw + ml + mr) + ml
        oy = (k // cols) * (ph + mt + mbm) + mt + 20
        pts = []
        for name, r in e["tools"].items():
            rate = r["predict_with_features"]["mb_s"] if name == "liblinear" else r["predict"]["mb_s"]
            pts.append((name, rate, 100 * r["metric"]["primary"]))
        bare = e["reference"].get("bare_pass")
        xs = [p[1] for p in pts] + ([bare] if bare else [])
        lo = 10 ** math.floor(math.log10(max(min(xs), 1e-3)))
        hi = 10 ** math.ceil(math.log10(max(xs)))
        ys = [p[2] for p in pts]
        ylo = math.floor(min(ys) - 2)
        yhi = math.ceil(max(ys) + 1)
        X = lambda v: ox + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * pw
        Y = lambda v: oy + ph - (v - ylo) / (yhi - ylo) * ph
        s.append(f'<rect x="{ox}" y="{oy}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
        s.append(f'<text x="{ox + pw / 2}" y="{oy - 6}" text-anchor="middle" font-weight="bold">'
                 f'{html.escape(e["corpus"]["name"])} ({e["corpus"]["task"]})</text>')
        d = lo
        while d <= hi * 1.0001:
            x = X(d)
            s.append(f'<line x1="{x:.1f}" y1="{oy}" x2="{x:.1f}" y2="{oy + ph}" stroke="#eee"/>')
            s.append(f'<text x="{x:.1f}" y="{oy + ph + 14}" text-anchor="middle">{d:g}</text>')
            d *= 10
        step = max(1, round((yhi - ylo) / 5))
        v = ylo
        while v <= yhi:
            s.append(f'<line x1="{ox}" y1="{Y(v):.1f}" x2="{ox + pw}" y2="{Y(v):.1f}" stroke="#eee"/>')
            s.append(f'<text x="{ox - 4}" y="{Y(v) + 4:.1f}" text-anchor="end">{v}</text>')
            v += step
        s.append(f'<text x="{ox + pw / 2}" y="{oy + ph + 30}" text-anchor="middle">MB/s</text>')
        s.append(f'<text x="{ox - 32}" y="{oy + ph / 2}" text-anchor="middle" '
                 f'transform="rotate(-90 {ox - 32} {oy + ph / 2})">%</text>')
        if bare:
            x = X(bare)
            s.append(f'<line x1="{x:.1f}" y1="{oy}" x2="{x:.1f}" y2="{oy + ph}" stroke="#555" '
                     'stroke-dasharray="4,3"/>')
            s.append(f'<text x="{x - 3:.1f}" y="{oy + 12}" text-anchor="end" fill="#555">bare pass</text>')
        for name, rate, acc in pts:
            s.append(f'<circle cx="{X(rate):.1f}" cy="{Y(acc):.1f}" r="5" fill="{COLORS[name]}" '
                     f'fill-opacity="0.85"><title>{html.escape(NAMES[name])}: {acc:.2f} %, '
                     f'{rate:.2f} MB/s</title></circle>')
    ly = height - 22
    lx = 20
    for name in NAMES:
        s.append(f'<circle cx="{lx}" cy="{ly}" r="5" fill="{COLORS[name]}"/>')
        label = NAMES[name] + (" (with sklearn TF-IDF)" if name == "liblinear" else "")
        s.append(f'<text x="{lx + 9}" y="{ly + 4}">{html.escape(label)}</text>')
        lx += 30 + 6.2 * len(label)
    s.append("</svg>")
    return "\n".join(s) + "\n"


def commands(results):
    e = results["corpora"][0]
    out = []
    for name, r in e["tools"].items():
        for step, cmd in r.get("commands", {}).items():
            cmd = cmd.replace(os.path.join(results.get("work", ""), e["corpus"]["name"]) + "/", "")
            out.append(f"- {NAMES[name]}, {step}: `{cmd}`")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results")
    ap.add_argument("md")
    ap.add_argument("svg")
    ap.add_argument("--command", default="make bench")
    a = ap.parse_args()
    r = json.load(open(a.results))
    m, v, st = r["machine"], r["versions"], r["settings"]
    svg_name = os.path.basename(a.svg)
    md = ["# topica benchmark results" + (" (smoke run: tiny fixtures, numbers meaningless)" if r["smoke"] else ""),
          "",
          f"Written by `{a.command}` (bench/run.sh → bench/suite.py → bench/report.py) on "
          f"{m['date_utc']}, in {r['elapsed_s'] / 60:.1f} minutes. Method, configurations and "
          "caveats: [README.md](README.md).",
          "",
          f"- Machine: {m['cpu']}, {m['cores']} cores, {m['mem_gb']} GB, Linux {m['kernel']}. "
          f"Load average (1/5/15 min) at start {' / '.join(m['loadavg_start'])}, at end "
          f"{' / '.join(m['loadavg_end'])}: the machine is shared, so times are CPU time "
          "(user + system) unless marked wall.",
          f"- Versions: {v['topica']} (commit {v.get('git') or '?'}; {v['c++']}; WASM in Node {v['node']}), fastText "
          f"{v['fasttext']} (Debian), scikit-learn {v['scikit-learn']} ({v['python']}), LIBLINEAR "
          f"{v['liblinear']} (Debian liblinear-tools).",
          f"- topica: median of {st['runs']} runs for training and prediction; peers: "
          f"{st['peer_runs']} run(s), except scikit-learn's training (the training goal's "
          f"reference): median of {max(st['peer_runs'], st['runs'])}." + (f" Skipped (not installed): {', '.join(r['skipped_tools'])}."
                                           if r["skipped_tools"] else ""),
          "",
          "## Results",
          "",
          "Columns: *predict MB/s* and *docs/s* = one thread, from raw text to labels, per CPU "
          "second, model loading excluded (peers: bench run minus a one-document run; topica: "
          "the CPU time it reports from the end of its model load to its last output, "
          "`classify --timing`, as the Node script times the WASM build); *MB/s with load* "
          "includes process start-up and model loading; *classify peak MB* = peak RSS "
          "(/usr/bin/time %M) of the bench run; *train* = the whole training command (reading the "
          "data, features, fitting, writing the model; topica's includes its 3-fold "
          "cross-validation for calibration and thresholds).",
          ""]
    for e in r["corpora"]:
        md += corpus_table(e, r["smoke"])
    md += [f"![accuracy against throughput]({svg_name})", "", "## Goals of issue 7 (ratios from this run)", ""]
    md += goals(r)
    lim = limits(r)
    if lim:
        md += ["", "What limits the bare-pass and WASM goals, from the stage ladders above (steady "
               "state, in memory):", ""] + lim
    md += ["", "## Sanity checks", ""]
    bad = False
    for e in r["corpora"]:
        t = e["tools"].get("topica")
        w = e["tools"].get("topica-wasm")
        line = f"- {e['corpus']['name']}: "
        if t:
            ok = t["check"]["matches_eval"]
            bad |= not ok
            line += (f"`topica eval` on the JSONL test file gives {pct(t['check']['topica_eval_primary'])} "
                     f"({'same as' if ok else 'DIFFERENT FROM'} the suite's scoring of `classify` output)")
        if w:
            n = w["check"]["label_mismatches_vs_native"]
            bad |= n != 0
            line += f"; WASM labels differ from native on {n} of {e['corpus']['test_docs']} documents"
        lad = e.get("ladder", {}).get("counts", {})
        if "wasm" in lad:
            same = lad["wasm"] == lad["native"]
            bad |= not same
            line += ("; the stage ladder counts the same tokens, terms, features and labels natively "
                     "and in WASM" if same else
                     f"; the stage ladder's counts DIFFER: native {lad['native']}, WASM {lad['wasm']}")
        md.append(line + ".")
    md += ["", "## Exact commands", "",
           f"Per corpus, in its work directory (bench.txt = test texts one per line, repeated; "
           f"one.txt = its first line). Shown for {r['corpora'][0]['corpus']['name']}:", ""]
    md += commands(r)
    md.append("")
    with open(a.md, "w") as fh:
        fh.write("\n".join(md))
    with open(a.svg, "w") as fh:
        fh.write(svg_plot(r))
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
