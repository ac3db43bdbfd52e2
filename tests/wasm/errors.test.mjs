// Failures: bad model bytes, bad JSON, wrong format or version, a failing self-test, missing
// files, disposed models. Each is a TopicaError carrying the native library's message (the same
// text the native CLI prints for the same file), and random or mutated bytes never crash the
// WebAssembly instance or hang.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli, importTopica, path, readFileSync, TINY_MODEL, PARITY_CORPUS, tempDir, trainModel,
         writeFileSync } from './helpers.mjs';

let Topica, TopicaError, dir;
const tinyText = readFileSync(TINY_MODEL, 'utf8');
const CODES = new Set(['invalid argument', 'not found', 'data loss', 'unimplemented',
                       'failed precondition', 'i/o error', 'internal']);

before(async () => {
  ({ Topica, TopicaError } = await importTopica());
  dir = tempDir();
});

// The message `topica info` prints for these bytes, without its "topica info: error: <path>: ".
let nativeCount = 0;
function nativeMessage(bytes) {
  const file = path.join(dir, `bad-${nativeCount++}.json`);
  writeFileSync(file, bytes);
  try {
    cli(['info', '--model', file]);
  } catch (e) {
    const prefix = `topica info: error: ${file}: `;
    assert.ok(e.stderr.startsWith(prefix), e.stderr);
    return { file, message: e.stderr.slice(prefix.length).replace(/\n$/, '') };
  }
  return { file, message: null };  // the native library accepts it
}

async function loadError(source) {
  try {
    const m = await Topica.load(source);
    m.dispose();
    return null;
  } catch (e) {
    assert.ok(e instanceof TopicaError, `expected a TopicaError, got ${e?.name}: ${e?.message}`);
    assert.ok(CODES.has(e.code), `unknown code ${e.code}`);
    return e;
  }
}

const tinyWith = (edit) => {
  const j = JSON.parse(tinyText);
  edit(j);
  return JSON.stringify(j);
};

const CASES = {
  'empty': '',
  'not JSON': 'garbage',
  'binary': new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0xc3]),
  'invalid UTF-8 in a string': Buffer.concat([Buffer.from('{"format":"topica-model","name":"'),
                                              Buffer.from([0xc3, 0x28]), Buffer.from('"}')]),
  'truncated': tinyText.slice(0, tinyText.length / 2),
  'trailing garbage': `${tinyText} x`,
  'a JSON array': '[1, 2, 3]',
  'null': 'null',
  'nested too deep': '['.repeat(100000),
  'wrong format': tinyWith((j) => { j.format = 'fasttext'; }),
  'format_version 99 (newer)': tinyWith((j) => { j.format_version = 99; }),
  'format_version 0': tinyWith((j) => { j.format_version = 0; }),
  'format_version as a string': tinyWith((j) => { j.format_version = '1'; }),
  'missing labels': tinyWith((j) => { delete j.labels; }),
  'weights shape': tinyWith((j) => { j.weights.rows = 3; }),
  'row index out of range': tinyWith((j) => { j.weights.row_idx[0] = 7; }),
  'huge number': tinyWith((j) => { j.bias[0] = 1e308; }).replace('1e+308', '1e999'),
  'self-test fails': tinyWith((j) => { j.self_test[0].raw = [0.5, -1]; }),
};

for (const [name, source] of Object.entries(CASES)) {
  test(`bad model: ${name} -> TopicaError with the native message`, async () => {
    const bytes = typeof source === 'string' ? Buffer.from(source) : source;
    const native = nativeMessage(bytes);
    assert.notEqual(native.message, null, 'the native library rejects it too');
    const fromBytes = await loadError(bytes);
    assert.ok(fromBytes, 'rejected');
    assert.equal(fromBytes.message, native.message);
    const fromFile = await loadError(native.file);
    assert.equal(fromFile.message, `${native.file}: ${native.message}`, 'a path is named like FromFile does');
    assert.equal(fromFile.code, fromBytes.code);
    if (typeof source === 'string' && /^\s*[[{]/.test(source)) {
      assert.equal((await loadError(source)).message, native.message, 'JSON text');
    }
  });
}

test('error codes say what kind of failure it is', async () => {
  assert.equal((await loadError(Buffer.from(CASES['not JSON']))).code, 'data loss');
  assert.equal((await loadError('not JSON and not a file')).code, 'not found', 'a string is a URL or path');
  assert.equal((await loadError(CASES['format_version 99 (newer)'])).code, 'unimplemented');
  assert.equal((await loadError(CASES['self-test fails'])).code, 'failed precondition');
  assert.equal((await loadError(path.join(dir, 'no-such-model.json'))).code, 'not found');
});

test('bad sources are TypeErrors', async () => {
  for (const bad of [42, true, {}, [1, 2], () => 0]) {
    await assert.rejects(Topica.load(bad), TypeError, String(bad));
  }
});

test('random and mutated model bytes never crash or hang the instance', { timeout: 300000 }, async (t) => {
  const model = trainModel(dir, 'fuzz', PARITY_CORPUS, ['--char-ngrams', '2', '3', '--min-df', '1']);
  const good = await Topica.load(model);
  const seeds = [Buffer.from(tinyText), readFileSync(model)];
  let state = 0x12345678;
  const rand = (n) => {  // xorshift32
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state % n;
  };
  const inputs = [];
  for (let i = 0; i < 150; i++) {  // random bytes, some JSON-ish
    const alphabet = i % 2 ? null : Buffer.from('{}[]":,0123456789.eE-+ tfalsenul\\u"\n');
    const b = Buffer.alloc(rand(3000));
    for (let k = 0; k < b.length; k++) b[k] = alphabet ? alphabet[rand(alphabet.length)] : rand(256);
    inputs.push(b);
  }
  for (let i = 0; i < 250; i++) {  // mutations of real models
    const b = Buffer.from(seeds[i % 2]);
    const kind = rand(4);
    if (kind === 0) {
      for (let k = 0, n = 1 + rand(8); k < n; k++) b[rand(b.length)] = rand(256);
      inputs.push(b);
    } else if (kind === 1) {
      inputs.push(b.subarray(0, rand(b.length)));
    } else if (kind === 2) {
      const at = rand(b.length), len = rand(200);
      inputs.push(Buffer.concat([b.subarray(0, at), b.subarray(at + len)]));
    } else {  // swap a digit or a structural character for another one
      const s = b.toString('latin1');
      const at = rand(s.length);
      const swap = '0123456789-.eE[]{},:"'[rand(21)];
      inputs.push(Buffer.from(s.slice(0, at) + swap + s.slice(at + 1), 'latin1'));
    }
  }
  let rejected = 0, accepted = 0, compared = 0;
  const started = performance.now();
  for (let i = 0; i < inputs.length; i++) {
    const e = await loadError(inputs[i]);
    if (e) rejected++; else accepted++;
    if (i % 8 === 0) {  // the native library agrees on a sample of them
      const native = nativeMessage(inputs[i]);
      assert.equal(e ? e.message : null, native.message, `input ${i}`);
      compared++;
    }
  }
  assert.deepEqual(good.classify('Le Président a nommé un gouvernement'),
                   (await Topica.load(model)).classify('Le Président a nommé un gouvernement'),
                   'the instance still works');
  good.dispose();
  t.diagnostic(`${inputs.length} inputs: ${rejected} rejected with a TopicaError, ${accepted} accepted, ` +
               `${compared} compared with the native CLI (identical), ` +
               `${((performance.now() - started) / 1000).toFixed(1)} s`);
});
