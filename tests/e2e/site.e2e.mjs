// End to end: the site's own scripts. scripts/serve.mjs serves dist/ and nothing outside it, and
// answers a malformed address without falling over; scripts/build.mjs refuses to empty a folder
// that holds more than a build.
//
//   node scripts/build.mjs && node --test tests/e2e/site.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, requireDist } from './support.mjs';

test('the development server serves the build, refuses what is outside it, and survives a bad address', { timeout: 30_000 }, async (t) => {
  requireDist();
  const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'serve.mjs'), '0'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  t.after(() => server.kill());
  const origin = await new Promise((resolve, reject) => {
    let said = '';
    server.stderr.on('data', (d) => {
      said += d;
      const m = said.match(/the sandbox is at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`serve.mjs exited (${code}): ${said}`)));
  });
  const index = await fetch(`${origin}/`);
  assert.equal(index.status, 200);
  assert.equal(await index.text(), readFileSync(path.join(ROOT, 'dist', 'index.html'), 'utf8'));
  const folder = (await fetch(`${origin}/`).then((r) => r.text())).match(/app-[0-9a-f]{16}/)[0];
  const wasm = await fetch(`${origin}/${folder}/main_bg.wasm`);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.equal((await fetch(`${origin}/%E0`)).status, 400);
  assert.equal((await fetch(`${origin}/..%2fCargo.toml`)).status, 404);
  assert.equal((await fetch(`${origin}/`)).status, 200, 'still serving after a bad address');
});

test('the build refuses to empty a folder that holds more than a build', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'byok-build-'));
  writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), dir], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /holds more than a build/);
  assert.ok(existsSync(path.join(dir, 'notes.txt')));
});
