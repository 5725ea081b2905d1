// What the <byok-sandbox> element costs a documentation page, against plain iframes: the loader's
// size, then a host page (another origin) with five sandboxes, the first in the first screen and the
// others three screens apart (and the same with two screens of introduction first, so that none is
// in the first screen), loaded cold in headless Chromium over a throttled desktop line
// (5 Mbps, 28 ms RTT, as scripts/bench-load.mjs). For each form, the median of RUNS cold loads
// (a new browser context each) of:
//   - fetched before scrolling: the bytes (gzip bodies, as sent) and requests the sandbox's host
//     served from navigation until the network is quiet, the reader not having scrolled;
//   - first ready: navigation start to the first `byok-ready` (element) or `byok-sandbox-ready`
//     message (iframe), performance.now() in the host page; where nothing was ready before the
//     scroll, from the scroll to the first sandbox (after the quiet) to its ready.
// The forms: five lazy elements (the default `loading`), five plain iframes, and five iframes with
// the browser's own `loading="lazy"`. The sandbox's server sends gzip (compress.mjs, level 9),
// `app-*` files cacheable for ever and index.html revalidated, as README's hosting section says.
// Prints figures; asserts nothing.
//
//   node scripts/build.mjs dist && node scripts/bench-embed.mjs [dist] [--runs 3]
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { gzip } from './compress.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? 'dist');
const PROFILE = { latency: 28, down: 5e6 / 8, up: 5e6 / 8 };
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json' };
const QUIET_MS = 1500; // no request in flight for this long: the page has fetched what it fetches before a scroll

// The loader itself.
const loader = await readFile(path.join(dist, 'embed.js')).catch(() => {
  console.error(`bench-embed: no ${dist}/embed.js: build the site first (node scripts/build.mjs)`);
  process.exit(2);
});
console.log(`embed.js: ${loader.length} B raw, ${gzip(loader).length} B gzip -9`);

// The sandbox's host: dist/, gzip, and a count of what it sent.
let HOST = '';
const sent = { bytes: 0, requests: 0, inflight: 0, last: 0 };
const packed = new Map();
const sandbox = http.createServer(async (req, res) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  sent.requests += 1;
  sent.inflight += 1;
  res.on('close', () => { sent.inflight -= 1; sent.last = Date.now(); });
  if (pathname === '/sandbox.json') {
    const body = JSON.stringify({ allowedOrigins: [HOST] });
    sent.bytes += body.length;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' });
    return res.end(body);
  }
  const file = path.join(dist, path.normalize(decodeURIComponent(pathname)).replace(/\/$/, '/index.html'));
  if (!file.startsWith(dist + path.sep)) { res.writeHead(404); return res.end(); }
  let body = packed.get(file);
  if (!body) {
    try { body = gzip(await readFile(file)); } catch { res.writeHead(404); return res.end(); }
    packed.set(file, body);
  }
  sent.bytes += body.length;
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-encoding': 'gzip',
    'cache-control': /\/app-[0-9a-f]{16}\//.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(path.basename(file) === 'embed.js' ? { 'access-control-allow-origin': '*' } : {}),
  });
  res.end(body);
});
await new Promise((r) => sandbox.listen(0, '127.0.0.1', r));
const APP = `http://127.0.0.1:${sandbox.address().port}`;

// The documentation's host: one page per form.
const PAGES = ['keys', 'databases', 'timeline', 'activity', 'terminal'];
const prose = '<p>Documentation text between the examples, as long as a few screens of a guide. </p>'.repeat(60);
// `below`: the first example after two screens of introduction (none in the first screen).
const page = (embed, head = '', below = false) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}
<script>
  window.firstReady = null;
  const mark = () => { if (window.firstReady === null) window.firstReady = performance.now(); };
  document.addEventListener('byok-ready', mark);
  addEventListener('message', (e) => { if (e.origin === '${APP}' && e.data && e.data.type === 'byok-sandbox-ready') mark(); });
</script></head><body style="margin: 0 auto; max-width: 900px; font: 16px/1.5 serif">
<h1>A guide</h1><p>Introduction.</p>${below ? '<div style="height: 1600px"></div>' : ''}
${PAGES.map((p, i) => `<h2>Example ${i + 1}</h2>${embed(p, i)}${prose}`).join('\n')}
</body></html>`;
const FORMS = [];
for (const below of [false, true]) {
  const where = below ? 'none in the first screen' : 'the first in view';
  FORMS.push(
    { where, name: 'five `<byok-sandbox>` (`loading="lazy"`, the default)', html: page((p, i) => `<byok-sandbox sandbox="bench-${i}" page="${p}"></byok-sandbox>`, `<script type="module" src="${APP}/embed.js"></script>`, below) },
    { where, name: 'five plain iframes', html: page((p, i) => `<iframe src="${APP}/index.html?embed=1&sandbox=bench-${i}#/${p}" style="width: 100%; height: 480px; border: 1px solid #ccc"></iframe>`, '', below) },
    { where, name: 'five iframes with `loading="lazy"`', html: page((p, i) => `<iframe loading="lazy" src="${APP}/index.html?embed=1&sandbox=bench-${i}#/${p}" style="width: 100%; height: 480px; border: 1px solid #ccc"></iframe>`, '', below) },
  );
}
const host = http.createServer((req, res) => {
  const i = Number(new URL(req.url, 'http://localhost').pathname.slice(1));
  if (!FORMS[i]) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(FORMS[i].html);
});
await new Promise((r) => host.listen(0, '127.0.0.1', r));
HOST = `http://127.0.0.1:${host.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Resolves once no request has been in flight for QUIET_MS (checked every 100 ms, for at most 60 s). */
async function quiet() {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (sent.inflight === 0 && Date.now() - sent.last >= QUIET_MS) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the page never went quiet');
}

async function once(i) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p = await context.newPage();
  const cdp = await context.newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: PROFILE.latency, downloadThroughput: PROFILE.down, uploadThroughput: PROFILE.up });
  Object.assign(sent, { bytes: 0, requests: 0, last: Date.now() });
  await p.goto(`${HOST}/${i}`);
  await p.waitForLoadState('load');
  await quiet();
  const result = { bytes: sent.bytes, requests: sent.requests };
  // The first ready: from navigation when a sandbox was in view; otherwise from the scroll to the first.
  if (await p.evaluate(() => window.firstReady === null)) {
    const from = await p.evaluate(() => { document.querySelector('byok-sandbox, iframe').scrollIntoView(); return performance.now(); });
    await p.waitForFunction(() => window.firstReady !== null, null, { timeout: 60_000 });
    result.ready = (await p.evaluate(() => window.firstReady)) - from;
    result.afterScroll = true;
  } else {
    result.ready = await p.evaluate(() => window.firstReady);
  }
  await context.close();
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`a host page with five sandboxes, 1280 x 800, throttled to 5 Mbps / 28 ms RTT; median of ${RUNS} cold loads`);
console.log('| page | form | fetched from the sandbox\'s host before scrolling | requests | first ready |');
console.log('|---|---|---|---|---|');
for (let i = 0; i < FORMS.length; i++) {
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push(await once(i));
  const ready = `${Math.round(median(runs.map((x) => x.ready))).toLocaleString('en')} ms${runs[0].afterScroll ? ' after the scroll to it' : ''}`;
  console.log(`| ${FORMS[i].where} | ${FORMS[i].name} | ${kb(median(runs.map((x) => x.bytes)))} | ${median(runs.map((x) => x.requests))} | ${ready} |`);
}
await browser.close();
sandbox.close();
host.close();
