// Starts the already-built byok-sandbox-server for a test and talks to it. Nothing is built here:
// `cargo build -p byok-sandbox-server` first (scripts/test.sh does), or point BYOK_SERVER_BIN at
// another build (e.g. target/release/byok-sandbox-server).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { IamAuthenticator } from '@ibm-cloud/ibm-key-protect/auth/index.js';
import KeyProtect from '@ibm-cloud/ibm-key-protect/ibm-key-protect-api/v2.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.BYOK_SERVER_BIN ?? path.join(root, 'target/debug/byok-sandbox-server');

export const KEY_TYPE = 'application/vnd.ibm.kms.key+json';

/** Runs the server with `args` on a free port and resolves with its first stdout line (the JSON
 *  object: url, instance, users, serviceToken, seed) plus `stop()` and the process. */
export async function startServer(args = []) {
  const proc = spawn(BIN, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: proc.stdout });
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line),
    once(proc, 'exit').then(([code]) => { throw new Error(`the server exited (${code}) before its first line:\n${stderr}`); }),
  ]);
  const intro = JSON.parse(first);
  const exited = once(proc, 'exit');
  return {
    ...intro,
    proc,
    stderr: () => stderr,
    owner: intro.users[0],
    user: (name) => intro.users.find((u) => u.name === name),
    /** SIGTERM, then the exit code once the server has written its state and stopped. */
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const [code] = await exited;
      return code;
    },
  };
}

/** Runs the server expecting it to refuse to start: resolves with its exit code and output. */
export async function runToExit(args) {
  const proc = spawn(BIN, ['--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (d) => { stdout += d; });
  proc.stderr.on('data', (d) => { stderr += d; });
  const [code] = await once(proc, 'exit');
  return { code, stdout, stderr };
}

/** IBM's Key Protect SDK for `user`, through its ordinary IAM authenticator, with the server's URL
 *  as both the IAM URL and the service URL. */
export function sdkFor(server, user = server.owner) {
  const authenticator = new IamAuthenticator({ apikey: user.apikey, url: server.url });
  return new KeyProtect({ authenticator, serviceUrl: server.url });
}

/** An access token for `user`, as IAM's token exchange answers it. */
export async function tokenFor(server, user = server.owner) {
  const res = await fetch(`${server.url}/identity/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: user.apikey }),
  });
  if (res.status !== 200) throw new Error(`token exchange: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

/** A raw request: `{status, headers, body, text}`, the body parsed when it is JSON. */
export async function call(server, method, urlPath, { token, body, headers = {}, instance = true } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (instance) h['bluemix-instance'] = server.instance;
  let payload = body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) payload = JSON.stringify(body);
  const res = await fetch(server.url + urlPath, { method, headers: h, body: payload });
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = null; }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Moves the sandbox's virtual clock (owner's token). */
export async function advance(server, token, by) {
  const res = await call(server, 'POST', '/sandbox/v1/clock/advance', { token, body: { by }, instance: false });
  if (res.status !== 200) throw new Error(`advance ${by}: ${res.status} ${res.text}`);
  return res.body;
}

/** The status and Key Protect reason code of an SDK call that must fail. */
export async function refusal(promise) {
  try {
    const res = await promise;
    return { status: res.status, code: null };
  } catch (err) {
    const body = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const reason = body?.resources?.[0]?.reasons?.[0];
    return { status: err.status, code: reason?.code ?? null, body };
  }
}

function safeJson(text) {
  try { return JSON.parse(text); } catch { return null; }
}

export function keyBody(resource) {
  return { metadata: { collectionType: KEY_TYPE, collectionTotal: 1 }, resources: [{ type: KEY_TYPE, ...resource }] };
}
