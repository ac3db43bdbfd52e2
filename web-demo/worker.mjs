// topica web demo: the classifier, in a module Web Worker (new Worker(url, {type: 'module'})).
// It owns the WebAssembly instance and the current model; the page (app.mjs) only renders.
//
// Protocol. Every request carries an `id`; every reply is {id, ok: true, value} or
// {id, ok: false, error: {name, code, message}}.
//   {type: 'load-default'}         load the default model bundled with the package
//   {type: 'load', file: Blob}     load a model file (a File from the picker or a drop)
//       → value: the model summary (see summary() below). On failure the previous model stays.
//   {type: 'analyze', text, label}
//       → value: {classification, explanation, terms, ms}, or null when a newer 'analyze' request
//         arrived in the meantime (the page only wants the latest one).
// A model that loads replaces the previous one, which is then disposed.
// Unsolicited: {type: 'started', version} once the package is loaded.

const PACKAGE = new URL('../wasm/dist/', import.meta.url);
// The default model: the file the package bundles next to topica.mjs (`Topica.load()` with no
// source reads the same file). Fetched here rather than through Topica.load() so that the page
// can show its size and how long the download took.
const DEFAULT_MODEL_URL = new URL('news-topics.json', PACKAGE);
const WASM_URL = new URL('topica.wasm', PACKAGE);
// Highlighting covers at most this many characters of the text (the classification always
// covers all of it): beyond that, tens of thousands of spans slow the page down for no insight.
const MAX_HIGHLIGHT_CHARS = 100_000;
const TERMS_PER_SIDE = 8;   // supporting / opposing words listed for the explained label
const TERMS_PER_LABEL = 3;  // supporting words shown under each label's bar

class DemoError extends Error {
  constructor(message, code) {
    super(message);
    this.name = 'TopicaError';
    this.code = code;
  }
}

// Page-ready time: start all three downloads (the JS API, the .wasm, the default model) as soon
// as the worker starts, in parallel, instead of one after the other (a static import of
// topica.mjs would hold everything until it has loaded; Topica.load() would fetch the .wasm only
// after the model).
const topicaReady = import(new URL('topica.mjs', PACKAGE).href);
const wasmReady = (async () => {
  try {
    const res = await fetch(WASM_URL);
    if (!res.ok) return null;
    try {
      return await WebAssembly.compileStreaming(res.clone());
    } catch (e) {
      if (!(e instanceof TypeError)) throw e;  // not served as application/wasm
      return await WebAssembly.compile(await res.arrayBuffer());
    }
  } catch {
    return null;  // Topica.load() fetches and compiles it again, and reports the error
  }
})();
const defaultModelReady = (async () => {
  const t0 = performance.now();
  let res;
  try {
    res = await fetch(DEFAULT_MODEL_URL);
  } catch (e) {
    throw new DemoError(`could not fetch the default model ${DEFAULT_MODEL_URL.pathname}: ${e.message}`, 'i/o error');
  }
  if (!res.ok) {
    throw res.status === 404
      ? new DemoError(`the default model ${DEFAULT_MODEL_URL.pathname} is not there. \`make wasm\` bundles it ` +
                      'once models/news-topics.json exists', 'not found')
      : new DemoError(`the default model ${DEFAULT_MODEL_URL.pathname}: HTTP ${res.status} ${res.statusText}`,
                      'i/o error');
  }
  const bytes = await res.arrayBuffer();
  return { bytes, fetchMs: performance.now() - t0 };
})();
defaultModelReady.catch(() => {});  // reported when the page asks for it

let Topica = null;
async function api() {
  if (!Topica) {
    const [mod, wasm] = await Promise.all([topicaReady, wasmReady]);
    if (wasm && !Topica) mod.Topica.init({ wasm });
    Topica = mod.Topica;
  }
  return Topica;
}

let model = null;
let latestAnalyze = 0;
let queue = Promise.resolve();

function summary(m, source) {
  const info = m.info;
  return {
    name: info.name,
    producer: info.producer,
    task: info.task,
    labels: info.labels,
    thresholds: info.thresholds,
    numFeatures: info.numFeatures,
    numWeights: info.numWeights,
    library: info.library,
    ...source,
  };
}

async function loadModel(bytes, source) {
  const T = await api();
  const t0 = performance.now();
  const next = await T.load(bytes);  // validates everything and runs the model's self-test
  const loadMs = performance.now() - t0;
  const previous = model;
  model = next;
  previous?.dispose();
  return summary(next, { ...source, bytes: bytes.byteLength, loadMs });
}

let defaultUsed = false;
async function loadDefault() {
  let bytes, fetchMs;
  if (!defaultUsed) {
    defaultUsed = true;  // the prefetched bytes are transferred to the WebAssembly heap once
    ({ bytes, fetchMs } = await defaultModelReady);
  } else {
    const t0 = performance.now();
    const res = await fetch(DEFAULT_MODEL_URL);
    if (!res.ok) throw new DemoError(`the default model: HTTP ${res.status}`, 'i/o error');
    bytes = await res.arrayBuffer();
    fetchMs = performance.now() - t0;
  }
  return loadModel(bytes, { file: DEFAULT_MODEL_URL.pathname.split('/').pop(), isDefault: true, fetchMs });
}

async function loadFile(file) {
  const bytes = await file.arrayBuffer();
  return loadModel(bytes, { file: file.name || 'model file', isDefault: false, fetchMs: 0 });
}

// The words behind a label's score, as a reader sees them: each token's share of the score
// (explain()'s tokens: its word, its character n-grams and an even share of each word pair it is
// in), summed over the word's occurrences in the text, case-folded; largest |sum| first. The
// model's own terms ("sanctions on", "#anct") are pieces of these; listing them made one word
// show up as several overlapping pieces ("…anct…", "…ancti…", "sanct…").
function wordsOf(text, ex) {
  const byWord = new Map();
  for (const t of ex.tokens) {
    if (t.contribution === 0) continue;
    const word = text.slice(t.start, t.end).toLowerCase();
    const w = byWord.get(word);
    if (w) {
      w.contribution += t.contribution;
      w.count += 1;
    } else {
      byWord.set(word, { term: word, contribution: t.contribution, count: 1 });
    }
  }
  return [...byWord.values()].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) ||
                                             (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}

function analyze({ text, label }) {
  if (!model) throw new DemoError('no model is loaded', 'failed precondition');
  const t0 = performance.now();
  const classification = model.classify(text);
  // The explained label: the one the page asks for, if this model has it; else explain()'s
  // default (the most probable predicted label, or the most probable label).
  const wanted = label && model.labels.includes(label) ? { label } : {};
  const main = model.explain(text, { ...wanted, top: 1 });  // its tokens carry every term
  const side = (words, sign, n) => words.filter((w) => Math.sign(w.contribution) === sign).slice(0, n);
  const mainWords = wordsOf(text, main);
  // The top supporting words of every label, for the line under each bar.
  const terms = {};
  for (const l of model.labels) {
    terms[l] = side(l === main.label ? mainWords : wordsOf(text, model.explain(text, { label: l, top: 1 })),
                    1, TERMS_PER_LABEL);
  }
  const ms = performance.now() - t0;
  const cut = text.length > MAX_HIGHLIGHT_CHARS ? MAX_HIGHLIGHT_CHARS : null;
  const tokens = main.tokens.filter((t) => t.contribution !== 0 && (cut === null || t.end <= cut));
  return {
    classification,
    explanation: {
      label: main.label, predicted: main.predicted, probability: main.probability,
      raw: main.raw, bias: main.bias, totalTerms: main.totalTerms,
      support: side(mainWords, 1, TERMS_PER_SIDE), against: side(mainWords, -1, TERMS_PER_SIDE),
      // The tokens with a non-zero share of the score, as columns; UTF-16 offsets, so
      // text.slice(start, end) is the token.
      tokens: { start: Int32Array.from(tokens, (t) => t.start), end: Int32Array.from(tokens, (t) => t.end),
                contribution: Float64Array.from(tokens, (t) => t.contribution) },
      highlightedChars: cut ?? text.length,
    },
    terms,
    ms,
  };
}

async function handle(msg) {
  switch (msg.type) {
    case 'load-default': return loadDefault();
    case 'load': return loadFile(msg.file);
    case 'analyze':
      // Let the messages already queued arrive first: a newer 'analyze' supersedes this one.
      await new Promise((resolve) => setTimeout(resolve, 0));
      return msg.id === latestAnalyze ? analyze(msg) : null;
    default: throw new DemoError(`unknown request ${msg.type}`, 'invalid argument');
  }
}

self.addEventListener('message', ({ data: msg }) => {
  if (msg.type === 'analyze') latestAnalyze = msg.id;
  // One request at a time, in order: an 'analyze' sent while a model loads waits for it.
  queue = queue.then(async () => {
    try {
      const value = await handle(msg);
      const tokens = value?.explanation?.tokens;
      self.postMessage({ id: msg.id, ok: true, value },
                       tokens ? [tokens.start.buffer, tokens.end.buffer, tokens.contribution.buffer] : []);
    } catch (e) {
      self.postMessage({ id: msg.id, ok: false,
                         error: { name: e?.name ?? 'Error', code: e?.code ?? null, message: String(e?.message ?? e) } });
    }
  });
});

// If the package itself cannot be loaded (not built), the page is told; it has no other way to
// learn why (a failed dynamic import is not a worker 'error' event).
topicaReady.then(({ Topica: T }) => self.postMessage({ type: 'started', version: T.version }),
                 (e) => self.postMessage({ type: 'failed', message: String(e?.message ?? e) }));
