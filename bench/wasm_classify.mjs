#!/usr/bin/env node
// `topica classify --input-format lines` in WebAssembly, for the benchmark suite (bench/suite.py):
// loads a model with the JS API (Topica.load), streams INPUT in blocks of about 1 MB, hands each
// block's whole lines to model.classifyMany() as raw UTF-8 bytes (split into lines inside the
// module, as the CLI splits them: no decoding to JS strings, one call per block) and writes the
// predicted labels of each line to OUT as a JSON array, one line per document.
//
//   node bench/wasm_classify.mjs --dist DIR --model M.json --input IN.txt --out OUT.jsonl
//
// On stderr, one JSON object: CPU time (user + system, all of node's threads) and wall time of
// the model load, and of the classification pass (reading, classifyMany(), formatting, writing);
// and, as "steady", the same pass without its first block: V8 compiles the hot functions with
// its optimising tier (TurboFan) on background threads while the first block runs, which costs
// a fixed ~100 ms of CPU, so the steady figure is the rate a long-running page or server sees.
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const args = {};
for (let i = 2; i + 1 < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['dist', 'model', 'input', 'out']) {
  if (!args[k]) {
    console.error('usage: node bench/wasm_classify.mjs --dist DIR --model M.json --input IN.txt --out OUT.jsonl');
    process.exit(2);
  }
}

const cpuMs = (c) => (c.user + c.system) / 1000;
const { Topica } = await import(pathToFileURL(path.resolve(args.dist, 'topica.mjs')).href);

let c0 = process.cpuUsage();
let w0 = performance.now();
const model = await Topica.load(readFileSync(args.model));
const load = { cpu_ms: cpuMs(process.cpuUsage(c0)), wall_ms: performance.now() - w0 };
if (typeof model.classifyMany !== 'function') {
  console.error(`${args.dist}/topica.mjs has no classifyMany(): rebuild the wasm package (make wasm)`);
  process.exit(1);
}

c0 = process.cpuUsage();
w0 = performance.now();
const fin = openSync(args.input, 'r');
const fout = openSync(args.out, 'w');
let buf = Buffer.allocUnsafe(1 << 20);
let have = 0;  // bytes at the start of buf: a line not finished by the previous read
let bytesDone = 0;
let docs = 0;
let first = null;  // CPU ms, wall ms, bytes and documents up to the end of the first block
// Each label as a JSON string, and as a one-label array line (the common case), made once.
const quoted = model.labels.map((l) => JSON.stringify(l));
const single = quoted.map((q) => `[${q}]\n`);
const writeLabels = (r) => {
  const { offsets, labelIds } = r;
  let out = '';
  for (let d = 0; d < r.count; d++) {
    const from = offsets[d], to = offsets[d + 1];
    if (to === from) {
      out += '[]\n';
    } else if (to === from + 1) {
      out += single[labelIds[from]];
    } else {
      out += `[${quoted[labelIds[from]]}`;
      for (let j = from + 1; j < to; j++) out += `,${quoted[labelIds[j]]}`;
      out += ']\n';
    }
  }
  docs += r.count;
  writeSync(fout, out);
};
for (;;) {
  if (have === buf.length) {  // one line longer than the buffer: grow it
    const bigger = Buffer.allocUnsafe(2 * buf.length);
    buf.copy(bigger, 0, 0, have);
    buf = bigger;
  }
  const n = readSync(fin, buf, have, buf.length - have, null);
  if (n === 0) break;
  const end = have + n;
  // Classify up to the block's last '\n' (no line, and no UTF-8 sequence, is split); keep the rest.
  const last = buf.lastIndexOf(10, end - 1);
  if (last < 0) {
    have = end;
    continue;
  }
  writeLabels(model.classifyMany(buf.subarray(0, last + 1)));
  bytesDone += last + 1;
  if (first === null) first = { cpu_ms: cpuMs(process.cpuUsage(c0)), wall_ms: performance.now() - w0, bytes: bytesDone, docs };
  have = buf.copy(buf, 0, last + 1, end);
}
if (have > 0) writeLabels(model.classifyMany(buf.subarray(0, have)));  // a last line without '\n'
closeSync(fin);
closeSync(fout);
if (have > 0) bytesDone += have;
const classify = { cpu_ms: cpuMs(process.cpuUsage(c0)), wall_ms: performance.now() - w0 };
const steady = first === null || first.bytes === bytesDone ? null
  : { cpu_ms: classify.cpu_ms - first.cpu_ms, wall_ms: classify.wall_ms - first.wall_ms,
      bytes: bytesDone - first.bytes, docs: docs - first.docs };
model.dispose();
console.error(JSON.stringify({ docs, load, classify, steady, node: process.version }));
