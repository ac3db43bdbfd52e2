// The wasm package in headless Chromium: main thread and module Web Worker, with a strict
// Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval': no eval, no new Function).
// The page (tests/wasm/browser/) POSTs its results to this test's server (and shows them in the
// DOM, which `chromium --dump-dom` prints); they must equal what Node computes with the same
// package and model.
// No npm packages: a node:http server and the chromium binary (CHROMIUM=/path to override).
// Skipped, with a message, when no Chromium is installed.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { DIST, PARITY_CORPUS, existsSync, importTopica, path, tempDir, trainModel } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser',
                                          '/usr/bin/google-chrome'].find((p) => existsSync(p));
const PAGE_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'browser');
const MIME = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript', '.js': 'text/javascript',
               '.wasm': 'application/wasm', '.json': 'application/json' };
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:";
const TEXTS = ['The prime minister called an early election.', 'Le Président a nommé un gouvernement',
               'Футбольный клуб выиграл чемпионат', '科学家利用望远镜发现了一颗新的系外行星。',
               '⚽🏆 What a goal! 🎉', ''];

let dir, model;
before(() => {
  dir = tempDir('topica-browser-');
  model = trainModel(dir, 'browser', PARITY_CORPUS, ['--char-ngrams', '2', '4', '--min-df', '1']);
});

// Serves the page, the package (/topica/*) and the model; /result receives the page's results,
// and /hold is answered only after that, which holds the page's load event until then.
function serve() {
  let gotResult;
  const result = new Promise((resolve) => { gotResult = resolve; });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/result') {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => { gotResult(JSON.parse(body)); res.writeHead(204).end(); });
      return;
    }
    if (url.pathname === '/hold') {
      const timer = setTimeout(() => res.writeHead(204).end(), 90000);
      result.then(() => { clearTimeout(timer); res.writeHead(204).end(); });
      return;
    }
    let file;
    if (url.pathname === '/model.json') file = model;
    else if (url.pathname.startsWith('/topica/')) file = path.join(DIST, path.basename(url.pathname));
    else file = path.join(PAGE_DIR, path.basename(url.pathname) || 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
                           'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404, { 'Content-Security-Policy': CSP }).end('not found');
    }
  });
  server.result = result;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function dumpDom(url) {
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync',
                '--disable-extensions', `--user-data-dir=${path.join(dir, 'profile')}`,
                '--dump-dom', url];
  return new Promise((resolve, reject) => {
    const p = spawn(CHROMIUM, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`chromium timed out\n${err}`)); }, 120000);
    p.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`chromium exited ${code}\n${err}`));
      else resolve(out);
    });
  });
}

const unescapeHtml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

test('main thread and module Web Worker in headless Chromium, under a strict CSP', { timeout: 180000 }, async (t) => {
  if (!CHROMIUM) {
    t.skip('no Chromium found (/usr/bin/chromium); set CHROMIUM=/path/to/chrome to run this test');
    return;
  }
  const server = await serve();
  let dom, out;
  try {
    const url = `http://127.0.0.1:${server.address().port}/index.html?texts=${encodeURIComponent(JSON.stringify(TEXTS))}`;
    dom = await dumpDom(url);
    out = await Promise.race([server.result, new Promise((resolve) => setTimeout(() => resolve(null), 1000))]);
  } finally {
    server.close();
  }
  const status = unescapeHtml(/<p id="status">([\s\S]*?)<\/p>/.exec(dom)?.[1] ?? '(no status)');
  assert.equal(status, 'done', `page status: ${status}`);
  assert.ok(out, 'the page posted its results');
  assert.equal(unescapeHtml(/<pre id="result">([\s\S]*?)<\/pre>/.exec(dom)[1]), JSON.stringify(out));

  const { Topica } = await importTopica();
  const m = await Topica.load(model);
  const expected = TEXTS.map((x) => m.classify(x));
  assert.deepEqual(out.labels, m.labels);
  assert.deepEqual(out.classify, expected, 'main thread == Node');
  assert.deepEqual(out.batch, expected);
  const plain = (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v) : v]));
  const many = m.classifyMany(TEXTS, { scores: true, raw: true });
  assert.deepEqual(out.many, plain(many), 'classifyMany: main thread == Node');
  assert.deepEqual(out.manyLines, plain(m.classifyMany(new TextEncoder().encode(TEXTS.join('\n')), { scores: true })));
  assert.deepEqual(out.worker, { classify: expected, manyLabelIds: Array.from(many.labelIds),
                                 manyScores: Array.from(many.scores) }, 'Web Worker == Node');
  assert.deepEqual(out.explain, TEXTS.map((x) => m.explain(x, { label: m.labels[0], top: 0 })));
  m.dispose();
  assert.equal(out.sameEverywhere, true, 'URL string, URL, ArrayBuffer and JSON text give the same model');
  assert.equal(out.disposedError, 'this topica model has been disposed');
  assert.match(out.versionError, /^model\.format_version: the model is format version 99/);
  assert.equal(out.missingError, 'not found');
  if (existsSync(path.join(DIST, 'news-topics.json'))) assert.ok(out.defaultModel.labels?.length > 0);
  else assert.deepEqual(out.defaultModel, { error: 'not found' });
  assert.deepEqual(out.errors, []);
  t.diagnostic(`${out.environment.userAgent}: ${TEXTS.length} texts, main thread and worker identical to Node`);
});
