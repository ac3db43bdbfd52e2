// wasm/fast_strtod.cc and wasm/fast_strtoint.cc (the fast paths the wasm build links in place of
// musl's slow strtod, strtoll and strtoull) give the same values, errno and end pointers as the
// real functions: runs wasm/strtod_check.cc and wasm/strtoint_check.cc, built into the
// Emscripten build directory next to the module.
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

test('fast strtoll/strtoull == musl strtoll/strtoull', { timeout: 300000 }, (t) => {
  const intCheck = path.join(WASM_BUILD, 'wasm/topica_strtoint_check.cjs');
  if (!existsSync(intCheck)) {
    t.skip(`${intCheck} not built (set TOPICA_WASM_BUILD to the Emscripten build directory)`);
    return;
  }
  const r = spawnSync(process.execPath, [intCheck], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /, 0 mismatches/);
  t.diagnostic(r.stdout.trim());
});
