// Time to usable: the built app served from a local static server that sends the pre-compressed
// copies (scripts/precompress.mjs) as a host would, loaded cold in headless Chromium throttled
// through the DevTools protocol to a desktop line and to a slow 4G phone. For each profile and
// each encoding (gzip, brotli), the median of three cold loads (a new browser context each, so
// nothing is cached) of:
//   - first paint: the first contentful paint, which is the page's "Loading the sandbox…" line;
//   - drawn: the boot line gone, the app's time controls there and its page drawn (a page of a
//     section in a chunk, src/frame/split.rs, once its chunk has arrived);
//   - usable: drawn and `window.byokSandbox` present (since the documentation's-sandbox issue it no
//     longer waits for the shell's wasm chunk, fetched once the app is drawn: src/frame/split.rs;
//     `exec` waits for it instead);
//   both checked on every animation frame from navigation on.
// Both are measured from navigation start (performance.now() in the page). Prints figures; asserts
// no time.
//
//   node scripts/precompress.mjs dist && node scripts/bench-load.mjs dist [--runs 3] [--at '?seed=1#/timeline']
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && !['--runs', '--at'].includes(args[i - 1])) ?? 'dist');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
// The address loaded, after the origin: the overview by default; e.g. `--at '?seed=1#/timeline'`
// for a page that comes in a chunk.
const atAt = args.indexOf('--at');
const AT = atAt >= 0 ? args[atAt + 1] : '?seed=1#/';

// The two profiles. Throughputs are bytes per second for the DevTools protocol.
const PROFILES = [
  { name: 'desktop (5 Mbps, 28 ms RTT)', latency: 28, down: 5e6 / 8, up: 5e6 / 8, cpu: 1 },
  { name: 'slow 4G (1.6 Mbps, 150 ms RTT, CPU x4)', latency: 150, down: 1.6e6 / 8, up: 0.75e6 / 8, cpu: 4 },
];
const ENCODINGS = [
  { name: 'gzip', suffix: '.gz', token: 'gzip' },
  { name: 'brotli', suffix: '.br', token: 'br' },
];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
};

const exists = (f) => stat(f).then((s) => s.isFile(), () => false);

/** Serves `root`, sending `<file><suffix>` with its Content-Encoding when the browser accepts it
 * and the copy exists, as nginx's gzip_static / brotli_static do. */
function serve(root, encoding) {
  const sent = { compressed: 0, plain: 0 };
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const rel = decodeURIComponent(pathname.slice(1)) || 'index.html';
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root + path.sep) || !(await exists(file))) {
      res.writeHead(404);
      return res.end();
    }
    const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', vary: 'accept-encoding' };
    const accepts = (req.headers['accept-encoding'] ?? '').split(',').map((t) => t.trim().split(';')[0]);
    let body;
    if (accepts.includes(encoding.token) && (await exists(file + encoding.suffix))) {
      body = await readFile(file + encoding.suffix);
      headers['content-encoding'] = encoding.token;
      sent.compressed += body.length;
    } else {
      body = await readFile(file);
      sent.plain += body.length;
    }
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, sent })));
}

// Runs in the page before its own scripts: notes the first animation frame at which the app is usable.
const WATCH = () => {
  const check = () => {
    // The time controls are on every page of the app (and the boot line is gone by then).
    const drawn = !document.getElementById('boot') && document.querySelector('[data-testid="now"]')
      && !document.querySelector('[data-testid="page-arriving"]'); // a page whose chunk is on its way
    if (drawn && window.__drawn === undefined) window.__drawn = performance.now();
    if (drawn && window.byokSandbox) {
      window.__usable = performance.now();
    } else {
      requestAnimationFrame(check);
    }
  };
  requestAnimationFrame(check);
};

async function load(browser, url, profile) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latency,
      downloadThroughput: profile.down,
      uploadThroughput: profile.up,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile.cpu });
    await page.addInitScript(WATCH);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__usable !== undefined, null, { timeout: 120_000, polling: 'raf' });
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName('first-contentful-paint')[0];
      const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      return {
        firstPaint: paint ? paint.startTime : NaN,
        drawn: window.__drawn,
        usable: window.__usable,
        // What had arrived when the page became usable (a chunk still on its way is left out).
        transferred: entries.filter((e) => e.responseEnd <= window.__usable).reduce((n, e) => n + (e.transferSize ?? 0), 0),
      };
    });
  } finally {
    await context.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

if (!(await exists(path.join(dist, 'index.html')))) {
  console.error(`bench-load: no ${path.join(dist, 'index.html')}: build the app first (node scripts/build.mjs)`);
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const rows = [];
try {
  for (const encoding of ENCODINGS) {
    const { server, sent } = await serve(dist, encoding);
    const url = `http://127.0.0.1:${server.address().port}/${AT}`;
    try {
      for (const profile of PROFILES) {
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await load(browser, url, profile));
        const row = {
          profile: profile.name,
          encoding: encoding.name,
          firstPaint: median(runs.map((r) => r.firstPaint)),
          drawn: median(runs.map((r) => r.drawn)),
          usable: median(runs.map((r) => r.usable)),
          transferred: median(runs.map((r) => r.transferred)),
          all: runs.map((r) => Math.round(r.usable)).join(', '),
        };
        rows.push(row);
        console.log(`${row.profile.padEnd(40)} ${row.encoding.padEnd(7)} first paint ${ms(row.firstPaint).padStart(8)}   drawn ${ms(row.drawn).padStart(8)}   usable ${ms(row.usable).padStart(8)} (runs: ${row.all} ms)   ${(row.transferred / 1024).toFixed(1)} KB transferred`);
      }
      if (sent.compressed === 0) console.error(`bench-load: no ${encoding.name} copy was sent: run scripts/precompress.mjs on ${dist} first`);
    } finally {
      server.close();
    }
  }
} finally {
  await browser.close();
}
console.log(`\n| profile | encoding | transferred | first paint (boot line) | drawn | usable (median of ${RUNS}) |`);
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(`| ${r.profile} | ${r.encoding} | ${(r.transferred / 1024).toFixed(1)} KB | ${ms(r.firstPaint)} | ${ms(r.drawn)} | ${ms(r.usable)} |`);
}
