// IBM's official Key Protect Node SDK (@ibm-cloud/ibm-key-protect) against the server, through its
// ordinary IamAuthenticator: the API key is exchanged at the server's /identity/token and the JWT
// it gets back is sent as the bearer token. Calls the SDK lacks (purge, a service's registration)
// go by fetch with a token from the same exchange.
//
//   cargo build -p byok-sandbox-server && node --test tests/server/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { advance, call, keyBody, refusal, sdkFor, startServer, tokenFor } from './server.mjs';

let server;
let kp; // alice, the account owner (Manager)
let ownerToken;

before(async () => {
  server = await startServer(['--seed', '42']);
  kp = sdkFor(server);
  ownerToken = await tokenFor(server);
});
after(async () => {
  assert.equal(await server.stop(), 0, server.stderr());
});

const inst = () => server.instance;

async function createKey(resource, params = {}) {
  const res = await kp.createKey({ bluemixInstance: inst(), body: keyBody(resource), ...params });
  assert.equal(res.status, 201);
  return res.result.resources[0];
}

/** A stand-in service's registration of a resource on a key (only services register). */
function register(keyId, resourceCrn, preventKeyDeletion, token = server.serviceToken) {
  return call(server, 'POST', `/api/v2/keys/${keyId}/registrations/${encodeURIComponent(resourceCrn)}`, {
    token, body: { metadata: { collectionType: 'application/vnd.ibm.kms.registration+json', collectionTotal: 1 },
      resources: [{ preventKeyDeletion }] },
  });
}

function resourceCrn(name) {
  const account = server.owner && /a\/([0-9a-f]+)/.exec(server.crnSample)?.[1];
  return `crn:v1:bluemix:public:cloud-object-storage:global:a/${account}:cos-1:bucket:${name}`;
}

test('root and standard keys: create, read, list, count', async () => {
  const root = await createKey({ name: 'sdk-root', extractable: false });
  server.crnSample = root.crn;
  assert.equal(root.extractable, false);
  assert.equal(root.state, 1);
  const standard = await createKey({ name: 'sdk-standard', extractable: true });
  const read = await kp.getKey({ id: standard.id, bluemixInstance: inst() });
  assert.equal(read.status, 200);
  assert.ok(read.result.resources[0].payload, 'a standard key returns its payload');
  const rootRead = await kp.getKey({ id: root.id, bluemixInstance: inst() });
  assert.equal(rootRead.result.resources[0].payload, undefined, 'a root key never returns its material');
  const list = await kp.getKeys({ bluemixInstance: inst() });
  const names = list.result.resources.map((k) => k.name);
  assert.ok(names.includes('sdk-root') && names.includes('sdk-standard'), names.join());
  const count = await kp.getKeyCollectionMetadata({ bluemixInstance: inst() });
  assert.equal(count.headers['key-total'], String(list.result.resources.length));
});

test('import a root key; bad material is refused with the service reason', async () => {
  const payload = Buffer.alloc(32, 7).toString('base64');
  const imported = await createKey({ name: 'sdk-imported', extractable: false, payload });
  assert.equal(imported.imported, true);
  const bad = await refusal(kp.createKey({ bluemixInstance: inst(),
    body: keyBody({ name: 'short', extractable: false, payload: Buffer.alloc(20).toString('base64') }) }));
  assert.equal(bad.status, 400);
  assert.ok(bad.code, JSON.stringify(bad.body));
});

test('wrap and unwrap with AAD; the wrong AAD and another key are refused', async () => {
  const kek = await createKey({ name: 'sdk-kek', extractable: false });
  const other = await createKey({ name: 'sdk-other', extractable: false });
  const dek = Buffer.alloc(32, 1).toString('base64');
  const aad = ['tenant-a', 'volume-7'];
  const wrapped = await kp.wrapKey({ id: kek.id, bluemixInstance: inst(), keyActionWrapBody: { plaintext: dek, aad } });
  assert.equal(wrapped.status, 200);
  const { ciphertext } = wrapped.result;
  const unwrapped = await kp.unwrapKey({ id: kek.id, bluemixInstance: inst(), keyActionUnwrapBody: { ciphertext, aad } });
  assert.equal(unwrapped.result.plaintext, dek);
  const wrongAad = await refusal(kp.unwrapKey({ id: kek.id, bluemixInstance: inst(),
    keyActionUnwrapBody: { ciphertext, aad: ['tenant-b', 'volume-7'] } }));
  assert.deepEqual([wrongAad.status, wrongAad.code], [422, 'UNPROCESSABLE_CIPHERTEXT_ERR']);
  const otherKey = await refusal(kp.unwrapKey({ id: other.id, bluemixInstance: inst(),
    keyActionUnwrapBody: { ciphertext, aad } }));
  assert.deepEqual([otherKey.status, otherKey.code], [422, 'UNPROCESSABLE_CIPHERTEXT_ERR']);
  const generated = await kp.wrapKey({ id: kek.id, bluemixInstance: inst(), keyActionWrapBody: {} });
  assert.ok(generated.result.plaintext && generated.result.ciphertext, 'no plaintext: Key Protect makes a DEK');
});

test('rotate, versions, at most hourly, and old ciphertexts rewrap on unwrap', async () => {
  const key = await createKey({ name: 'sdk-rotating', extractable: false });
  const dek = Buffer.alloc(32, 2).toString('base64');
  const v1 = (await kp.wrapKey({ id: key.id, bluemixInstance: inst(), keyActionWrapBody: { plaintext: dek } })).result;
  const rotated = await kp.rotateKey({ id: key.id, bluemixInstance: inst() });
  assert.equal(rotated.status, 204);
  const again = await refusal(kp.rotateKey({ id: key.id, bluemixInstance: inst() }));
  assert.deepEqual([again.status, again.code], [409, 'KEY_ROTATION_NOT_PERMITTED']);
  await advance(server, ownerToken, '1h');
  assert.equal((await kp.rotateKey({ id: key.id, bluemixInstance: inst() })).status, 204);
  const versions = await kp.getKeyVersions({ id: key.id, bluemixInstance: inst() });
  assert.equal(versions.result.resources.length, 3);
  const unwrapped = await kp.unwrapKey({ id: key.id, bluemixInstance: inst(), keyActionUnwrapBody: { ciphertext: v1.ciphertext } });
  assert.equal(unwrapped.result.plaintext, dek);
  assert.ok(unwrapped.result.rewrappedKeyVersion, 'an old version\'s ciphertext comes back rewrapped');
  assert.notEqual(unwrapped.result.rewrappedKeyVersion.id, v1.keyVersion.id);
});

test('policies: rotation on a root key, refused on a standard key', async () => {
  const root = await createKey({ name: 'sdk-policy-root', extractable: false });
  const standard = await createKey({ name: 'sdk-policy-std', extractable: true });
  const policy = { metadata: { collectionType: 'application/vnd.ibm.kms.policy+json', collectionTotal: 1 },
    resources: [{ type: 'application/vnd.ibm.kms.policy+json', rotation: { enabled: true, interval_month: 3 } }] };
  const put = await kp.putPolicy({ id: root.id, bluemixInstance: inst(), policy: 'rotation', setKeyPoliciesOneOf: policy });
  assert.equal(put.status, 200);
  const got = await kp.getPolicy({ id: root.id, bluemixInstance: inst(), policy: 'rotation' });
  assert.equal(got.result.resources[0].rotation.interval_month, 3);
  const refused = await refusal(kp.putPolicy({ id: standard.id, bluemixInstance: inst(), policy: 'rotation', setKeyPoliciesOneOf: policy }));
  assert.deepEqual([refused.status, refused.code], [400, 'KEY_ROOT_REQ_ERR']);
});

test('key rings: create, list, keys in a ring, and a ring with keys is not deleted', async () => {
  assert.equal((await kp.createKeyRing({ keyRingId: 'sdk-ring', bluemixInstance: inst() })).status, 201);
  const rings = await kp.listKeyRings({ bluemixInstance: inst() });
  assert.ok(rings.result.resources.some((r) => r.id === 'sdk-ring'));
  const key = await createKey({ name: 'sdk-in-ring', extractable: false }, { xKmsKeyRing: 'sdk-ring' });
  assert.equal(key.keyRingID, 'sdk-ring');
  const busy = await refusal(kp.deleteKeyRing({ keyRingId: 'sdk-ring', bluemixInstance: inst() }));
  assert.deepEqual([busy.status, busy.code], [409, 'KEY_RING_KEYS_NOT_DELETED_ERR']);
});

test('registrations, delete, force delete past a registration, restore, purge after 4 hours', async () => {
  const key = await createKey({ name: 'sdk-protecting', extractable: false });
  const retained = await createKey({ name: 'sdk-retained', extractable: false });
  const byUser = await register(key.id, resourceCrn('by-user'), false, ownerToken);
  assert.deepEqual([byUser.status, byUser.body.resources[0].reasons[0].code], [403, 'SERVICE_ONLY_ERR']);
  assert.equal((await register(key.id, resourceCrn('orders'), false)).status, 201);
  assert.equal((await register(retained.id, resourceCrn('audit'), true)).status, 201);
  const regs = await kp.getRegistrations({ id: key.id, bluemixInstance: inst() });
  assert.equal(regs.result.resources[0].resourceCrn, resourceCrn('orders'));

  const plain = await refusal(kp.deleteKey({ id: key.id, bluemixInstance: inst() }));
  assert.deepEqual([plain.status, plain.code], [409, 'PROTECTED_RESOURCE_ERR']);
  const prevented = await refusal(kp.deleteKey({ id: retained.id, bluemixInstance: inst(), force: true }));
  assert.deepEqual([prevented.status, prevented.code], [409, 'PREV_KEY_DEL_ERR']);
  const forced = await kp.deleteKey({ id: key.id, bluemixInstance: inst(), force: true, prefer: 'return=representation' });
  assert.equal(forced.status, 200);
  assert.equal(forced.result.resources[0].state, 5);
  const wrapDeleted = await refusal(kp.wrapKey({ id: key.id, bluemixInstance: inst(), keyActionWrapBody: {} }));
  assert.deepEqual([wrapDeleted.status, wrapDeleted.code], [410, 'KEY_DELETED_ERR']);

  // Purge needs KeyPurge, which the owner grants through the sandbox API, and 4 hours.
  const purge = () => call(server, 'DELETE', `/api/v2/keys/${key.id}/purge`, { token: ownerToken });
  assert.equal((await purge()).status, 401);
  const roles = await call(server, 'PUT', '/sandbox/v1/users/alice/roles', { token: ownerToken, body: { kms: ['Manager', 'KeyPurge'] } });
  assert.equal(roles.status, 204, roles.text);
  const early = await purge();
  assert.deepEqual([early.status, early.body.resources[0].reasons[0].code], [409, 'REQ_TOO_EARLY_ERR']);

  // Restore: a deleted key comes back Active (after the service's 30-second wait).
  const spare = await createKey({ name: 'sdk-spare', extractable: false });
  assert.equal((await kp.deleteKey({ id: spare.id, bluemixInstance: inst() })).status, 204);
  const clock = await advance(server, ownerToken, '4h');
  assert.match(clock.now, /T\d\d:\d\d:\d\dZ$/);
  const restored = await kp.restoreKey({ id: spare.id, bluemixInstance: inst() });
  assert.equal(restored.status, 201);
  const back = await kp.getKey({ id: spare.id, bluemixInstance: inst() });
  assert.equal(back.result.resources[0].state, 1);

  assert.equal((await purge()).status, 200);
  const gone = await refusal(kp.getKey({ id: key.id, bluemixInstance: inst() }));
  assert.deepEqual([gone.status, gone.code], [404, 'KEY_NOT_FOUND_ERR']);
});

test('roles: a Reader reads but does not create; disable stops wraps', async () => {
  const reader = sdkFor(server, server.user('dave'));
  const list = await reader.getKeys({ bluemixInstance: inst() });
  assert.equal(list.status, 200);
  const create = await refusal(reader.createKey({ bluemixInstance: inst(), body: keyBody({ name: 'nope' }) }));
  assert.equal(create.status, 401);
  const key = await createKey({ name: 'sdk-disabled', extractable: false });
  assert.equal((await kp.disableKey({ id: key.id, bluemixInstance: inst() })).status, 204);
  const wrap = await refusal(kp.wrapKey({ id: key.id, bluemixInstance: inst(), keyActionWrapBody: {} }));
  assert.deepEqual([wrap.status, wrap.code], [409, 'KEY_ACTION_INVALID_STATE_ERR']);
});

test('a bad API key gets IAM\'s 400, and the SDK reports it', async () => {
  const bad = sdkFor(server, { apikey: 'not-a-key' });
  const res = await refusal(bad.getKeys({ bluemixInstance: inst() }));
  assert.equal(res.status, 400);
  const raw = await fetch(`${server.url}/identity/token`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=not-a-key' });
  assert.equal(raw.status, 400);
  assert.deepEqual(await raw.json(), { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' });
});
