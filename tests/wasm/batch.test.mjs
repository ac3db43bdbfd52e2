// classifyMany(): the batch entry point. Its labels, probabilities and raw scores are the very
// floats classify() returns (Object.is, not a tolerance) on the parity fixtures; the bytes form
// reads lines exactly as `topica classify --input-format lines` does (compared with the native
// CLI); empty batches, empty strings, non-ASCII, batches of several internal chunks (1 MiB or
// 65,536 documents each), and bad arguments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, importTopica, path, readJsonl, tempDir, trainModel, writeFileSync, TINY_MODEL,
         PARITY_CORPUS } from './helpers.mjs';

let Topica, TopicaError, dir, tiny, multilabel, multiclass, corpusTexts;
const encode = (s) => new TextEncoder().encode(s);

const SPECIAL = ['', ' ', 'Army troops', 'embargo and sanctions', 'Москва', '⚽🏆 troops 🎉',
                 '\ud800 army', 'troops \udfff', '\u0000army\u0000', 'ǅ ß İ ﬁ', '全国人民代表大会', 'a\nb\r\nc'];

before(async () => {
  ({ Topica, TopicaError } = await importTopica());
  dir = tempDir('topica-batch-');
  const corpus = readJsonl(PARITY_CORPUS);
  corpusTexts = corpus.map((r) => r.text);
  const singleLabel = path.join(dir, 'single_label.jsonl');
  writeFileSync(singleLabel, corpus.filter((r) => r.labels.length === 1).map((r) => JSON.stringify(r)).join('\n'));
  tiny = await Topica.load(TINY_MODEL);
  multilabel = await Topica.load(trainModel(dir, 'multilabel', PARITY_CORPUS,
      ['--word-ngrams', '1', '2', '--char-ngrams', '2', '4', '--min-df', '1']));
  multiclass = await Topica.load(trainModel(dir, 'multiclass', singleLabel,
      ['--task', 'multiclass', '--hash-bits', '12', '--char-ngrams', '1', '3', '--min-df', '1',
       '--strip-accents', '--no-sublinear-tf', '--loss', 'logistic']));
});
after(() => { for (const m of [tiny, multilabel, multiclass]) m?.dispose(); });

// classifyMany's result for document d, in classify()'s shape.
function asClassification(r, d) {
  const L = r.labels.length;
  const out = { labels: [], scores: {}, raw: {} };
  for (let j = r.offsets[d]; j < r.offsets[d + 1]; j++) out.labels.push(r.labels[r.labelIds[j]]);
  for (let i = 0; i < L; i++) {
    if (r.scores) out.scores[r.labels[i]] = r.scores[d * L + i];
    if (r.raw) out.raw[r.labels[i]] = r.raw[d * L + i];
  }
  return out;
}

// Same labels, and bit-identical scores (Object.is), document by document.
function assertSameAsClassify(m, texts, r, what) {
  assert.equal(r.count, texts.length, `${what}: count`);
  assert.equal(r.offsets.length, texts.length + 1, `${what}: offsets`);
  assert.equal(r.offsets[0], 0);
  assert.equal(r.offsets[r.count], r.labelIds.length);
  const L = r.labels.length;
  for (let d = 0; d < texts.length; d++) {
    const c = m.classify(texts[d]);
    const got = asClassification(r, d);
    let same = got.labels.join('\n') === c.labels.join('\n');
    for (let i = 0; same && i < L; i++) {
      const l = r.labels[i];
      same = (!r.scores || Object.is(got.scores[l], c.scores[l])) && (!r.raw || Object.is(got.raw[l], c.raw[l]));
    }
    if (!same) assert.deepEqual(got, c, `${what}: document ${d}`);  // fails, with a diff
  }
}

test('classifyMany: the same labels and the same floats as classify(), on the parity fixtures', () => {
  const texts = [...SPECIAL, ...corpusTexts, corpusTexts.join(' ').repeat(20)];
  for (const m of [tiny, multilabel, multiclass]) {
    const r = m.classifyMany(texts, { scores: true, raw: true });
    assert.deepEqual(Object.keys(r), ['count', 'labels', 'offsets', 'labelIds', 'scores', 'raw']);
    assert.ok(r.offsets instanceof Int32Array && r.labelIds instanceof Int32Array);
    assert.ok(r.scores instanceof Float32Array && r.raw instanceof Float32Array);
    assert.deepEqual(r.labels, m.labels);
    assertSameAsClassify(m, texts, r, m.info.name || 'model');
    // Without options: labels only.
    const bare = m.classifyMany(texts);
    assert.deepEqual(Object.keys(bare), ['count', 'labels', 'offsets', 'labelIds']);
    assert.deepEqual(bare.offsets, r.offsets);
    assert.deepEqual(bare.labelIds, r.labelIds);
    // scores and raw each on their own.
    assert.deepEqual(m.classifyMany(texts, { scores: true }).scores, r.scores);
    assert.deepEqual(m.classifyMany(texts, { raw: true }).raw, r.raw);
    // classifyBatch (built on it) still equals classify() text by text.
    assert.deepEqual(m.classifyBatch(texts), texts.map((t) => m.classify(t)));
  }
  // A multiclass model predicts exactly one label per document.
  const r = multiclass.classifyMany(corpusTexts);
  for (let d = 0; d < r.count; d++) assert.equal(r.offsets[d + 1] - r.offsets[d], 1);
});

test('classifyMany: empty batches and empty strings', () => {
  for (const input of [[], new Uint8Array(0), new ArrayBuffer(0), new Set()]) {
    const r = tiny.classifyMany(input, { scores: true, raw: true });
    assert.equal(r.count, 0);
    assert.deepEqual(r.offsets, new Int32Array([0]));
    assert.deepEqual(r.labelIds, new Int32Array(0));
    assert.deepEqual(r.scores, new Float32Array(0));
    assert.deepEqual(r.raw, new Float32Array(0));
  }
  const empties = ['', '', ''];
  assertSameAsClassify(tiny, empties, tiny.classifyMany(empties, { scores: true, raw: true }), 'empty strings');
  // Empty lines are documents too, as for the CLI: "\n\n" is two empty documents.
  assertSameAsClassify(tiny, ['', ''], tiny.classifyMany(encode('\n\n'), { scores: true, raw: true }), 'empty lines');
});

test('classifyMany: any iterable of strings; the result is plain, cloneable data', () => {
  const texts = ['Army troops', 'embargo', 'Москва'];
  const expected = tiny.classifyMany(texts, { scores: true });
  assert.deepEqual(tiny.classifyMany(new Set(texts), { scores: true }), expected);
  assert.deepEqual(tiny.classifyMany((function* () { yield* texts; })(), { scores: true }), expected);
  assert.deepEqual(structuredClone(expected), expected);  // postMessage() from a worker works
  const names = [];
  for (let d = 0; d < expected.count; d++) {
    names.push(Array.from(expected.labelIds.subarray(expected.offsets[d], expected.offsets[d + 1]),
                          (id) => expected.labels[id]));
  }
  assert.deepEqual(names, texts.map((t) => tiny.classify(t).labels));
});

test('classifyMany(bytes) reads lines as `topica classify --input-format lines` does', () => {
  const lines = [...corpusTexts.map((t) => t.replace(/\n/g, ' ')), '', '  ', 'Москва ⚽', '全国人民代表大会'];
  const withLf = lines.join('\n') + '\n';
  const file = path.join(dir, 'lines.txt');
  writeFileSync(file, withLf);
  const native = cli(['classify', '--raw', '--model', path.join(dir, 'multilabel.json'),
                      '--input-format', 'lines', file]).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const r = multilabel.classifyMany(encode(withLf), { scores: true, raw: true });
  assert.equal(r.count, native.length);
  for (let d = 0; d < r.count; d++) {
    const w = asClassification(r, d);
    assert.deepEqual(w.labels, native[d].labels, `line ${d + 1}`);
    for (const l of r.labels) {
      // The CLI prints each float in its shortest round-trip form: fround() gives it back exactly.
      assert.equal(w.scores[l], Math.fround(native[d].scores[l]), `line ${d + 1}: ${l}`);
      assert.equal(w.raw[l], Math.fround(native[d].raw[l]), `line ${d + 1}: raw ${l}`);
    }
  }
  assertSameAsClassify(multilabel, lines, r, 'lines');
  // CRLF line ends, a byte order mark, no '\n' after the last line, a Buffer, an ArrayBuffer,
  // a view into a larger buffer: all the same documents.
  const same = (input, what) => assert.deepEqual(multilabel.classifyMany(input, { scores: true, raw: true }), r, what);
  same(encode(lines.join('\r\n') + '\r\n'), 'CRLF');
  same(encode(`\ufeff${withLf}`), 'byte order mark');
  same(encode(lines.join('\n') + (lines.at(-1) === '' ? '\n' : '')), 'no final newline');
  same(Buffer.from(withLf), 'Buffer');
  same(encode(withLf).buffer, 'ArrayBuffer');
  const padded = encode(`xx${withLf}yy`);
  same(padded.subarray(2, padded.length - 2), 'view with an offset');
  // Only a non-empty last line without '\n' is a document; a lone mark is one empty line.
  assert.equal(tiny.classifyMany(encode('a\nb')).count, 2);
  assert.equal(tiny.classifyMany(encode('a\nb\n')).count, 2);
  assert.equal(tiny.classifyMany(encode('\ufeff')).count, 1);
  assert.equal(tiny.classifyMany(encode('\r')).count, 1);
});

test('classifyMany: batches of several internal chunks (bytes, documents, one huge document)', () => {
  // 70,000 documents (> 65,536 per chunk), about 2.3 MB (> 1 MiB per chunk), non-ASCII included.
  const texts = [];
  for (let i = 0; texts.length < 70000; i++) {
    texts.push(SPECIAL[i % SPECIAL.length], `${corpusTexts[i % corpusTexts.length]} ${i}`);
  }
  texts.forEach((t, i) => { texts[i] = t.replace(/[\r\n]/g, ' '); });  // one line each
  const r = tiny.classifyMany(texts, { scores: true, raw: true });
  assertSameAsClassify(tiny, texts, r, 'many documents');
  assert.deepEqual(tiny.classifyMany(encode(texts.join('\n')), { scores: true, raw: true }), r, 'as lines');
  // Documents larger than a chunk, between small ones, as strings and as lines.
  const huge = corpusTexts.join(' ').replace(/[\r\n]/g, ' ').repeat(400);  // ~1.8 MB
  assert.ok(encode(huge).length > 1 << 20);
  const mixed = ['Army troops', huge, 'embargo', `${huge} Москва`, ''];
  const rm = tiny.classifyMany(mixed, { scores: true, raw: true });
  assertSameAsClassify(tiny, mixed, rm, 'huge documents');
  assert.deepEqual(tiny.classifyMany(encode(`${mixed.join('\n')}\n`), { scores: true, raw: true }), rm, 'huge lines');
});

test('classifyMany: bad arguments throw TypeError; bad UTF-8 a TopicaError naming the line', () => {
  for (const bad of [undefined, null, 42, 'Army troops', { length: 1, 0: 'x' }]) {
    assert.throws(() => tiny.classifyMany(bad), TypeError, String(bad));
  }
  assert.throws(() => tiny.classifyMany(['ok', 3]), { name: 'TypeError', message: /texts\[1\] must be a string, got number/ });
  assert.throws(() => tiny.classifyMany(['ok', null]), TypeError);
  assert.throws(() => tiny.classifyMany(['ok'], 'scores'), TypeError);
  assert.throws(() => tiny.classifyMany(['ok'], null), TypeError);
  assert.throws(() => tiny.classifyMany(['ok'], { scores: 1 }), { name: 'TypeError', message: /options\.scores/ });
  assert.throws(() => tiny.classifyMany(['ok'], { raw: 'yes' }), { name: 'TypeError', message: /options\.raw/ });
  const badLine = (bytes, line, offset) => assert.throws(() => tiny.classifyMany(bytes), (e) =>
    e instanceof TopicaError && e.code === 'invalid argument' &&
    e.message === `line ${line}: line is not valid UTF-8 (byte offset ${offset})`);
  badLine(new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0x0a]), 2, 1);
  badLine(new Uint8Array([0xc3, 0x0a]), 1, 0);                       // truncated sequence
  badLine(new Uint8Array([0xed, 0xa0, 0x80]), 1, 0);                 // a surrogate
  badLine(new Uint8Array([0xc0, 0xaf]), 1, 0);                       // overlong
  // Past the first chunk, line numbers still count from the start of the input.
  const manyLines = encode('Army troops\n'.repeat(200000));
  const withBad = new Uint8Array(manyLines.length + 3);
  withBad.set(manyLines);
  withBad.set([0x78, 0xf5, 0x0a], manyLines.length);
  badLine(withBad, 200001, 1);
  // The model still works afterwards, and a disposed model throws like every other method.
  assert.equal(tiny.classifyMany(['Army troops']).count, 1);
});

test('classifyMany on a disposed model throws a TopicaError', async () => {
  const m = await Topica.load(TINY_MODEL);
  m.dispose();
  for (const input of [['x'], [], encode('x\n')]) {
    assert.throws(() => m.classifyMany(input), (e) => e instanceof TopicaError && e.code === 'failed precondition');
  }
});
