#!/usr/bin/env node
// `topica classify --input-format lines` in WebAssembly, for the benchmark suite (bench/suite.py):
// loads a model with the JS API (Topica.load), streams INPUT one document per line ('\n'),
// calls model.classify() on each line and writes the predicted labels of each line to OUT as a
// JSON array, one line per document.
//
//   node bench/wasm_classify.mjs --dist DIR --model M.json --input IN.txt --out OUT.jsonl
//
// On stderr, one JSON object: CPU time (user + system, all of node's threads) and wall time of
// the model load, and of the classification pass (reading, splitting, classify(), writing).
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

c0 = process.cpuUsage();
w0 = performance.now();
const fin = openSync(args.input, 'r');
const fout = openSync(args.out, 'w');
const buf = Buffer.allocUnsafe(1 << 20);
let rest = '';
let docs = 0;
const classifyLines = (lines) => {
  let out = '';
  for (const line of lines) {
    out += JSON.stringify(model.classify(line).labels) + '\n';
    ++docs;
  }
  writeSync(fout, out);
};
for (;;) {
  const n = readSync(fin, buf, 0, buf.length, null);
  if (n === 0) break;
  // Cut at the last '\n' of the block so that no UTF-8 sequence is split.
  const last = buf.lastIndexOf(10, n - 1);
  if (last < 0) {
    rest += buf.toString('utf8', 0, n);
    continue;
  }
  const lines = (rest + buf.toString('utf8', 0, last)).split('\n');
  rest = buf.toString('utf8', last + 1, n);
  classifyLines(lines);
}
if (rest.length > 0) classifyLines([rest]);
closeSync(fin);
closeSync(fout);
const classify = { cpu_ms: cpuMs(process.cpuUsage(c0)), wall_ms: performance.now() - w0 };
model.dispose();
console.error(JSON.stringify({ docs, load, classify, node: process.version }));
