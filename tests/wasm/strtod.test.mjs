// wasm/fast_strtod.cc (the fast path the wasm build links in place of musl's slow strtod) gives
// bit-identical doubles and end pointers to the real strtod: runs wasm/strtod_check.cc, built
// into the Emscripten build directory next to the module.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { WASM_BUILD, existsSync, path } from './helpers.mjs';

const check = path.join(WASM_BUILD, 'wasm/topica_strtod_check.cjs');

test('fast strtod == musl strtod', { timeout: 300000 }, (t) => {
  if (!existsSync(check)) {
    t.skip(`${check} not built (set TOPICA_WASM_BUILD to the Emscripten build directory)`);
    return;
  }
  const r = spawnSync(process.execPath, [check], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /, 0 mismatches/);
  t.diagnostic(r.stdout.trim());
});
