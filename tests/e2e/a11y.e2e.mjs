// End to end: every page, in the light and the dark scheme, has no serious or critical
// accessibility violation as axe-core (npm `axe-core`) finds them: contrast, names, roles, labels.
// The pages hold some state (a key, an authorization, deployments, records), so tables, forms and
// the timeline are all drawn. Screenshots of each page in the dark scheme go to test-artifacts/.
//
//   node scripts/build.mjs && node --test tests/e2e/a11y.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { launch, originOf, populate, requireDist, ROOT, serve, watch } from './support.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const PAGES = [
  ['overview', '#/', 'Overview'],
  ['keys', '#/keys', 'Key Protect'],
  ['iam', '#/iam', 'IAM'],
  ['databases', '#/databases', 'Databases'],
  ['reclamations', '#/reclamations', 'Reclamations'],
  ['timeline', '#/timeline', 'Timeline'],
  ['activity', '#/activity', 'Activity'],
  ['terminal', '#/terminal', 'Terminal'],
  ['console', '#/console', 'API console'],
  ['tours', '#/scenarios', 'Guided scenarios'],
  ['tour', '#/scenarios/byok-seed', null],
  ['settings', '#/settings', 'Settings'],
];

/** The serious and critical violations axe finds on the page as it is, each with where. */
async function violations(page) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
  });
  return found;
}

for (const scheme of ['light', 'dark']) {
  test(`every page in the ${scheme} scheme has no serious accessibility violation`, { timeout: 300_000 }, async (t) => {
    requireDist();
    await mkdir(ARTIFACTS, { recursive: true });
    const server = await serve();
    const browser = await launch();
    t.after(async () => {
      await browser.close();
      server.close();
    });
    const problems = [];
    const page = watch(await browser.newPage({ viewport: { width: 1280, height: 900 }, colorScheme: scheme }), problems);
    page.setDefaultTimeout(15_000);
    const origin = originOf(server);
    await page.goto(`${origin}/?seed=21&theme=${scheme}#/`);
    await page.waitForFunction(() => window.byokSandbox);
    await populate(page);
    const found = [];
    for (const [name, hash, heading] of PAGES) {
      await page.goto(`${origin}/?seed=21&theme=${scheme}${hash}`);
      if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      else await page.getByTestId('tour').waitFor();
      // The scheme asked for is the one drawn.
      assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
      for (const v of await violations(page)) found.push(`${name}: ${v}`);
      if (scheme === 'dark') await page.screenshot({ path: path.join(ARTIFACTS, `dark-${name}.png`), fullPage: true });
    }
    // A key's page and a deployment's, one level down.
    await page.goto(`${origin}/?seed=21&theme=${scheme}#/keys`);
    await page.getByTestId('keys').getByRole('link', { name: 'pg-root-key-with-a-long-name' }).click();
    await page.getByTestId('key-state').waitFor();
    for (const v of await violations(page)) found.push(`key: ${v}`);
    await page.goto(`${origin}/?seed=21&theme=${scheme}#/databases`);
    await page.getByTestId('deployments').getByRole('link', { name: 'orders-db', exact: true }).click();
    await page.getByTestId('envelope').waitFor();
    for (const v of await violations(page)) found.push(`deployment: ${v}`);
    if (scheme === 'dark') await page.screenshot({ path: path.join(ARTIFACTS, 'dark-deployment.png'), fullPage: true });
    assert.deepEqual(found, [], `serious or critical violations in the ${scheme} scheme`);
    assert.deepEqual(problems, []);
  });
}
