// End-to-end test of the browser demo (web-demo/) in a real browser: playwright-core drives
// Debian's /usr/bin/chromium headless (no browser download; CHROMIUM=/path to override).
// The page is served from the repository root by web-demo/serve.mjs, as `make demo` does, under
// the page's own Content-Security-Policy (a <meta> tag: the server adds nothing).
//
// It loads the page, types a news article, checks the predicted labels (against the native CLI
// on the same text and model) and the highlights, tries to inject HTML through the article,
// uses the keyboard, loads a broken model file (readable error, the old model keeps working),
// loads good ones (file picker and drag-and-drop), checks the phone layout, and saves
// screenshots into $TOPICA_TEST_OUTPUT (default build/test-output/web-demo/). It prints the
// page-ready time (navigation start -> WASM and model fetched -> first result shown) and the
// bytes transferred.
//
//   TOPICA_CLI         the native CLI (default build/bin/topica): expected labels, models
//   TOPICA_WASM_DIST   the wasm package folder (default wasm/dist)
// When the package has no default model yet (wasm/dist/news-topics.json is bundled only once
// models/news-topics.json exists), a stand-in trained from tests/fixtures/news_small.jsonl is
// served at its URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { serve } from '../../web-demo/serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fromRoot = (p) => path.resolve(ROOT, p);
const CLI = fromRoot(process.env.TOPICA_CLI ?? 'build/bin/topica');
const DIST = fromRoot(process.env.TOPICA_WASM_DIST ?? 'wasm/dist');
const OUT = fromRoot(process.env.TOPICA_TEST_OUTPUT ?? 'build/test-output/web-demo');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FIXTURES = path.join(ROOT, 'tests/fixtures');

// A news article the test types into the page: unmistakably about sanctions.
const ARTICLE = 'EU adds shipping firms to its sanctions list over oil embargo\n\n' +
  'The European Union imposed sanctions on twelve shipping companies on Monday, accusing them of ' +
  'moving oil in breach of the embargo. Their assets in Europe will be frozen and their ' +
  'tankers barred from EU ports, foreign ministers said after a meeting in Brussels.';
const INJECTION = '\n<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'topica-web-demo-'));
let server, context, page, baseUrl;
let defaultModel, standIn = false;
const problems = [];   // console errors, page errors, CSP violations, HTTP errors
const responses = [];  // every response of the run: {url, status, bytes, body}

function cli(args, input) {
  const r = spawnSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`topica ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
/** The native CLI's classification of `text` with `model`: {labels, scores}. */
const expected = (model, text) => JSON.parse(cli(['classify', '--model', model, '-'], text));

/** The page's topics: [{label, pct, predicted}], and the status line. */
async function topics() {
  return page.$$eval('#topic-list .topic', (rows) => rows.map((r) => ({
    label: r.querySelector('.topic-name').textContent,
    pct: r.querySelector('.topic-pct').textContent,
    predicted: r.classList.contains('predicted'),
    checked: r.querySelector('input').checked,
  })));
}
const predicted = async () => (await topics()).filter((t) => t.predicted).map((t) => t.label);

/** Waits until the page shows the result for the text currently in the textarea. */
async function settled() {
  await page.waitForFunction(() => {
    const text = document.getElementById('article').value;
    return text.trim() !== '' && document.getElementById('highlight').textContent === text &&
           document.getElementById('status').dataset.kind !== 'busy';
  }, null, { timeout: 15000 });
}

function pctOf(p) {  // the page's formatting (app.mjs pct)
  return p < 0.005 ? '<1%' : p > 0.995 && p < 1 ? '>99%' : `${Math.round(p * 100)}%`;
}

async function checkAgainstCli(model, text) {
  const want = expected(model, text);
  assert.deepEqual(await predicted(), want.labels, 'predicted labels == topica classify (native CLI)');
  for (const t of await topics()) assert.equal(t.pct, pctOf(want.scores[t.label]), `probability of ${t.label}`);
  return want;
}

async function uploadModel(name, buffer) {
  const before = await page.textContent('#model-file');
  await page.setInputFiles('#model-input', { name, mimeType: 'application/json', buffer });
  await page.waitForFunction((prev) => !document.getElementById('model-error').hidden ||
                                       document.getElementById('model-file').textContent !== prev,
                             before, { timeout: 20000 });
}

before(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  assert.ok(existsSync(path.join(DIST, 'topica.mjs')),
            `${DIST}/topica.mjs is missing: build the wasm package first (make wasm)`);
  assert.ok(existsSync(CLI), `the native CLI ${CLI} is missing: build it first (make native)`);
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM=/path)`);
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    throw new Error(`playwright-core is not installed: run \`npm ci\` at the repository root (${e.message})`);
  }

  // The page loads ../wasm/dist/ relative to web-demo/: serve DIST there.
  const overrides = {};
  for (const f of ['topica.mjs', 'topica.wasm']) overrides[`/wasm/dist/${f}`] = path.join(DIST, f);
  defaultModel = path.join(DIST, 'news-topics.json');
  if (!existsSync(defaultModel)) {
    standIn = true;
    defaultModel = path.join(tmp, 'news-topics.json');
    cli(['train', '-q', '--data', path.join(FIXTURES, 'news_small.jsonl'), '--out', defaultModel,
         '--name', 'news-topics stand-in (news_small.jsonl)']);
  }
  overrides['/wasm/dist/news-topics.json'] = defaultModel;
  server = await serve({ root: ROOT, port: 0, overrides });
  baseUrl = `http://127.0.0.1:${server.address().port}/web-demo/`;

  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync',
           '--disable-extensions'],
    viewport: { width: 1280, height: 900 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Requests of the page and of its Web Worker.
  context.on('response', (r) => {
    const timing = r.request().timing();
    const entry = { url: r.url(), status: r.status(), bytes: 0, body: 0, gzip: 0, start: timing.startTime,
                    end: timing.startTime + Math.max(timing.responseEnd, timing.responseStart) };
    responses.push(entry);
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
    entry.done = Promise.all([r.request().sizes().catch(() => null), r.body().catch(() => null)])
      .then(([sizes, body]) => {
        if (body) { entry.body = body.length; entry.gzip = gzipSync(body, { level: 9 }).length; }
        // Headers + body as sent. (Chromium reports no body size for a worker's script.)
        if (sizes) entry.bytes = sizes.responseHeadersSize + (sizes.responseBodySize || entry.body);
      });
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
});

after(async () => {
  await context?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('page loads, the default model classifies the sample article', { timeout: 60000 }, async (t) => {
  // Warm up the browser (its first navigation pays for starting up), not the page: no file of
  // the page is in the cache yet.
  await page.goto(`${baseUrl}README.md`);
  await page.waitForTimeout(500);
  responses.splice(0);
  problems.splice(0);  // e.g. the /favicon.ico that the browser asks for an image document
  const t0 = Date.now();
  await page.goto(baseUrl);
  await page.waitForSelector('html[data-first-result-ms]', { timeout: 30000 });
  const wall = Date.now() - t0;
  await settled();
  const ready = await page.evaluate(() => performance.getEntriesByName('topica:first-result')[0].startTime);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd };
  });
  await Promise.all(responses.map((r) => r.done));
  const first = responses.splice(0);
  const sum = (k) => first.reduce((s, r) => s + r[k], 0);
  const modelTime = await page.textContent('#model-time');
  const lines = [
    `page ready (navigation start -> WASM + model fetched -> first result shown): ${ready.toFixed(0)} ms ` +
      `(DOMContentLoaded ${nav.domContentLoaded.toFixed(0)} ms; model: ${modelTime}; test wall clock ${wall} ms)`,
    `transferred on first load: ${sum('bytes')} bytes in ${first.length} responses ` +
      `(bodies ${sum('body')} bytes; ${sum('gzip')} bytes if served with gzip -9)`,
    ...first.map((r) => `  ${r.status} ${String(r.bytes).padStart(7)} B  ` +
                        `${String(Math.round(r.start - first[0].start)).padStart(5)} ms  ${r.url.replace(/^http:\/\/[^/]+/, '')}`),
  ];
  if (standIn) lines.push('default model: wasm/dist/news-topics.json is not built yet; served a stand-in trained from news_small.jsonl');
  for (const l of lines) t.diagnostic(l);
  writeFileSync(path.join(OUT, 'timing.txt'), `${lines.join('\n')}\n`);

  for (const url of ['/web-demo/worker.mjs', '/wasm/dist/topica.mjs', '/wasm/dist/topica.wasm', '/wasm/dist/news-topics.json']) {
    assert.ok(first.some((r) => r.url.endsWith(url) && r.status === 200), `${url} was fetched`);
  }
  const sample = readFileSync(path.join(ROOT, 'examples/article.txt'), 'utf8').trim();
  assert.equal(await page.inputValue('#article'), sample, 'the first sample article is shown');
  await checkAgainstCli(defaultModel, sample);
  assert.match(await page.textContent('#model-file'), /news-topics\.json \(default\)/);
  const labels = await page.$$eval('#model-labels .label-chip', (c) => c.map((x) => x.textContent));
  assert.deepEqual(labels, (await topics()).map((x) => x.label));
  assert.match(await page.textContent('#model-size'), /\d+(\.\d)? (KB|MB)/);
  assert.match(modelTime, /ms|s/);
});

test('typing an article: expected labels predicted, words highlighted', { timeout: 60000 }, async () => {
  const area = page.locator('#article');
  await area.fill('');
  await area.pressSequentially(ARTICLE.slice(0, 80));  // real key presses: the debounced path
  await area.press('End');
  await page.keyboard.insertText(ARTICLE.slice(80));   // the rest at once, like a paste
  await settled();
  const want = await checkAgainstCli(defaultModel, ARTICLE);
  assert.ok(want.labels.includes('sanctions'), `the model predicts sanctions for the article (${want.labels})`);
  assert.match(await page.textContent('#status'), /sanctions/);

  // The explained label is the most probable predicted one; its words are highlighted.
  const top = want.labels.reduce((a, b) => (want.scores[b] > want.scores[a] ? b : a));
  assert.equal(await page.textContent('#explain-label'), top);
  assert.ok(await page.locator('#highlight span.tok.support').count() > 0, 'supporting words highlighted');
  const words = await page.$$eval('#highlight span.tok.support', (s) => s.map((x) => x.textContent.toLowerCase()));
  assert.ok(words.some((w) => /sanction|embargo|frozen|assets/.test(w)), `highlighted: ${words.join(' ')}`);
  assert.ok(await page.locator('#support-terms li .tok.support').count() > 0, 'top terms listed');
  // The lists name whole words of the article, each once (a word's character n-grams and word
  // pairs are summed into it), never the model's "#<sanc" or overlapping pieces of one word.
  const listed = await page.$$eval('#support-terms li .tok', (s) => s.map((x) => x.textContent));
  const article = ARTICLE.toLowerCase();
  assert.ok(listed.length > 0 && listed.every((t) => !t.startsWith('#') && !/[<>…\s]/.test(t) && article.includes(t)),
            `words shown: ${listed}`);
  assert.equal(new Set(listed).size, listed.length, `each word once: ${listed}`);
  assert.ok(listed.some((w) => /sanction|embargo|frozen|assets/.test(w)), `top words: ${listed}`);
  const underBars = await page.$$eval('.term-inline', (s) => s.map((x) => x.textContent));
  assert.ok(underBars.length > 0 && underBars.every((t) => article.includes(t)), `words under the bars: ${underBars}`);

  // Words pushing away: pick each label in turn until one has some (a non-predicted label does).
  let against = 0;
  for (const t of (await topics()).filter((x) => !x.predicted)) {
    await page.locator('#topic-list input[type=radio]').nth((await topics()).findIndex((x) => x.label === t.label)).check();
    await page.waitForFunction((l) => document.getElementById('explain-label').textContent === l, t.label);
    await settled();
    against = await page.locator('#highlight span.tok.against').count();
    if (against) break;
  }
  assert.ok(against > 0, 'some label has words highlighted against it');
  await page.screenshot({ path: path.join(OUT, 'desktop-against.png'), fullPage: true });
  // Back to the top label, for the screenshot.
  await page.locator(`#topic-list input[value="${top}"]`).check();
  await page.waitForFunction((l) => document.getElementById('explain-label').textContent === l, top);
  await settled();
  await page.screenshot({ path: path.join(OUT, 'desktop.png'), fullPage: true });
});

test('article text never becomes markup', { timeout: 30000 }, async () => {
  await page.locator('#article').press('End');
  await page.keyboard.insertText(INJECTION);
  await settled();
  assert.equal(await page.locator('#highlight img, #highlight script, #highlight b').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.textContent('#highlight'), ARTICLE + INJECTION);
  // Trusted Types (from the CSP) make HTML sinks throw on this page. (The browser logs the
  // blocked assignment and a CSP violation: expected here, so dropped from the problems.)
  const logged = problems.length;
  const sink = await page.evaluate(() => {
    try { document.createElement('div').innerHTML = '<b>x</b>'; return 'allowed'; } catch (e) { return e.name; }
  });
  assert.equal(sink, 'TypeError', 'innerHTML with a string is blocked by Trusted Types');
  await page.waitForTimeout(200);
  const probe = problems.splice(logged);
  assert.ok(probe.every((p) => /TrustedHTML|trusted-types-sink/.test(p)), probe.join('\n'));
});

test('keyboard: samples and topic choice', { timeout: 30000 }, async () => {
  const chip = page.locator('button[data-sample="trade_tariffs.txt"]');
  await chip.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('article').value.startsWith('Steel exporters'));
  await settled();
  const sample = readFileSync(path.join(ROOT, 'examples/trade_tariffs.txt'), 'utf8').trim();
  const want = await checkAgainstCli(defaultModel, sample);
  assert.ok(want.labels.includes('trade'), `trade predicted for the tariffs sample (${want.labels})`);

  const rows = await topics();
  const from = rows.findIndex((r) => r.checked);
  await page.locator('#topic-list input[type=radio]').nth(from).focus();
  await page.keyboard.press('ArrowDown');
  const next = rows[(from + 1) % rows.length].label;
  await page.waitForFunction((l) => document.getElementById('explain-label').textContent === l, next);
  assert.equal(await page.evaluate(() => document.activeElement.value), next, 'focus follows the arrow key');

  // Accessible names (as assistive technology computes them).
  assert.equal(await page.locator('role=textbox[name="Article text"]').count(), 1);
  assert.equal(await page.locator('role=radio').count(), rows.length);
  assert.equal(await page.locator(`role=radio[name=/^${rows[0].label}: /]`).count(), 1);
  assert.equal(await page.locator('role=button[name="Load a model file…"]').count(), 1);
  assert.equal(await page.locator('role=status').count(), 1);
  assert.equal(await page.locator('role=group[name="Try a sample:"]').count(), 1);
});

test('a broken model file: readable error, the old model keeps working', { timeout: 60000 }, async () => {
  const model = await page.textContent('#model-file');
  await uploadModel('broken-model.json', Buffer.from('{"format": "topica-model", "format_version": 1, "labels": ["a", '));
  const error = await page.textContent('#model-error');
  assert.match(error, /^Could not load “broken-model\.json”: model: not valid JSON: parse error at line 1, column \d+/);
  assert.match(error, /The page keeps using /);
  assert.equal(await page.getAttribute('#model-error', 'role'), 'alert');
  assert.equal(await page.textContent('#model-file'), model, 'the model panel is unchanged');
  await page.locator('.panel-model').screenshot({ path: path.join(OUT, 'desktop-model-error.png') });

  // Valid JSON that is not a model, dropped on the model panel.
  await dropFile('not-a-model.json', '{"hello": "world"}');
  await page.waitForFunction(() => /not-a-model\.json/.test(document.getElementById('model-error').textContent));
  assert.match(await page.textContent('#model-error'), /not-a-model\.json.*: model\.\w+/);

  // Still classifying with the old model.
  await page.locator('#article').fill(ARTICLE);
  await settled();
  await checkAgainstCli(defaultModel, ARTICLE);
});

async function dropFile(name, content) {
  const dataTransfer = await page.evaluateHandle(([n, c]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([c], n, { type: 'application/json' }));
    return dt;
  }, [name, content]);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.locator('#dropzone').dispatchEvent(type, { dataTransfer });
  }
}

test('good model files: file picker and drag-and-drop, then back to the default', { timeout: 60000 }, async () => {
  // A model trained by the CLI right now, with its own name and only word unigrams.
  const trained = path.join(tmp, 'my-news-model.json');
  cli(['train', '-q', '--data', path.join(FIXTURES, 'news_small.jsonl'), '--out', trained,
       '--name', 'my news model', '--word-ngrams', '1', '1']);
  await uploadModel('my-news-model.json', readFileSync(trained));
  assert.equal(await page.isHidden('#model-error'), true, await page.textContent('#model-error'));
  assert.equal(await page.textContent('#model-name'), 'my news model');
  assert.equal(await page.textContent('#model-file'), 'my-news-model.json');
  await settled();
  await checkAgainstCli(trained, ARTICLE);

  // A two-topic model (news_small.jsonl with only its military and sanctions labels), dropped
  // on the page.
  const twoData = path.join(tmp, 'two-topics.jsonl');
  writeFileSync(twoData, readFileSync(path.join(FIXTURES, 'news_small.jsonl'), 'utf8').split('\n')
    .filter((l) => l.trim()).map((l) => JSON.parse(l))
    .map((r) => JSON.stringify({ text: r.text, labels: r.labels.filter((x) => x === 'military' || x === 'sanctions') }))
    .join('\n'));
  const two = path.join(tmp, 'two-topics.json');
  cli(['train', '-q', '--task', 'multilabel', '--data', twoData, '--out', two, '--name', 'two topics']);
  await dropFile('two-topics.json', readFileSync(two, 'utf8'));
  await page.waitForFunction(() => document.getElementById('model-file').textContent === 'two-topics.json' ||
                                   !document.getElementById('model-error').hidden);
  assert.equal(await page.isHidden('#model-error'), true, await page.textContent('#model-error'));
  await page.waitForFunction(() => document.querySelectorAll('#topic-list .topic').length === 2);
  await settled();
  assert.deepEqual((await topics()).map((x) => x.label), ['military', 'sanctions']);
  assert.equal(await page.textContent('#model-name'), 'two topics');
  await checkAgainstCli(two, ARTICLE);
  assert.ok(await page.locator('#highlight span.tok.support').count() > 0);
  await page.screenshot({ path: path.join(OUT, 'desktop-own-model.png'), fullPage: true });

  await page.click('#use-default');
  await page.waitForFunction(() => /\(default\)$/.test(document.getElementById('model-file').textContent));
  await settled();
  await checkAgainstCli(defaultModel, ARTICLE);
  assert.equal(await page.isHidden('#use-default'), true);
});

test('phone width (375 px): no horizontal scrolling, topics on the first screen', { timeout: 60000 }, async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await settled();
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    textarea: document.getElementById('article').getBoundingClientRect().width,
    status: document.getElementById('status').getBoundingClientRect().top,
  }));
  assert.ok(layout.scrollWidth <= 375, `page is ${layout.scrollWidth} px wide`);
  assert.ok(layout.textarea >= 300, `textarea is ${layout.textarea} px wide`);
  assert.ok(layout.status < 812, `the topics' status line starts on the first screen (at ${layout.status} px)`);
  await page.screenshot({ path: path.join(OUT, 'phone.png'), fullPage: false });
  await page.screenshot({ path: path.join(OUT, 'phone-full.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no console errors, page errors, CSP violations or failed requests', async () => {
  assert.deepEqual(problems, []);
});

// Reloads revalidate every file (Cache-Control: no-cache, Last-Modified): 304 responses.
test('warm reloads: page-ready time', { timeout: 60000 }, async (t) => {
  const times = [];
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await page.waitForSelector('html[data-first-result-ms]', { timeout: 30000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('topica:first-result')[0].startTime));
  }
  times.sort((a, b) => a - b);
  const line = `page ready on reload (median of 3): ${times[1].toFixed(0)} ms (${times.map((x) => x.toFixed(0)).join(', ')})`;
  t.diagnostic(line);
  writeFileSync(path.join(OUT, 'timing.txt'), `${readFileSync(path.join(OUT, 'timing.txt'), 'utf8')}${line}\n` +
                `screenshots: ${OUT}/{desktop,desktop-against,desktop-model-error,desktop-own-model,phone,phone-full}.png\n`);
  assert.deepEqual(problems, []);
});
