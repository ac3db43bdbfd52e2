// topica web demo: the page. The classifier runs in worker.mjs (a module Web Worker); this file
// only talks to it and renders. No framework, no build step.
//
// Safety: the article text only ever reaches the DOM as text (Text nodes, textContent). The
// page's Content-Security-Policy also enforces Trusted Types, so innerHTML and the like throw.

const WORKER_URL = new URL('./worker.mjs', import.meta.url).href;
const SAMPLE_DIR = new URL('../examples/', import.meta.url);
const SAMPLES = [
  { file: 'article.txt', title: 'UN sanctions' },
  { file: 'trade_tariffs.txt', title: 'Steel tariffs' },
  { file: 'nuclear_inspections.txt', title: 'Nuclear inspectors' },
  { file: 'terror_attack.txt', title: 'Market bombing' },
  { file: 'election_coalition.txt', title: 'Coalition talks' },
  { file: 'naval_standoff.txt', title: 'Naval standoff' },
  { file: 'sports_result.txt', title: 'Football (no topic)' },
];
const DEBOUNCE_MS = 150;
const MAX_MODEL_BYTES = 256 * 1024 * 1024;

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('aria-') || k.startsWith('data-')) e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children);
  return e;
};

const state = {
  model: null,          // summary of the loaded model (worker.mjs summary())
  defaultModel: null,   // whether the default model exists: null = not tried, true, false
  selected: null,       // the label the user picked for the explanation; null = the top one
  latest: 0,            // id of the latest 'analyze' request
  loading: false,       // a model is loading
  rows: new Map(),      // label -> {row, input, pct, badge, fill, tick, terms}
  firstResult: false,
  broken: false,        // the worker could not start
};

// ---------------------------------------------------------------- formatting

const pct = (p) => (p < 0.005 ? '<1%' : p > 0.995 && p < 1 ? '>99%' : `${Math.round(p * 100)}%`);
const signed = (x, digits = 2) => `${x >= 0 ? '+' : '\u2212'}${Math.abs(x).toFixed(digits)}`;
// A term as a reader sees it: character n-grams ("#<sanc", "#anct", "#ers>", "#<eu>", see
// models/README.md) become word pieces with an ellipsis where the word goes on ("sanc…",
// "…anct…", "…ers", "eu"); word n-grams are shown as they are.
const displayTerm = (term) => {
  if (!term.startsWith('#') || term.length < 2) return term;
  let body = term.slice(1);
  const head = body.startsWith('<'), tail = body.endsWith('>');
  body = body.slice(head ? 1 : 0, tail ? -1 : undefined);
  return `${head ? '' : '\u2026'}${body}${tail ? '' : '\u2026'}`;
};
const termTitle = (term) => (term.startsWith('#') ? `part of a word (character n-gram ${term})` : term);
// A listed word: how often it occurs (its contribution is the sum over its occurrences).
const wordTitle = (w) => (w.count === undefined ? termTitle(w.term)
  : `“${w.term}”, ${w.count === 1 ? 'once' : `${w.count} times`} in the text: its own weight, its letter n-grams and a share of its word pairs`);
// Small contributions keep a significant digit instead of showing as 0.00.
const signedSmall = (x) => signed(x, Math.abs(x) > 0 && Math.abs(x) < 0.01 ? 3 : 2);
function bytes(n) {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
const ms = (t) => (t < 10 ? `${t.toFixed(1)} ms` : t < 1000 ? `${Math.round(t)} ms` : `${(t / 1000).toFixed(2)} s`);
const modelTitle = (m) => (m.name ? `“${m.name}”` : `“${m.file}”`);

// ---------------------------------------------------------------- the worker

const pending = new Map();
let nextId = 1;
let worker;

function startWorker() {
  // Trusted Types (enforced by the page's CSP) require a TrustedScriptURL for new Worker().
  const policy = globalThis.trustedTypes?.createPolicy('topica-demo', {
    createScriptURL: (url) => {
      if (url !== WORKER_URL) throw new TypeError(`unexpected script URL ${url}`);
      return url;
    },
  });
  worker = new Worker(policy ? policy.createScriptURL(WORKER_URL) : WORKER_URL, { type: 'module', name: 'topica' });
  worker.addEventListener('message', ({ data }) => {
    if (data.type === 'started') {
      $('version').textContent = `topica ${data.version}.`;
      return;
    }
    if (data.type === 'failed') {
      workerFailed();
      return;
    }
    const p = pending.get(data.id);
    if (!p) return;
    pending.delete(data.id);
    if (data.ok) p.resolve(data.value);
    else p.reject(Object.assign(new Error(data.error.message), data.error));
  });
  // A module worker that cannot start (e.g. the WebAssembly package is not built) fires 'error'.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    workerFailed();
  });
}

function call(msg) {
  const id = nextId++;
  return { id, promise: new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...msg, id });
  }) };
}

async function workerFailed() {
  if (state.broken) return;
  state.broken = true;
  let why = 'The classifier could not start in this browser.';
  try {
    const res = await fetch(new URL('../wasm/dist/topica.mjs', import.meta.url), { method: 'HEAD' });
    if (!res.ok) {
      why = 'The WebAssembly package is missing (wasm/dist/topica.mjs). Build it with “make wasm” ' +
            '(or run “make demo”), then reload this page.';
    }
  } catch { /* keep the generic message */ }
  setStatus(why, 'error');
  const err = new Error('the classifier could not start');
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

// ---------------------------------------------------------------- status line

function setStatus(text, kind) {
  const s = $('status');
  if (s.textContent !== text) s.textContent = text;
  s.dataset.kind = kind;
}

// ---------------------------------------------------------------- samples and input

function buildSamples() {
  const group = document.querySelector('.samples');
  for (const s of SAMPLES) {
    const b = el('button', { type: 'button', class: 'chip', text: s.title, 'data-sample': s.file });
    b.addEventListener('click', () => loadSample(s.file));
    group.append(b);
  }
}

const sampleCache = new Map();
async function fetchSample(file) {
  if (!sampleCache.has(file)) {
    sampleCache.set(file, fetch(new URL(file, SAMPLE_DIR)).then((r) => {
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.text();
    }));
  }
  try {
    return await sampleCache.get(file);
  } catch (e) {
    sampleCache.delete(file);
    throw e;
  }
}

async function loadSample(file) {
  try {
    setArticle((await fetchSample(file)).trim());
  } catch (e) {
    setStatus(`Could not load the sample ${file}: ${e.message}.`, 'error');
  }
}

function setArticle(text) {
  const area = $('article');
  area.value = text;
  area.scrollTop = 0;
  schedule(0);
}

let timer = 0;
function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(analyze, delay);
}

// ---------------------------------------------------------------- classification

async function analyze() {
  if (!state.model || state.loading) return;  // runs again once a model is loaded
  const text = $('article').value;
  if (!text.trim()) {
    state.latest = nextId;  // drop any result still on its way
    renderEmpty();
    return;
  }
  const { id, promise } = call({ type: 'analyze', text, label: state.selected });
  state.latest = id;
  let result;
  try {
    result = await promise;
  } catch (e) {
    if (id === state.latest) setStatus(`Could not classify this text: ${e.message}`, 'error');
    return;
  }
  if (result === null || id !== state.latest || $('article').value !== text) return;  // superseded
  render(text, result);
}

function renderEmpty() {
  for (const r of state.rows.values()) {
    r.row.classList.remove('predicted');
    r.pct.textContent = '';
    r.fill.style.width = '0';
    r.terms.replaceChildren();
    r.input.setAttribute('aria-label', r.label);
  }
  $('highlight').replaceChildren(el('span', { class: 'placeholder', text: 'The article will appear here, with its words highlighted.' }));
  $('support-terms').replaceChildren();
  $('against-terms').replaceChildren();
  $('score-math').textContent = '';
  $('timing').textContent = '';
  $('highlight-note').hidden = true;
  setStatus('Paste or type an article, or pick a sample, to see its topics.', 'idle');
}

function render(text, { classification, explanation, terms, ms: took }) {
  const predicted = new Set(classification.labels);
  const m = state.model;
  m.labels.forEach((label, i) => {
    const r = state.rows.get(label);
    const p = classification.scores[label];
    const isPredicted = predicted.has(label);
    r.row.classList.toggle('predicted', isPredicted);
    r.pct.textContent = pct(p);
    r.fill.style.width = `${(p * 100).toFixed(1)}%`;  // CSSOM: allowed by style-src 'self'
    r.input.checked = label === explanation.label;
    const threshold = m.thresholds[i];
    r.input.setAttribute('aria-label', `${label}: ${pct(p)}${isPredicted ? ', predicted' : ''}` +
                                      (threshold !== undefined ? ` (threshold ${pct(threshold)})` : ''));
    r.terms.replaceChildren(...(terms[label].length
      ? [el('span', { class: 'visually-hidden', text: 'Top words: ' }),
         ...terms[label]
           .filter((t, k, all) => all.findIndex((u) => displayTerm(u.term) === displayTerm(t.term)) === k)
           .flatMap((t, k) => [k ? ', ' : '', el('span', { class: 'term-inline', text: displayTerm(t.term), title: wordTitle(t) })])]
      : []));
  });

  const names = classification.labels;
  setStatus(names.length
    ? `Predicted ${names.length === 1 ? 'topic' : 'topics'}: ${names.join(', ')}.`
    : 'No topic predicted: every probability is below its threshold.', names.length ? 'ok' : 'none');
  $('timing').textContent = `Classified and explained in ${ms(took)}, in a Web Worker.`;

  renderExplanation(text, explanation);

  if (!state.firstResult) {
    state.firstResult = true;
    performance.mark('topica:first-result');
    document.documentElement.dataset.firstResultMs = String(Math.round(performance.now()));
  }
  document.documentElement.dataset.results = String(Number(document.documentElement.dataset.results ?? 0) + 1);
}

function renderExplanation(text, ex) {
  $('explain-label').textContent = ex.label;
  for (const c of document.querySelectorAll('.explain-label-copy')) c.textContent = ex.label;

  // The article, with every token that moved the score wrapped in a <span>: Text nodes and
  // textContent only. Intensity is relative to the strongest token of this text.
  const { start, end, contribution } = ex.tokens;
  let max = 0;
  for (const c of contribution) max = Math.max(max, Math.abs(c));
  const frag = document.createDocumentFragment();
  let pos = 0;
  for (let i = 0; i < start.length; i++) {
    const c = contribution[i];
    const level = max > 0 ? Math.abs(c) / max : 0;
    if (level < 0.05 || start[i] < pos) continue;
    if (start[i] > pos) frag.append(document.createTextNode(text.slice(pos, start[i])));
    const span = document.createElement('span');
    span.className = `tok ${c > 0 ? 'support' : 'against'} w${level > 0.6 ? 4 : level > 0.3 ? 3 : level > 0.15 ? 2 : 1}`;
    span.textContent = text.slice(start[i], end[i]);
    span.title = `${signed(c, 3)} ${c > 0 ? 'toward' : 'against'} ${ex.label}`;
    frag.append(span);
    pos = end[i];
  }
  frag.append(document.createTextNode(text.slice(pos)));
  $('highlight').replaceChildren(frag);
  const note = $('highlight-note');
  note.hidden = ex.highlightedChars >= text.length;
  note.textContent = note.hidden ? '' : `Highlighting covers the first ${ex.highlightedChars.toLocaleString('en')} ` +
                                        `characters; the topics use the whole text.`;

  const list = (terms) => terms.map((t) => el('li', {},
    el('span', { class: `tok ${t.contribution > 0 ? 'support' : 'against'} w3`, text: displayTerm(t.term),
                 title: wordTitle(t) }),
    ' ', el('span', { class: 'num', text: signedSmall(t.contribution) })));
  const none = (what) => [el('li', { class: 'none', text: what })];
  $('support-terms').replaceChildren(...(ex.support.length ? list(ex.support) : none('none in this text')));
  $('against-terms').replaceChildren(...(ex.against.length ? list(ex.against) : none('none in this text')));

  const termsSum = ex.raw - ex.bias;
  $('score-math').textContent = `Score of ${ex.label}: bias ${signed(ex.bias)} + ${ex.totalTerms} ` +
    `${ex.totalTerms === 1 ? 'term' : 'terms'} ${signed(termsSum)} = ${signed(ex.raw)} → probability ` +
    `${pct(ex.probability)}${ex.predicted ? ', predicted' : ', not predicted'}.`;
}

// ---------------------------------------------------------------- models

function buildTopicRows(m) {
  const list = $('topic-list');
  state.rows.clear();
  list.replaceChildren();
  m.labels.forEach((label, i) => {
    const input = el('input', { type: 'radio', name: 'explain-label', value: label, id: `topic-${i}` });
    const pctEl = el('span', { class: 'topic-pct' });
    const badge = el('span', { class: 'badge', text: 'predicted' });
    const fill = el('span', { class: 'fill' });
    const tick = el('span', { class: 'tick' });
    const threshold = m.thresholds[i];
    if (threshold !== undefined) tick.style.left = `${(threshold * 100).toFixed(1)}%`;
    else tick.hidden = true;
    const terms = el('span', { class: 'topic-terms' });
    const row = el('li', { class: 'topic' },
      el('label', { class: 'topic-label', htmlFor: input.id },
        input,
        el('span', { class: 'topic-head' }, el('span', { class: 'topic-name', text: label }), badge, pctEl),
        el('span', { class: 'bar', 'aria-hidden': 'true' }, fill, tick),
        terms));
    input.addEventListener('change', () => {
      if (!input.checked) return;
      state.selected = label;
      schedule(0);
    });
    state.rows.set(label, { label, row, input, pct: pctEl, badge, fill, tick, terms });
    list.append(row);
  });
  $('topics').disabled = false;
  $('topics-key').hidden = !m.thresholds.length;
}

function showModel(m) {
  state.model = m;
  if (state.selected && !m.labels.includes(state.selected)) state.selected = null;
  $('model-name').textContent = m.name || '(no name)';
  $('model-file').textContent = m.isDefault ? `${m.file} (default)` : m.file;
  $('model-labels').replaceChildren(...m.labels.map((l) => el('span', { class: 'label-chip', text: l })));
  $('model-size').textContent = `${bytes(m.bytes)} · ${m.numFeatures.toLocaleString('en')} features, ` +
                                `${m.numWeights.toLocaleString('en')} weights`;
  $('model-time').textContent = m.isDefault
    ? `${ms(m.fetchMs + m.loadMs)} (download ${ms(m.fetchMs)}, checking and loading ${ms(m.loadMs)})`
    : `${ms(m.loadMs)} (checking and loading)`;
  $('use-default').hidden = m.isDefault || state.defaultModel === false;
  buildTopicRows(m);
}

function showModelError(text) {
  const e = $('model-error');
  e.textContent = text;
  e.hidden = false;
}

async function loadModel(request, what) {
  state.loading = true;
  $('model-error').hidden = true;
  $('dropzone').setAttribute('aria-busy', 'true');
  $('pick-model').disabled = true;
  if (!state.model) setStatus(`Loading ${what}…`, 'busy');
  try {
    const m = await call(request).promise;
    if (request.type === 'load-default') state.defaultModel = true;
    showModel(m);
    return true;
  } catch (e) {
    if (request.type === 'load-default') state.defaultModel = false;
    const keep = state.model ? ` The page keeps using ${modelTitle(state.model)}.` : '';
    showModelError(`Could not load ${what}: ${e.message}.${keep}`);
    if (!state.model && !state.broken) {
      setStatus(request.type === 'load-default' && e.code === 'not found'
        ? 'The default model is not built yet (wasm/dist/news-topics.json). Load a model file in the ' +
          'Model panel to start.'
        : 'No model loaded: load a model file in the Model panel to start.', 'error');
    }
    return false;
  } finally {
    state.loading = false;
    $('dropzone').removeAttribute('aria-busy');
    $('pick-model').disabled = false;
    schedule(0);
  }
}

function loadModelFile(file) {
  if (!file) return;
  if (file.size > MAX_MODEL_BYTES) {
    const keep = state.model ? ` The page keeps using ${modelTitle(state.model)}.` : '';
    showModelError(`“${file.name}” is ${bytes(file.size)}; this page loads models up to ${bytes(MAX_MODEL_BYTES)}.${keep}`);
    return;
  }
  loadModel({ type: 'load', file }, `“${file.name}”`);
}

function setupModelInput() {
  const input = $('model-input');
  $('pick-model').addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const file = input.files[0];
    input.value = '';  // picking the same file again fires 'change' again
    loadModelFile(file);
  });
  $('use-default').addEventListener('click', () => loadModel({ type: 'load-default' }, 'the default model'));

  // Drag and drop: a model file dropped on the Model panel, or a .json file dropped anywhere,
  // is loaded as a model; a text file dropped elsewhere becomes the article.
  const zone = $('dropzone');
  const hasFiles = (e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  let depth = 0;
  zone.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; zone.classList.add('dragging'); } });
  zone.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; zone.classList.remove('dragging'); } });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();  // never navigate to the dropped file
    depth = 0;
    zone.classList.remove('dragging');
    const file = e.dataTransfer.files[0];
    if (!file) return;
    if (zone.contains(e.target) || /\.json$/i.test(file.name) || file.type === 'application/json') {
      loadModelFile(file);
    } else if (file.size <= 8 * 1024 * 1024) {
      setArticle(await file.text());
    }
  });
}

// ---------------------------------------------------------------- start

function start() {
  buildSamples();
  renderEmpty();
  setStatus('Loading the classifier…', 'busy');
  const area = $('article');
  area.addEventListener('input', () => schedule());
  $('clear').addEventListener('click', () => { setArticle(''); area.focus(); });
  setupModelInput();
  startWorker();
  loadModel({ type: 'load-default' }, 'the default model');
  // Start with the first sample, unless the user has typed something already.
  fetchSample(SAMPLES[0].file).then((text) => {
    if (!area.value) setArticle(text.trim());
  }, () => {});
}

start();
