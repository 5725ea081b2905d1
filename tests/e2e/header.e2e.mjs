// End to end: every section is reachable from the header at every width from 360 px up. What does
// not fit in the bar is in the More menu (from 761 px; below that, every section is behind the Menu
// button), and the bar never scrolls or clips a section. At each width every section is opened
// from the header, as a reader would, and its page's heading checked.
// Also the embed's time controls: one row by default, all with ?controls=full, none with ?controls=none.
//
//   node scripts/build.mjs && node --test tests/e2e/header.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, originOf, requireDist, SECTIONS, serve, watch } from './support.mjs';

const WIDTHS = [1920, 1440, 1280, 1024, 800, 761, 760, 390, 360];

test('every section is reachable from the header at every width, the rest in More', { timeout: 300_000 }, async (t) => {
  requireDist();
  const server = await serve();
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage({ viewport: { width: 1280, height: 800 } }), problems);
  page.setDefaultTimeout(15_000);
  await page.goto(`${originOf(server)}/?seed=3#/`);
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  const header = page.locator('header.top');
  const nav = header.getByRole('navigation', { name: 'Sections' });
  const inMore = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    const narrow = width <= 760;
    // The bar is measured after the resize: wait until it holds no more than fits.
    await page.waitForFunction(() => {
      const bar = document.getElementById('sections');
      return !bar || bar.offsetParent === null || [...bar.children].filter((c) => !c.classList.contains('nav-ruler'))
        .every((c) => c.offsetLeft + c.offsetWidth <= bar.clientWidth + 1);
    });
    for (const [label, heading] of SECTIONS) {
      if (narrow) {
        await header.getByRole('button', { name: 'Menu' }).click();
      }
      let link = nav.getByRole('link', { name: label, exact: true });
      if (!narrow && !(await link.isVisible())) {
        await nav.getByTestId('more-sections').click();
        link = page.locator('#more-sections').getByRole('link', { name: label, exact: true });
        if (width === 1280) inMore.push(label);
      }
      await link.click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.equal(await page.locator('#more-sections').count(), 0, `the More menu closes once a section is picked (${width} px, ${label})`);
    }
    // Nothing in the header reaches past the window.
    const past = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(past <= 0, `the page scrolls sideways by ${past} px at ${width} px`);
  }
  // At a common laptop width some sections sit in More, and they are the last ones.
  assert.ok(inMore.length > 0 && inMore.includes('Settings'), `at 1280 px More holds ${inMore}`);
  assert.deepEqual(problems, []);
});

test('an embed shows the time controls on one row by default, all of them with controls=full, none with controls=none', { timeout: 60_000 }, async (t) => {
  requireDist();
  const server = await serve();
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage({ viewport: { width: 400, height: 700 } }), problems);
  page.setDefaultTimeout(15_000);
  const clock = page.getByRole('region', { name: 'Simulated time' });
  const open = async (query) => {
    await page.goto(`${originOf(server)}/?seed=4&embed=1${query}#/keys`);
    await page.getByRole('heading', { level: 1, name: 'Key Protect' }).waitFor();
  };
  await open('');
  assert.match(await clock.getAttribute('class'), /\bcompact\b/);
  assert.equal(await clock.getByRole('button', { name: '+30 d' }).count(), 0);
  // One row: every control overlaps every other vertically (none starts below another's end).
  const boxes = await clock.evaluate((c) => [...c.children].map((e) => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }));
  const lowestTop = Math.max(...boxes.map((b) => b[0]));
  const highestBottom = Math.min(...boxes.map((b) => b[1]));
  assert.ok(lowestTop < highestBottom, `the compact controls sit on one row: ${JSON.stringify(boxes)}`);
  assert.equal(await clock.getByLabel('Play speed').count(), 1);
  await open('&controls=full');
  assert.doesNotMatch(await clock.getAttribute('class'), /\bcompact\b/);
  await clock.getByRole('button', { name: '+30 d' }).waitFor();
  await open('&controls=none');
  assert.equal(await clock.count(), 0);
  assert.deepEqual(problems, []);
});
