#!/usr/bin/env node
// A tiny static file server for the web demo (no npm packages): serves the repository root,
// so that http://localhost:PORT/web-demo/ is the page and ../wasm/dist/ is the WebAssembly
// package next to it.
//
//   node web-demo/serve.mjs [--port N] [--host H] [--root DIR]
//   PORT=N node web-demo/serve.mjs
//
// The default port is 8000; when it is taken, the next free one is used. It listens on
// 127.0.0.1 only and runs until Ctrl-C. Any static server works too, e.g.
// `python3 -m http.server 8000 --bind 127.0.0.1` at the repository root: the page needs only
// the right MIME types (.mjs as JavaScript, .wasm as application/wasm).
//
// Also imported by the end-to-end test (tests/web-demo/): `serve({root, port, overrides})`.
import http from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ts': 'text/plain; charset=utf-8',
};

/**
 * Starts the server. `overrides` maps URL paths (e.g. '/wasm/dist/news-topics.json') to files
 * served instead (the test uses it to stand in for a default model that is not built yet).
 * Resolves to the listening http.Server.
 */
export function serve({ root = ROOT, port = 8000, host = '127.0.0.1', overrides = {}, log = null } = {}) {
  root = path.resolve(root);
  const server = http.createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
      log?.(`${status} ${req.method} ${req.url}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(400, 'bad request\n');
      return;
    }
    if (rel === '/') {
      send(302, 'see /web-demo/\n', { Location: '/web-demo/' });
      return;
    }
    if (!overrides[rel] && rel.split('/').some((seg) => seg.startsWith('.'))) {
      send(404, 'not found\n');  // no dotfiles (.git, .env ...)
      return;
    }
    let file = overrides[rel] ?? path.join(root, rel);
    if (!overrides[rel] && file !== root && !file.startsWith(root + path.sep)) {
      send(403, 'forbidden\n');
      return;
    }
    try {
      let st = await stat(file);
      if (st.isDirectory()) {
        if (!rel.endsWith('/')) {
          send(301, 'moved\n', { Location: `${rel}/` });
          return;
        }
        file = path.join(file, 'index.html');
        st = await stat(file);
      }
      if (!st.isFile()) throw new Error('not a file');
      // Revalidated on every use (a rebuilt package shows up on reload), 304 when unchanged.
      const modified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
      const since = Date.parse(req.headers['if-modified-since'] ?? '');
      const headers = {
        'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'Last-Modified': modified.toUTCString(),
        'X-Content-Type-Options': 'nosniff',
      };
      if (!Number.isNaN(since) && modified.getTime() <= since) {
        res.writeHead(304, headers).end();
        log?.(`304 ${req.method} ${req.url}`);
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Length': st.size });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).on('error', () => res.destroy()).pipe(res);
      log?.(`200 ${req.method} ${req.url}`);
    } catch {
      send(404, 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** Like serve(), but tries the next ports when `port` is taken. */
export async function serveOnFreePort(options = {}, attempts = 20) {
  const first = options.port ?? 8000;
  for (let port = first; ; port++) {
    try {
      return await serve({ ...options, port });
    } catch (e) {
      if (e.code !== 'EADDRINUSE' || port - first >= attempts - 1 || first === 0) throw e;
    }
  }
}

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT || 8000), host: '127.0.0.1', root: ROOT, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a === '--host') opts.host = argv[++i];
    else if (a === '--root') opts.root = path.resolve(argv[++i]);
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: node web-demo/serve.mjs [--port N (default $PORT or 8000)] [--host 127.0.0.1] ' +
                  '[--root DIR (default: the repository root)] [--verbose]');
      process.exit(0);
    } else {
      console.error(`serve.mjs: unknown argument ${a} (try --help)`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error(`serve.mjs: bad port ${opts.port}`);
    process.exit(2);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const server = await serveOnFreePort({ root: opts.root, port: opts.port, host: opts.host,
                                         log: opts.verbose ? (l) => console.log(l) : null });
  const { port } = server.address();
  const host = opts.host === '127.0.0.1' || opts.host === '::1' ? 'localhost' : opts.host;
  const url = `http://${host}:${port}/web-demo/`;
  const rule = '-'.repeat(Math.max(48, url.length + 4));
  console.log(`\n${rule}\n  topica web demo: open  ${url}\n${rule}`);
  console.log(`serving ${opts.root} on ${opts.host}:${port}; press Ctrl-C to stop.`);
  const stop = () => { server.close(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
