// Runs in the browser's main thread: loads models every way a page would, classifies and
// explains, runs the same in a module Web Worker, and writes everything as JSON into #result.
import { Topica, TopicaError } from '/topica/topica.mjs';

const status = document.getElementById('status');
const errors = [];
addEventListener('error', (e) => errors.push(`error: ${e.message}`));
addEventListener('unhandledrejection', (e) => errors.push(`unhandled rejection: ${e.reason}`));
document.addEventListener('securitypolicyviolation',
                          (e) => errors.push(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));

const params = new URLSearchParams(location.search);
const texts = JSON.parse(params.get('texts'));

function inWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => { worker.terminate(); resolve(data); };
    worker.onerror = (e) => reject(new Error(`worker: ${e.message}`));
    worker.postMessage({ model: '/model.json', texts });
  });
}

// classifyMany's typed arrays as plain arrays, for JSON.
const plainMany = (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v) : v]));

let out;
try {
  out = { environment: { userAgent: navigator.userAgent } };
  const byUrl = await Topica.load('/model.json');                       // relative URL string
  out.labels = byUrl.labels;
  out.classify = texts.map((t) => byUrl.classify(t));
  out.batch = byUrl.classifyBatch(texts);
  out.many = plainMany(byUrl.classifyMany(texts, { scores: true, raw: true }));
  out.manyLines = plainMany(byUrl.classifyMany(new TextEncoder().encode(texts.join('\n')), { scores: true }));
  out.explain = texts.map((t) => byUrl.explain(t, { label: out.labels[0], top: 0 }));
  const bytes = await (await fetch('/model.json')).arrayBuffer();
  const byBytes = await Topica.load(bytes);                              // ArrayBuffer
  const byText = await Topica.load(new TextDecoder().decode(bytes));     // JSON text
  const byUrlObject = await Topica.load(new URL('/model.json', location.href));
  out.sameEverywhere = [byBytes, byText, byUrlObject].every(
      (m) => JSON.stringify(texts.map((t) => m.classify(t))) === JSON.stringify(out.classify));
  for (const m of [byUrl, byBytes, byText, byUrlObject]) m.dispose();
  try {
    byUrl.classify('x');
  } catch (e) {
    out.disposedError = e instanceof TopicaError ? e.message : `wrong error: ${e}`;
  }
  try {
    await Topica.load('{"format":"topica-model","format_version":99}');
  } catch (e) {
    out.versionError = e instanceof TopicaError ? e.message : `wrong error: ${e}`;
  }
  try {
    await Topica.load('/missing-model.json');
  } catch (e) {
    out.missingError = e instanceof TopicaError ? e.code : `wrong error: ${e}`;
  }
  try {
    const m = await Topica.load();                                       // the bundled default model
    out.defaultModel = { labels: m.labels };
    m.dispose();
  } catch (e) {
    out.defaultModel = { error: e instanceof TopicaError ? e.code : `wrong error: ${e}` };
  }
  out.worker = await inWorker();
  out.errors = errors;
  document.getElementById('result').textContent = JSON.stringify(out);
  status.textContent = 'done';
} catch (e) {
  status.textContent = `failed: ${e && e.stack || e}`;
  out = { failed: status.textContent, errors };
}
await fetch('/result', { method: 'POST', body: JSON.stringify(out) });
