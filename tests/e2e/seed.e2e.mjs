// End to end: the documentation's seed path walked through the built app as a new user would,
// in headless Chromium, with dist/ served from a sub-path (http://127.0.0.1:<port>/docs/sandbox/)
// to prove the static files work wherever they are hosted. Only the UI is used: clicks, typing and
// selects, never the page's JavaScript.
//
//   node scripts/build.mjs && node --test tests/e2e/seed.e2e.mjs
//
// A full-page screenshot of each page visited goes to test-artifacts/. The walk fails on any console
// error or page error, and on any request that leaves the page's own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile, mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, CHROMIUM, DIST, openSection, requireDist, ROOT } from './support.mjs';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const SUB = '/docs/sandbox/';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** dist/ under SUB and nothing else: `/docs/sandbox` redirects to the slash, anything outside is 404. */
function serve(root) {
  const server = http.createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    if (pathname === SUB.slice(0, -1)) {
      res.writeHead(301, { location: SUB });
      return res.end();
    }
    if (!pathname.startsWith(SUB)) {
      res.writeHead(404);
      return res.end('outside the sub-path');
    }
    const rel = decodeURIComponent(pathname.slice(SUB.length)) || 'index.html';
    const full = path.join(root, path.normalize(rel));
    if (full !== root && !full.startsWith(root + path.sep)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const body = await readFile(full);
      res.writeHead(200, {
        'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const KEY_NAME = 'seed-root-key';
const DB_NAME = 'orders-db';
const RECORDS = [
  ['1', 'espresso'],
  ['2', 'flat white'],
];

test('the seed path, through the UI, from a sub-path', { timeout: 240_000 }, async (t) => {
  requireDist();
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await serve(DIST);
  const origin = `http://127.0.0.1:${server.address().port}`;
  const base = `${origin}${SUB}`;
  const profile = await mkdtemp(path.join(os.tmpdir(), 'byok-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  let page;
  let passed = false;
  t.after(async () => {
    // On a failure, the page as it was, next to the walk's screenshots.
    if (!passed && page) await page.screenshot({ path: path.join(ARTIFACTS, 'FAILED.png'), fullPage: true }).catch(() => {});
    await context.close();
    server.close();
    await rm(profile, { recursive: true, force: true });
  });

  // Watchers for the whole walk: console errors, page errors, and requests to other origins.
  const problems = [];
  const foreign = [];
  const outsideSub = [];
  context.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (!url.startsWith(origin + '/')) foreign.push(url);
    else if (!url.startsWith(base)) outsideSub.push(url);
  });
  // Nothing may leave the machine even if the app tried: the request is seen above, then aborted.
  await context.route(
    (url) => !url.href.startsWith(origin + '/') && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort(),
  );
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location().url ?? ''})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  // Every control on every page the walk shows has a name a screen reader can say: its text, an
  // aria-label, a <label>, or a title (a placeholder is not a label).
  const unlabelled = [];
  let shot = 0;
  const screenshot = async (name) => {
    shot += 1;
    const file = path.join(ARTIFACTS, `${String(shot).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const nameless = await page.evaluate(() =>
      [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea')]
        .filter((el) => {
          const labelledBy = el.getAttribute('aria-labelledby');
          const names = [
            el.getAttribute('aria-label'),
            labelledBy && document.getElementById(labelledBy)?.textContent,
            el.labels && [...el.labels].map((l) => l.textContent).join(' '),
            el.getAttribute('title'),
            (el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent,
          ];
          return !names.some((n) => n && n.trim());
        })
        .map((el) => el.outerHTML.slice(0, 160)),
    );
    for (const html of nameless) unlabelled.push(`${name}: ${html}`);
  };
  const clock = page.getByRole('region', { name: 'Simulated time' });
  const plusHour = async () => {
    const before = await page.getByTestId('now').textContent();
    await clock.getByRole('button', { name: '+1 h', exact: true }).click();
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="now"]')?.textContent !== b,
      before,
    );
  };
  const expectHash = (re) => page.waitForURL((u) => re.test(u.hash));
  // Assertions that must not stop the walk (a page still being built): checked at the end.
  const deferred = [];

  // 0. A new user opens the sandbox with a seed.
  await page.goto(`${base}?seed=7#/`);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await page.getByText('Seed 7 ·').waitFor();
  // The page says it is loading until the app has drawn, then the line goes.
  assert.match(await (await fetch(base)).text(), /id="boot"[^>]*>Loading the sandbox/);
  await page.locator('#boot').waitFor({ state: 'detached' });
  await screenshot('overview');

  // 1. Key Protect: create a root key, open it, read its CRN.
  await openSection(page, 'Key Protect');
  await expectHash(/^#\/keys$/);
  const create = page.getByTestId('create-key');
  await create.getByLabel('Key name', { exact: true }).fill(KEY_NAME);
  await create.getByLabel('Key type').selectOption({ label: 'Root key (wraps data encryption keys)' });
  await create.getByRole('button', { name: 'Create key' }).click();
  await create.getByTestId('ok').filter({ hasText: `Created key ${KEY_NAME}` }).waitFor();
  const keyLink = page.getByTestId('keys').getByRole('link', { name: KEY_NAME, exact: true });
  await keyLink.waitFor();
  await screenshot('keys');
  await keyLink.click();
  await expectHash(/^#\/keys\/[0-9a-f-]+$/);
  const keyHash = new URL(page.url()).hash;
  await page.getByRole('heading', { level: 1, name: new RegExp(KEY_NAME) }).waitFor();
  assert.equal((await page.getByTestId('key-state').textContent()).trim(), 'Active');
  const keyCrn = (await page.getByTestId('key-crn').textContent()).trim();
  assert.match(keyCrn, /^crn:v1:bluemix:public:kms:[a-z-]+:a\/[^:]+:([0-9a-f-]+):key:[0-9a-f-]+$/);
  const instanceGuid = keyCrn.split(':')[7];
  await screenshot('key');

  // 2. IAM: Databases for PostgreSQL may read keys in this Key Protect instance (Reader).
  await openSection(page, 'IAM');
  await expectHash(/^#\/iam$/);
  const auth = page.getByTestId('create-authorization');
  await auth.getByLabel('Source service').selectOption({ label: 'Databases for PostgreSQL' });
  const targetOption = auth.getByLabel('Target instance').locator('option', { hasText: `(${instanceGuid.slice(0, 8)})` });
  const targetLabel = (await targetOption.textContent()).trim();
  await auth.getByLabel('Target instance').selectOption({ label: targetLabel });
  await auth.getByRole('button', { name: 'Authorize' }).click();
  await page.getByTestId('ok').filter({ hasText: 'Databases for PostgreSQL may now read keys' }).waitFor();
  const authRow = page.getByTestId('authorizations').locator('tbody tr').filter({ hasText: 'Databases for PostgreSQL' });
  await authRow.filter({ hasText: 'Reader' }).filter({ hasText: instanceGuid.slice(0, 8) }).waitFor();
  await screenshot('iam');

  // 3. Databases: provision with the key, picked by name.
  await openSection(page, 'Databases');
  await expectHash(/^#\/databases$/);
  const form = page.getByTestId('provision');
  await form.getByLabel('Service', { exact: true }).selectOption({ label: 'Databases for PostgreSQL' });
  await form.getByLabel('Deployment name').fill(DB_NAME);
  await form.getByLabel('Region').selectOption('us-south');
  await form.getByLabel('Disk encryption key').selectOption({ label: KEY_NAME });
  await screenshot('databases');
  await form.getByRole('button', { name: 'Create', exact: true }).click();
  await expectHash(/^#\/databases\/[0-9a-f-]+$/);
  const deploymentHash = new URL(page.url()).hash;
  await page.getByRole('heading', { level: 1, name: new RegExp(DB_NAME) }).waitFor();
  await page.getByTestId('progress').waitFor();
  assert.match(await page.getByTestId('progress').textContent(), /\d+%/);
  assert.equal((await page.getByTestId('disk-key').textContent()).trim(), keyCrn);
  await screenshot('deployment-provisioning');

  // Move the clock an hour: provisioning (30 min) is done.
  await plusHour();
  await page.getByTestId('progress').waitFor({ state: 'detached' });
  await page.getByTestId('deployment-state').filter({ hasText: /^active$/ }).waitFor();

  // Two records, read back; the disk holds only ciphertexts.
  const write = page.getByTestId('write-record');
  for (const [id, value] of RECORDS) {
    await write.getByLabel('Record id').fill(id);
    await write.getByLabel('Value', { exact: true }).fill(value);
    await write.getByRole('button', { name: 'Write' }).click();
    await page.getByTestId('ok').filter({ hasText: `Wrote orders/${id}` }).waitFor();
  }
  await page.getByTestId('read-records').click();
  const records = page.getByTestId('records');
  await records.locator('tbody tr').nth(RECORDS.length - 1).waitFor();
  const read = await records.locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
  );
  assert.deepEqual(read, RECORDS);
  const disk = await page.getByTestId('disk').locator('tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)),
  );
  assert.deepEqual(disk.map((r) => r[0]), RECORDS.map(([id]) => `orders/${id}`));
  for (const [i, [, plain]] of RECORDS.entries()) {
    const [, nonce, cipher] = disk[i];
    assert.match(nonce, /^[0-9a-f]{24}$/, 'a 96-bit nonce in hex');
    assert.ok(cipher.length > 0 && cipher !== plain && !cipher.includes(plain), `ciphertext ${cipher} differs from ${plain}`);
    assert.notEqual(cipher, Buffer.from(plain).toString('base64'), 'not merely base64 of the plaintext');
  }
  assert.notEqual(disk[0][2], disk[1][2]);
  assert.match(await page.getByTestId('wrapped-dek').textContent(), /…$/);
  await screenshot('deployment-data');

  // 4. Delete the deployment: soft deletion, listed in Reclamations with a countdown.
  await page.getByTestId('delete-deployment').click();
  await page.getByRole('dialog', { name: 'Confirm deletion' }).waitFor();
  await page.getByTestId('confirm-delete-deployment').click();
  await expectHash(/^#\/reclamations$/);
  const reclaimRow = page.getByTestId('reclamations').locator('tbody tr').filter({ hasText: DB_NAME });
  await reclaimRow.waitFor();
  assert.match((await reclaimRow.locator('td.countdown').textContent()).trim(), /^in \S/);
  await screenshot('reclamations');

  // 5. The timeline draws the soft-deletion period on the deployment's lane.
  await openSection(page, 'Timeline');
  await expectHash(/^#\/timeline$/);
  await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
  // Each check on its own, so a failure says which part is missing.
  const svg = page.locator('.timeline svg');
  const softDeletion = 'rect.span.SoftDeletion';
  const lane = svg.locator('g.lane').filter({ has: page.locator('text.lane-label', { hasText: DB_NAME }) });
  for (const [what, locator] of [
    ['an SVG inside .timeline', svg],
    [`a ${softDeletion}`, svg.locator(softDeletion)],
    [`a lane label containing "${DB_NAME}"`, svg.locator('text.lane-label', { hasText: DB_NAME })],
    [`the ${softDeletion} on the lane of "${DB_NAME}"`, lane.locator(softDeletion)],
  ]) {
    try {
      await locator.first().waitFor({ timeout: 5_000 });
    } catch {
      deferred.push(`timeline: missing ${what}`);
    }
  }
  await screenshot('timeline');
  // From the keyboard: Tab reaches the deployment's events, one disc with their count at this scale
  // (nine days), a button that names them; Enter lists them, and a click on one opens it.
  const marker = page.getByRole('button', { name: /instance\.schedule_reclaim success/ });
  await marker.focus();
  await page.getByTestId('timeline-hover').filter({ hasText: 'instance.schedule_reclaim' }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('timeline-cluster').getByRole('button', { name: /instance\.schedule_reclaim/ }).click();
  await page.getByTestId('timeline-event').filter({ hasText: 'instance.schedule_reclaim' }).waitFor();
  // ...and Chromium's accessibility tree, what a screen reader reads, has it as a button too.
  const cdp = await context.newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  assert.ok(
    nodes.some((n) => !n.ignored && n.role?.value === 'button' && /instance\.schedule_reclaim/.test(n.name?.value ?? '')),
    'a timeline marker is a named button in the accessibility tree',
  );
  await cdp.detach();

  // 6. The key: deletion is refused while the deployment is registered; force delete shreds it.
  await openSection(page, 'Key Protect');
  await page.getByTestId('keys').getByRole('link', { name: KEY_NAME, exact: true }).click();
  await page.waitForURL((u) => u.hash === keyHash);
  await page.getByTestId('registrations').locator('li').filter({ hasText: deploymentCrnPart(deploymentHash) }).waitFor();
  // The protected resource is named, and links to its deployment.
  assert.equal(
    await page.getByTestId('registrations').getByRole('link', { name: `${DB_NAME} (Databases for PostgreSQL)` }).getAttribute('href'),
    deploymentHash,
  );
  await page.getByTestId('delete-key').click();
  await page.getByRole('dialog', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete', exact: true }).click();
  const error = page.getByTestId('error');
  await error.filter({ hasText: 'PROTECTED_RESOURCE_ERR' }).waitFor();
  assert.equal((await page.getByTestId('key-state').textContent()).trim(), 'Active');
  await screenshot('key-delete-refused');
  await page.getByTestId('force-delete-key').click();
  const force = page.getByRole('dialog', { name: 'Confirm force deletion' });
  await force.waitFor();
  await force.getByTestId('shred-list').filter({ hasText: DB_NAME }).waitFor();
  assert.ok(await force.getByTestId('confirm-force').isDisabled(), 'force delete waits for the name');
  await force.getByTestId('confirm-name').fill(KEY_NAME);
  await screenshot('key-force-confirm');
  await force.getByTestId('confirm-force').click();
  await page.getByTestId('ok').filter({ hasText: 'Key force-deleted' }).waitFor();
  await page.getByTestId('key-state').filter({ hasText: /^Destroyed$/ }).waitFor();
  await screenshot('key-destroyed');

  // The key event reaches the deployment after the propagation delay.
  await plusHour();

  // 7. The deployment: shredded, metadata and the key CRN still shown, no data ever again.
  await openSection(page, 'Databases');
  await page.getByTestId('deployments').getByRole('link', { name: DB_NAME, exact: true }).click();
  await page.waitForURL((u) => u.hash === deploymentHash);
  await page.getByTestId('shredded').waitFor();
  assert.equal((await page.getByTestId('disk-key').textContent()).trim(), keyCrn);
  await page.getByTestId('read-records').click();
  const readError = page.getByTestId('error');
  await readError.waitFor();
  assert.equal(await page.getByTestId('records').count(), 0);
  // A shredded deployment says so, even while it is soft-deleted ("restore it to use it" would
  // promise data that is gone).
  const readCode = (await readError.locator('.code').textContent()).trim();
  if (!readCode.includes('DEPLOYMENT_CRYPTOSHREDDED')) {
    deferred.push(`reading a shredded deployment's records: expected DEPLOYMENT_CRYPTOSHREDDED, got "${readCode}"`);
  }
  await screenshot('deployment-shredded');
  // The envelope is cut where the DEK was.
  assert.equal(await page.getByTestId('envelope-dek').getAttribute('data-state'), 'discarded');
  assert.equal(await page.getByTestId('envelope-wraps').getAttribute('data-state'), 'cut');

  // The timeline after the seed path, at a glance: the deployment in its key's group, each period
  // labelled with what ends it, the now line labelled.
  await openSection(page, 'Timeline');
  await expectHash(/^#\/timeline$/);
  const labels = svg.locator('text.span-label');
  for (const text of ['reclaimed for good 01-10', 'restore closes 01-31', 'purged 04-01']) {
    await labels.filter({ hasText: text }).first().waitFor();
  }
  await svg.locator('g.lane.nested').filter({ has: page.locator('text.lane-label', { hasText: DB_NAME }) }).waitFor();
  assert.match(await page.getByTestId('now-label').textContent(), /^now 01-01 \d\d:\d\d$/);
  await screenshot('timeline-after-shred');

  // 8. Activity: the deletion event.
  await openSection(page, 'Activity');
  await expectHash(/^#\/activity$/);
  await page.getByLabel('Action', { exact: true }).fill('kms.secrets.delete');
  const deleteRow = page.locator('[data-testid="events"] tr[data-action="kms.secrets.delete"]');
  await deleteRow.first().waitFor();
  assert.equal(
    await page.locator('[data-testid="events"] tbody tr.event:not([data-action*="kms.secrets.delete"])').count(),
    0,
    'the filter leaves only matching actions',
  );
  await screenshot('activity');

  // 9. Reload: the sandbox was saved in the browser and comes back as it was. The app saves a
  // moment after a change, so first wait until the browser's storage holds the last action (the
  // read of the shredded deployment's records), read from outside the page.
  await waitForSaved(page, 'seed-7', (last) => last?.kind === 'request' && last.request.method === 'GET' && last.request.path.endsWith('/tables/orders/records'));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Activity' }).waitFor();
  await page.getByLabel('Action', { exact: true }).fill('kms.secrets.delete');
  await deleteRow.first().waitFor();
  await screenshot('activity-after-reload');
  await openSection(page, 'Key Protect');
  await page.getByTestId('keys').getByRole('link', { name: KEY_NAME, exact: true }).waitFor({ state: 'detached' });
  await page.getByLabel('State', { exact: true }).selectOption({ label: 'all' });
  await page.getByTestId('keys').getByRole('link', { name: KEY_NAME, exact: true }).click();
  await page.waitForURL((u) => u.hash === keyHash);
  await page.getByTestId('key-state').filter({ hasText: /^Destroyed$/ }).waitFor();
  assert.equal((await page.getByTestId('key-crn').textContent()).trim(), keyCrn);
  await screenshot('key-after-reload');
  await openSection(page, 'Databases');
  await page.getByTestId('deployments').getByRole('link', { name: DB_NAME, exact: true }).click();
  await page.waitForURL((u) => u.hash === deploymentHash);
  await page.getByTestId('shredded').waitFor();
  assert.equal((await page.getByTestId('disk-key').textContent()).trim(), keyCrn);
  await screenshot('deployment-after-reload');
  await openSection(page, 'Reclamations');
  await page.getByTestId('reclamations').locator('tbody tr').filter({ hasText: DB_NAME }).waitFor();
  await screenshot('reclamations-after-reload');

  // 10. The other sections, for their screenshots and the name check on their controls.
  for (const [label, heading] of [['Terminal', 'Terminal'], ['API console', 'API console'], ['Tours', 'Guided scenarios'], ['Settings', 'Settings']]) {
    await openSection(page, label);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await screenshot(label.toLowerCase().replace(' ', '-'));
  }

  // The watchers.
  assert.deepEqual(foreign, [], 'requests to another origin');
  assert.deepEqual(outsideSub, [], `requests outside ${SUB}: the app must use relative URLs`);
  assert.deepEqual(problems, [], 'console or page errors');
  assert.deepEqual(deferred, [], 'deferred assertions');
  assert.deepEqual(unlabelled, [], 'controls without an accessible name');
  passed = true;
});

/** Polls the browser's IndexedDB (read directly, not through the app) until the last journal entry
 * of sandbox `name` satisfies `isLast`. */
async function waitForSaved(page, name, isLast, timeout = 10_000) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = await page.evaluate(async (name) => {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('byok-sandbox');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const meta = await req(db.transaction('sandboxes').objectStore('sandboxes').index('name').get(name));
      const row = meta && await req(db.transaction('journal').objectStore('journal').get([meta.id, meta.seq]));
      db.close();
      return row ? JSON.parse(row.text) : undefined;
    }, name);
    if (isLast(last)) return;
    if (Date.now() > until) throw new Error(`the sandbox was not saved in time; last saved entry: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The deployment's GUID from its page's hash: registrations show the deployment's CRN, which ends in it. */
function deploymentCrnPart(hash) {
  return hash.split('/').pop();
}
