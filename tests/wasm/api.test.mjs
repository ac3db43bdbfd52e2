// The JavaScript API of the wasm package (dist/topica.mjs), in Node: every way to load a model,
// classify / classifyBatch / explain / tokenize, labels, info, dispose, UTF-16 offsets, the
// default model, Topica.init, and use from a worker thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { Worker } from 'node:worker_threads';
import { DIST, TINY_MODEL, existsSync, importTopica, path, readFileSync } from './helpers.mjs';

let Topica, TopicaError, tiny;
const tinyBytes = readFileSync(TINY_MODEL);
const close = (a, b, eps = 1e-6) => Math.abs(a - b) <= eps;

before(async () => {
  ({ Topica, TopicaError } = await importTopica());
  tiny = await Topica.load(TINY_MODEL);
});
after(() => tiny?.dispose());

test('the module exports Topica (also as default) and TopicaError', async () => {
  const mod = await importTopica();
  assert.equal(mod.default, mod.Topica);
  assert.equal(typeof mod.Topica.load, 'function');
  assert.ok(new mod.TopicaError('x') instanceof Error);
  assert.throws(() => new mod.Topica(), TypeError, 'the constructor is not public');
});

test('Topica.version is the package version and the library version', () => {
  const pkg = JSON.parse(readFileSync(path.join(DIST, 'package.json'), 'utf8'));
  assert.equal(Topica.version, pkg.version);
  assert.equal(tiny.info.library, pkg.version);
});

test('load from a path, a file: URL, JSON text, ArrayBuffer, Uint8Array, a view, a Buffer, a Blob', async () => {
  const text = tinyBytes.toString('utf8');
  const padded = new Uint8Array(tinyBytes.length + 20);
  padded.set(tinyBytes, 10);
  const sources = {
    path: TINY_MODEL,
    fileUrl: new URL(`file://${TINY_MODEL}`),
    fileUrlString: `file://${TINY_MODEL}`,
    json: text,
    jsonWithLeadingSpace: `\n  ${text}`,
    arrayBuffer: tinyBytes.buffer.slice(tinyBytes.byteOffset, tinyBytes.byteOffset + tinyBytes.length),
    uint8Array: new Uint8Array(tinyBytes),
    viewWithOffset: padded.subarray(10, 10 + tinyBytes.length),
    dataView: new DataView(padded.buffer, 10, tinyBytes.length),
    buffer: tinyBytes,
    blob: new Blob([tinyBytes]),
  };
  for (const [kind, source] of Object.entries(sources)) {
    const m = await Topica.load(source);
    assert.deepEqual(m.labels, ['military', 'sanctions'], kind);
    assert.deepEqual(m.classify('Army troops'), tiny.classify('Army troops'), kind);
    m.dispose();
  }
});

test('load from an http:// URL (fetch) or a Response, and report HTTP errors', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/tiny.json') res.writeHead(200, { 'Content-Type': 'application/json' }).end(tinyBytes);
    else res.writeHead(404).end('no');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    const m = await Topica.load(`${base}/tiny.json`);
    assert.deepEqual(m.labels, ['military', 'sanctions']);
    m.dispose();
    const m2 = await Topica.load(new URL('/tiny.json', base));
    m2.dispose();
    await assert.rejects(Topica.load(`${base}/missing.json`),
                         (e) => e instanceof TopicaError && e.code === 'not found' && /HTTP 404/.test(e.message));
    const m3 = await Topica.load(await fetch(`${base}/tiny.json`));  // a Response
    assert.deepEqual(m3.labels, ['military', 'sanctions']);
    m3.dispose();
    await assert.rejects(Topica.load(await fetch(`${base}/missing.json`)),
                         (e) => e instanceof TopicaError && e.code === 'not found' && /HTTP 404/.test(e.message));
  } finally {
    server.close();
  }
});

test('classify: {labels, scores, raw} with the fixture\'s hand-computed scores', () => {
  const r = tiny.classify('Army troops');
  assert.deepEqual(Object.keys(r), ['labels', 'scores', 'raw']);
  assert.deepEqual(r.labels, ['military']);
  assert.deepEqual(Object.keys(r.scores), ['military', 'sanctions']);
  assert.deepEqual(Object.keys(r.raw), ['military', 'sanctions']);
  assert.ok(close(r.raw.military, -1 + 2 * Math.SQRT2), `raw ${r.raw.military}`);  // see the fixture
  assert.equal(r.raw.sanctions, -1);
  assert.ok(close(r.scores.military, 1 / (1 + Math.exp(-r.raw.military))));
  const empty = tiny.classify('');
  assert.deepEqual(empty.labels, []);
  assert.deepEqual(empty.raw, { military: -1, sanctions: -1 });
  assert.deepEqual(tiny.classify('embargo').labels, ['sanctions']);
});

test('classify accepts any Unicode, including lone surrogates, and rejects non-strings', () => {
  for (const t of ['\ud800 army', 'troops \udfff', '\u0000army\u0000', '🎉'.repeat(1000), 'ǅ ß İ ﬁ']) {
    const r = tiny.classify(t);
    assert.ok(Array.isArray(r.labels));
  }
  for (const bad of [undefined, null, 42, ['a'], new Uint8Array(3)]) {
    assert.throws(() => tiny.classify(bad), TypeError);
  }
});

test('classifyBatch: one result per text, in order; any iterable; TypeError otherwise', () => {
  const texts = ['Army troops', '', 'embargo and sanctions', 'Москва'];
  assert.deepEqual(tiny.classifyBatch(texts), texts.map((t) => tiny.classify(t)));
  assert.deepEqual(tiny.classifyBatch(new Set(texts)), texts.map((t) => tiny.classify(t)));
  assert.deepEqual(tiny.classifyBatch((function* () { yield 'troops'; })()), [tiny.classify('troops')]);
  assert.deepEqual(tiny.classifyBatch([]), []);
  assert.throws(() => tiny.classifyBatch('Army troops'), TypeError);
  assert.throws(() => tiny.classifyBatch(null), TypeError);
  assert.throws(() => tiny.classifyBatch(['ok', 3]), TypeError);
});

test('explain: raw = bias + sum of contributions; label and top options', () => {
  const text = 'Army troops enforce the embargo; troops again';
  const e = tiny.explain(text, { label: 'military', top: 0 });
  assert.equal(e.label, 'military');
  assert.equal(typeof e.predicted, 'boolean');
  const sum = e.terms.reduce((s, t) => s + t.contribution, 0);
  assert.ok(close(e.raw, e.bias + sum, 1e-5), `${e.raw} vs ${e.bias} + ${sum}`);
  assert.equal(e.totalTerms, e.terms.length);
  assert.deepEqual(e.terms.map((t) => t.term).sort(), ['army', 'embargo', 'troops']);
  for (const t of e.terms) assert.ok(close(t.contribution, t.value * t.weight, 1e-6));
  for (let i = 1; i < e.terms.length; i++) {
    assert.ok(Math.abs(e.terms[i - 1].contribution) >= Math.abs(e.terms[i].contribution), 'largest first');
  }
  assert.ok(close(e.raw, tiny.classify(text).raw.military, 0));

  const top1 = tiny.explain(text, { label: 'military', top: 1 });
  assert.equal(top1.terms.length, 1);
  assert.equal(top1.totalTerms, 3);
  assert.deepEqual(top1.terms[0], e.terms[0]);
  // Without `top`, the library's default number of terms (10) applies.
  assert.equal(tiny.explain(text, { label: 'military' }).terms.length, 3);
  // Without `label`: the predicted label with the highest probability.
  assert.equal(tiny.explain('Army troops').label, 'military');
  assert.equal(tiny.explain('embargo').label, 'sanctions');
  assert.equal(tiny.explain('').label, 'military');  // nothing predicted: the most probable (a tie: first)
  assert.equal(tiny.explain('Army troops', {}).label, 'military');
});

test('explain: argument errors', () => {
  assert.throws(() => tiny.explain('x', { label: 'sports' }),
                (e) => e instanceof TopicaError && e.code === 'not found' &&
                       e.message === "label 'sports' is not one of the model's labels (military, sanctions)");
  for (const top of [-1, 1.5, '3', NaN, 2 ** 31]) {
    assert.throws(() => tiny.explain('x', { label: 'military', top }), RangeError, String(top));
  }
  assert.throws(() => tiny.explain('x', { label: 7 }), TypeError);
  assert.throws(() => tiny.explain(7), TypeError);
});

test('explain and tokenize give UTF-16 offsets: text.slice(start, end) is the token', () => {
  const text = 'Ça 🎉 ARMY — 𝒳 troops Ωmega 中文 embargo 👩‍👩‍👧 fin';
  const tokens = tiny.tokenize(text);
  assert.ok(tokens.length >= 6, JSON.stringify(tokens));
  for (const t of tokens) {
    assert.ok(t.start < t.end && t.end <= text.length);
    assert.equal(text.slice(t.start, t.end).toLowerCase(), t.text, JSON.stringify(t));
  }
  assert.ok(tokens.some((t) => t.text === 'army') && tokens.some((t) => t.text === 'troops'));
  const e = tiny.explain(text, { label: 'military', top: 0 });
  assert.deepEqual(e.tokens.map(({ start, end }) => [start, end]), tokens.map(({ start, end }) => [start, end]));
  const army = e.tokens.find((t) => text.slice(t.start, t.end) === 'ARMY');
  assert.ok(army.contribution > 0);
  const tokenSum = e.tokens.reduce((s, t) => s + t.contribution, 0);
  assert.ok(close(tokenSum, e.raw - e.bias, 1e-5), 'token shares add up to the terms');
  assert.deepEqual(tiny.tokenize(''), []);
  assert.deepEqual(tiny.explain('', { label: 'military' }).tokens, []);
});

test('labels is a copy; info describes the model', () => {
  const labels = tiny.labels;
  labels.push('mutated');
  assert.deepEqual(tiny.labels, ['military', 'sanctions']);
  const info = tiny.info;
  assert.equal(info.name, 'tiny');
  assert.equal(info.producer, 'hand-written test fixture');
  assert.equal(info.formatVersion, 1);
  assert.equal(info.task, 'multilabel');
  assert.deepEqual(info.labels, ['military', 'sanctions']);
  assert.deepEqual(info.thresholds, [0.5, 0.5]);
  assert.equal(info.numFeatures, 4);
  assert.equal(info.numWeights, 4);
  assert.deepEqual(info.settings.word_ngrams, [1, 1]);
  assert.equal(info.settings.mapping, 'vocabulary');
  assert.match(info.training.note, /raw scores/);
});

test('dispose: idempotent, and every later call throws a TopicaError', async () => {
  const m = await Topica.load(tinyBytes);
  const other = await Topica.load(tinyBytes);
  assert.equal(m.disposed, false);
  m.dispose();
  m.dispose();
  assert.equal(m.disposed, true);
  const disposed = (e) => e instanceof TopicaError && e.code === 'failed precondition' && /disposed/.test(e.message);
  assert.throws(() => m.classify('x'), disposed);
  assert.throws(() => m.classifyBatch(['x']), disposed);
  assert.throws(() => m.explain('x', { label: 'military' }), disposed);
  assert.throws(() => m.tokenize('x'), disposed);
  assert.throws(() => m.labels, disposed);
  assert.throws(() => m.info, disposed);
  assert.deepEqual(other.classify('Army troops').labels, ['military'], 'other models are unaffected');
  other.dispose();
});

test('many load/dispose and explain cycles in one instance keep working', async () => {
  for (let i = 0; i < 200; i++) (await Topica.load(tinyBytes)).dispose();
  for (let i = 0; i < 2000; i++) tiny.explain('Army troops '.repeat(20), { label: 'military', top: 0 });
  assert.deepEqual(tiny.classify('Army troops').labels, ['military']);
});

test('the default model: Topica.load() with no source', async (t) => {
  const bundled = path.join(DIST, 'news-topics.json');
  if (!existsSync(bundled)) {
    t.diagnostic(`skipped loading: ${bundled} is not bundled (models/news-topics.json did not exist ` +
                 'at build time); checked the error instead');
    await assert.rejects(Topica.load(), (e) => e instanceof TopicaError && e.code === 'not found' &&
                                               /no default model: news-topics\.json is not bundled/.test(e.message));
    return;
  }
  const m = await Topica.load();
  assert.ok(m.labels.length > 0);
  const r = m.classify('The UN Security Council voted to extend the arms embargo and sanctions.');
  assert.ok(Array.isArray(r.labels));
  assert.deepEqual(Object.keys(r.scores), m.labels);
  t.diagnostic(`default model: ${m.labels.length} labels, predicted ${JSON.stringify(r.labels)}`);
  m.dispose();
});

test('Topica.init({wasm}) takes the module from bytes, a WebAssembly.Module or a path', async () => {
  const wasmBytes = readFileSync(path.join(DIST, 'topica.wasm'));
  try {
    Topica.init({ wasm: wasmBytes });
    const a = await Topica.load(tinyBytes);
    Topica.init({ wasm: await WebAssembly.compile(wasmBytes) });
    const b = await Topica.load(tinyBytes);
    Topica.init({ wasm: path.join(DIST, 'topica.wasm') });  // a file path (Node)
    (await Topica.load(tinyBytes)).dispose();
    assert.deepEqual(a.classify('Army troops'), b.classify('Army troops'));
    assert.deepEqual(tiny.classify('Army troops'), a.classify('Army troops'), 'older models keep working');
    a.dispose();
    b.dispose();
    Topica.init({ wasm: new URL('file:///nonexistent/topica.wasm') });
    await assert.rejects(Topica.load(tinyBytes), (e) => e instanceof TopicaError && e.code === 'not found');
  } finally {
    Topica.init();
  }
  (await Topica.load(tinyBytes)).dispose();
});

test('works in a Node worker thread', async () => {
  const src = `
    import { parentPort, workerData } from 'node:worker_threads';
    const { Topica } = await import(workerData.module);
    const m = await Topica.load(workerData.model);
    parentPort.postMessage(m.classify('Army troops'));
    m.dispose();`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), {
    workerData: { module: new URL(`file://${path.join(DIST, 'topica.mjs')}`).href, model: TINY_MODEL },
  });
  const result = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  assert.deepEqual(result, tiny.classify('Army troops'));
});
