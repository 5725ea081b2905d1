// The `Sandbox` class as an outside program sees it: the lib's cdylib through
// `wasm-bindgen --target nodejs` (scripts/test.sh builds it into target/node-pkg/), no app, no browser.
//
//   node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Sandbox } = require('../../target/node-pkg/byok_sandbox.js');

const KEY_TYPE = 'application/vnd.ibm.kms.key+json';

/** A request from `user` to the sandbox's first Key Protect instance. */
function as(sb, user, method, path, body) {
  const headers = { authorization: `Bearer ${user.token}`, 'bluemix-instance': sb.instances()[0].guid };
  return sb.request(body === undefined ? { method, path, headers } : { method, path, headers, body });
}

function createRootKey(sb, user, name) {
  const res = as(sb, user, 'POST', '/api/v2/keys', {
    metadata: { collectionType: KEY_TYPE, collectionTotal: 1 },
    resources: [{ type: KEY_TYPE, name, extractable: false }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.resources[0].id;
}

test('the same seed gives the same users and instances', () => {
  const a = new Sandbox(42);
  const b = new Sandbox(42);
  assert.deepEqual(
    a.users().map((u) => u.token),
    b.users().map((u) => u.token),
  );
  assert.deepEqual(
    a.instances().map((i) => i.guid),
    b.instances().map((i) => i.guid),
  );
  assert.equal(a.seed(), '42');
});

test('a root key wraps a generated DEK, unwraps it, and is deleted', () => {
  const sb = new Sandbox(42);
  const [alice] = sb.users();
  const id = createRootKey(sb, alice, 'root-1');

  const wrapped = as(sb, alice, 'POST', `/api/v2/keys/${id}/actions/wrap`, {});
  assert.equal(wrapped.status, 200, JSON.stringify(wrapped.body));
  const { plaintext, ciphertext } = wrapped.body;
  assert.equal(typeof plaintext, 'string');
  assert.equal(typeof ciphertext, 'string');
  assert.equal(Buffer.from(plaintext, 'base64').length, 32);

  const unwrapped = as(sb, alice, 'POST', `/api/v2/keys/${id}/actions/unwrap`, { ciphertext });
  assert.equal(unwrapped.status, 200, JSON.stringify(unwrapped.body));
  assert.equal(unwrapped.body.plaintext, plaintext);

  const deleted = as(sb, alice, 'DELETE', `/api/v2/keys/${id}`);
  assert.equal(deleted.status, 204, JSON.stringify(deleted.body));

  assert.equal(sb.advance('4h'), '2026-01-01T04:00:00Z');
  assert.equal(sb.now(), '2026-01-01T04:00:00Z');

  const deletion = sb.events().find((e) => e.action === 'kms.secrets.delete');
  assert.ok(deletion, 'a kms.secrets.delete event is logged');
  assert.equal(deletion.severity, 'critical');
});

test('a request without a token is refused with 401', () => {
  const sb = new Sandbox(42);
  const res = sb.request({
    method: 'GET',
    path: '/api/v2/keys',
    headers: { 'bluemix-instance': sb.instances()[0].guid },
  });
  assert.equal(res.status, 401);
  assert.match(res.body.resources[0].errorMsg, /^Unauthorized/);
});

test('malformed JSON text as the body is a 400 BAD_BODY_ERR', () => {
  const sb = new Sandbox(42);
  const res = as(sb, sb.users()[0], 'POST', '/api/v2/keys', '{"metadata":');
  assert.equal(res.status, 400);
  assert.equal(res.body.resources[0].reasons[0].code, 'BAD_BODY_ERR');
});

test('a negative seed is refused', () => {
  assert.throws(() => new Sandbox(-1), /non-negative integer/);
});
