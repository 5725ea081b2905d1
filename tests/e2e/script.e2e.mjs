// End to end: "Download as a script" takes the session home. Lines typed in the terminal (a key
// created, shown by its id, wrapped; the clock moved) come back as a bash script for a real
// account: the id the create printed is read into a variable from the real output, the lines after
// it use the variable, and the sandbox's own command is a comment. Settings offers the same file.
//
//   node scripts/build.mjs && node --test tests/e2e/script.e2e.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, originOf, requireDist, serve, watch } from './support.mjs';

test('the terminal and Settings download the session as a bash script for a real account', { timeout: 120_000 }, async (t) => {
  requireDist();
  const server = await serve();
  const browser = await launch();
  t.after(async () => {
    await browser.close();
    server.close();
  });
  const problems = [];
  const page = watch(await browser.newPage({ acceptDownloads: true }), problems);
  page.setDefaultTimeout(15_000);
  await page.goto(`${originOf(server)}/?seed=9#/terminal`);
  await page.getByRole('heading', { level: 1, name: 'Terminal' }).waitFor();
  const button = page.getByTestId('download-script');
  assert.ok(await button.isDisabled(), 'nothing to download before a command ran');
  const command = page.getByTestId('command');
  const run = async (line) => {
    const before = await page.locator('.terminal .ran').count();
    await command.fill(line);
    await command.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.terminal .ran').length > n, before);
  };
  await run('ibmcloud kp key create take-home');
  const id = await page.evaluate(() => {
    const text = document.querySelector('[data-testid=terminal-output]').textContent;
    return text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/)[0];
  });
  await run(`ibmcloud kp key show ${id}`);
  await run('sandbox advance 1d');
  await run(`ibmcloud kp key show ${id} --output json`);

  const read = async (click) => {
    const [download] = await Promise.all([page.waitForEvent('download'), click()]);
    assert.equal(download.suggestedFilename(), 'byok-sandbox-session.sh');
    return readFile(await download.path(), 'utf8');
  };
  const script = await read(() => button.click());
  assert.match(script, /^#!\/usr\/bin\/env bash\n/);
  assert.match(script, /\nOUT_1=\$\(ibmcloud kp key create take-home\)\n/);
  assert.match(script, /\nID_1=\$\(printf '%s\\n' "\$OUT_1" \| grep -oE '\[0-9a-f\]\{8\}-[^']+' \| sed -n '1p'\) # in the sandbox: /);
  assert.match(script, /\nibmcloud kp key show \$\{ID_1\}\n/);
  assert.match(script, /\nibmcloud kp key show \$\{ID_1\} --output json\n/);
  assert.match(script, /\n# In the sandbox only: sandbox advance 1d\n/);
  assert.ok(!script.split('\n').some((l) => !l.startsWith('ID_1=') && l.includes(id)), 'the sandbox id appears only in the comment of its variable');

  // Settings offers the same session (the same tab: the hash moves, the page stays).
  await page.evaluate(() => { location.hash = '#/settings'; });
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  assert.equal(await read(() => page.getByTestId('download-script').click()), script);
  assert.deepEqual(problems, []);
});
