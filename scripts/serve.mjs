// Serves the built site (dist/) at http://127.0.0.1:PORT/ and builds it again whenever the app's
// sources change (src/, crates/, www/, index.html, sandbox.json, Cargo.toml): reload the page after the
// "[serve] rebuilt" line. scripts/serve.sh builds once before starting this.
//
//   node scripts/serve.mjs [PORT]   (0: any free port, printed)
import http from 'node:http';
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json',
};

const server = http.createServer(async (req, res) => {
  let file;
  try {
    const { pathname } = new URL(req.url, 'http://localhost');
    file = path.join(dist, path.normalize(decodeURIComponent(pathname)).replace(/\/$/, '/index.html'));
  } catch {
    res.writeHead(400);
    return res.end('bad request');
  }
  if (!file.startsWith(dist + path.sep)) {
    res.writeHead(404);
    return res.end('not found');
  }
  try {
    const body = await readFile(file);
    // embed.js is loaded as a module script by pages of other origins: with CORS (README, "Embed it in your documentation").
    const cors = path.basename(file) === 'embed.js' ? { 'access-control-allow-origin': '*' } : {};
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...cors });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end('not found');
  }
});
server.listen(port, '127.0.0.1', () => console.error(`[serve] the sandbox is at http://127.0.0.1:${server.address().port}/`));

// One build at a time; a change during a build asks for one more after it.
let building = false;
let again = false;
function rebuild() {
  if (building) {
    again = true;
    return;
  }
  building = true;
  console.error('[serve] a source changed: building...');
  spawn(process.execPath, [path.join(root, 'scripts', 'build.mjs'), dist], { cwd: root, stdio: 'inherit' }).on('exit', (code) => {
    console.error(code === 0 ? '[serve] rebuilt: reload the page' : '[serve] the build failed (above); serving the last good one if any');
    building = false;
    if (again) {
      again = false;
      rebuild();
    }
  });
}
let timer;
const changed = () => {
  clearTimeout(timer);
  timer = setTimeout(rebuild, 300);
};
for (const name of ['src', 'crates', 'www', 'index.html', 'sandbox.json', 'Cargo.toml']) {
  watch(path.join(root, name), { recursive: true }, changed);
}
