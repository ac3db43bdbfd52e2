// The npm package: `npm pack` in the dist folder gives a tarball with exactly the package's
// files, and a fresh Node project installs it offline (no registry) and uses it through the
// package name, with its TypeScript types in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DIST, TINY_MODEL, existsSync, path, readFileSync, tempDir, writeFileSync } from './helpers.mjs';

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} in ${cwd} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

test('npm pack + offline install in a fresh project', { timeout: 180000 }, async (t) => {
  const dir = tempDir('topica-pack-');
  // A private npm cache and no registry: nothing may come from the network.
  const npmEnv = {
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_registry: 'http://127.0.0.1:9/',
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', dir], DIST, npmEnv));
  const { filename, files, name, version } = packed[0];
  const expected = ['README.md', 'package.json', 'topica.d.ts', 'topica.mjs', 'topica.wasm'];
  if (existsSync(path.join(DIST, 'news-topics.json'))) expected.push('news-topics.json');
  assert.deepEqual(files.map((f) => f.path).sort(), expected.sort());
  assert.equal(name, 'topica');

  const project = path.join(dir, 'consumer');
  run('mkdir', ['-p', project], dir);
  writeFileSync(path.join(project, 'package.json'),
                JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
  run('npm', ['install', '--no-package-lock', path.join(dir, filename)], project, npmEnv);
  const installed = path.join(project, 'node_modules/topica');
  for (const f of expected) assert.ok(existsSync(path.join(installed, f)), `installed ${f}`);
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.version, version);
  assert.equal(pkg.types, './topica.d.ts');
  assert.equal(pkg.exports['.'].import, './topica.mjs');

  writeFileSync(path.join(project, 'main.mjs'), `
    import { Topica, TopicaError } from 'topica';
    import DefaultExport from 'topica';
    const model = await Topica.load(process.argv[2]);
    const out = { same: DefaultExport === Topica, version: Topica.version, labels: model.labels,
                  result: model.classify('Army troops') };
    model.dispose();
    try { await Topica.load('{"format": "other"}'); } catch (e) { out.error = e instanceof TopicaError && e.message; }
    console.log(JSON.stringify(out));`);
  const out = JSON.parse(run('node', ['main.mjs', TINY_MODEL], project));
  assert.equal(out.same, true);
  assert.equal(out.version, version);
  assert.deepEqual(out.labels, ['military', 'sanctions']);
  assert.deepEqual(out.result.labels, ['military']);
  assert.match(out.error, /^model\.format/);
  const sizes = files.map((f) => `${f.path} ${f.size} B`).join(', ');
  t.diagnostic(`${filename}: ${packed[0].size} B packed, ${packed[0].unpackedSize} B unpacked (${sizes})`);
});
