#!/usr/bin/env node
// Classification throughput: topica's WebAssembly build in Node vs the native CLI, same model,
// same documents. Prints docs/s and MB/s (UTF-8 bytes of the texts) for both and their ratio.
//
//   node bench/wasm_throughput.mjs [--cli build/bin/topica] [--dist wasm/dist] [--model M.json]
//        [--data /work/shared/data/news_topics/test.jsonl] [--train .../train.jsonl]
//        [--repeat 20] [--runs 3] [--json]
//
// Without --model, a model is trained with the CLI on --train (default settings) into a temp dir.
// Timing excludes model loading on both sides: the native time is `topica classify` on the whole
// corpus minus `topica classify` on a one-document corpus (process start + model load), each
// the best of --runs; the WASM time is the best of --runs loops of model.classify() over the
// texts (after one warm-up pass), and classifyBatch() and classifyMany() (the texts as an array of
// strings, and as the UTF-8 bytes of one text per line) are timed the same way. Native and WASM
// runs alternate. Both wall-clock and CPU time (user + system) are measured; on a busy machine
// the CPU-time ratio is the steadier one. The CLI's time includes reading JSONL and writing one
// JSON line per document; the WASM time includes building the result objects in JS (none for
// classifyMany, which returns typed arrays).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = {
  cli: process.env.TOPICA_CLI ?? path.join(root, 'build/bin/topica'),
  dist: process.env.TOPICA_WASM_DIST ?? path.join(root, 'wasm/dist'),
  model: null,
  data: '/work/shared/data/news_topics/test.jsonl',
  train: '/work/shared/data/news_topics/train.jsonl',
  repeat: 20,
  runs: 3,
  json: false,
};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  const key = a.replace(/^--/, '');
  if (a === '--json') args.json = true;
  else if (a.startsWith('--') && key in args && i + 1 < process.argv.length) args[key] = process.argv[++i];
  else {
    console.error(`usage: node bench/wasm_throughput.mjs [--cli P] [--dist D] [--model M] [--data F] ` +
                  `[--train F] [--repeat N] [--runs N] [--json]\nunknown argument: ${a}`);
    process.exit(2);
  }
}
args.repeat = Number(args.repeat);
args.runs = Number(args.runs);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'topica-bench-'));
try {
  const log = (s) => { if (!args.json) console.log(s); };
  // Runs the CLI under bash, whose `times` reports the child's CPU time; -> {wall, cpu} in ms.
  const run = (argv) => {
    const quoted = [args.cli, ...argv].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const t0 = performance.now();
    const r = spawnSync('bash', ['-c', `${quoted} > /dev/null || exit $?; times`], { encoding: 'utf8' });
    const wall = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${args.cli} ${argv.join(' ')} failed: ${r.stderr}`);
    const secs = r.stdout.trim().split('\n')[1].split(/\s+/).map((t) => {
      const [, m, sec] = /(\d+)m([\d.]+)s/.exec(t);
      return Number(m) * 60 + Number(sec);
    });
    return { wall, cpu: (secs[0] + secs[1]) * 1000 };
  };

  let model = args.model;
  if (!model) {
    model = path.join(tmp, 'model.json');
    log(`training a model on ${args.train} ...`);
    run(['train', '--data', args.train, '--out', model, '-q']);
  }

  const texts = readFileSync(args.data, 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => JSON.parse(l).text);
  const corpus = [];
  for (let r = 0; r < args.repeat; r++) corpus.push(...texts);
  const corpusFile = path.join(tmp, 'corpus.jsonl');
  const oneFile = path.join(tmp, 'one.jsonl');
  writeFileSync(corpusFile, corpus.map((text, i) => JSON.stringify({ id: String(i), text })).join('\n') + '\n');
  writeFileSync(oneFile, JSON.stringify({ id: '0', text: corpus[0] }) + '\n');
  const bytes = corpus.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0);
  log(`corpus: ${corpus.length} documents (${texts.length} x ${args.repeat}), ` +
      `${(bytes / 1e6).toFixed(2)} MB of text; model ${model} (${(readFileSync(model).length / 1e6).toFixed(1)} MB)`);

  // ---- WASM in Node: load once
  const { Topica } = await import(pathToFileURL(path.join(args.dist, 'topica.mjs')).href);
  const t0 = performance.now();
  const m = await Topica.load(readFileSync(model));
  const wasmLoadMs = performance.now() - t0;
  let sink = 0;
  const timed = (fn) => {
    const c = process.cpuUsage();
    const s = performance.now();
    fn();
    const wall = performance.now() - s;
    const d = process.cpuUsage(c);
    return { wall, cpu: (d.user + d.system) / 1000 };
  };
  const classifyLoop = () => timed(() => { for (const t of corpus) sink += m.classify(t).labels.length; });
  const batchLoop = () => timed(() => { sink += m.classifyBatch(corpus).length; });
  const manyLoop = () => timed(() => { sink += m.classifyMany(corpus).labelIds.length; });
  const lines = Buffer.from(corpus.map((t) => t.replace(/[\r\n]/g, ' ')).join('\n') + '\n');
  const manyLinesLoop = () => timed(() => { sink += m.classifyMany(lines).labelIds.length; });
  classifyLoop();  // warm-up (JIT, wasm tier-up, memory growth)

  // ---- alternate native and WASM runs; keep the best of each
  const cliArgs = (file) => ['classify', '--model', model, '--input-format', 'jsonl', file];
  run(cliArgs(oneFile));  // warm the page cache
  const best = { one: [], all: [], wasm: [], batch: [], many: [], manyLines: [] };
  for (let r = 0; r < args.runs; r++) {
    best.one.push(run(cliArgs(oneFile)));
    best.all.push(run(cliArgs(corpusFile)));
    best.wasm.push(classifyLoop());
    best.batch.push(batchLoop());
    best.many.push(manyLoop());
    best.manyLines.push(manyLinesLoop());
  }
  m.dispose();
  const min = (runs, k) => Math.min(...runs.map((x) => x[k]));
  const pick = (k) => ({
    native: min(best.all, k) - min(best.one, k), startupAndLoad: min(best.one, k),
    wasm: min(best.wasm, k), wasmBatch: min(best.batch, k), wasmMany: min(best.many, k),
    wasmManyLines: min(best.manyLines, k),
  });
  const wall = pick('wall'), cpu = pick('cpu');
  const rate = (ms) => ({ ms, docsPerSec: corpus.length / (ms / 1000), mbPerSec: bytes / 1e6 / (ms / 1000) });
  const result = {
    documents: corpus.length,
    megabytes: bytes / 1e6,
    wall: { native: rate(wall.native), wasm: rate(wall.wasm), wasmBatch: rate(wall.wasmBatch),
            wasmMany: rate(wall.wasmMany), wasmManyLines: rate(wall.wasmManyLines),
            ratio: wall.native / wall.wasm, ratioMany: wall.native / wall.wasmMany,
            nativeStartupAndLoadMs: wall.startupAndLoad, wasmLoadMs },
    cpu: { native: rate(cpu.native), wasm: rate(cpu.wasm), wasmBatch: rate(cpu.wasmBatch),
           wasmMany: rate(cpu.wasmMany), wasmManyLines: rate(cpu.wasmManyLines),
           ratio: cpu.native / cpu.wasm, ratioMany: cpu.native / cpu.wasmMany },
    node: process.version,
    sink,
  };
  if (args.json) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    const row = (name, r) => `  ${name.padEnd(26)} ${r.ms.toFixed(0).padStart(7)} ms ` +
      `${r.docsPerSec.toFixed(0).padStart(9)} docs/s ${r.mbPerSec.toFixed(2).padStart(8)} MB/s`;
    for (const kind of ['wall', 'cpu']) {
      const r = result[kind];
      log(kind === 'wall' ? 'wall-clock time:' : 'CPU time (user + system):');
      log(row('native CLI', r.native) +
          (kind === 'wall' ? `   (+${wall.startupAndLoad.toFixed(0)} ms start-up and model load)` : ''));
      log(row('wasm classify()', r.wasm) + (kind === 'wall' ? `   (+${wasmLoadMs.toFixed(0)} ms model load)` : ''));
      log(row('wasm classifyBatch()', r.wasmBatch));
      log(row('wasm classifyMany()', r.wasmMany));
      log(row('wasm classifyMany(bytes)', r.wasmManyLines));
      log(`  wasm / native throughput: classify() ${r.ratio.toFixed(2)}x, classifyMany() ` +
          `${r.ratioMany.toFixed(2)}x (goal >= 0.5x)`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
