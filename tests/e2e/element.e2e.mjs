// End to end: the <byok-sandbox> element (www/embed.js, copied into dist/ as embed.js) on host pages
// of another loopback origin that use nothing but its script tag. The sandbox's server (dist/) lists
// the host's origin in sandbox.json. Checks the height that follows the content, lazy and
// click-to-load (no request to the sandbox's host before), the dark and the host's theme, two
// elements of one sandbox, the DOM events, the methods, that messages from other frames are not
// taken for the sandbox's; saves screenshots of a docs-like page into test-artifacts/. Fails on
// console errors and on requests off loopback.
//
//   node scripts/build.mjs && node --test tests/e2e/element.e2e.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, launch, originOf, requireDist, serve, watch } from './support.mjs';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const hosts = {};
let sandbox, host, A, B, browser;
const problems = [];

before(async () => {
  requireDist();
  // The sandbox's host: dist/, its sandbox.json allowing the host pages' origin, and one page of
  // its own origin that pretends to be a sandbox (for the test of who is heard).
  sandbox = await serve({
    route: (p) => {
      if (p === '/sandbox.json') return { type: 'application/json', body: JSON.stringify({ allowedOrigins: [B] }) };
      if (p === '/forger.html') {
        return { body: `<!doctype html><script>
          parent.postMessage({ type: 'byok-sandbox-ready', sandbox: 'forged' }, '*');
          parent.postMessage({ type: 'byok-sandbox-event', event: { action: 'forged' } }, '*');
          parent.postMessage({ type: 'byok-sandbox-size', height: 1 }, '*');
          parent.postMessage({ type: 'forger-done' }, '*');
        </script>` };
      }
      return null;
    },
  });
  A = originOf(sandbox);
  // The documentation's host: only its pages.
  host = await serve({ prefix: '/nothing-here/', route: (p) => (hosts[p] ? { body: hosts[p] } : null) });
  B = originOf(host);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  sandbox?.close();
  host?.close();
});

/** A host page: the script tag, then `body`; every element's DOM events recorded in `window.heard`. */
const page = (body, { style = '', head = '' } = {}) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>Docs</title>
<style>body { margin: 0; padding: 16px 24px; font: 16px/1.5 Georgia, serif; } ${style}</style>
<script type="module" src="${A}/embed.js"></script>${head}
<script>
  window.heard = [];
  for (const type of ['byok-ready', 'byok-command', 'byok-step', 'byok-event']) {
    document.addEventListener(type, (e) => window.heard.push({ type, id: e.target.id, detail: e.detail }));
  }
</script></head><body>${body}</body></html>`;

/** Opens host page `name` (`html`) in a fresh context, recording the requests it makes to the sandbox's host. */
async function open(name, html, { viewport = { width: 1280, height: 800 }, colorScheme = 'light' } = {}) {
  hosts[`/${name}.html`] = html;
  const context = await browser.newContext({ viewport, colorScheme });
  const p = watch(await context.newPage(), problems);
  const requests = [];
  p.on('request', (r) => { if (r.url().startsWith(`${A}/`)) requests.push(new URL(r.url()).pathname); });
  await p.goto(`${B}/${name}.html`);
  await p.evaluate(() => customElements.whenDefined('byok-sandbox'));
  return { page: p, context, requests, sandboxFiles: () => requests.filter((r) => r !== '/embed.js') };
}

/** The Playwright frame inside element `#id`. */
async function frameOf(p, id) {
  const handle = await p.locator(`#${id} iframe`).elementHandle();
  for (;;) {
    const frame = await handle.contentFrame();
    if (frame && frame.url().startsWith(A)) return frame;
    await p.waitForFunction(() => true);
  }
}

/** Two animation frames of the host page: what the element does on connecting (its first intersection check) is done. */
const settled = (p) => p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

const heard = (p, type, id) => p.evaluate(([type, id]) => window.heard.filter((h) => h.type === type && (!id || h.id === id)).map((h) => h.detail), [type, id]);
const waitHeard = (p, type, id, test = 'true') => p.waitForFunction(([type, id, test]) => window.heard.some((h) => h.type === type && (!id || h.id === id) && new Function('d', `return ${test}`)(h.detail)), [type, id, test]);

/** The frame's document: its scroll height, its viewport's height, and the frame element's height. */
const fit = (frame) => frame.evaluate(() => ({ scroll: document.documentElement.scrollHeight, client: document.documentElement.clientHeight }));

test('height="auto": a whole tour step with no inner scrollbar, and the frame grows with its content', { timeout: 120_000 }, async () => {
  const { page: p, context } = await open('auto', page('<h1>Rotate a key</h1><byok-sandbox id="t" sandbox="auto-height" tour="byok-seed" step="2" loading="eager"></byok-sandbox><p>After.</p>'));
  await p.evaluate(() => document.getElementById('t').ready);
  const frame = await frameOf(p, 't');
  await frame.getByTestId('step').getByText('Step 2 of').waitFor();
  // The frame takes the content's height: the document does not scroll, and is not much taller than its content.
  await frame.waitForFunction(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight);
  const step = await fit(frame);
  assert.ok(step.client > 240 && step.client <= 900, JSON.stringify(step));
  assert.ok(await frame.evaluate(() => document.body.offsetHeight >= document.documentElement.clientHeight - 1), 'no empty space below the content');

  // A page of its own now (a live attribute), then five keys: the frame follows.
  await p.evaluate(() => { const el = document.getElementById('t'); el.removeAttribute('tour'); el.setAttribute('page', 'keys'); });
  await p.evaluate(() => document.getElementById('t').ready);
  const keys = await frameOf(p, 't');
  await keys.locator('main h1').filter({ hasText: 'Key Protect' }).first().waitFor();
  await keys.waitForFunction(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight);
  const before = await fit(keys);
  for (let i = 1; i <= 5; i++) {
    const out = await p.evaluate((i) => document.getElementById('t').exec(`ibmcloud kp key create grow-${i}`), i);
    assert.equal(out.code, 0, out.stderr);
  }
  await keys.getByTestId('keys').getByRole('link', { name: 'grow-5', exact: true }).waitFor();
  await keys.waitForFunction((h) => document.documentElement.clientHeight > h
    && document.documentElement.scrollHeight <= document.documentElement.clientHeight, before.client);
  // A fixed height is a fixed height: the content scrolls inside.
  await p.evaluate(() => document.getElementById('t').setAttribute('height', '260px'));
  await p.waitForFunction(() => document.querySelector('#t').shadowRoot.querySelector('iframe').getBoundingClientRect().height === 260);
  await context.close();
  assert.deepEqual(problems, []);
});

test('loading="lazy" (the default): nothing is fetched from the sandbox\'s host until the element nears the view', { timeout: 120_000 }, async () => {
  const text = '<p>Documentation text. </p>'.repeat(8);
  const { page: p, context, sandboxFiles } = await open('lazy', page(`<h1>Guide</h1>
    <div style="height: 5000px">${text}</div>
    <byok-sandbox id="far" sandbox="lazy" page="keys"></byok-sandbox>
    <div style="height: 5000px"></div>
    <byok-sandbox id="farther" sandbox="lazy-call"></byok-sandbox>`));
  await settled(p);
  assert.deepEqual(sandboxFiles(), [], 'no request to the sandbox before scrolling');
  assert.equal(await p.locator('#far iframe').count(), 0);
  assert.ok(await p.locator('#far').evaluate((el) => el.getBoundingClientRect().height >= 240), 'the element keeps its place meanwhile');
  // The reader scrolls to it: the frame comes and says it is ready.
  await p.locator('#far').scrollIntoViewIfNeeded();
  await waitHeard(p, 'byok-ready', 'far');
  assert.ok(sandboxFiles().includes('/index.html'), sandboxFiles().join(' '));
  assert.deepEqual(await heard(p, 'byok-ready', 'far'), [{ sandbox: 'lazy' }]);
  // A call on one that has not loaded loads it.
  assert.equal(await p.locator('#farther iframe').count(), 0);
  const now = await p.evaluate(() => document.getElementById('farther').now());
  assert.match(now, /^\d{4}-\d\d-\d\dT/);
  await context.close();
  assert.deepEqual(problems, []);
});

test('loading="click": a placeholder that says what will open, and nothing fetched before Start', { timeout: 120_000 }, async () => {
  const { page: p, context, sandboxFiles } = await open('click', page(`<h1>Guide</h1>
    <byok-sandbox id="c" loading="click" sandbox="clicked" tour="rotation" step="1" label="Rotate a root key in a sandbox"></byok-sandbox>`));
  await settled(p);
  const placeholder = p.locator('#c').getByRole('region', { name: 'Rotate a root key in a sandbox' });
  await placeholder.getByText('guided tour “rotation” at step 1').waitFor();
  await placeholder.getByText('Rotate a root key in a sandbox').waitFor();
  assert.deepEqual(sandboxFiles(), [], 'no request before the click');
  await mkdir(ARTIFACTS, { recursive: true });
  await p.locator('#c').screenshot({ path: path.join(ARTIFACTS, 'element-click-placeholder.png') });
  await p.locator('#c').getByRole('button', { name: 'Start the sandbox' }).click();
  await waitHeard(p, 'byok-ready', 'c');
  assert.ok(sandboxFiles().includes('/index.html'));
  assert.equal(await p.locator('#c iframe').getAttribute('title'), 'Rotate a root key in a sandbox');
  const frame = await frameOf(p, 'c');
  await frame.getByTestId('tour').waitFor();
  await context.close();
  assert.deepEqual(problems, []);
});

const THEMED = `
  html { --bg: #ffffff; --fg: #1f2328; --link: #0969da; }
  html.dark { --bg: #0d1117; --fg: #e6edf3; --link: #4493f8; }
  body { background: var(--bg); color: var(--fg); }
  a { color: var(--link); }`;
const bodyBackground = (frame) => frame.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('theme="dark" is dark on a light page; theme="host" follows the page when it switches', { timeout: 120_000 }, async () => {
  const { page: p, context } = await open('themes', page(`<h1>Guide</h1><p>See <a href="#x">the key states</a>.</p>
    <byok-sandbox id="dark" sandbox="themes" theme="dark" loading="eager" page="keys"></byok-sandbox>
    <byok-sandbox id="host" sandbox="themes" theme="host" loading="eager" page="keys"></byok-sandbox>
    <byok-sandbox id="auto" sandbox="themes" loading="eager" page="keys" height="300"></byok-sandbox>`, { style: THEMED }));
  await p.evaluate(() => Promise.all(['dark', 'host', 'auto'].map((id) => document.getElementById(id).ready)));
  const [dark, hosted, auto] = [await frameOf(p, 'dark'), await frameOf(p, 'host'), await frameOf(p, 'auto')];
  await dark.locator('main').waitFor();
  const darkBg = await bodyBackground(dark);
  assert.notEqual(darkBg, 'rgb(255, 255, 255)');
  assert.ok(await dark.evaluate(() => document.documentElement.dataset.theme === 'dark'));
  // The host's look: its background, text, link colour and font.
  await hosted.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)'
    && getComputedStyle(document.body).fontFamily.includes('Georgia'));
  assert.equal(await hosted.evaluate(() => getComputedStyle(document.body).color), 'rgb(31, 35, 40)');
  // The page switches to dark: the host-themed embed follows, the dark one stays as it was.
  await p.evaluate(() => document.documentElement.classList.add('dark'));
  await hosted.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(13, 17, 23)'
    && document.documentElement.dataset.theme === 'dark');
  assert.equal(await hosted.evaluate(() => getComputedStyle(document.body).color), 'rgb(230, 237, 243)');
  assert.equal(await bodyBackground(dark), darkBg);
  // And back.
  await p.evaluate(() => document.documentElement.classList.remove('dark'));
  await hosted.waitForFunction(() => getComputedStyle(document.body).backgroundColor === 'rgb(255, 255, 255)'
    && document.documentElement.dataset.theme === 'light');
  // theme="auto" (the default): the reader's OS scheme.
  assert.equal(await bodyBackground(auto), 'rgb(255, 255, 255)');
  await p.emulateMedia({ colorScheme: 'dark' });
  await auto.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, darkBg);
  await context.close();
  assert.deepEqual(problems, []);
});

test('two elements of one sandbox stay in step', { timeout: 120_000 }, async () => {
  const { page: p, context } = await open('pair', page(`
    <byok-sandbox id="one" sandbox="pair" page="keys" loading="eager"></byok-sandbox>
    <p>Meanwhile, in the next section:</p>
    <byok-sandbox id="two" sandbox="pair" page="keys" loading="eager"></byok-sandbox>`));
  await p.evaluate(() => Promise.all(['one', 'two'].map((id) => document.getElementById(id).ready)));
  const res = await p.evaluate(() => document.getElementById('one').exec('ibmcloud kp key create k-pair'));
  assert.equal(res.code, 0, res.stderr);
  const two = await frameOf(p, 'two');
  await two.getByTestId('keys').getByRole('link', { name: 'k-pair', exact: true }).waitFor({ timeout: 3_000 });
  // And the other way, through the second frame's own form.
  await two.locator('[aria-label="Key name"]').fill('k-back');
  await two.getByRole('button', { name: 'Create key', exact: true }).click();
  const one = await frameOf(p, 'one');
  await one.getByTestId('keys').getByRole('link', { name: 'k-back', exact: true }).waitFor({ timeout: 3_000 });
  await context.close();
  assert.deepEqual(problems, []);
});

test('the host hears byok-ready, byok-command with the exit code, byok-event and byok-step', { timeout: 120_000 }, async () => {
  const { page: p, context } = await open('events', page(`
    <byok-sandbox id="term" sandbox="events" page="terminal" loading="eager"></byok-sandbox>
    <byok-sandbox id="tour" sandbox="events-tour" tour="byok-seed" step="1" loading="eager"></byok-sandbox>`));
  await waitHeard(p, 'byok-ready', 'term');
  assert.deepEqual(await heard(p, 'byok-ready', 'term'), [{ sandbox: 'events' }]);
  // A line typed in the frame's terminal, and one through exec that fails.
  const term = await frameOf(p, 'term');
  const input = term.locator('textarea').first();
  await input.fill('ibmcloud kp key create typed-key');
  await input.press('Enter');
  await waitHeard(p, 'byok-command', 'term', "d.line === 'ibmcloud kp key create typed-key'");
  assert.deepEqual((await heard(p, 'byok-command', 'term')).find((d) => d.line.includes('typed-key')), { line: 'ibmcloud kp key create typed-key', code: 0 });
  await waitHeard(p, 'byok-event', 'term', "d.action === 'kms.secrets.create'");
  const failed = await p.evaluate(() => document.getElementById('term').exec('ibmcloud kp key show no-such-key'));
  assert.notEqual(failed.code, 0);
  await waitHeard(p, 'byok-command', 'term', "d.line === 'ibmcloud kp key show no-such-key'");
  assert.equal((await heard(p, 'byok-command', 'term')).find((d) => d.line.includes('no-such-key')).code, failed.code);
  // The tour: step 1 reached, then run and passed; events bubble from the element to the document.
  await waitHeard(p, 'byok-step', 'tour', "d.status === 'reached' && d.step === 1");
  const tour = await frameOf(p, 'tour');
  await tour.getByTestId('run-step').click();
  await waitHeard(p, 'byok-step', 'tour', "d.status === 'passed'");
  assert.deepEqual((await heard(p, 'byok-step', 'tour')).find((d) => d.status === 'passed'), { scenario: 'byok-seed', step: 1, status: 'passed' });
  await tour.getByTestId('next-step').click();
  await waitHeard(p, 'byok-step', 'tour', "d.status === 'reached' && d.step === 2");
  await context.close();
  assert.deepEqual(problems, []);
});

test('the methods work across origins; messages that are not from the element\'s own frame are ignored', { timeout: 120_000 }, async () => {
  const { page: p, context } = await open('methods', page(`
    <byok-sandbox id="m" sandbox="methods" page="activity" loading="eager" style="min-height: 0"></byok-sandbox>
    <iframe id="forger" src="${A}/forger.html" width="10" height="10"></iframe>`, {
    head: `<script>window.forgerDone = new Promise((r) => addEventListener('message', (e) => { if (e.data && e.data.type === 'forger-done') r(); }));</script>`,
  }));
  // Called before ready: it waits.
  const results = await p.evaluate(async () => {
    const el = document.getElementById('m');
    const create = { method: 'POST', path: '/api/v2/keys', body: { metadata: { collectionType: 'application/vnd.ibm.kms.key+json', collectionTotal: 1 }, resources: [{ type: 'application/vnd.ibm.kms.key+json', name: 'k-method' }] } };
    const created = await el.request(create);
    const before = await el.now();
    const after = await el.advance('9d');
    const events = await el.events();
    const users = await el.users();
    const saved = await el.exportState();
    let error = null;
    try { await el.advance('soon'); } catch (e) { error = { isError: e instanceof Error, message: e.message }; }
    // The sandbox starts over, then takes the export back (its pages and log follow a moment later).
    const until = async (check) => { for (;;) { const n = (await el.events()).length; if (check(n)) return n; await new Promise(requestAnimationFrame); } };
    const seed = await el.reset(11);
    const fresh = await until((n) => n < events.length);
    const imported = await el.importState(saved);
    const again = await until((n) => n === events.length);
    return { status: created.status, before, after, events: events.length, users: users.length, saved: JSON.parse(saved).journal.length, error, seed, fresh, imported, again };
  });
  assert.equal(results.status, 201);
  assert.ok(Date.parse(results.after) - Date.parse(results.before) >= 9 * 86_400_000, JSON.stringify(results));
  assert.ok(results.events >= 1 && results.users >= 1 && results.saved >= 2, JSON.stringify(results));
  assert.equal(results.error?.isError, true);
  assert.ok(results.error.message.length > 0);
  assert.equal(results.seed, 11);
  assert.ok(results.fresh < results.events);
  assert.equal(results.imported, true);
  assert.equal(results.again, results.events);
  // A frame of the sandbox's own origin that is not the element's: its ready, event and size are not the element's.
  await p.evaluate(() => window.forgerDone);
  assert.equal((await heard(p, 'byok-event', 'm')).filter((e) => e.action === 'forged').length, 0);
  assert.equal((await heard(p, 'byok-ready', 'm')).filter((e) => e.sandbox === 'forged').length, 0);
  assert.ok(await p.locator('#m iframe').evaluate((f) => f.getBoundingClientRect().height > 100), 'the forged height was not taken');
  // Nor does the host page itself (another origin) pass for it.
  await p.evaluate(() => postMessage({ type: 'byok-sandbox-event', event: { action: 'forged-here' } }, '*'));
  await p.evaluate(() => new Promise((r) => { addEventListener('message', () => r(), { once: true }); postMessage('after', '*'); }));
  assert.equal((await heard(p, 'byok-event', 'm')).filter((e) => e.action === 'forged-here').length, 0);
  // Taken out of the page and put back: a new frame, a new `ready`, and the methods work again.
  const moved = await p.evaluate(async () => {
    const el = document.getElementById('m');
    const parent = el.parentNode;
    el.remove();
    parent.append(el);
    return (await el.events()).length;
  });
  assert.equal(moved, results.events);
  assert.equal((await heard(p, 'byok-ready', 'm')).length, 2);
  await context.close();
  assert.deepEqual(problems, []);
});

// A documentation page as authors write one: prose, code, two sandboxes that follow its theme.
const docs = () => page(`<header><strong>Key Protect docs</strong> <a href="#toggle" id="toggle">Switch theme</a></header>
<main>
<h1>Encrypting a database with your own key</h1>
<p>Create a root key, authorize Cloud Databases to use it, then provision a deployment that names the
key. Try each step in the sandbox below: it runs in your browser and <a href="#about">sends nothing anywhere</a>.</p>
<h2>1. Create a root key</h2>
<pre><code>ibmcloud kp key create my-root-key</code></pre>
<byok-sandbox id="first" sandbox="docs-guide" page="keys" theme="host" loading="eager"></byok-sandbox>
<h2>2. Follow the guided tour</h2>
<p>The tour checks each step against the sandbox's state.</p>
<byok-sandbox id="second" sandbox="docs-guide" tour="byok-seed" step="1" theme="host" loading="eager"></byok-sandbox>
<p>Next: rotating the key.</p>
</main>`, { style: `${THEMED}
  header { display: flex; justify-content: space-between; padding: 8px 0; border-bottom: 1px solid color-mix(in srgb, var(--fg) 20%, transparent); }
  main { max-width: 860px; margin: 0 auto; }
  pre { background: color-mix(in srgb, var(--fg) 8%, transparent); padding: 8px 12px; overflow-x: auto; }
  byok-sandbox { margin: 16px 0; }` });

test('runnable code blocks run in the named sandbox and are checked against the documented output', { timeout: 120_000 }, async () => {
  const created = `Creating key: 'doc-root-key', in instance: '12345678-1234-4234-8234-123456789abc'...
OK
Key ID                                 Key Name
0f0e0d0c-0b0a-4909-8807-060504030201   doc-root-key`;
  const body = `<h1>Create a root key</h1>
<pre id="run-ok" data-byok-run="run-docs"><code>$ ibmcloud kp key create doc-root-key</code></pre>
<pre data-byok-expect>${created}</pre>
<pre id="run-drift" data-byok-run="run-docs">ibmcloud kp key create doc-root-key</pre>
<pre data-byok-expect>${created.replace('OK', 'SUCCESS')}</pre>
<byok-run sandbox="run-docs"><pre id="run-plain">ibmcloud kp keys --output json | jq length</pre></byok-run>
<byok-sandbox id="shown" sandbox="run-docs" page="keys" loading="eager"></byok-sandbox>`;
  const { page: p, context } = await open('runnable', page(body));
  const bar = (id) => p.locator(`#${id} + .byok-run-bar, byok-run:has(#${id}) + .byok-run-bar`);
  // The author's blocks stay; each gets its Run bar.
  assert.equal(await p.locator('.byok-run-bar').count(), 3);
  assert.equal(await p.locator('#run-ok code').count(), 1);
  await bar('run-ok').getByRole('button', { name: 'Run these commands in the sandbox' }).click();
  await p.locator('#run-ok + .byok-run-bar[data-result=matches]').waitFor();
  assert.equal(await bar('run-ok').getByRole('status').textContent(), 'Matches the documentation');
  assert.match(await bar('run-ok').locator('pre').textContent(), /Creating key: 'doc-root-key'/);
  // The page's sandbox of that name follows: the key is on its keys page.
  const frame = await frameOf(p, 'shown');
  await frame.getByTestId('keys').getByRole('link', { name: 'doc-root-key' }).first().waitFor();
  // A block whose documented output has drifted says where.
  await bar('run-drift').getByRole('button').click();
  await p.locator('#run-drift + .byok-run-bar[data-result=differs]').waitFor();
  const drift = await bar('run-drift').locator('pre').textContent();
  assert.match(drift, /documented line 2: SUCCESS\n   printed line 2: OK/);
  // A block with no documented output after it runs and says so; it is the same sandbox.
  await bar('run-plain').getByRole('button').click();
  await p.locator('byok-run + .byok-run-bar[data-result=ran]').waitFor();
  assert.equal((await bar('run-plain').locator('pre').textContent()).trim(), '2');
  await context.close();
});

test('screenshots: a docs page with two elements, 1280 and 390 px wide, light and dark', { timeout: 120_000 }, async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  for (const width of [1280, 390]) {
    const { page: p, context } = await open(`docs-${width}`, docs(), { viewport: { width, height: 900 } });
    await p.evaluate(() => Promise.all(['first', 'second'].map((id) => document.getElementById(id).ready)));
    const [first, second] = [await frameOf(p, 'first'), await frameOf(p, 'second')];
    await first.getByTestId('keys').waitFor();
    await second.getByTestId('step').waitFor();
    for (const scheme of ['light', 'dark']) {
      await p.evaluate((dark) => document.documentElement.classList.toggle('dark', dark), scheme === 'dark');
      const bg = scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)';
      for (const [id, f] of [['first', first], ['second', second]]) {
        // Chromium renders a cross-origin frame out of view only once it comes near: its height follows then.
        await p.locator(`#${id}`).scrollIntoViewIfNeeded();
        await f.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg
          && document.documentElement.scrollHeight <= document.documentElement.clientHeight, bg);
        // No sideways scrolling inside the frame at either width.
        const wide = await f.evaluate(() => {
          const d = document.documentElement;
          if (d.scrollWidth <= d.clientWidth) return null;
          const over = [...document.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > d.clientWidth + 1).slice(0, 6);
          return { sw: d.scrollWidth, cw: d.clientWidth, over: over.map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`) };
        });
        assert.equal(wide, null, `${width} ${scheme}: ${JSON.stringify(wide)}`);
      }
      await p.screenshot({ path: path.join(ARTIFACTS, `element-docs-${width}-${scheme}.png`), fullPage: true });
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
