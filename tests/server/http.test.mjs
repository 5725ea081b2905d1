// The server as raw HTTP: HEAD, content types, gzip, bad JSON, the body limit, unknown paths,
// missing, foreign and expired tokens, concurrent writers, the other APIs at their real paths, and
// the sandbox's control calls (clock, reset, state).
//
//   cargo build -p byok-sandbox-server && node --test tests/server/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advance, call, keyBody, startServer, tokenFor } from './server.mjs';

let server;
let token;

before(async () => {
  server = await startServer(['--seed', '42']);
  token = await tokenFor(server);
});
after(async () => {
  assert.equal(await server.stop(), 0, server.stderr());
});

const createKey = (name, t = token) => call(server, 'POST', '/api/v2/keys', { token: t, body: keyBody({ name, extractable: false }) });

test('HEAD /api/v2/keys answers the count in key-total with no body', async () => {
  assert.equal((await createKey('head-key')).status, 201);
  const res = await call(server, 'HEAD', '/api/v2/keys', { token });
  assert.equal(res.status, 200);
  assert.ok(Number(res.headers.get('key-total')) >= 1);
  assert.equal(res.text, '');
});

test('answers are JSON with a correlation-id, echoed when the client sends one', async () => {
  const res = await call(server, 'GET', '/api/v2/keys', { token, headers: { 'correlation-id': 'c0ffee00-0000-4000-8000-000000000001' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.headers.get('correlation-id'), 'c0ffee00-0000-4000-8000-000000000001');
  assert.equal(res.body.metadata.collectionType, 'application/vnd.ibm.kms.key+json');
});

test('gzip when the client asks for it', async () => {
  for (let i = 0; i < 3; i++) await createKey(`gzip-key-${i}`);
  const res = await fetch(`${server.url}/api/v2/keys`, { headers: { authorization: `Bearer ${token}`,
    'bluemix-instance': server.instance, 'accept-encoding': 'gzip' } });
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.ok((await res.json()).resources.length >= 3, 'fetch decompresses it to the same JSON');
  const plain = await fetch(`${server.url}/api/v2/keys`, { headers: { authorization: `Bearer ${token}`,
    'bluemix-instance': server.instance, 'accept-encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
});

test('bad JSON gets the service\'s 400', async () => {
  const res = await call(server, 'POST', '/api/v2/keys', { token, body: '{"metadata": ', headers: { 'content-type': 'application/json' } });
  assert.equal(res.status, 400);
  assert.equal(res.body.metadata.collectionType, 'application/vnd.ibm.kms.error+json');
  assert.equal(res.body.resources[0].reasons[0].code, 'BAD_BODY_ERR');
});

test('a body over 1 MiB gets a 413 with a JSON reason, and the server goes on', async () => {
  const huge = JSON.stringify({ plaintext: 'A'.repeat(1024 * 1024) });
  const res = await call(server, 'POST', '/api/v2/keys/anything/actions/wrap', { token, body: huge });
  assert.equal(res.status, 413);
  assert.equal(res.body.code, 'request_too_large');
  assert.match(res.body.errors, /larger than 1048576 bytes/);
  assert.equal((await call(server, 'GET', '/api/v2/keys', { token })).status, 200);
});

test('an unknown path gets a JSON 404 from the server, an unknown Key Protect path the service\'s', async () => {
  const outside = await call(server, 'GET', '/no/such/thing', { token });
  assert.equal(outside.status, 404);
  assert.equal(outside.body.code, 'not_found');
  const inside = await call(server, 'GET', '/api/v2/no_such_collection', { token });
  assert.equal(inside.status, 404);
  assert.equal(inside.body.metadata.collectionType, 'application/vnd.ibm.kms.error+json');
});

test('a missing, garbled or foreign token gets the service\'s 401', async () => {
  const missing = await call(server, 'GET', '/api/v2/keys');
  assert.equal(missing.status, 401);
  assert.ok(missing.body.resources[0].errorMsg.startsWith('Unauthorized'));
  const garbled = await call(server, 'GET', '/api/v2/keys', { token: `${token.slice(0, -4)}AAAA` });
  assert.equal(garbled.status, 401);
  const other = await startServer(['--seed', '43']);
  try {
    const foreign = await call(server, 'GET', '/api/v2/keys', { token: await tokenFor(other) });
    assert.equal(foreign.status, 401);
  } finally {
    await other.stop();
  }
  const iam = await call(server, 'GET', '/v1/policies?type=authorization', { instance: false });
  assert.equal(iam.status, 401);
  assert.ok(iam.body.errors[0].code, 'IAM answers with its own envelope');
});

test('an expired token (by the wall clock) gets the service\'s 401', async () => {
  // --token-ttl 0s issues tokens whose exp is their iat: expired as soon as they are used.
  const short = await startServer(['--seed', '42', '--token-ttl', '0s']);
  try {
    const expired = await tokenFor(short);
    const [, payload] = expired.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url'));
    assert.equal(claims.exp, claims.iat);
    const res = await call(short, 'GET', '/api/v2/keys', { token: expired });
    assert.equal(res.status, 401);
    assert.ok(res.body.resources[0].errorMsg.startsWith('Unauthorized'));
    const control = await call(short, 'GET', '/sandbox/v1/clock', { token: expired, instance: false });
    assert.equal(control.status, 401);
    // Expiry is the token's own `exp`: a server with the same seed and hour-long tokens refuses it too.
    assert.equal((await call(server, 'GET', '/api/v2/keys', { token: expired })).status, 401);
    assert.equal((await call(server, 'GET', '/api/v2/keys', { token: await tokenFor(server) })).status, 200);
  } finally {
    await short.stop();
  }
});

test('50 concurrent writers: every key is created and listed, none lost', async () => {
  const names = Array.from({ length: 50 }, (_, i) => `parallel-${String(i).padStart(2, '0')}`);
  const created = await Promise.all(names.map((n) => createKey(n)));
  assert.deepEqual(created.map((r) => r.status), names.map(() => 201));
  const ids = new Set(created.map((r) => r.body.resources[0].id));
  assert.equal(ids.size, 50);
  const list = await call(server, 'GET', '/api/v2/keys?limit=5000', { token });
  const listed = list.body.resources.filter((k) => k.name.startsWith('parallel-')).map((k) => k.name).sort();
  assert.deepEqual(listed, names);
});

test('IAM, Resource Controller and Cloud Databases at their real paths: BYOK provisioning', async () => {
  const key = (await createKey('byok-root')).body.resources[0];
  const policy = await call(server, 'POST', '/v1/policies', { token, instance: false, body: { type: 'authorization',
    subjects: [{ attributes: [{ name: 'serviceName', value: 'databases-for-postgresql' }] }],
    roles: [{ role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Reader' }],
    resources: [{ attributes: [{ name: 'serviceName', value: 'kms' }, { name: 'serviceInstance', value: server.instance }] }] } });
  assert.equal(policy.status, 201, policy.text);
  const db = await call(server, 'POST', '/v2/resource_instances', { token, instance: false, body: { name: 'orders-db',
    target: 'us-south', resource_group: 'Default', resource_plan_id: 'databases-for-postgresql-standard',
    parameters: { disk_encryption_key_crn: key.crn } } });
  assert.equal(db.status, 201, db.text);
  await advance(server, token, '30m');
  const deployment = await call(server, 'GET', `/v5/ibm/deployments/${encodeURIComponent(db.body.crn)}`, { token, instance: false });
  assert.equal(deployment.status, 200, deployment.text);
  const regs = await call(server, 'GET', `/api/v2/keys/${key.id}/registrations`, { token });
  assert.equal(regs.body.resources.length, 1, 'the deployment registered itself on its key');
});

test('control calls take the owner\'s token', async () => {
  assert.equal((await call(server, 'GET', '/sandbox/v1/clock', { instance: false })).status, 401);
  const dave = await tokenFor(server, server.user('dave'));
  const denied = await call(server, 'POST', '/sandbox/v1/clock/advance', { token: dave, instance: false, body: { by: '1h' } });
  assert.deepEqual([denied.status, denied.body.code], [403, 'owner_only']);
  const legacy = await call(server, 'GET', '/sandbox/v1/state', { token: 'sandbox-nobody', instance: false });
  assert.equal(legacy.status, 401);
  const wrongMethod = await call(server, 'DELETE', '/sandbox/v1/clock', { token, instance: false });
  assert.equal(wrongMethod.status, 405);
});

test('the clock over HTTP: read it, advance it, bad durations refused', async () => {
  const before = (await call(server, 'GET', '/sandbox/v1/clock', { token, instance: false })).body;
  const after = await advance(server, token, '9d');
  assert.equal(Date.parse(after.now) - Date.parse(before.now), 9 * 86400 * 1000);
  assert.ok(Array.isArray(after.pending) && typeof after.pendingTotal === 'number');
  const bad = await call(server, 'POST', '/sandbox/v1/clock/advance', { token, instance: false, body: { by: '9x' } });
  assert.equal(bad.status, 400);
  assert.match(bad.body.errors, /unknown unit/);
  const notJson = await call(server, 'POST', '/sandbox/v1/clock/advance', { token, instance: false, body: 'by=9d' });
  assert.equal(notJson.status, 400);
});

test('export, import elsewhere, and reset', async () => {
  const exported = await call(server, 'GET', '/sandbox/v1/state', { token, instance: false });
  assert.equal(exported.status, 200);
  assert.equal(exported.body.format, 'byok-sandbox');
  assert.ok(exported.body.journal.some((e) => e.kind === 'advance'));
  const keys = (await call(server, 'GET', '/api/v2/keys?limit=5000', { token })).body.resources.map((k) => k.id).sort();

  const other = await startServer(['--seed', '7']);
  try {
    const otherToken = await tokenFor(other);
    const refused = await call(other, 'PUT', '/sandbox/v1/state', { token: otherToken, instance: false, body: '{"format":"nope"}' });
    assert.equal(refused.status, 400);
    assert.match(refused.body.errors, /format is 'nope'/);
    const imported = await call(other, 'PUT', '/sandbox/v1/state', { token: otherToken, instance: false, body: exported.text });
    assert.equal(imported.status, 200, imported.text);
    assert.equal(imported.body.instance, server.instance);
    const moved = { ...other, instance: imported.body.instance };
    const there = await call(moved, 'GET', '/api/v2/keys?limit=5000', { token: await tokenFor(moved, imported.body.users[0]) });
    assert.deepEqual(there.body.resources.map((k) => k.id).sort(), keys);

    const reset = await call(other, 'POST', '/sandbox/v1/reset', { token: await tokenFor(moved, imported.body.users[0]), instance: false, body: { seed: 42 } });
    assert.equal(reset.status, 200);
    assert.deepEqual(reset.body.users, server.users, 'the same seed gives the same users and API keys');
    const fresh = { ...other, instance: reset.body.instance };
    const empty = await call(fresh, 'GET', '/api/v2/keys', { token: await tokenFor(fresh, reset.body.users[0]) });
    assert.deepEqual(empty.body.resources ?? [], []);
  } finally {
    await other.stop();
  }
});
