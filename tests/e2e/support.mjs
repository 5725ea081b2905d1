// What the end-to-end tests share: the built app (dist/, or E2E_DIST), a loopback server for it,
// headless Chromium started the way this machine needs, and a watch on a page for console errors,
// page errors and requests that leave loopback.
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { chromium } = require('playwright-core');
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.resolve(process.env.E2E_DIST ?? path.join(ROOT, 'dist'));
export const TYPES = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
};

/** Fails the test unless the app has been built. */
export function requireDist() {
  assert.ok(existsSync(path.join(DIST, 'index.html')), 'dist/index.html is missing: run `node scripts/build.mjs` first');
}

/**
 * Serves dist/ on loopback (a random port). `route(pathname)` answers first: `{ type, body }`, or
 * `null` to let the file be served; the app's files are under `prefix`. Resolves to the server.
 */
export function serve({ prefix = '/', route = () => null } = {}) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    const own = await route(pathname);
    if (own) {
      res.writeHead(own.status ?? 200, { 'content-type': own.type ?? 'text/html' });
      return res.end(own.body ?? '');
    }
    const file = pathname.startsWith(prefix)
      ? path.join(DIST, path.normalize(decodeURIComponent(pathname.slice(prefix.length)) || 'index.html'))
      : null;
    if (!file || !file.startsWith(DIST)) {
      res.writeHead(404);
      return res.end('not found');
    }
    try {
      const body = await readFile(file);
      // embed.js is a module script of other sites' pages: fetched with CORS, as a host must serve it.
      const cors = path.basename(file) === 'embed.js' ? { 'access-control-allow-origin': '*' } : {};
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', ...cors });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** The server's origin, `http://127.0.0.1:PORT`. */
export const originOf = (server) => `http://127.0.0.1:${server.address().port}`;

/** How Chromium is started: Debian's, kept off the network (this machine refuses its background connections). */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** Headless Chromium, started as `CHROMIUM` says. */
export function launch() {
  return chromium.launch(CHROMIUM);
}

/** Records a page's console errors, page errors and requests off loopback into `problems`. */
export function watch(page, problems) {
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('request', (r) => {
    if (!/^http:\/\/127\.0\.0\.1:/.test(r.url()) && !/^(data|blob|about):/.test(r.url())) problems.push(`request to ${r.url()}`);
  });
  return page;
}

/** Builds some state through the page's own API, so tables have rows: a root key, the
 * authorization, one deployment with records, and a second one soft-deleted. */
export async function populate(page) {
  await page.evaluate(async () => {
    const sb = window.byokSandbox;
    const key = sb.request({ method: 'POST', path: '/api/v2/keys', body: {
      metadata: { collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 },
      resources: [{ type: 'application/vnd.ibm.kms.key+json', name: 'pg-root-key-with-a-long-name', extractable: false }] } }).body.resources[0];
    const instance = key.crn.split(':')[7];
    sb.request({ method: 'POST', path: '/v1/policies', body: { type: 'authorization',
      subjects: [{ attributes: [{ name: 'serviceName', value: 'databases-for-postgresql' }] }],
      roles: [{ role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Reader' }],
      resources: [{ attributes: [{ name: 'serviceName', value: 'kms' }, { name: 'serviceInstance', value: instance }] }] } });
    const make = (name) => sb.request({ method: 'POST', path: '/v2/resource_instances', body: { name, target: 'us-south',
      resource_group: 'Default', resource_plan_id: 'databases-for-postgresql-standard',
      parameters: { disk_encryption_key_crn: key.crn } } }).body.guid;
    const orders = make('orders-db');
    const scratch = make('scratch-db');
    sb.advance('1h');
    for (const [id, value] of [['1', 'espresso'], ['2', 'flat white']]) {
      sb.request({ method: 'PUT', path: `/sandbox/v1/deployments/${orders}/tables/orders/records/${id}`, body: { value } });
    }
    sb.request({ method: 'DELETE', path: `/v2/resource_instances/${scratch}` });
    sb.advance('1h');
  });
}

/**
 * Opens a section from the header as a reader would on a wide window: its link in the bar, or in
 * the More menu when the bar has no room for it (once the bar has been measured).
 */
export async function openSection(page, label) {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await page.locator('#sections[data-measured=true]').waitFor();
  const link = nav.getByRole('link', { name: label, exact: true });
  if (!(await link.isVisible())) await nav.getByTestId('more-sections').click();
  await link.click();
}

/** Every section of the header, as [its link's label, its page's heading], in the header's order. */
export const SECTIONS = [
  ['Overview', 'Overview'],
  ['Key Protect', 'Key Protect'],
  ['IAM', 'IAM'],
  ['Databases', 'Databases'],
  ['Reclamations', 'Reclamations'],
  ['Timeline', 'Timeline'],
  ['Activity', 'Activity'],
  ['Terminal', 'Terminal'],
  ['API console', 'API console'],
  ['Tours', 'Guided scenarios'],
  ['Settings', 'Settings'],
];
