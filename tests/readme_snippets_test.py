#!/usr/bin/env python3
"""Builds and runs the code blocks of a document's "Embedding topica" section, so they cannot rot.

The section runs from a heading "Embedding topica" (any level) to the next heading of the same
or a higher level. Within it:
  ```cmake  blocks, joined, are the consumer's CMakeLists.txt (built against --prefix);
  ```cpp    block is app.cc, ```c block is app.c (the CMake block names them);
  ```sh     blocks run with bash -e in the same directory, with PKG_CONFIG_PATH and
            LD_LIBRARY_PATH pointing into --prefix;
other blocks (```console, ```text, ...) are prose. Every program runs with $TOPICA_MODEL set to
--model and must exit with 0 and print something.

A document without the section (README.md before it is pasted in) prints SNIPPETS-SKIPPED,
which ctest reports as skipped.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^(```+|~~~+)\s*([\w+-]*)")


def section(text, title):
    """The lines of the section headed `title`, or None."""
    lines = text.splitlines()
    start, level = None, 0
    in_fence = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        m = None if in_fence else HEADING.match(line)
        if not m:
            continue
        if start is None and m.group(2).strip().lower() == title.lower():
            start, level = i + 1, len(m.group(1))
        elif start is not None and len(m.group(1)) <= level:
            return lines[start:i]
    return None if start is None else lines[start:]


def blocks(lines):
    """[(info string, code)] of the fenced code blocks in `lines`."""
    out, fence, lang, code = [], None, None, []
    for line in lines:
        m = FENCE.match(line)
        if fence is None and m:
            fence, lang, code = m.group(1), m.group(2).lower(), []
        elif fence is not None and line.strip().startswith(fence):
            out.append((lang, "\n".join(code) + "\n"))
            fence = None
        elif fence is not None:
            code.append(line)
    if fence is not None:
        sys.exit("unterminated code block")
    return out


def run(cmd, what, **kw):
    print(f"[{what}] {' '.join(cmd)}", flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if p.returncode != 0:
        sys.exit(f"[{what}] failed ({p.returncode})\n--- stdout\n{p.stdout}\n--- stderr\n{p.stderr}")
    return p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--doc", required=True)
    ap.add_argument("--prefix", required=True)
    ap.add_argument("--libdir", default="lib")
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--cmake", default="cmake")
    ap.add_argument("--generator", default=None)
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--cxx", default="c++")
    args = ap.parse_args()
    args.prefix = os.path.abspath(args.prefix)

    name = os.path.basename(args.doc)
    if not os.path.exists(args.doc):
        print(f"SNIPPETS-SKIPPED: {args.doc} does not exist")
        return 0
    with open(args.doc, encoding="utf-8") as f:
        lines = section(f.read(), "Embedding topica")
    if lines is None:
        print(f"SNIPPETS-SKIPPED: {name} has no 'Embedding topica' section")
        return 0

    code = {}
    shell = []
    for lang, body in blocks(lines):
        if lang in ("cmake", "cpp", "c"):
            if lang != "cmake" and lang in code:
                sys.exit(f"{name}: more than one ```{lang} block in the section")
            code[lang] = code.get(lang, "") + body
        elif lang == "sh":
            shell.append(body)
    missing = [lang for lang in ("cmake", "cpp", "c") if lang not in code]
    if missing:
        sys.exit(f"{name}: the section has no ```{'/'.join(missing)} block")

    work = os.path.abspath(args.work_dir)
    shutil.rmtree(work, ignore_errors=True)
    src, build = os.path.join(work, "src"), os.path.join(work, "build")
    os.makedirs(src)
    for lang, file in (("cmake", "CMakeLists.txt"), ("cpp", "app.cc"), ("c", "app.c")):
        with open(os.path.join(src, file), "w", encoding="utf-8") as f:
            f.write(code[lang])

    env = dict(os.environ)
    libdir = os.path.join(args.prefix, args.libdir)
    env["TOPICA_MODEL"] = os.path.abspath(args.model)
    env["PKG_CONFIG_PATH"] = os.path.join(libdir, "pkgconfig")
    env.pop("PKG_CONFIG_LIBDIR", None)
    env["LD_LIBRARY_PATH"] = libdir + (os.pathsep + env["LD_LIBRARY_PATH"]
                                       if env.get("LD_LIBRARY_PATH") else "")

    configure = [args.cmake, "-S", src, "-B", build, f"-DCMAKE_PREFIX_PATH={args.prefix}",
                 f"-DCMAKE_C_COMPILER={args.cc}", f"-DCMAKE_CXX_COMPILER={args.cxx}",
                 "-DCMAKE_C_FLAGS=-Wall -Wextra -Wpedantic -Werror",
                 "-DCMAKE_CXX_FLAGS=-Wall -Wextra -Wpedantic -Werror"]
    if args.generator:
        configure += ["-G", args.generator]
    run(configure, f"{name}: cmake block, configure", env=env)
    run([args.cmake, "--build", build, "--parallel", "2"], f"{name}: cmake block, build", env=env)
    for exe in ("app", "app_c"):
        path = os.path.join(build, exe)
        if not os.path.exists(path):
            sys.exit(f"{name}: the cmake block does not build {exe} (the cpp/c snippets)")
        out = run([path], f"{name}: {exe}", env=env)
        if not out.strip():
            sys.exit(f"{name}: {exe} printed nothing")
        print(out, end="")

    for i, body in enumerate(shell):
        out = run(["bash", "-e", "-c", body], f"{name}: sh block {i + 1}", cwd=src, env=env)
        print(out, end="")
    print(f"{name}: {len(shell)} sh, 1 cmake, 1 cpp and 1 c block built and ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
