// End to end: the page says "Loading the sandbox…" until the app has drawn, and says plainly that
// the sandbox could not start when its wasm file does not load (a host that forgot to upload it)
// instead of loading forever.
//
//   trunk build --release && node --test tests/e2e/boot.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves dist/ on loopback; with `withoutWasm`, every .wasm file answers 404. */
function serve(withoutWasm) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const file = path.join(DIST, pathname === '/' ? 'index.html' : decodeURIComponent(pathname));
    if (!file.startsWith(DIST) || (withoutWasm && file.endsWith('.wasm'))) {
      res.writeHead(404);
      return res.end('not found');
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('a sandbox whose wasm does not load says it could not start', { timeout: 60_000 }, async (t) => {
  assert.ok(existsSync(path.join(DIST, 'index.html')), 'dist/index.html is missing: run `trunk build --release` first');
  const server = await serve(true);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.locator('#boot').filter({ hasText: 'The sandbox could not start' }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('main').count(), 0, 'no app was drawn');
});
