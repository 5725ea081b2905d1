// The server's throughput over HTTP on loopback: wrap + unwrap pairs on one root key from N
// concurrent clients (keep-alive: node:http with a keep-alive agent, about twice as fast as Node's
// fetch here), bounded by a count and a time. Prints requests/s and p50/p99 latency per request.
// Builds nothing: run the release build first, e.g.
//
//   cargo build --release -p byok-sandbox-server
//   node scripts/bench-server.mjs [--clients 8] [--pairs 20000] [--seconds 20] [--state]
//
// --state runs the server with a state file, which it rewrites after every request.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const clients = option('clients', 8);
const maxPairs = option('pairs', 20000);
const maxSeconds = option('seconds', 20);
const withState = args.includes('--state');
const bin = process.env.BYOK_SERVER_BIN ?? 'target/release/byok-sandbox-server';

const stateFile = withState ? path.join(mkdtempSync(path.join(tmpdir(), 'byok-bench-')), 'state.json') : null;
const proc = spawn(bin, ['--port', '0', '--seed', '1', ...(stateFile ? ['--state', stateFile] : [])],
  { stdio: ['ignore', 'pipe', 'inherit'] });
const [line] = await once(createInterface({ input: proc.stdout }), 'line');
const server = JSON.parse(line);

const tokenRes = await fetch(`${server.url}/identity/token`, { method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: server.users[0].apikey }) });
const token = (await tokenRes.json()).access_token;
const headers = { authorization: `Bearer ${token}`, 'bluemix-instance': server.instance, 'content-type': 'application/json' };
const keyType = 'application/vnd.ibm.kms.key+json';
const created = await fetch(`${server.url}/api/v2/keys`, { method: 'POST', headers, body: JSON.stringify({
  metadata: { collectionType: keyType, collectionTotal: 1 }, resources: [{ type: keyType, name: 'bench-kek', extractable: false }] }) });
const keyId = (await created.json()).resources[0].id;

const plaintext = Buffer.alloc(32, 9).toString('base64');
const latencies = [];
let pairsStarted = 0;
const deadline = performance.now() + maxSeconds * 1000;

const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const { hostname, port } = new URL(server.url);

/** One POST over a kept-alive connection: `{status, json}`. */
function post(urlPath, body) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path: urlPath, method: 'POST', agent,
      headers: { ...headers, 'content-length': Buffer.byteLength(text) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

async function timed(action, body) {
  const start = performance.now();
  const { status, json } = await post(`/api/v2/keys/${keyId}/actions/${action}`, body);
  latencies.push(performance.now() - start);
  if (status !== 200) throw new Error(`${action}: ${status} ${JSON.stringify(json)}`);
  return json;
}

async function client() {
  while (pairsStarted < maxPairs && performance.now() < deadline) {
    pairsStarted++;
    const { ciphertext } = await timed('wrap', { plaintext, aad: ['bench'] });
    const { plaintext: back } = await timed('unwrap', { ciphertext, aad: ['bench'] });
    if (back !== plaintext) throw new Error('unwrap gave other bytes');
  }
}

const start = performance.now();
await Promise.all(Array.from({ length: clients }, client));
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
const requests = latencies.length;
console.log(JSON.stringify({
  clients, state: withState, pairs: requests / 2, requests, seconds: Number(seconds.toFixed(2)),
  requestsPerSecond: Math.round(requests / seconds), pairsPerSecond: Math.round(requests / 2 / seconds),
  p50ms: Number(pct(0.5)), p99ms: Number(pct(0.99)),
  ...(stateFile ? { stateFileBytes: statSync(stateFile).size } : {}),
}));
agent.destroy();
proc.kill('SIGTERM');
await once(proc, 'exit');
