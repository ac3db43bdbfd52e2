#!/usr/bin/env python3
"""Generates the tokenizer's Unicode tables (unicode_tables.inc) from the Unicode Character
Database.

Usage: gen_unicode_tables.py <UCD_DIR> <OUT_FILE>

Reads UnicodeData.txt, CaseFolding.txt, Scripts.txt and ScriptExtensions.txt from UCD_DIR
(Debian's unicode-data package installs them in /usr/share/unicode) and writes a C++ include file
that core/src/unicode.cc includes inside its own namespace. Standard library only; the output
depends only on the input files (no dates, no hash-order or environment dependence), so it is
reproducible.

What is generated (see core/src/tokenizer.h for the rules these tables serve):
  * Per code point "props": a class in the low 3 bits
        0 separator, 1 word (L*, N*), 2 combining mark (M*),
        3 unspaced (letters and letter-numbers (L*, Nl) of Han, Hiragana, Katakana, Thai, Lao,
          Khmer, Myanmar, Tibetan; plus Common/Inherited letters whose Script_Extensions name
          one of them, e.g. U+30FC KATAKANA-HIRAGANA PROLONGED SOUND MARK),
        4 unspaced combining mark (M* of those scripts),
        5 apostrophe (U+0027, U+2019, U+02BC; U+02BC is Lm, but the tokenizer treats it as an
          apostrophe),
    plus two flags: 0x08 "has a simple case folding", 0x10 "has a canonical decomposition
    (strip)". Stored as a three-stage trie (deduplicated blocks at two levels, shifts chosen for
    the smallest size) below kPropsTrieLimit, and as a short range list above it (only plane 14's
    variation selectors, in Unicode 15.0).
  * Simple case folding: CaseFolding.txt status C and S; code points without one use
    UnicodeData.txt's simple lowercase mapping. Stored as ranges (first, count, stride 1 or 2,
    constant delta).
  * Strip accents: the canonical decomposition (UnicodeData.txt, applied recursively) with its
    combining marks removed. For every word/unspaced code point it is exactly one code point in
    Unicode 15.0 (checked here; the generator fails if a future version breaks that). Marks
    themselves are dropped by class, so they are not in this table. Hangul syllables have no
    decomposition in UnicodeData.txt (it is algorithmic) and are left alone. Stored as sorted
    (key, value) pairs of uint16 grouped by (key plane, value plane). The tokenizer folds the
    stripped code point, so "fold + strip" = Fold(Strip(cp)), and "strip without fold"
    (lowercase off) needs no third table.
"""

import os
import re
import sys

UNSPACED_SCRIPTS = {"Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar", "Tibetan"}
# ScriptExtensions.txt uses the short aliases (PropertyValueAliases.txt).
UNSPACED_SCRIPT_ALIASES = {"Hani", "Hira", "Kana", "Thai", "Laoo", "Khmr", "Mymr", "Tibt"}
APOSTROPHES = (0x0027, 0x2019, 0x02BC)

SEPARATOR, WORD, MARK, UNSPACED, UNSPACED_MARK, APOSTROPHE = range(6)
CLASS_NAMES = ["Separator", "Word", "Mark", "Unspaced", "UnspacedMark", "Apostrophe"]
HAS_FOLD = 0x08
HAS_STRIP = 0x10

MAX_CP = 0x10FFFF
TRIE_LIMIT = 0x40000  # planes 0-3 in the trie; everything above is a short range list


def fail(msg):
    sys.stderr.write("gen_unicode_tables.py: error: %s\n" % msg)
    sys.exit(1)


def data_lines(path):
    """Yields the ';'-separated fields of each non-comment line of a UCD file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                yield [x.strip() for x in line.split(";")]


def parse_range(text):
    first, _, last = text.partition("..")
    return int(first, 16), int(last or first, 16)


def read_unicode_data(path):
    """Returns (general category per code point, canonical decompositions, simple lowercase)."""
    gc = {}
    decomposition = {}
    lower = {}
    range_first = None
    for f in data_lines(path):
        cp, name, cat = int(f[0], 16), f[1], f[2]
        if name.endswith(", First>"):
            range_first = cp
            continue
        if name.endswith(", Last>"):
            if range_first is None:
                fail("%s: <..., Last> without <..., First> at %04X" % (path, cp))
            for c in range(range_first, cp + 1):
                gc[c] = cat
            range_first = None
            continue
        gc[cp] = cat
        if f[5] and not f[5].startswith("<"):  # canonical (not compatibility) decomposition
            decomposition[cp] = [int(x, 16) for x in f[5].split()]
        if f[13]:
            lower[cp] = int(f[13], 16)
    return gc, decomposition, lower


def read_case_folding(path):
    fold = {}
    for f in data_lines(path):
        if f[1] in ("C", "S"):
            fold[int(f[0], 16)] = int(f[2], 16)
    return fold


def read_version(path):
    with open(path, encoding="utf-8") as f:
        head = f.read(4096)
    m = re.search(r"CaseFolding-(\d+\.\d+\.\d+)\.txt", head)
    if not m:
        fail("%s: no 'CaseFolding-X.Y.Z.txt' header line" % path)
    return m.group(1)


def read_scripts(path):
    script = {}
    for f in data_lines(path):
        first, last = parse_range(f[0])
        for c in range(first, last + 1):
            script[c] = f[1]
    return script


def read_script_extensions(path):
    scx = {}
    for f in data_lines(path):
        first, last = parse_range(f[0])
        for c in range(first, last + 1):
            scx[c] = set(f[1].split())
    return scx


def build(ucd):
    paths = {n: os.path.join(ucd, n)
             for n in ("UnicodeData.txt", "CaseFolding.txt", "Scripts.txt", "ScriptExtensions.txt")}
    for p in paths.values():
        if not os.path.isfile(p):
            fail("%s not found (install Debian's unicode-data package or pass another UCD "
                 "directory)" % p)
    gc, decomposition, lower = read_unicode_data(paths["UnicodeData.txt"])
    fold_cf = read_case_folding(paths["CaseFolding.txt"])
    version = read_version(paths["CaseFolding.txt"])
    script = read_scripts(paths["Scripts.txt"])
    scx = read_script_extensions(paths["ScriptExtensions.txt"])

    def is_unspaced_script(c):
        s = script.get(c, "Unknown")
        if s in UNSPACED_SCRIPTS:
            return True
        return s in ("Common", "Inherited") and bool(scx.get(c, set()) & UNSPACED_SCRIPT_ALIASES)

    cls = bytearray(MAX_CP + 1)  # SEPARATOR by default (unassigned code points are Cn)
    for c, cat in gc.items():
        major = cat[0]
        if major not in "LMN":
            continue
        unspaced = is_unspaced_script(c) and (major in "LM" or cat == "Nl")
        if major == "M":
            cls[c] = UNSPACED_MARK if unspaced else MARK
        else:
            cls[c] = UNSPACED if unspaced else WORD
    for c in APOSTROPHES:
        cls[c] = APOSTROPHE

    def is_mark(c):
        return gc.get(c, "Cn")[0] == "M"

    # Strip: recursive canonical decomposition without marks, for word and unspaced code points.
    def full_decomposition(c):
        if c in decomposition:
            return [x for d in decomposition[c] for x in full_decomposition(d)]
        return [c]

    strip = {}
    for c in sorted(decomposition):
        if cls[c] not in (WORD, UNSPACED):
            continue
        kept = [x for x in full_decomposition(c) if not is_mark(x)]
        if len(kept) > 1:
            fail("U+%04X strips to %d code points; the tables only support one" % (c, len(kept)))
        strip[c] = kept[0] if kept else 0  # 0: maps to nothing (none in Unicode 15.0)

    # Simple case folding (C + S, else simple lowercase), for every code point the tokenizer may
    # fold: word characters, marks (U+0345 folds to U+03B9) and strip results.
    fold = {}
    foldable = {c for c in range(MAX_CP + 1) if cls[c] not in (SEPARATOR, APOSTROPHE)}
    foldable.update(v for v in strip.values() if v)
    for c in sorted(foldable):
        t = fold_cf.get(c, lower.get(c, c))
        if t != c:
            fold[c] = t

    props = bytearray(cls)
    for c in fold:
        if cls[c] not in (SEPARATOR, APOSTROPHE):
            props[c] |= HAS_FOLD
    for c in strip:
        props[c] |= HAS_STRIP
    return version, props, fold, strip


def build_trie(props, limit):
    """Best (smallest) three-stage trie over [0, limit): stage1[cp >> s1] -> mid block,
    stage2[mid * 2^(s1-s2) + ((cp >> s2) & m)] -> leaf block, leaves[leaf * 2^s2 + (cp & m2)]."""
    best = None
    for s2 in range(2, 8):
        leaf_size = 1 << s2
        leaves, leaf_index = {}, []
        for b in range(0, limit, leaf_size):
            leaf_index.append(leaves.setdefault(bytes(props[b:b + leaf_size]), len(leaves)))
        for s1 in range(s2 + 1, 13):
            per = 1 << (s1 - s2)
            mids, stage1 = {}, []
            for i in range(0, len(leaf_index), per):
                stage1.append(mids.setdefault(tuple(leaf_index[i:i + per]), len(mids)))
            w2 = 1 if len(leaves) <= 256 else 2
            w1 = 1 if len(mids) <= 256 else 2
            size = len(stage1) * w1 + len(mids) * per * w2 + len(leaves) * leaf_size
            if best is None or size < best[0]:
                stage2 = [x for m in mids for x in m]  # dicts keep insertion order: index order
                leaf_bytes = b"".join(leaves)
                best = (size, s1, s2, stage1, w1, stage2, w2, leaf_bytes)
    return best


def high_ranges(props, limit):
    out = []
    c = limit
    while c <= MAX_CP:
        if props[c] == 0:
            c += 1
            continue
        first, value = c, props[c]
        while c <= MAX_CP and props[c] == value:
            c += 1
        out.append((first, c - 1, value))
    return out


def fold_ranges(fold):
    """Greedy ranges of (first, count, stride, delta): cp = first + k*stride maps to cp + delta."""
    items = sorted(fold.items())
    out = []
    i = 0
    while i < len(items):
        c, t = items[i]
        best = (1, 1)
        for stride in (1, 2):
            j = i + 1
            while (j < len(items) and j - i < 1024 and items[j][0] == c + (j - i) * stride
                   and items[j][1] - items[j][0] == t - c):
                j += 1
            if j - i > best[0]:
                best = (j - i, stride)
        count, stride = best
        out.append((c, count, stride if count > 1 else 1, t - c))
        i += count
    return out


def strip_groups(strip):
    groups = {}
    for c, v in sorted(strip.items()):
        groups.setdefault((c >> 16, v >> 16), []).append((c & 0xFFFF, v & 0xFFFF))
    return sorted(groups.items())


def c_array(ctype, name, values, per_line=16, fmt="%d"):
    values = list(values) or [0]  # C++ has no zero-length arrays; counts are emitted separately
    lines = []
    for i in range(0, len(values), per_line):
        lines.append("    " + ", ".join(fmt % v for v in values[i:i + per_line]) + ",")
    return "constexpr %s %s[%d] = {\n%s\n};\n" % (ctype, name, len(values), "\n".join(lines))


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: gen_unicode_tables.py <UCD_DIR> <OUT_FILE>\n")
        return 2
    ucd, out_path = argv[1], argv[2]
    version, props, fold, strip = build(ucd)

    size, s1, s2, stage1, w1, stage2, w2, leaves = build_trie(props, TRIE_LIMIT)
    high = high_ranges(props, TRIE_LIMIT)
    franges = fold_ranges(fold)
    sgroups = strip_groups(strip)
    n_strip = sum(len(v) for _, v in sgroups)

    ascii_props = [props[c] if c < 0x80 else 0xFF for c in range(256)]
    uint = {1: "uint8_t", 2: "uint16_t"}

    out = []
    out.append("// Generated by cmake/gen_unicode_tables.py from the Unicode Character Database\n"
               "// %s (UnicodeData.txt, CaseFolding.txt, Scripts.txt, ScriptExtensions.txt).\n"
               "// Do not edit. Included by core/src/unicode.cc inside namespace\n"
               "// topica::internal::unicode, after unicode.h (which declares kAsciiProps).\n\n"
               % version)
    out.append('constexpr char kGenUnicodeVersion[] = "%s";\n\n' % version)
    out.append("// Props: class in bits 0-2, kGenHasFold, kGenHasStrip.\n")
    for i, n in enumerate(CLASS_NAMES):
        out.append("constexpr uint8_t kGenClass%s = %d;\n" % (n, i))
    out.append("constexpr uint8_t kGenHasFold = 0x%02X;\n" % HAS_FOLD)
    out.append("constexpr uint8_t kGenHasStrip = 0x%02X;\n\n" % HAS_STRIP)
    out.append("// Bytes 0x00-0x7F: props of the ASCII code point; 0x80-0xFF: 0xFF (not ASCII).\n"
               "// Declared extern in unicode.h, so this one has external linkage.\n")
    ascii_array = c_array("uint8_t", "kAsciiProps", ascii_props, fmt="0x%02X")
    out.append(ascii_array.replace("constexpr", "const", 1))
    out.append("\n// Three-stage props trie for code points below kGenPropsTrieLimit.\n")
    out.append("constexpr uint32_t kGenPropsTrieLimit = 0x%X;\n" % TRIE_LIMIT)
    out.append("constexpr int kGenPropsShift1 = %d;  // stage1 index: cp >> shift1\n" % s1)
    out.append("constexpr int kGenPropsShift2 = %d;  // leaf block size: 1 << shift2\n" % s2)
    out.append(c_array(uint[w1], "kGenPropsStage1", stage1))
    out.append(c_array(uint[w2], "kGenPropsStage2", stage2))
    out.append(c_array("uint8_t", "kGenPropsLeaves", leaves, fmt="0x%02X"))
    out.append("\n// Props at and above kGenPropsTrieLimit: {first, last, props} triples;\n"
               "// code points in none of them are separators (0).\n")
    out.append("constexpr uint32_t kGenPropsHighCount = %d;\n" % len(high))
    out.append(c_array("uint32_t", "kGenPropsHigh", [x for r in high for x in r], per_line=3,
                       fmt="0x%X"))
    out.append("\n// Simple case folding as ranges sorted by first code point, two words each:\n"
               "// (first << 11) | ((stride - 1) << 10) | (count - 1), then the delta mod 2^32.\n")
    out.append("constexpr uint32_t kGenFoldRangeCount = %d;\n" % len(franges))
    words = []
    for first, count, stride, delta in franges:
        words.append((first << 11) | ((stride - 1) << 10) | (count - 1))
        words.append(delta & 0xFFFFFFFF)
    out.append(c_array("uint32_t", "kGenFoldRanges", words, per_line=8, fmt="0x%08X"))
    out.append("\n// Strip accents: pairs (key & 0xFFFF, value & 0xFFFF) sorted by key in each\n"
               "// group; groups are {key plane, value plane, begin, end}. Value 0 in plane 0\n"
               "// means \"nothing\".\n")
    out.append("constexpr uint32_t kGenStripGroupCount = %d;\n" % len(sgroups))
    gwords, keys, vals = [], [], []
    for (kp, vp), pairs in sgroups:
        gwords += [kp, vp, len(keys), len(keys) + len(pairs)]
        keys += [k for k, _ in pairs]
        vals += [v for _, v in pairs]
    out.append(c_array("uint32_t", "kGenStripGroups", gwords, per_line=4))
    out.append(c_array("uint16_t", "kGenStripKeys", keys, per_line=12, fmt="0x%04X"))
    out.append(c_array("uint16_t", "kGenStripValues", vals, per_line=12, fmt="0x%04X"))

    props_bytes = size + len(high) * 12
    fold_bytes = len(franges) * 8
    strip_bytes = len(sgroups) * 16 + n_strip * 4
    total = props_bytes + fold_bytes + strip_bytes + 256
    out.append("\n// Table bytes: props %d, fold %d, strip %d, ascii 256; total %d.\n"
               % (props_bytes, fold_bytes, strip_bytes, total))

    text = "".join(out)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, out_path)
    print("unicode tables %s: props %d B (trie shifts %d/%d, %d high ranges), "
          "fold %d B (%d ranges), strip %d B (%d pairs), ascii 256 B, total %d B"
          % (version, props_bytes, s1, s2, len(high), fold_bytes, len(franges), strip_bytes,
             n_strip, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
