// Shared by the tests in this folder (not a test file itself: node --test only runs *.test.mjs).
//   TOPICA_WASM_DIST   the npm package folder the wasm build writes (default: wasm/dist)
//   TOPICA_WASM_BUILD  the Emscripten build directory (default: build-wasm)
//   TOPICA_CLI         the native command-line tool (default: build/bin/topica)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fromRoot = (p) => path.resolve(ROOT, p);
export const DIST = fromRoot(process.env.TOPICA_WASM_DIST ?? 'wasm/dist');
export const WASM_BUILD = fromRoot(process.env.TOPICA_WASM_BUILD ?? 'build-wasm');
export const CLI = fromRoot(process.env.TOPICA_CLI ?? 'build/bin/topica');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');
export const TINY_MODEL = path.join(FIXTURES, 'tiny_model.json');
export const PARITY_CORPUS = path.join(FIXTURES, 'parity_corpus.jsonl');

/** The package's module (dist/topica.mjs): {Topica, TopicaError}. */
export async function importTopica() {
  const file = path.join(DIST, 'topica.mjs');
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist: build the wasm package first ` +
                    '(make wasm, or emcmake cmake -S . -B build-wasm && cmake --build build-wasm)');
  }
  return import(pathToFileURL(file).href);
}

export function requireCli() {
  if (!existsSync(CLI)) {
    throw new Error(`the native CLI ${CLI} does not exist: build it (make native) or set TOPICA_CLI`);
  }
  return CLI;
}

/** Runs the native CLI; returns stdout. Throws with stderr on failure. */
export function cli(args, { input } = {}) {
  const r = spawnSync(requireCli(), args, { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) {
    const err = new Error(`topica ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    err.stderr = r.stderr;
    err.status = r.status;
    throw err;
  }
  return r.stdout;
}

/** A temp directory removed at process exit. */
export function tempDir(prefix = 'topica-wasm-test-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Trains a model with the native CLI into `dir`; returns its path. */
export function trainModel(dir, name, data, flags) {
  const out = path.join(dir, `${name}.json`);
  cli(['train', '--data', data, '--out', out, '-q', ...flags]);
  return out;
}

export function readJsonl(file) {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
}

export function writeJsonl(file, records) {
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

export { execFileSync, existsSync, path, readFileSync, writeFileSync };
