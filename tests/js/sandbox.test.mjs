// The `Sandbox` class as an outside program sees it: the npm package of crates/js, as
// `wasm-pack build --target nodejs` makes it (scripts/test.sh builds it into target/node-pkg/), no
// app, no browser.
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

test('a BYOK deployment is provisioned, written, soft-deleted and cryptoshredded through the class', () => {
  const sb = new Sandbox(7);
  const [alice] = sb.users();
  const guid = sb.instances()[0].guid;
  const keyId = createRootKey(sb, alice, 'pg-root');
  const keyCrn = as(sb, alice, 'GET', `/api/v2/keys/${keyId}/metadata`).body.resources[0].crn;
  const auth = as(sb, alice, 'POST', '/v1/policies', {
    type: 'authorization',
    subjects: [{ attributes: [{ name: 'serviceName', value: 'databases-for-postgresql' }] }],
    roles: [{ role_id: 'crn:v1:bluemix:public:iam::::serviceRole:Reader' }],
    resources: [{ attributes: [{ name: 'serviceName', value: 'kms' }, { name: 'serviceInstance', value: guid }] }],
  });
  assert.equal(auth.status, 201, JSON.stringify(auth.body));
  assert.equal(sb.authorizations().length, 1);

  const created = as(sb, alice, 'POST', '/v2/resource_instances', {
    name: 'orders-db', target: 'us-south', resource_group: 'Default',
    resource_plan_id: 'databases-for-postgresql-standard', parameters: { disk_encryption_key_crn: keyCrn },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.state, 'provisioning');
  const db = created.body.guid;
  sb.advance('30m');
  assert.equal(sb.deployments()[0].state, 'active');

  const written = as(sb, alice, 'PUT', `/sandbox/v1/deployments/${db}/tables/orders/records/1`, { value: 'espresso' });
  assert.equal(written.status, 200, JSON.stringify(written.body));
  assert.equal(as(sb, alice, 'DELETE', `/v2/resource_instances/${db}`).status, 204);
  assert.equal(sb.reclamations().length, 1);
  assert.equal(as(sb, alice, 'DELETE', `/api/v2/keys/${keyId}`).body.resources[0].reasons[0].code, 'PROTECTED_RESOURCE_ERR');
  assert.equal(as(sb, alice, 'DELETE', `/api/v2/keys/${keyId}?force=true`).status, 204);
  sb.advance('5m');

  const [deployment] = sb.deployments();
  assert.equal(deployment.cryptoshredded, true);
  assert.equal(deployment.disabled_reason, 'key_destroyed');
  const restored = as(sb, alice, 'POST', `/v1/reclamations/${sb.reclamations()[0].id}/actions/restore`);
  assert.equal(restored.status, 200);
  const read = as(sb, alice, 'GET', `/sandbox/v1/deployments/${db}/tables/orders/records/1`);
  assert.equal(read.status, 410);
  assert.equal(read.body.code, 'DEPLOYMENT_CRYPTOSHREDDED');
  assert.ok(sb.events().some((e) => e.action === 'kms.secrets.endtoenddelete' && e.outcome === 'success'));
  assert.equal(sb.timings().reclamationPeriod, '9d');
});

test('the class runs ibmcloud commands, exports and imports its state, and reports events', () => {
  const sb = new Sandbox(11);
  const heard = [];
  const id = sb.on('event', (e) => heard.push(e.action));
  const created = sb.exec('ibmcloud kp key create cli-key');
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /cli-key/);
  assert.ok(heard.includes('kms.secrets.create'));
  const failed = sb.exec('ibmcloud kp key delete 00000000-0000-4000-8000-000000000000');
  assert.equal(failed.code, 1);
  assert.match(failed.stdout + failed.stderr, /KEY_NOT_FOUND_ERR/);
  sb.advance('2h');
  sb.off(id);
  const count = heard.length;
  sb.exec('ibmcloud kp keys');
  assert.equal(heard.length, count, 'off() stops the callback');

  // Export, import into another sandbox: the same state, byte for byte.
  const text = sb.exportState();
  const saved = JSON.parse(text);
  assert.equal(saved.format, 'byok-sandbox');
  assert.equal(saved.seed, '11');
  const other = new Sandbox(99);
  other.importState(text);
  assert.equal(other.now(), sb.now());
  assert.deepEqual(other.events(), sb.events());
  assert.throws(() => other.importState('{"format":"something-else"}'), /format is 'something-else'/);
  assert.equal(other.now(), sb.now(), 'a refused import changes nothing');
  assert.equal(other.reset(3), '3');
  assert.equal(other.now(), '2026-01-01T00:00:00Z');
  assert.throws(() => other.on('colour', () => {}), /unknown kind/);
});

test('TypeScript declarations are generated for the class', async () => {
  const { readFile } = await import('node:fs/promises');
  const dts = await readFile(new URL('../../target/node-pkg/byok_sandbox.d.ts', import.meta.url), 'utf8');
  for (const member of ['class Sandbox', 'request(request: any): any', 'exec(line: string): any', 'advance(duration: string): string', 'exportState(): string', 'importState(text: string): void', 'on(kind: string, callback: Function): number']) {
    assert.ok(dts.includes(member), `byok_sandbox.d.ts lacks ${member}`);
  }
});

test('the npm package names itself and its entry points as a test suite installs it', async () => {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../../target/node-pkg/package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.name, 'byok-sandbox');
  assert.equal(pkg.main, 'byok_sandbox.js');
  assert.equal(pkg.types, 'byok_sandbox.d.ts');
  for (const file of [pkg.main, pkg.types, 'byok_sandbox_bg.wasm']) assert.ok(pkg.files.includes(file), `package.json's files lack ${file}`);
  // What `require("byok-sandbox")` gives once installed: the package's main, which is the class.
  const installed = require(`../../target/node-pkg/${pkg.main}`);
  assert.equal(installed.Sandbox, Sandbox);
});
