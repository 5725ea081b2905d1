// End to end: the app's wasm in parts (src/frame/split.rs). The overview is drawn from the first load
// alone; the other sections' pages (in three groups) and the shell come in chunks fetched after it; a page whose chunk is not
// here yet says so and appears when it arrives; one that cannot be fetched says so and can be tried
// again; the page's API (which runs `exec` in the shell) waits for the shell's chunk.
//
//   node scripts/build.mjs && node --test tests/e2e/split.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openSection, originOf, requireDist, serve, watch } from './support.mjs';

/** A gate for the requests of files whose name matches: held until `open()`, or refused while `refuse`. */
function gate(pattern) {
  let open;
  const opened = new Promise((resolve) => { open = resolve; });
  const g = { requested: [], refuse: false, open: () => open() };
  g.route = async (pathname) => {
    const name = pathname.split('/').pop();
    if (!pattern.test(name)) return null;
    g.requested.push(name);
    if (g.refuse) return { status: 503, body: 'unavailable' };
    await opened;
    return null;
  };
  return g;
}

/** Resolves once `condition()` holds (checked at each turn of Node's event loop, where the server answers). */
async function until(condition) {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

/** The built app behind `chunks`' gate, in a new browser closed after the test: its origin and a
 * watched page (`problems` collects its errors). */
async function behind(t, chunks) {
  requireDist();
  const server = await serve({ route: chunks.route });
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage(), problems);
  page.setDefaultTimeout(15_000);
  return { origin: originOf(server), page, problems };
}

test('the overview is drawn before any chunk arrives; a page waits for its chunk, then appears', { timeout: 90_000 }, async (t) => {
  const chunks = gate(/^(split_|chunk_).*\.wasm$/);
  const { origin, page, problems } = await behind(t, chunks);
  await page.goto(`${origin}/?seed=5#/`);
  // Drawn from the main module while every chunk is held.
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await page.waitForFunction(() => !document.getElementById('boot'));
  // The faces' chunk (with the shell) is asked for once the page is drawn (and held). The page's
  // API is there without it: a request answers at once, and a command line waits for the shell.
  await until(() => chunks.requested.some((n) => n === 'split_faces.wasm'));
  await page.waitForFunction(() => window.byokSandbox);
  assert.equal(await page.evaluate(() => window.byokSandbox.request({ method: 'GET', path: '/api/v2/keys' }).status), 200);
  await page.evaluate(() => { window.early = window.byokSandbox.exec('ibmcloud kp keys --output json'); });
  assert.ok(await page.evaluate(() => window.early instanceof Promise), 'exec waits for the shell');

  // A page in a chunk says it is on its way.
  await openSection(page, 'Key Protect');
  await page.getByTestId('page-arriving').waitFor();
  assert.ok(chunks.requested.some((n) => n.startsWith('split_resources')), `the resources' chunk was asked for: ${chunks.requested}`);

  chunks.open();
  await page.getByRole('heading', { level: 1, name: 'Key Protect' }).waitFor();
  const early = await page.evaluate(() => window.early);
  assert.equal(early.code, 0, early.stderr);
  assert.deepEqual(JSON.parse(early.stdout), []);
  const out = await page.evaluate(() => window.byokSandbox.exec('ibmcloud kp keys --output json'));
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), []);
  // The terminal, opened by its address, runs a command through the shell in its chunk.
  await page.goto(`${origin}/?seed=5#/terminal`);
  const command = page.getByTestId('command');
  await command.fill('ibmcloud kp key create from-the-chunk');
  await command.press('Enter');
  await page.getByTestId('terminal').getByText('from-the-chunk').last().waitFor();
  assert.match(await page.getByTestId('terminal').textContent(), /OK/);
  assert.doesNotMatch(await page.getByTestId('terminal').textContent(), /could not be downloaded/);
  assert.deepEqual(problems, []);
});

test('a page whose chunk cannot be fetched says so, and trying again brings it', { timeout: 90_000 }, async (t) => {
  const chunks = gate(/^split_history\.wasm$/); // the timeline's and the activity's
  chunks.refuse = true;
  chunks.open();
  const { origin, page } = await behind(t, chunks);
  await page.goto(`${origin}/?seed=6#/timeline`);
  const unavailable = page.getByTestId('page-unavailable');
  await unavailable.waitFor();
  assert.match(await unavailable.textContent(), /could not be downloaded/);
  // The rest of the app works: the overview is in the first load, Key Protect in another chunk.
  await openSection(page, 'Overview');
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  await openSection(page, 'Key Protect');
  await page.getByRole('heading', { level: 1, name: 'Key Protect' }).waitFor();
  await openSection(page, 'Timeline');
  await unavailable.waitFor();

  chunks.refuse = false;
  await unavailable.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
  assert.equal(await unavailable.count(), 0);
});

test("without the shell's chunk the page's API still comes, and says why a command cannot run", { timeout: 90_000 }, async (t) => {
  const chunks = gate(/^split_faces\.wasm$/); // the documentation's faces, with the shell
  chunks.refuse = true;
  chunks.open();
  const { origin, page } = await behind(t, chunks);
  await page.goto(`${origin}/?seed=7#/`);
  await page.waitForFunction(() => window.byokSandbox);
  // Requests do not need the shell; a command line does.
  const status = await page.evaluate(() => window.byokSandbox.request({ method: 'GET', path: '/api/v2/keys' }).status);
  assert.equal(status, 200);
  const out = await page.evaluate(() => window.byokSandbox.exec('ibmcloud kp keys'));
  assert.equal(out.code, 1);
  assert.match(out.stderr, /shell could not be downloaded/);
  // The terminal's page says so too, and comes once the chunk can be fetched.
  await openSection(page, 'Terminal');
  await page.getByTestId('page-unavailable').waitFor();
  chunks.refuse = false;
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { level: 1, name: 'Terminal' }).waitFor();
  const after = await page.evaluate(() => window.byokSandbox.exec('ibmcloud kp keys'));
  assert.equal(after.code, 0, after.stderr);
});
