// Golden parity: the native CLI and the WASM module score the same inputs with the same models.
// Identical predicted labels, every probability and raw score within 1e-5, identical explanation
// terms (all of them: --top 0 / {top: 0}) with values, weights and contributions within 1e-5.
//
// Models: the hand-written fixture tests/fixtures/tiny_model.json, and two models the native CLI
// trains at test time from the multilingual corpus tests/fixtures/parity_corpus.jsonl:
//   multilabel, vocabulary, word 1-2-grams + char 2-4-grams, min-df 1 (squared hinge, Platt);
//   multiclass, hashing (2^12), char 1-3-grams, accents stripped, raw tf, logistic loss
//   (softmax with temperature), on the corpus's single-label records.
// Inputs: the issue's ASCII, accented Latin, Cyrillic, Chinese, emoji, empty and 1 MB texts, a
// few more scripts, and every text of the corpus; each through classify() and, all at once,
// through classifyMany().
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cli, importTopica, path, readJsonl, writeJsonl, tempDir, trainModel, TINY_MODEL,
         PARITY_CORPUS } from './helpers.mjs';

const TOLERANCE = 1e-5;

const FIXED_INPUTS = {
  ascii: 'The prime minister called an early election after parliament rejected the budget; ' +
         'the striker scored twice and astronomers found water on an exoplanet. Army troops!',
  accented: 'Le Président de la République a nommé un nouveau gouvernement ; l’équipe a gagné ' +
            'à Zürich. Ça coûte cher — señor, ñandú, Øresund, Ærø, Łódź, Ελλάδα, ÉLECTION.',
  cyrillic: 'Государственная Дума приняла закон о выборах президента; футбольный клуб выиграл ' +
            'чемпионат, а учёные обнаружили новую звезду. ВЕРХОВНА РАДА.',
  greek: 'Η Βουλή ψήφισε τον νέο εκλογικό νόμο· η εθνική ομάδα κέρδισε τον τελικό.',
  chinese: '全国人民代表大会通过了新的选举法修正案，中国女排在奥运会决赛中获得金牌，科学家发现了新的行星。',
  japanese: '国会で新しい選挙制度の法案が可決され、サッカー日本代表が勝利した。',
  thai: 'รัฐสภาลงมติรับร่างกฎหมายการเลือกตั้ง ทีมฟุตบอลชาติไทยชนะ',
  emoji: '⚽🏆 What a goal! 🎉🎉 👩‍👩‍👧 🇫🇷 🗳️ election night 🧬🔬 science 🏛️ parliament 😀',
  empty: '',
  whitespace_only: ' \t  \u00a0 \u3000 ',
  punctuation_only: '!!! ... ??? — «» “” 。、',
  mixed: 'Ministre 🇫🇷 et Президент обсудили спорт, science и 选举 — Ελλάδα 🤝 ΤΕΛΙΚΌΣ Straße',
};

function oneMegabyteText(corpusTexts) {
  const parts = [];
  let bytes = 0;
  for (let i = 0; bytes < 1 << 20; i++) {
    const s = `${corpusTexts[i % corpusTexts.length]} [${i}]${i % 7 === 6 ? '\n' : ' '}`;
    parts.push(s);
    bytes += Buffer.byteLength(s);
  }
  return parts.join('');
}

let Topica, dir, inputs, inputsFile;
const models = {};

before(async () => {
  ({ Topica } = await importTopica());
  dir = tempDir('topica-parity-');
  const corpus = readJsonl(PARITY_CORPUS);
  const oneMb = oneMegabyteText(corpus.map((r) => r.text));
  inputs = [
    ...Object.entries(FIXED_INPUTS).map(([id, text]) => ({ id, text })),
    { id: '1mb', text: oneMb },
    ...corpus.map((r) => ({ id: `corpus:${r.id}`, text: r.text })),
  ];
  inputsFile = path.join(dir, 'inputs.jsonl');
  writeJsonl(inputsFile, inputs);
  const singleLabel = path.join(dir, 'single_label.jsonl');
  writeJsonl(singleLabel, corpus.filter((r) => r.labels.length === 1));
  models.tiny = TINY_MODEL;
  models['multilabel-vocab-char2-4'] = trainModel(dir, 'multilabel', PARITY_CORPUS,
      ['--word-ngrams', '1', '2', '--char-ngrams', '2', '4', '--min-df', '1']);
  models['multiclass-hash-char1-3'] = trainModel(dir, 'multiclass', singleLabel,
      ['--task', 'multiclass', '--hash-bits', '12', '--char-ngrams', '1', '3', '--min-df', '1',
       '--strip-accents', '--no-sublinear-tf', '--loss', 'logistic']);
});

const byId = (lines) => new Map(lines.split('\n').filter(Boolean).map((l) => {
  const j = JSON.parse(l);
  return [j.id, j];
}));

// The CLI prints floats in their shortest round-trip form, so Math.fround() of the printed
// number is the exact float the native library computed.
function compareNumber(stats, what, native, wasm, where) {
  const d = Math.abs(Math.fround(native) - wasm);
  assert.ok(d <= TOLERANCE, `${where}: ${what} native ${native} vs wasm ${wasm} (|Δ| ${d})`);
  stats.numbers++;
  if (Object.is(Math.fround(native), wasm)) stats.identical++;
  stats.maxDiff = Math.max(stats.maxDiff, d);
}

function compareTerms(stats, nativeTerms, wasmTerms, where) {
  assert.equal(wasmTerms.length, nativeTerms.length, `${where}: number of terms`);
  for (let i = 0; i < nativeTerms.length; i++) {
    const n = nativeTerms[i], w = wasmTerms[i];
    if (n.term !== w.term) {
      // Only a tie in |contribution| (within the tolerance) may order two terms differently.
      const j = wasmTerms.findIndex((x) => x.term === n.term);
      assert.ok(j >= 0, `${where}: term ${JSON.stringify(n.term)} missing in wasm`);
      assert.ok(Math.abs(Math.abs(n.contribution) - Math.abs(w.contribution)) <= TOLERANCE,
                `${where}: term ${i} is ${JSON.stringify(n.term)} natively, ${JSON.stringify(w.term)} in wasm`);
      stats.reordered++;
      compareTerms(stats, [n], [wasmTerms[j]], where);
      continue;
    }
    compareNumber(stats, `${n.term}.value`, n.value, w.value, where);
    compareNumber(stats, `${n.term}.weight`, n.weight, w.weight, where);
    compareNumber(stats, `${n.term}.contribution`, n.contribution, w.contribution, where);
    stats.terms++;
  }
}

for (const name of ['tiny', 'multilabel-vocab-char2-4', 'multiclass-hash-char1-3']) {
  test(`parity native CLI vs WASM: ${name}`, { timeout: 600000 }, async (t) => {
    const modelFile = models[name];
    const m = await Topica.load(modelFile);
    const labels = m.labels;
    const stats = { inputs: 0, labelSets: 0, numbers: 0, identical: 0, maxDiff: 0, terms: 0, reordered: 0 };
    const started = performance.now();

    const nativeClass = byId(cli(['classify', '--raw', '--model', modelFile, '--input-format', 'jsonl', inputsFile]));
    const nativeExpl = byId(cli(['explain', '--json', '--top', '0', '--model', modelFile,
                                 '--input-format', 'jsonl', inputsFile,
                                 ...labels.flatMap((l) => ['--label', l])]));
    const nativeDefault = byId(cli(['explain', '--json', '--top', '1', '--model', modelFile,
                                    '--input-format', 'jsonl', inputsFile]));
    const nativeMs = performance.now() - started;

    const wasmStarted = performance.now();
    for (const { id, text } of inputs) {
      const where = `${name} / ${id}`;
      const n = nativeClass.get(id);
      assert.ok(n, `${where}: no native output`);
      const w = m.classify(text);
      assert.deepEqual(w.labels, n.labels, `${where}: predicted labels`);
      assert.deepEqual(Object.keys(w.scores), Object.keys(n.scores), `${where}: score labels`);
      for (const l of labels) {
        compareNumber(stats, `scores.${l}`, n.scores[l], w.scores[l], where);
        compareNumber(stats, `raw.${l}`, n.raw[l], w.raw[l], where);
      }
      stats.labelSets++;

      const ne = nativeExpl.get(id);
      assert.deepEqual(ne.explanations.map((e) => e.label), labels);
      for (const e of ne.explanations) {
        const we = m.explain(text, { label: e.label, top: 0 });
        const at = `${where} / explain ${e.label}`;
        assert.equal(we.label, e.label);
        assert.equal(we.predicted, e.predicted, `${at}: predicted`);
        assert.equal(we.totalTerms, e.total_terms, `${at}: total terms`);
        compareNumber(stats, 'probability', e.probability, we.probability, at);
        compareNumber(stats, 'raw', e.raw, we.raw, at);
        compareNumber(stats, 'bias', e.bias, we.bias, at);
        compareTerms(stats, e.terms, we.terms, at);
      }
      // explain() without a label picks one of the labels the CLI explains by default.
      const defaultLabels = nativeDefault.get(id).explanations.map((e) => e.label);
      assert.ok(defaultLabels.includes(m.explain(text, { top: 1 }).label), `${where}: default label`);
      stats.inputs++;
    }
    // classifyMany() over all the inputs at once: the same labels and scores as the CLI too.
    const many = m.classifyMany(inputs.map((i) => i.text), { scores: true, raw: true });
    assert.equal(many.count, inputs.length);
    inputs.forEach(({ id }, d) => {
      const n = nativeClass.get(id), where = `${name} / ${id} / classifyMany`;
      const predicted = Array.from(many.labelIds.subarray(many.offsets[d], many.offsets[d + 1]), (i) => labels[i]);
      assert.deepEqual(predicted, n.labels, `${where}: predicted labels`);
      labels.forEach((l, i) => {
        compareNumber(stats, `scores.${l}`, n.scores[l], many.scores[d * labels.length + i], where);
        compareNumber(stats, `raw.${l}`, n.raw[l], many.raw[d * labels.length + i], where);
      });
      stats.labelSets++;
    });
    const wasmMs = performance.now() - wasmStarted;
    m.dispose();
    t.diagnostic(`${name}: ${stats.inputs} inputs (incl. 1 MB), ${labels.length} labels: ` +
                 `${stats.labelSets} label sets identical; ${stats.terms} explanation terms identical` +
                 `${stats.reordered ? ` (${stats.reordered} tie-reordered)` : ''}; ` +
                 `${stats.numbers} numbers, ${stats.identical} bit-identical, max |Δ| ${stats.maxDiff.toExponential(2)} ` +
                 `(tolerance ${TOLERANCE}); native CLI ${(nativeMs / 1000).toFixed(1)} s, wasm ${(wasmMs / 1000).toFixed(1)} s`);
  });
}
