// End to end: the page says "Loading the sandbox…" until the app has drawn, and says plainly that
// the sandbox could not start when its wasm file does not load (a host that forgot to upload it)
// instead of loading forever.
//
//   node scripts/build.mjs && node --test tests/e2e/boot.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, originOf, requireDist, serve } from './support.mjs';

test('a sandbox whose wasm does not load says it could not start', { timeout: 60_000 }, async (t) => {
  requireDist();
  // A host that forgot the wasm: every .wasm file answers 404.
  const server = await serve({ route: (p) => (p.endsWith('.wasm') ? { status: 404, body: 'not found' } : null) });
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const page = await browser.newPage();
  await page.goto(`${originOf(server)}/`);
  await page.locator('#boot').filter({ hasText: 'The sandbox could not start' }).waitFor({ timeout: 15_000 });
  assert.equal(await page.locator('main').count(), 0, 'no app was drawn');
});
