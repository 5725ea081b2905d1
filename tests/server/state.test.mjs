// --state FILE: a restart loses nothing, the file is the app's export format, and a damaged file is
// refused with a clear message and left byte for byte as it was.
//
//   cargo build -p byok-sandbox-server && node --test tests/server/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { advance, call, keyBody, runToExit, sdkFor, startServer, tokenFor } from './server.mjs';

const tempFile = (name) => path.join(mkdtempSync(path.join(tmpdir(), 'byok-server-')), name);

test('a restart with --state keeps keys, users and the clock', async () => {
  const file = tempFile('state.json');
  const first = await startServer(['--seed', '11', '--state', file]);
  const kp = sdkFor(first);
  const ids = [];
  for (const name of ['kept-root', 'kept-other']) {
    const res = await kp.createKey({ bluemixInstance: first.instance, body: keyBody({ name, extractable: false }) });
    ids.push(res.result.resources[0].id);
  }
  const clock = await advance(first, await tokenFor(first), '2d');
  assert.equal(await first.stop(), 0, first.stderr());
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(saved.format, 'byok-sandbox');
  assert.equal(saved.seed, '11');

  const second = await startServer(['--state', file]);
  try {
    assert.deepEqual(second.users, first.users, 'the same users and API keys');
    const token = await tokenFor(second);
    const listed = await call(second, 'GET', '/api/v2/keys', { token });
    assert.deepEqual(listed.body.resources.map((k) => k.id).sort(), ids.sort());
    const now = await call(second, 'GET', '/sandbox/v1/clock', { token, instance: false });
    assert.equal(now.body.now, clock.now);
  } finally {
    assert.equal(await second.stop(), 0);
  }
});

test('every change is in the file before the answer, without waiting for shutdown', async () => {
  const file = tempFile('live.json');
  const server = await startServer(['--seed', '12', '--state', file]);
  try {
    const token = await tokenFor(server);
    const created = await call(server, 'POST', '/api/v2/keys', { token, body: keyBody({ name: 'on-disk' }) });
    assert.equal(created.status, 201);
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(saved.journal.some((e) => e.kind === 'request' && e.request.method === 'POST'));
    assert.ok(!existsSync(path.join(path.dirname(file), '.live.json.tmp')), 'no temporary file is left');
  } finally {
    await server.stop();
  }
});

for (const [what, bytes, reason] of [
  ['not JSON', '{"format": "byok-sandbox", "version": 1, "seed": "1", "jour', /not JSON/],
  ['another format', '{"format": "someone-else", "version": 1}', /its format is 'someone-else'/],
  ['a damaged journal', '{"format": "byok-sandbox", "version": 1, "seed": "1", "actor": "alice", "journal": [{"kind": "advance", "seconds": -5}]}', /backwards/],
]) {
  test(`a state file that is ${what} is refused and left untouched`, async () => {
    const file = tempFile('bad.json');
    writeFileSync(file, bytes);
    const { code, stdout, stderr } = await runToExit(['--state', file]);
    assert.notEqual(code, 0);
    assert.equal(stdout, '', 'no start line: scripts see it did not start');
    assert.match(stderr, /cannot load the state file .*bad\.json/);
    assert.match(stderr, reason);
    assert.equal(readFileSync(file, 'utf8'), bytes);
  });
}
