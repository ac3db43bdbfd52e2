// topica's JavaScript API: an ES module for browsers (main thread and module Web Workers) and
// Node >= 18.
//
//   import { Topica } from 'topica';
//   const model = await Topica.load('/models/news-topics.json');  // URL, bytes or JSON text
//   model.classify('UN Security Council extends arms embargo');
//   // -> {labels: ['sanctions'], scores: {sanctions: 0.91, ...}, raw: {sanctions: 1.2, ...}}
//   model.dispose();
//
// Build note: this file is not imported on its own. The wasm build appends it to the
// Emscripten glue (--extern-post-js, see CMakeLists.txt), which defines createTopicaModule(),
// and ships the result as dist/topica.mjs: one JS file next to topica.wasm. The glue is built
// for web and worker only; under Node this file hands it the .wasm bytes itself
// (Module.instantiateWasm), so no fetch of a file:// URL and no CommonJS globals are needed.
// @TOPICA_DEFAULT_MODEL_NAME@ and @PROJECT_VERSION@ are filled in by CMake's configure_file.
//
// Offsets: the C++ library reports byte offsets into the UTF-8 text. Every offset this API
// returns (explain().tokens, tokenize()) is converted to UTF-16 code units, so
// text.slice(start, end) is the token, as a browser needs for highlighting.

/* global createTopicaModule */

const DEFAULT_MODEL_FILE = '@TOPICA_DEFAULT_MODEL_NAME@';
const PACKAGE_VERSION = '@PROJECT_VERSION@';

const IS_NODE = typeof process === 'object' && process !== null &&
                typeof process.versions === 'object' && process.versions !== null &&
                typeof process.versions.node === 'string';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A failure reported by topica: `message` is the native library's message, `code` its status. */
export class TopicaError extends Error {
  constructor(message, code = 'internal', options = undefined) {
    super(message, options);
    this.name = 'TopicaError';
    this.code = code;  // 'data loss', 'unimplemented', 'not found', 'failed precondition', ...
  }
}

// ---- the WebAssembly instance ---------------------------------------------------------------
// One instance per JS realm, shared by all models and created on the first load. If it ever
// aborts (a trap, or running out of memory), it is dropped: models on it then throw, and the
// next Topica.load() starts a fresh one.

let wasmSource = null;        // set by Topica.init({wasm}); default: topica.wasm next to this file
let compiledPromise = null;   // Promise<WebAssembly.Module>
let instancePromise = null;   // Promise<Instance>

function wasmUrl() {
  return new URL('./topica.wasm', import.meta.url);
}

async function compileWasm() {
  const src = wasmSource ?? wasmUrl();
  if (src instanceof WebAssembly.Module) return src;
  if (src instanceof ArrayBuffer || ArrayBuffer.isView(src)) return WebAssembly.compile(src);
  let url = src;
  if (IS_NODE) {
    url = src instanceof URL ? src : await nodeUrl(String(src));
    if (url.protocol === 'file:') return WebAssembly.compile(await readFileUrl(url));
  }
  const response = await fetchOk(url, 'the WebAssembly module');
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(response.clone());
    } catch (e) {
      // Served with a MIME type other than application/wasm: compile from the bytes instead.
      if (!(e instanceof TypeError)) throw e;
    }
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function createInstance() {
  compiledPromise ??= compileWasm().catch((e) => {
    compiledPromise = null;
    throw e;
  });
  const compiled = await compiledPromise;
  const instance = { module: null, aborted: null };
  let failLoad;
  const failed = new Promise((_, reject) => { failLoad = reject; });
  const ready = createTopicaModule({
    instantiateWasm(imports, receiveInstance) {
      WebAssembly.instantiate(compiled, imports).then((i) => receiveInstance(i, compiled), failLoad);
      return {};  // asynchronous instantiation
    },
    onAbort(what) {
      markAborted(instance, what);
      failLoad(new TopicaError(`topica's WebAssembly instance aborted: ${what}`, 'internal'));
    },
  });
  instance.module = await Promise.race([ready, failed]);
  return instance;
}

function getInstance() {
  instancePromise ??= createInstance().catch((e) => {
    instancePromise = null;
    throw e;
  });
  return instancePromise;
}

function markAborted(instance, what) {
  instance.aborted ??= String(what ?? 'abort');
  // Forget it, so the next load gets a fresh instance (if it is still the cached one).
  const current = instancePromise;
  current?.then((i) => { if (i === instance && instancePromise === current) instancePromise = null; },
                () => {});
}

// ---- reading model bytes --------------------------------------------------------------------

async function readFileUrl(u) {
  const { readFile } = await import('node:fs/promises');
  try {
    return new Uint8Array(await readFile(u instanceof URL ? u : new URL(u)));
  } catch (e) {
    const where = u instanceof URL ? decodeURIComponent(u.pathname) : u;
    throw new TopicaError(`${where}: cannot open: ${e.message}`,
                          e.code === 'ENOENT' ? 'not found' : 'i/o error', { cause: e });
  }
}

async function fetchOk(url, what) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new TopicaError(`${url}: fetching ${what} failed: ${e.message}`, 'i/o error', { cause: e });
  }
  if (!response.ok) {
    throw new TopicaError(`${url}: fetching ${what} failed: HTTP ${response.status} ${response.statusText}`,
                          response.status === 404 ? 'not found' : 'i/o error');
  }
  return response;
}

// In Node a string that is not an absolute URL is a file path (relative to the working directory).
async function nodeUrl(s) {
  if (/^[a-z][a-z0-9+.-]+:/i.test(s)) return new URL(s);  // (two letters at least: not C:\)
  const { pathToFileURL } = await import('node:url');
  return pathToFileURL(s);
}

async function readUrl(url) {
  if (IS_NODE) {
    const u = url instanceof URL ? url : await nodeUrl(url);
    if (u.protocol === 'file:') return readFileUrl(u);
    url = u;
  }
  return new Uint8Array(await (await fetchOk(url, 'the model')).arrayBuffer());
}

async function readDefaultModel() {
  const url = new URL(`./${DEFAULT_MODEL_FILE}`, import.meta.url);
  try {
    return await readUrl(url);
  } catch (e) {
    if (!(e instanceof TopicaError) || e.code !== 'not found') throw e;
    throw new TopicaError(
        `no default model: ${DEFAULT_MODEL_FILE} is not bundled with this build of topica ` +
        `(looked for ${url.href}); pass Topica.load() a model URL, bytes or JSON text`,
        'not found', { cause: e });
  }
}

// -> {bytes: Uint8Array, name: string|null}; name prefixes native messages, as FromFile does.
async function readSource(source) {
  if (source === undefined || source === null) {
    return { bytes: await readDefaultModel(), name: DEFAULT_MODEL_FILE };
  }
  if (typeof source === 'string') {
    if (/^\s*[[{]/.test(source)) return { bytes: encoder.encode(source), name: null };  // JSON text
    return { bytes: await readUrl(source), name: source };
  }
  if (source instanceof URL) return { bytes: await readUrl(source), name: source.href };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: null };
  if (ArrayBuffer.isView(source)) {
    return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength), name: null };
  }
  if (typeof Response === 'function' && source instanceof Response && !source.ok) {
    throw new TopicaError(`${source.url || 'Response'}: HTTP ${source.status} ${source.statusText}`,
                          source.status === 404 ? 'not found' : 'i/o error');
  }
  if (typeof source === 'object' && typeof source.arrayBuffer === 'function') {  // Blob, Response
    return { bytes: new Uint8Array(await source.arrayBuffer()), name: null };
  }
  throw new TypeError('Topica.load: expected a URL, a string (URL or model JSON), an ArrayBuffer, ' +
                      `a typed array, a Blob or a Response, got ${describe(source)}`);
}

function describe(v) {
  if (v === null) return 'null';
  if (typeof v !== 'object') return typeof v;
  return v.constructor?.name ?? 'object';
}

// ---- UTF-8 byte offsets -> UTF-16 code-unit offsets -----------------------------------------

// offsets: byte offsets into `bytes` (valid UTF-8, from TextEncoder) at code-point boundaries.
function toUtf16Offsets(bytes, offsets) {
  const out = new Uint32Array(offsets.length);
  let b = 0, u = 0;
  for (let i = 0; i < offsets.length; i++) {
    const target = offsets[i];
    if (target < b) return toUtf16OffsetsByTable(bytes, offsets);  // not in text order
    while (b < target) {
      const c = bytes[b];
      if (c < 0x80) { b += 1; u += 1; }
      else if (c < 0xe0) { b += 2; u += 1; }
      else if (c < 0xf0) { b += 3; u += 1; }
      else { b += 4; u += 2; }  // a 4-byte sequence is a surrogate pair in UTF-16
    }
    out[i] = u;
  }
  return out;
}

function toUtf16OffsetsByTable(bytes, offsets) {
  const table = new Uint32Array(bytes.length + 1);  // byte offset -> UTF-16 offset
  let u = 0;
  for (let b = 0; b < bytes.length;) {
    const c = bytes[b];
    const n = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
    for (let k = 0; k < n && b + k < bytes.length; k++) table[b + k] = u;
    b += n;
    u += n === 4 ? 2 : 1;
  }
  table[bytes.length] = u;
  return offsets.map((o) => table[Math.min(o, bytes.length)]);
}

// Strings sent as one UTF-8 column + end offsets -> string[].
function splitColumn(bytes, ends) {
  const whole = decoder.decode(bytes);
  const utf16Ends = toUtf16Offsets(bytes, ends);
  const out = new Array(ends.length);
  for (let i = 0, start = 0; i < ends.length; i++) {
    out[i] = whole.slice(start, utf16Ends[i]);
    start = utf16Ends[i];
  }
  return out;
}

// ---- models ---------------------------------------------------------------------------------

const constructing = Symbol('topica.constructing');
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ instance, native }) => {
    if (!instance.aborted) native.delete();  // a model garbage-collected without dispose()
  })
  : null;

function checkText(text, where) {
  if (typeof text !== 'string') {
    throw new TypeError(`${where}: text must be a string, got ${describe(text)}`);
  }
}

// Batches (classifyMany) go to the WebAssembly module in chunks: at most this many bytes of
// UTF-8 (more only for a single larger document) and this many documents per call. One call
// per chunk, and buffers in wasm memory that stay small whatever the size of the batch. With
// scores, a chunk also holds at most about SCORES_PER_CHUNK of them (documents x labels).
const CHUNK_BYTES = 1 << 20;
const CHUNK_DOCS = 1 << 16;
const SCORES_PER_CHUNK = 1 << 20;

// Collects classifyChunk()'s results (views of wasm memory, valid until the next call) into
// JS-owned typed arrays that grow as needed.
class BatchBuilder {
  constructor(docs, numLabels, want) {
    this.count = 0;
    this.idCount = 0;
    this.numLabels = numLabels;
    this.offsets = new Int32Array(docs + 1);
    this.ids = new Int32Array(Math.max(docs, 16));
    this.probs = want & 1 ? new Float32Array(docs * numLabels) : null;
    this.raw = want & 2 ? new Float32Array(docs * numLabels) : null;
  }

  add(chunk) {
    const docs = chunk.docs, end = this.count + docs, L = this.numLabels;
    this.offsets = fit(this.offsets, end + 1);
    this.offsets.set(chunk.offsets, this.count);  // chunk.offsets[0] === this.idCount
    this.ids = fit(this.ids, this.idCount + chunk.ids.length);
    this.ids.set(chunk.ids, this.idCount);
    this.idCount += chunk.ids.length;
    if (this.probs) (this.probs = fit(this.probs, end * L)).set(chunk.probs, this.count * L);
    if (this.raw) (this.raw = fit(this.raw, end * L)).set(chunk.raw, this.count * L);
    this.count = end;
  }

  result(labels) {
    const L = this.numLabels;
    const out = {
      count: this.count,
      labels,
      offsets: exact(this.offsets, this.count + 1),
      labelIds: exact(this.ids, this.idCount),
    };
    if (this.probs) out.scores = exact(this.probs, this.count * L);
    if (this.raw) out.raw = exact(this.raw, this.count * L);
    return out;
  }
}

// `a`, or a copy at least twice as long if it is shorter than n.
function fit(a, n) {
  if (a.length >= n) return a;
  const b = new a.constructor(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}

const exact = (a, n) => (a.length === n ? a : a.slice(0, n));

function setKey(obj, key, value) {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A loaded topica model. Create with `await Topica.load(source)`; free with `dispose()`. */
export class Topica {
  #native;     // embind Classifier, null once disposed
  #instance;   // the WebAssembly instance it lives in
  #labels;

  /** The version of this topica package and of the library compiled into topica.wasm. */
  static get version() { return PACKAGE_VERSION; }

  /**
   * Loads and validates a model (its embedded self-test included).
   * source: a URL (string or URL object; in Node also a file path), model JSON text (a string
   * starting with '{'), an ArrayBuffer / typed array of the model file, a Blob or a Response.
   * Without a source: the default model bundled with the package.
   */
  static async load(source) {
    const { bytes, name } = await readSource(source);
    const instance = await getInstance();
    const result = callNative(instance, () => instance.module.loadModel(bytes, bytes.length));
    if (!result.ok) {
      throw new TopicaError(name ? `${name}: ${result.message}` : result.message, result.code);
    }
    return new Topica(constructing, instance, result.value);
  }

  /**
   * Where topica.wasm comes from, for bundlers and CDNs: a URL, its bytes, or a compiled
   * WebAssembly.Module. Call before the first load (models already loaded are not affected).
   */
  static init({ wasm } = {}) {
    wasmSource = wasm ?? null;
    compiledPromise = null;
    instancePromise = null;
  }

  constructor(token, instance, native) {
    if (token !== constructing) throw new TypeError('use `await Topica.load(source)` to create a model');
    this.#instance = instance;
    this.#native = native;
    this.#labels = Object.freeze(this.#call(() => native.labels()));
    registry?.register(this, { instance, native }, this);
  }

  /** The model's labels, in model order (a copy). */
  get labels() {
    this.#checkNotDisposed();
    return [...this.#labels];
  }

  /** What the model is: name, producer, task, labels, thresholds, feature settings, training summary. */
  get info() {
    const i = this.#call(() => this.#native.info());
    return {
      name: i.name,
      producer: i.producer,
      formatVersion: i.formatVersion,
      task: i.task,
      labels: i.labels,
      thresholds: Array.from(i.thresholds),
      numFeatures: i.numFeatures,
      numWeights: i.numWeights,
      settings: JSON.parse(i.settingsJson),
      training: JSON.parse(i.trainingJson),
      library: this.#call(() => this.#instance.module.version()),
    };
  }

  /** True after dispose(). */
  get disposed() { return this.#native === null; }

  /**
   * Classifies one text: {labels, scores, raw}, as the CLI's `topica classify --raw` prints it.
   * labels: the predicted labels (model order); scores: calibrated probability per label;
   * raw: raw linear score per label.
   */
  classify(text) {
    checkText(text, 'classify');
    const bytes = encoder.encode(text);
    const a = this.#call(() => this.#native.classify(bytes, bytes.length));
    const labels = this.#labels, n = labels.length;
    const predicted = [], scores = {}, raw = {};
    for (let i = 0; i < n; i++) {
      setKey(scores, labels[i], a[i]);
      setKey(raw, labels[i], a[n + i]);
      if (a[2 * n + i] !== 0) predicted.push(labels[i]);
    }
    return { labels: predicted, scores, raw };
  }

  /**
   * classify() for each text of an iterable: an array of results, in order. For many texts,
   * classifyMany() is faster: it builds no object per text.
   */
  classifyBatch(texts) {
    if (texts === null || typeof texts !== 'object' || typeof texts[Symbol.iterator] !== 'function') {
      throw new TypeError(`classifyBatch: expected an array (or iterable) of strings, got ${describe(texts)}`);
    }
    const list = Array.isArray(texts) ? texts : Array.from(texts);
    const r = this.#classifyTexts(list, 3, 'classifyBatch');
    const labels = this.#labels, n = labels.length;
    const out = new Array(r.count);
    for (let d = 0; d < r.count; d++) {
      const predicted = [], scores = {}, raw = {};
      for (let i = 0; i < n; i++) {
        setKey(scores, labels[i], r.scores[d * n + i]);
        setKey(raw, labels[i], r.raw[d * n + i]);
      }
      for (let j = r.offsets[d]; j < r.offsets[d + 1]; j++) predicted.push(labels[r.labelIds[j]]);
      out[d] = { labels: predicted, scores, raw };
    }
    return out;
  }

  /**
   * Classifies many documents in one go, with the same results as classify() but no object per
   * document: the predicted labels come back as label ids in typed arrays.
   * input: an array (or iterable) of strings, one document each; or the UTF-8 bytes of text
   * with one document per line (Uint8Array, Buffer, ArrayBuffer), read as
   * `topica classify --input-format lines` reads a file ('\n' ends a line, a trailing '\r' is
   * dropped, a last line without '\n' counts unless empty; a leading byte order mark is
   * skipped; bytes that are not UTF-8 throw a TopicaError naming the line).
   * options.scores / options.raw: also return every label's probability / raw score.
   * -> {count, labels, offsets, labelIds, scores?, raw?}: the labels of document d are
   * labelIds[offsets[d] .. offsets[d + 1]), ids into `labels` (the model's labels), in model
   * order; scores and raw are count x labels.length, row by row.
   */
  classifyMany(input, options = undefined) {
    const where = 'classifyMany';
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw new TypeError(`${where}: options must be an object, got ${describe(options)}`);
    }
    const { scores = false, raw = false } = options ?? {};
    for (const [k, v] of [['scores', scores], ['raw', raw]]) {
      if (typeof v !== 'boolean') throw new TypeError(`${where}: options.${k} must be a boolean, got ${describe(v)}`);
    }
    const want = (scores ? 1 : 0) | (raw ? 2 : 0);
    if (input instanceof ArrayBuffer) return this.#classifyLines(new Uint8Array(input), want);
    if (ArrayBuffer.isView(input)) {
      return this.#classifyLines(new Uint8Array(input.buffer, input.byteOffset, input.byteLength), want);
    }
    if (Array.isArray(input)) return this.#classifyTexts(input, want, where);
    if (input !== null && typeof input === 'object' && typeof input[Symbol.iterator] === 'function') {
      return this.#classifyTexts(Array.from(input), want, where);
    }
    throw new TypeError(`${where}: expected an array (or iterable) of strings, or the UTF-8 bytes of ` +
                        `lines (a Uint8Array or ArrayBuffer), got ${describe(input)}`);
  }

  // Strings: each chunk's texts are encoded straight into wasm memory, their end offsets next to it.
  #classifyTexts(texts, want, where) {
    this.#checkNotDisposed();
    const n = texts.length;
    const out = new BatchBuilder(n, this.#labels.length, want);
    const module = this.#instance.module, native = this.#native;
    const maxDocs = want ? Math.max(256, Math.floor(SCORES_PER_CHUNK / this.#labels.length)) : CHUNK_DOCS;
    const ends = new Uint32Array(Math.min(n, CHUNK_DOCS, maxDocs));
    let view = null, pos = 0, docs = 0;
    const flush = () => {
      const r = this.#call(() => native.classifyChunk(pos, ends.subarray(0, docs), 0, out.idCount, want));
      if (!r.ok) throw new TopicaError(r.message, r.code);
      out.add(r.value);
      view = null;  // classifyChunk may have grown the memory: views are stale
      pos = 0;
      docs = 0;
    };
    for (let i = 0; i < n; i++) {
      const text = texts[i];
      if (typeof text !== 'string') {
        throw new TypeError(`${where}: texts[${i}] must be a string, got ${describe(text)}`);
      }
      if (docs === ends.length) flush();
      view ??= this.#call(() => module.batchInput(Math.max(CHUNK_BYTES, 3 * text.length)));
      let r = encoder.encodeInto(text, pos === 0 ? view : view.subarray(pos));
      if (r.read < text.length) {  // the chunk is full: send it, then start the next with this text
        flush();
        view = this.#call(() => module.batchInput(Math.max(CHUNK_BYTES, 3 * text.length)));
        r = encoder.encodeInto(text, view);
      }
      pos += r.written;
      ends[docs++] = pos;
    }
    if (docs > 0) flush();
    return out.result([...this.#labels]);
  }

  // UTF-8 lines: copied into wasm memory a chunk of whole lines at a time and split there.
  #classifyLines(bytes, want) {
    this.#checkNotDisposed();
    const out = new BatchBuilder(0, this.#labels.length, want);
    const module = this.#instance.module, native = this.#native;
    // A line is at least one byte: fewer bytes per chunk bound the documents (and scores) in it.
    const chunkBytes = want
      ? Math.max(1 << 14, Math.min(CHUNK_BYTES, Math.floor(SCORES_PER_CHUNK / this.#labels.length)))
      : CHUNK_BYTES;
    let line = 1;
    for (let pos = 0; pos < bytes.length;) {
      let end = bytes.length;
      if (end - pos > chunkBytes) {  // cut after the chunk's last '\n', or after a longer line
        const nl = bytes.lastIndexOf(10, pos + chunkBytes - 1);
        const next = nl >= pos ? nl : bytes.indexOf(10, pos + chunkBytes);
        if (next >= 0) end = next + 1;
      }
      const r = this.#call(() => {
        module.batchInput(end - pos).set(bytes.subarray(pos, end));
        return native.classifyChunk(end - pos, null, line, out.idCount, want);
      });
      if (!r.ok) throw new TopicaError(r.message, r.code);
      out.add(r.value);
      line += r.value.docs;
      pos = end;
    }
    return out.result([...this.#labels]);
  }

  /**
   * Why a label got its score: raw === bias + the sum of all terms' contributions.
   * options.label: default the predicted label with the highest probability (or, if none is
   * predicted, the label with the highest probability). options.top: terms to return, largest
   * |contribution| first; 0 = all; default: the library's default (10).
   * tokens: every token of the text with its share of the score; start/end are UTF-16 offsets.
   */
  explain(text, { label, top } = {}) {
    checkText(text, 'explain');
    if (top !== undefined && !(Number.isInteger(top) && top >= 0 && top <= 0x7fffffff)) {
      throw new RangeError(`explain: top must be an integer >= 0 (0: all terms), got ${top}`);
    }
    if (label === undefined) label = this.#defaultLabel(text);
    if (typeof label !== 'string') throw new TypeError(`explain: label must be a string, got ${describe(label)}`);
    const bytes = encoder.encode(text);
    const r = this.#call(() => (top === undefined
      ? this.#native.explain(bytes, bytes.length, label)
      : this.#native.explainTop(bytes, bytes.length, label, top)));
    if (!r.ok) throw new TopicaError(r.message, r.code);
    const e = r.value;
    const names = splitColumn(e.termBytes, e.termEnds);
    const num = e.termNumbers;
    const terms = names.map((term, i) => ({
      term, value: num[3 * i], weight: num[3 * i + 1], contribution: num[3 * i + 2],
    }));
    const offsets = toUtf16Offsets(bytes, e.tokenOffsets);
    const c = e.tokenContributions;
    const tokens = new Array(c.length);
    for (let i = 0; i < c.length; i++) {
      tokens[i] = { start: offsets[2 * i], end: offsets[2 * i + 1], contribution: c[i] };
    }
    return {
      label: e.label, predicted: e.predicted, probability: e.probability, raw: e.raw, bias: e.bias,
      totalTerms: e.totalTerms, terms, tokens,
    };
  }

  /** The tokens the model extracts: {text (normalised), start, end} with UTF-16 offsets. */
  tokenize(text) {
    checkText(text, 'tokenize');
    const bytes = encoder.encode(text);
    const t = this.#call(() => this.#native.tokenize(bytes, bytes.length));
    const texts = splitColumn(t.bytes, t.ends);
    const offsets = toUtf16Offsets(bytes, t.offsets);
    return texts.map((s, i) => ({ text: s, start: offsets[2 * i], end: offsets[2 * i + 1] }));
  }

  /** Frees the model's WebAssembly memory. Idempotent; any later call throws a TopicaError. */
  dispose() {
    if (this.#native === null) return;
    registry?.unregister(this);
    if (!this.#instance.aborted) this.#native.delete();
    this.#native = null;
  }

  #defaultLabel(text) {
    const { labels, scores } = this.classify(text);
    const candidates = labels.length > 0 ? labels : this.#labels;
    let best = candidates[0];
    for (const l of candidates) if (scores[l] > scores[best]) best = l;
    return best;
  }

  #checkNotDisposed() {
    if (this.#native === null) {
      throw new TopicaError('this topica model has been disposed', 'failed precondition');
    }
  }

  #call(fn) {
    this.#checkNotDisposed();
    return callNative(this.#instance, fn);
  }
}

if (typeof Symbol.dispose === 'symbol') {
  Topica.prototype[Symbol.dispose] = Topica.prototype.dispose;  // `using model = await Topica.load()`
}

function callNative(instance, fn) {
  if (instance.aborted) {
    throw new TopicaError(`topica's WebAssembly instance aborted earlier (${instance.aborted}); ` +
                          'load the model again', 'internal');
  }
  try {
    return fn();
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError || instance.aborted) {
      markAborted(instance, e.message);
      throw new TopicaError(`topica's WebAssembly instance aborted: ${e.message}`, 'internal', { cause: e });
    }
    throw e;
  }
}

export default Topica;
