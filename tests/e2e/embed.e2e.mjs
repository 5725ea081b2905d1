// End to end: the app embedded in an iframe (`?embed=1`) by a host page, driven through the
// postMessage protocol, and the same page's `window.byokSandbox` used directly. Served on loopback
// only; the test fails on console errors and on requests to any other origin.
//
//   node scripts/build.mjs && node --test tests/e2e/embed.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, originOf, requireDist, serve, watch } from './support.mjs';

// The host page: embeds the sandbox and talks to it by postMessage, recording replies and events.
const HOST = `<!doctype html><html><head><link rel="icon" href="data:,"></head><body>
<iframe id="sb" src="/sandbox/?seed=5&embed=1#/activity" width="1200" height="700"></iframe>
<script>
  window.replies = {}; window.sandboxEvents = [];
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'byok-sandbox-reply') window.replies[e.data.id] = e.data;
    if (e.data && e.data.type === 'byok-sandbox-event') window.sandboxEvents.push(e.data.event);
  });
  window.ask = (id, method, args) => document.getElementById('sb').contentWindow.postMessage({ type: 'byok-sandbox', id, method, args }, '*');
</script></body></html>`;

// What the server answers besides the app (which is under /sandbox/): the host page, and scenario
// files an author hosts beside the sandbox.
const route = (pathname) => {
  if (pathname === '/host.html') return { body: HOST };
  if (pathname === '/sandbox/my-tour.txt') {
    return { type: 'text/plain', body: 'scenario 1 my-tour\ntitle My own tour\nstep Look at the clock\n  say The sandbox has its own clock.\n  run sandbox now\n  expect exit 0\n' };
  }
  if (pathname === '/sandbox/bad-tour.txt') return { type: 'text/plain', body: 'scenario 1 bad\nstep One\n  expect exit later\n' };
  return null;
};

test('embedded in an iframe, driven by postMessage and by window.byokSandbox', { timeout: 120_000 }, async () => {
  requireDist();
  const server = await serve({ prefix: '/sandbox/', route });
  const origin = originOf(server);
  const browser = await launch();
  const problems = [];
  try {
    const page = watch(await browser.newPage(), problems);
    await page.goto(`${origin}/host.html`);
    const frame = page.frameLocator('#sb');
    await frame.locator('main h1', { hasText: 'Activity' }).waitFor();
    // ?embed=1: no header or footer, the time controls stay.
    assert.equal(await frame.locator('header.top').count(), 0);
    assert.equal(await frame.locator('footer').count(), 0);
    await frame.getByTestId('now').waitFor();

    // A request by postMessage, with the headers of the user the app acts as filled in.
    await page.evaluate(() => window.ask(1, 'request', [{ method: 'POST', path: '/api/v2/keys', body: {
      metadata: { collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 },
      resources: [{ type: 'application/vnd.ibm.kms.key+json', name: 'embedded-key' }] } }]));
    await page.waitForFunction(() => window.replies[1]);
    const created = await page.evaluate(() => window.replies[1]);
    assert.equal(created.result.status, 201, JSON.stringify(created));
    // The event reached the host, and the embedded page shows it.
    await page.waitForFunction(() => window.sandboxEvents.some((e) => e.action === 'kms.secrets.create'));
    await frame.locator('[data-action="kms.secrets.create"]').waitFor();

    // The clock, by postMessage; an unknown method is an error, not silence.
    await page.evaluate(() => window.ask(2, 'advance', ['1d']));
    await page.waitForFunction(() => window.replies[2]);
    assert.equal((await page.evaluate(() => window.replies[2])).result, '2026-01-02T00:00:00Z');
    await frame.getByTestId('now').filter({ hasText: '2026-01-02T00:00:00Z' }).waitFor();
    await page.evaluate(() => window.ask(3, 'explode', []));
    await page.waitForFunction(() => window.replies[3]);
    assert.match((await page.evaluate(() => window.replies[3])).error, /unknown method 'explode'/);

    // An ibmcloud command line by postMessage, run in the app's terminal shell.
    await page.evaluate(() => window.ask(4, 'exec', ['ibmcloud kp keys']));
    await page.waitForFunction(() => window.replies[4]);
    const listed = (await page.evaluate(() => window.replies[4])).result;
    assert.equal(listed.code, 0, JSON.stringify(listed));
    assert.match(listed.stdout, /embedded-key/);

    // window.byokSandbox inside the app's own page: request, on(event), exportState, reset.
    const inner = page.frame({ url: /\/sandbox\// });
    const result = await inner.evaluate(() => {
      const heard = [];
      const id = window.byokSandbox.on('event', (e) => heard.push(e.action));
      const keys = window.byokSandbox.request({ method: 'GET', path: '/api/v2/keys' });
      window.byokSandbox.off(id);
      const saved = JSON.parse(window.byokSandbox.exportState());
      const users = window.byokSandbox.users().map((u) => u.name);
      return { status: keys.status, names: keys.body.resources.map((k) => k.name), saved, users, now: window.byokSandbox.now() };
    });
    assert.equal(result.status, 200);
    assert.deepEqual(result.names, ['embedded-key']);
    assert.equal(result.saved.format, 'byok-sandbox');
    assert.equal(result.saved.seed, '5');
    assert.deepEqual(result.users, ['alice', 'bob', 'carol', 'dave']);
    assert.equal(result.now, '2026-01-02T00:00:00Z');
    // Listeners hear events (the notification runs after the app's render).
    await inner.evaluate(() => { window.heard = []; window.byokSandbox.on('event', (e) => window.heard.push(e.action)); window.byokSandbox.advance('1h'); window.byokSandbox.request({ method: 'GET', path: '/api/v2/keys' }); });
    await inner.waitForFunction(() => window.heard.includes('kms.secrets.list'));
    const seed = await inner.evaluate(() => window.byokSandbox.reset(9));
    assert.equal(seed, 9);
    await frame.getByTestId('now').filter({ hasText: '2026-01-01T00:00:00Z' }).waitFor();
    // A scenario loaded from a URL runs; a malformed one names its line.
    await page.goto(`${origin}/sandbox/?seed=3&scenario-url=my-tour.txt`);
    await page.getByTestId('step').filter({ hasText: 'Step 1 of 1: Look at the clock' }).waitFor();
    await page.getByTestId('run-step').click();
    await page.getByTestId('step-ok').waitFor();
    await page.goto(`${origin}/sandbox/?seed=3&scenario-url=bad-tour.txt`);
    await page.getByTestId('scenario-error').filter({ hasText: "line 3: 'expect exit' needs a number" }).waitFor();

    // A deep link opens a guided tour at a step.
    await page.goto(`${origin}/sandbox/?seed=3&scenario=byok-seed&step=2#/`);
    await page.getByTestId('step').filter({ hasText: 'Step 2 of 8: Authorize Databases for PostgreSQL to read the key' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    server.close();
  }
});
