// End to end on a phone-sized window (390 x 844) and in a 400 px documentation column: every
// section is reached from the header as a new user would (the Menu button, then the section), and
// no page scrolls sideways (document.documentElement.scrollWidth <= innerWidth); wide tables scroll
// inside their cards instead. A screenshot of each page goes to test-artifacts/narrow-*.png.
//
//   node scripts/build.mjs && node --test tests/e2e/narrow.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launch, originOf, populate, requireDist, ROOT, SECTIONS, serve, watch } from './support.mjs';

const ARTIFACTS = path.join(ROOT, 'test-artifacts');

// A documentation page with the sandbox embedded in a 400 px column.
const HOST = `<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><style>body { margin: 0; font: 16px sans-serif; } article { width: 400px; margin: 0 auto; }</style></head>
<body><article><h1>Cryptoshredding</h1><p>Try it below.</p>
<iframe id="sb" src="/?seed=5&embed=1#/timeline" width="400" height="720" style="border: 1px solid #ccc"></iframe></article></body></html>`;

const route = (pathname) => (pathname === '/host.html' ? { body: HOST } : null);


/** How far the page reaches past the window's right edge (0 when it does not scroll sideways). */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('at 390 x 844 every section is reachable from the header and nothing scrolls sideways', { timeout: 180_000 }, async (t) => {
  requireDist();
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await serve({ route });
  const origin = originOf(server);
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage({ viewport: { width: 390, height: 844 } }), problems);
  page.setDefaultTimeout(15_000);
  await page.goto(`${origin}/?seed=11#/`);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  // The page's API comes once the shell's chunk is here (it runs `exec`), after the first drawing.
  await page.waitForFunction(() => window.byokSandbox);
  await populate(page);

  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Sections' });
  const wide = [];
  const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `narrow-${name}.png`), fullPage: true });
  const check = async (name) => {
    const over = await overflow(page);
    if (over > 0) wide.push(`${name}: ${over} px wider than the window`);
    await shot(name);
  };
  for (const [label, heading] of SECTIONS) {
    // The sections sit behind the Menu button on a phone; opening it shows every one, inside the window.
    assert.equal(await menu.getAttribute('aria-expanded'), 'false', `the menu is closed before ${label}`);
    await menu.click();
    const link = nav.getByRole('link', { name: label, exact: true });
    await link.waitFor({ state: 'visible' });
    const box = await link.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${label} lies inside the window: ${JSON.stringify(box)}`);
    if (label === 'Overview') await shot('menu-open');
    await link.click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await nav.getByRole('link', { name: label, exact: true }).waitFor({ state: 'hidden' });
    await check(label.toLowerCase().replace(' ', '-'));
  }
  // The pages one level down: a key and a deployment.
  await menu.click();
  await nav.getByRole('link', { name: 'Key Protect', exact: true }).click();
  await page.getByTestId('keys').getByRole('link', { name: 'pg-root-key-with-a-long-name' }).click();
  await page.getByTestId('key-state').waitFor();
  await check('key');
  await menu.click();
  await nav.getByRole('link', { name: 'Databases', exact: true }).click();
  await page.getByTestId('deployments').getByRole('link', { name: 'orders-db', exact: true }).click();
  await page.getByTestId('envelope').waitFor();
  await check('deployment');

  assert.deepEqual(wide, [], 'pages that scroll sideways at 390 px');
  assert.deepEqual(problems, [], 'console or page errors');
});

test('embedded in a 400 px documentation column, the sandbox fits it', { timeout: 120_000 }, async (t) => {
  requireDist();
  await mkdir(ARTIFACTS, { recursive: true });
  const server = await serve({ route });
  const origin = originOf(server);
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage({ viewport: { width: 1024, height: 900 } }), problems);
  page.setDefaultTimeout(15_000);
  await page.goto(`${origin}/host.html`);
  const frame = page.frame({ url: /embed=1/ }) ?? (await (await page.waitForSelector('#sb')).contentFrame());
  await frame.getByRole('heading', { level: 1, name: 'Timeline' }).waitFor();
  await populate(frame);
  const wide = [];
  for (const [hash, heading] of [['#/timeline', 'Timeline'], ['#/databases', 'Databases'], ['#/activity', 'Activity'], ['#/keys', 'Key Protect']]) {
    await frame.evaluate((h) => { location.hash = h; }, hash);
    await frame.getByRole('heading', { level: 1, name: heading }).waitFor();
    const over = await frame.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (over > 0) wide.push(`${hash}: ${over} px wider than the column`);
    if (hash === '#/timeline') {
      // The timeline is drawn to the column's width, not scrolled inside it.
      const fits = await frame.evaluate(() => {
        const box = document.querySelector('.timeline');
        return box.scrollWidth <= box.clientWidth;
      });
      assert.ok(fits, 'the timeline fits its column');
      await page.screenshot({ path: path.join(ARTIFACTS, 'narrow-embed-timeline.png'), fullPage: true });
    }
  }
  // The time controls stay usable in the column.
  const before = await frame.getByTestId('now').textContent();
  await frame.getByRole('button', { name: '+1 d', exact: true }).click();
  await frame.waitForFunction((b) => document.querySelector('[data-testid="now"]')?.textContent !== b, before);
  await page.screenshot({ path: path.join(ARTIFACTS, 'narrow-embed.png'), fullPage: true });
  assert.deepEqual(wide, [], 'pages that scroll sideways in a 400 px column');
  assert.deepEqual(problems, [], 'console or page errors');
});
