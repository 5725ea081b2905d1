// End to end: named sandboxes, tabs and embeds in step, storage that keeps everything, and who may
// drive an embedded sandbox. The built app (dist/) on one loopback port; host pages of another
// origin on a second port. Fails on console errors and on requests off loopback.
//
//   node scripts/build.mjs && node --test tests/e2e/storage.e2e.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, originOf, requireDist, serve, watch } from './support.mjs';

// Host pages, served by both servers: two embeds of named sandboxes, or one embed that is asked
// to do things by postMessage (its replies and events recorded).
const hostPage = (appOrigin, frames) => `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
${frames.map((src, i) => `<iframe id="f${i}" src="${appOrigin}${src}" width="1000" height="500"></iframe>`).join('\n')}
<script>
  window.replies = {}; window.events = []; window.ready = [];
  window.addEventListener('message', (e) => {
    if (!e.data) return;
    if (e.data.type === 'byok-sandbox-reply') window.replies[e.data.id] = { ...e.data, origin: e.origin };
    if (e.data.type === 'byok-sandbox-event') window.events.push(e.data.event);
    if (e.data.type === 'byok-sandbox-ready') window.ready.push(e.data.sandbox);
  });
  window.ask = (frame, id, method, args) => document.getElementById(frame).contentWindow.postMessage({ type: 'byok-sandbox', id, method, args }, '*');
</script></body></html>`;

/** What /sandbox.json answers (null: the file shipped in dist/). */
let sandboxJson = null;
const hosts = {};

// What both servers answer besides the app: the host pages, and sandbox.json when a test sets it.
const route = (pathname) => {
  if (hosts[pathname]) return { body: hosts[pathname] };
  if (pathname === '/sandbox.json' && sandboxJson !== null) return { type: 'application/json', body: sandboxJson };
  return null;
};

let app, other, browser, A, B;
const problems = [];

before(async () => {
  requireDist();
  app = await serve({ route });
  other = await serve({ route });
  A = originOf(app);
  B = originOf(other);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  app?.close();
  other?.close();
});

/** A page that records console errors and off-loopback requests into `problems`. */
async function watched(context) {
  return watch(await context.newPage(), problems);
}

/** Creates a key through the Key Protect page's form. */
async function createKey(frame, name) {
  await frame.locator('[aria-label="Key name"]').fill(name);
  await frame.getByRole('button', { name: 'Create key', exact: true }).click();
  await frame.getByTestId('keys').getByRole('link', { name, exact: true }).waitFor();
}

const keyLink = (frame, name) => frame.getByTestId('keys').getByRole('link', { name, exact: true });

async function keyNames(frame) {
  return (await frame.getByTestId('keys').locator('a').allTextContents()).filter((t) => t.startsWith('k-')).sort();
}

test('two tabs acting in turn stay in step, and a third tab opened afterwards has everything', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const [one, two] = [await watched(context), await watched(context)];
  await one.goto(`${A}/?sandbox=tabs#/keys`);
  await two.goto(`${A}/?sandbox=tabs#/keys`);
  await createKey(one, 'k-1');
  await keyLink(two, 'k-1').waitFor({ timeout: 2_000 });
  await createKey(two, 'k-2');
  await keyLink(one, 'k-2').waitFor({ timeout: 2_000 });
  await createKey(one, 'k-3');
  await keyLink(two, 'k-3').waitFor({ timeout: 2_000 });
  // Both at the same moment: the store orders them, neither is lost.
  await Promise.all([
    one.evaluate(() => window.byokSandbox.exec('ibmcloud kp key create k-4')),
    two.evaluate(() => window.byokSandbox.exec('ibmcloud kp key create k-5')),
  ]);
  for (const page of [one, two]) {
    await keyLink(page, 'k-4').waitFor({ timeout: 3_000 });
    await keyLink(page, 'k-5').waitFor({ timeout: 3_000 });
  }
  const third = await watched(context);
  await third.goto(`${A}/?sandbox=tabs#/keys`);
  await keyLink(third, 'k-5').waitFor();
  assert.deepEqual(await keyNames(third), ['k-1', 'k-2', 'k-3', 'k-4', 'k-5']);
  // The three agree on the whole history, event for event.
  const logs = await Promise.all([one, two, third].map((p) => p.evaluate(() => JSON.stringify(window.byokSandbox.events()))));
  assert.equal(logs[0], logs[2]);
  assert.equal(logs[1], logs[2]);
  // Renamed in one tab's Settings: the others follow (their header and address).
  await one.goto(`${A}/?sandbox=tabs#/settings`);
  const row = one.locator('[data-testid=sandbox-row][data-name="tabs"]');
  await row.getByRole('button', { name: 'Rename' }).click();
  await row.getByTestId('rename-input').fill('tabs-renamed');
  await row.getByRole('button', { name: 'Save name' }).click();
  await two.getByTestId('sandbox-name').filter({ hasText: 'Sandbox: tabs-renamed' }).waitFor({ timeout: 2_000 });
  assert.match(two.url(), /[?&]sandbox=tabs-renamed(&|#|$)/);
  await one.getByTestId('sandbox-name').filter({ hasText: 'Sandbox: tabs-renamed' }).waitFor();
  await context.close();
  assert.deepEqual(problems, []);
});

test('a page with two embeds, each naming its sandbox: after a reload each shows its own work', { timeout: 120_000 }, async () => {
  hosts['/docs.html'] = hostPage('', ['/?embed=1&sandbox=docs-keys#/keys', '/?embed=1&sandbox=docs-more#/keys']);
  const context = await browser.newContext();
  const page = await watched(context);
  await page.goto(`${A}/docs.html`);
  const [first, second] = [page.frameLocator('#f0'), page.frameLocator('#f1')];
  await createKey(first, 'k-first');
  await createKey(second, 'k-second');
  await page.reload();
  await keyLink(first, 'k-first').waitFor();
  await keyLink(second, 'k-second').waitFor();
  assert.deepEqual(await keyNames(first), ['k-first']);
  assert.deepEqual(await keyNames(second), ['k-second']);
  // Two embeds of the same name share one sandbox and follow each other.
  hosts['/shared.html'] = hostPage('', ['/?embed=1&sandbox=docs-keys#/keys', '/?embed=1&sandbox=docs-keys#/keys']);
  await page.goto(`${A}/shared.html`);
  await keyLink(page.frameLocator('#f1'), 'k-first').waitFor();
  await createKey(page.frameLocator('#f0'), 'k-shared');
  await keyLink(page.frameLocator('#f1'), 'k-shared').waitFor({ timeout: 2_000 });
  await context.close();
  assert.deepEqual(problems, []);
});

test('a ?seed= link opens a sandbox of its own and leaves the default as it was', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await watched(context);
  await page.goto(`${A}/#/keys`);
  await createKey(page, 'k-mine');
  await page.goto(`${A}/?seed=42#/keys`);
  await page.getByTestId('sandbox-name').filter({ hasText: 'seed-42' }).waitFor();
  await page.getByTestId('keys').waitFor();
  assert.deepEqual(await keyNames(page), []);
  assert.equal(await page.evaluate(() => JSON.parse(window.byokSandbox.exportState()).seed), '42');
  await createKey(page, 'k-seeded');
  // The default is one click away, as it was.
  await page.getByTestId('open-default').click();
  await page.waitForURL((u) => u.search === '' && u.hash === '#/keys');
  await keyLink(page, 'k-mine').waitFor();
  assert.deepEqual(await keyNames(page), ['k-mine']);
  // Settings lists both.
  await page.goto(`${A}/#/settings`);
  await page.locator('[data-testid=sandbox-row][data-name="seed-42"]').waitFor();
  await page.locator('[data-testid=sandbox-row][data-name="default"]').waitFor();
  await context.close();
  assert.deepEqual(problems, []);
});

test('a page of another origin gets no answer and changes nothing; one allowed in sandbox.json does', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await watched(context);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  hosts['/foreign.html'] = hostPage(A, ['/?embed=1&sandbox=foreign#/keys']);
  await page.goto(`${B}/foreign.html`);
  const frame = page.frameLocator('#f0');
  await frame.getByTestId('keys').waitFor();
  // The embed listens from when its API is there (after the shell's chunk); a foreign page hears
  // no `ready`, so the test looks inside the frame.
  await page.frame({ url: /sandbox=foreign/ }).waitForFunction(() => window.byokSandbox);
  const create = { method: 'POST', path: '/api/v2/keys', body: { metadata: { collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 }, resources: [{ type: 'application/vnd.ibm.kms.key+json', name: 'k-foreign' }] } };
  await page.evaluate((create) => { window.ask('f0', 1, 'request', [create]); window.ask('f0', 2, 'exportState', []); }, create);
  await frame.getByText('k-foreign').waitFor({ timeout: 1_500 }).then(() => assert.fail('a foreign page created a key'), () => {});
  assert.deepEqual(await page.evaluate(() => window.replies), {});
  assert.deepEqual(await page.evaluate(() => window.events), []);
  assert.ok(warnings.some((w) => w.includes(`ignored messages from ${B}`)), `a console note about ${B}: ${warnings}`);
  const own = await watched(context);
  await own.goto(`${A}/?sandbox=foreign#/keys`);
  await own.getByTestId('keys').waitFor();
  assert.deepEqual(await keyNames(own), []);

  // The deployer allows the other origin in sandbox.json: it works, and only it hears.
  sandboxJson = JSON.stringify({ allowedOrigins: [B] });
  try {
    hosts['/allowed.html'] = hostPage(A, ['/?embed=1&sandbox=allowed#/keys']);
    await page.goto(`${B}/allowed.html`);
    await page.waitForFunction(() => window.ready.includes('allowed'));
    await page.evaluate((create) => window.ask('f0', 1, 'request', [create]), create);
    await page.waitForFunction(() => window.replies[1]);
    const reply = await page.evaluate(() => window.replies[1]);
    assert.equal(reply.result.status, 201);
    assert.equal(reply.origin, A);
    await page.frameLocator('#f0').getByText('k-foreign').waitFor();
    await page.waitForFunction(() => window.events.some((e) => e.action === 'kms.secrets.create'));
  } finally {
    sandboxJson = null;
  }
  await context.close();
  assert.deepEqual(problems, []);
});

/** Reads or changes the app's IndexedDB from inside a page of its origin. */
function idb(page, work, arg) {
  return page.evaluate(async ([work, arg]) => {
    const db = await new Promise((resolve, reject) => {
      const r = indexedDB.open('byok-sandbox');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    // eslint-disable-next-line no-new-func
    const result = await new Function('db', 'req', 'arg', `return (async () => { ${work} })()`)(db, req, arg);
    db.close();
    return result;
  }, [work, arg]);
}

const snapshotOf = (page, name) => idb(page, `
  const meta = await req(db.transaction('sandboxes').objectStore('sandboxes').index('name').get(arg));
  const snap = meta && await req(db.transaction('snapshots').objectStore('snapshots').get(meta.id));
  return snap ? {
    seq: snap.seq, version: snap.version, blob: snap.bytes instanceof Blob,
    length: snap.bytes.size ?? snap.bytes.length, stateLength: snap.stateLength,
  } : null;`, name);

/** Opens sandbox `name` with a key and 200 more inputs, and waits for its snapshot. */
async function withSnapshot(page, name) {
  await page.goto(`${A}/?sandbox=${name}#/keys`);
  await createKey(page, 'k-kept');
  await page.evaluate(() => { for (let i = 0; i < 200; i++) window.byokSandbox.request({ method: 'GET', path: '/api/v2/keys' }); });
  for (let i = 0; i < 100 && !(await snapshotOf(page, name)); i++) await page.waitForTimeout(100);
  const snap = await snapshotOf(page, name);
  assert.ok(snap && snap.seq >= 200, `a snapshot was written: ${JSON.stringify(snap)}`);
  return snap;
}

test('a damaged or old-format snapshot is explained and kept, and the sandbox opens from its journal', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await watched(context);
  // A snapshot is its state (the first stateLength bytes) and then its history, in one Blob.
  for (const [name, change, says] of [
    ['damaged-snap', 'bytes[stateLength >> 1] ^= 0x40;', 'it is damaged'],
    ['damaged-history', 'bytes[(stateLength + bytes.length) >> 1] ^= 0x40;', 'it is damaged'],
    ['old-snap', 'bytes[8] = 0;', 'written by an older build'],
  ]) {
    await withSnapshot(page, name);
    await idb(page, `
      const meta = await req(db.transaction('sandboxes').objectStore('sandboxes').index('name').get(arg.name));
      const snap = await req(db.transaction('snapshots').objectStore('snapshots').get(meta.id));
      const bytes = new Uint8Array(await snap.bytes.arrayBuffer());
      const stateLength = snap.stateLength; ${change}
      snap.bytes = new Blob([bytes]);
      const tx = db.transaction('snapshots', 'readwrite');
      tx.objectStore('snapshots').put(snap);
      await new Promise((r) => { tx.oncomplete = r; });`, { name });
    await page.reload();
    await keyLink(page, 'k-kept').waitFor();
    await page.getByRole('status').filter({ hasText: says }).first().waitFor();
    // Every event is there (a damaged history's sandbox is made again from the journal).
    await page.waitForFunction(() => window.byokSandbox && window.byokSandbox.events().length >= 201);
    await page.goto(`${A}/?sandbox=${name}#/settings`);
    const kept = page.getByTestId('kept-copy').filter({ hasText: name });
    await kept.first().waitFor();
    const download = page.waitForEvent('download');
    await kept.first().getByRole('button', { name: 'Download' }).click();
    assert.match((await download).suggestedFilename(), new RegExp(`${name}-snapshot`));
    // The journal is intact: the export still has every input.
    const saved = JSON.parse(await page.evaluate(() => window.byokSandbox.exportState()));
    assert.ok(saved.journal.length >= 201, `${saved.journal.length} inputs`);
  }
  await context.close();
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
});

test('reopening takes the snapshot index.html started reading, and only if it is still the newest', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const setup = await watched(context);
  await withSnapshot(setup, 'early-snap');
  await setup.close();
  // Every read of a snapshot record, counted (the early read is one; the app's own would be another).
  const counting = () => {
    const get = IDBObjectStore.prototype.get;
    window.snapshotReads = 0;
    IDBObjectStore.prototype.get = function (...args) {
      if (this.name === 'snapshots') window.snapshotReads += 1;
      return get.apply(this, args);
    };
  };
  const page = await watched(context);
  await page.addInitScript(counting);
  await page.goto(`${A}/?sandbox=early-snap#/keys`);
  await keyLink(page, 'k-kept').waitFor();
  assert.equal(await page.evaluate(() => window.snapshotReads), 1, 'the app used the early read');
  await page.waitForFunction(() => window.byokSandbox && window.byokSandbox.events().length >= 201);
  assert.equal(await page.evaluate(() => performance.getEntriesByName('byok-sandbox early read done').length), 1);
  // An early read that another tab has overtaken (its snapshot is older than the sandbox's newest,
  // and its bytes would not even restore) is left alone: the app reads the newest itself.
  const stale = await watched(context);
  await stale.addInitScript(counting);
  await stale.addInitScript(() => {
    let early = null;
    Object.defineProperty(window, 'byokSandboxEarlyRead', {
      configurable: true,
      get: () => early,
      set: (read) => {
        early = read && read.then((r) => r && {
          meta: { ...r.meta, snapshotSeq: r.meta.snapshotSeq - 1 },
          record: { ...r.record, seq: r.record.seq - 1, bytes: new Uint8Array([1, 2, 3]) },
          state: new Uint8Array([1, 2, 3]),
        });
      },
    });
  });
  await stale.goto(`${A}/?sandbox=early-snap#/keys`);
  await keyLink(stale, 'k-kept').waitFor();
  assert.equal(await stale.evaluate(() => window.snapshotReads), 2, 'the app read the snapshot itself');
  assert.equal(await stale.getByRole('status').filter({ hasText: 'could not be used' }).count(), 0);
  // A duplicate takes the snapshot as it is (its Blob), and opens from it, history and all.
  await stale.goto(`${A}/?sandbox=early-snap#/settings`);
  await stale.locator('[data-testid=sandbox-row][data-name="early-snap"]').getByRole('button', { name: 'Duplicate' }).click();
  await stale.locator('[data-testid=sandbox-row][data-name="early-snap copy"]').waitFor();
  const [original, copy] = [await snapshotOf(stale, 'early-snap'), await snapshotOf(stale, 'early-snap copy')];
  assert.deepEqual(copy, original);
  await stale.goto(`${A}/?sandbox=${encodeURIComponent('early-snap copy')}#/keys`);
  await keyLink(stale, 'k-kept').waitFor();
  await stale.waitForFunction(() => window.byokSandbox && window.byokSandbox.events().length >= 201);
  assert.equal(await stale.getByRole('status').filter({ hasText: 'could not be used' }).count(), 0);
  // A deletion undone puts the snapshot back as it was (its Blob outlives the deleted record).
  await stale.goto(`${A}/?sandbox=early-snap#/settings`);
  const row = stale.locator('[data-testid=sandbox-row][data-name="early-snap copy"]');
  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Yes, delete' }).click();
  await stale.getByTestId('deleted').getByRole('button', { name: 'Undo' }).click();
  await stale.locator('[data-testid=sandbox-row][data-name="early-snap copy"]').waitFor();
  assert.deepEqual(await snapshotOf(stale, 'early-snap copy'), original);
  await stale.goto(`${A}/?sandbox=${encodeURIComponent('early-snap copy')}#/keys`);
  await keyLink(stale, 'k-kept').waitFor();
  await stale.waitForFunction(() => window.byokSandbox && window.byokSandbox.events().length >= 201);
  assert.equal(await stale.getByRole('status').filter({ hasText: 'could not be used' }).count(), 0);
  await context.close();
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
});

test('a reopened sandbox is usable before its history arrives, and what is done meanwhile follows the history', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const setup = await watched(context);
  await withSnapshot(setup, 'arriving');
  const before = await setup.evaluate(() => window.byokSandbox.events().length);
  const lastUsed = () => idb(setup, `
    const meta = await req(db.transaction('sandboxes').objectStore('sandboxes').index('name').get(arg));
    return meta.lastUsed;`, 'arriving');
  const used = await lastUsed();
  // Reopening notes the time of use (written behind the read that found the sandbox, before any
  // action could write it).
  const touched = async () => { for (;;) if (await lastUsed() > used) return true; };
  const page = await watched(context);
  // The snapshot's state is the first Blob read; every later one (its history) waits for the test.
  await page.addInitScript(() => {
    const read = Blob.prototype.arrayBuffer;
    let reads = 0;
    const history = new Promise((resolve) => { window.releaseHistory = resolve; });
    Blob.prototype.arrayBuffer = function () {
      reads += 1;
      return reads === 1 ? read.call(this) : history.then(() => read.call(this));
    };
  });
  await page.goto(`${A}/?sandbox=arriving#/activity`);
  await page.getByTestId('history-arriving').waitFor();
  assert.equal(await page.evaluate(() => typeof window.byokSandbox), 'undefined', 'no script API before the history');
  await page.goto(`${A}/?sandbox=arriving#/keys`);
  await keyLink(page, 'k-kept').waitFor();
  assert.ok(await touched());
  await setup.close();
  await createKey(page, 'k-meanwhile');
  await page.evaluate(() => window.releaseHistory());
  await page.waitForFunction(() => window.byokSandbox);
  const events = await page.evaluate(() => window.byokSandbox.events());
  assert.equal(events.length, before + 1, 'the history, then the key made meanwhile');
  assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
  assert.equal(events.at(-1).action, 'kms.secrets.create');
  await page.goto(`${A}/?sandbox=arriving#/activity`);
  await page.getByTestId('events').getByText('kms.secrets.create').first().waitFor();
  assert.equal(await page.getByTestId('history-arriving').count(), 0);
  // The key made meanwhile was saved: a new tab has it and the whole history.
  const again = await watched(context);
  await again.goto(`${A}/?sandbox=arriving#/keys`);
  await keyLink(again, 'k-meanwhile').waitFor();
  await again.waitForFunction((n) => window.byokSandbox && window.byokSandbox.events().length === n, before + 1);
  await context.close();
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
});

test('an embed below the fold, of a sandbox with a snapshot, says it is ready and answers', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const setup = await watched(context);
  await withSnapshot(setup, 'below');
  await setup.close();
  // Another origin's page with the embed far out of view (Chromium gives such a frame no
  // animation frames): its history is attached all the same.
  sandboxJson = JSON.stringify({ allowedOrigins: [B] });
  try {
    hosts['/below.html'] = hostPage(A, ['/?embed=1&sandbox=below#/keys']).replace('<iframe ', '<div style="height: 6000px"></div><iframe ');
    const page = await watched(context);
    await page.goto(`${B}/below.html`);
    await page.waitForFunction(() => window.ready.includes('below'), null, { timeout: 20_000 });
    await page.evaluate(() => window.ask('f0', 1, 'events', []));
    await page.waitForFunction(() => window.replies[1]);
    const events = await page.evaluate(() => window.replies[1].result);
    assert.ok(events.length >= 201, `${events.length} events`);
  } finally {
    sandboxJson = null;
  }
  await context.close();
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
});

test('a browser that cannot keep a Blob in IndexedDB keeps the snapshot as bytes, and opens from them', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  // As some private modes do: a record holding a Blob cannot be stored.
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (value, ...rest) {
      if (value && value.bytes instanceof Blob) throw new DOMException('no Blobs here', 'DataCloneError');
      return put.call(this, value, ...rest);
    };
  });
  const page = await watched(context);
  const snap = await withSnapshot(page, 'no-blobs');
  assert.equal(snap.blob, false);
  assert.ok(snap.stateLength > 0 && snap.stateLength < snap.length, JSON.stringify(snap));
  await page.reload();
  await keyLink(page, 'k-kept').waitFor();
  await page.waitForFunction(() => window.byokSandbox && window.byokSandbox.events().length >= 201);
  assert.equal(await page.getByRole('status').filter({ hasText: 'could not be used' }).count(), 0);
  assert.deepEqual(await snapshotOf(page, 'no-blobs'), snap, 'the snapshot was read, not set aside');
  await context.close();
  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
});

test('a full store says so, keeps what was accepted, and saves it once there is room', { timeout: 120_000 }, async () => {
  const context = await browser.newContext();
  const page = await watched(context);
  await page.goto(`${A}/?sandbox=full#/keys`);
  await createKey(page, 'k-before');
  // The quota, simulated: every write into IndexedDB is refused as a full store refuses it.
  // (Chromium's DevTools quota override, Storage.overrideQuotaForOrigin, had no effect on IndexedDB
  // in this headless Chromium.)
  const full = (on) => page.evaluate((on) => {
    window.__add = window.__add || IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = on
      ? function () { throw new DOMException('The quota has been exceeded (simulated).', 'QuotaExceededError'); }
      : window.__add;
  }, on);
  await full(true);
  await createKey(page, 'k-refused');
  await page.getByRole('status').filter({ hasText: 'storage for this site is full' }).first().waitFor();
  // Still there in the tab, and in its export.
  const saved = JSON.parse(await page.evaluate(() => window.byokSandbox.exportState()));
  assert.ok(JSON.stringify(saved.journal).includes('k-refused'));
  await full(false);
  await createKey(page, 'k-after');
  await page.getByRole('status').filter({ hasText: 'saved again' }).first().waitFor();
  const again = await watched(context);
  await again.goto(`${A}/?sandbox=full#/keys`);
  await keyLink(again, 'k-after').waitFor();
  assert.deepEqual(await keyNames(again), ['k-after', 'k-before', 'k-refused']);
  await context.close();
  assert.deepEqual(problems, []);
});
