// Runs the `bench` build of the lib (wasm-bindgen --target web, in target/bench-web/) in headless
// Chromium and prints its figures in the same layout as `cargo bench --bench engine`. Given the
// native output as a second argument, it also prints the wasm/native ratio of the wrap+unwrap figures.
//
//   node scripts/bench-browser.mjs target/bench-web [target/bench-native.txt]
//
// The page is served by a small HTTP server on 127.0.0.1; the browser is sent nowhere else.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const [pkgDir, nativeFile] = process.argv.slice(2);
if (!pkgDir) {
  console.error('usage: node scripts/bench-browser.mjs <wasm-bindgen --target web dir> [native output]');
  process.exit(2);
}
const root = path.resolve(pkgDir);

// A page that only gives the module an origin; the benchmark itself runs from page.evaluate.
const INDEX = '<!doctype html><meta charset="utf-8"><title>byok-sandbox benchmarks</title>';
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

const server = http.createServer(async (req, res) => {
  const file = new URL(req.url, 'http://localhost').pathname;
  if (file === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(INDEX);
  }
  const full = path.join(root, path.normalize(file));
  const type = TYPES[path.extname(full)];
  if (!full.startsWith(root + path.sep) || !type) {
    res.writeHead(404);
    return res.end();
  }
  try {
    const body = await readFile(full);
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
let figures;
try {
  const context = await browser.newContext();
  // Anything but our own server is refused, so a stray URL fails loudly instead of going out.
  await context.route((url) => !url.href.startsWith(base), (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  // evaluate waits for the promise: loading the module, then the whole synchronous benchmark run.
  figures = await page.evaluate(async () => {
    const m = await import('./byok_sandbox.js');
    await m.default();
    if (typeof m.runBenchmarks !== 'function') throw new Error('runBenchmarks is missing: build with --features bench');
    return m.runBenchmarks();
  });
  if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
} finally {
  await browser.close();
  server.close();
}

const line = (who, f) => `${who.padEnd(8)}${f.name.padEnd(64)} ${f.value.toFixed(1).padStart(14)} ${f.unit}`;
for (const f of figures) console.log(line('wasm', f));

if (nativeFile) {
  // Lines as benches/engine.rs prints them: "native  <name, padded to 64> <value> <unit>".
  const native = new Map();
  for (const l of (await readFile(nativeFile, 'utf8')).split('\n')) {
    const m = /^native  (.{64}) +(\S+) (\S+)$/.exec(l);
    if (m) native.set(m[1].trimEnd(), Number(m[2]));
  }
  for (const f of figures.filter((f) => f.name.startsWith('wrap+unwrap'))) {
    const n = native.get(f.name);
    if (n === undefined) {
      console.log(`ratio   no native figure named "${f.name}"`);
    } else {
      const name = `${f.name}, wasm/native`;
      console.log(`ratio   ${name.padEnd(64)} ${(f.value / n).toFixed(2).padStart(14)} x`);
    }
  }
}
