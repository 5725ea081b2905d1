// `trunk serve`, as a Yew developer runs it: it serves the app (Trunk.toml's hook builds it with
// scripts/build.mjs), and after a change to a watched file it builds again and the open page reloads
// itself onto the new build. Trunk is installed by scripts/setup.sh; its build is the release one,
// so the first wait is a full site build (the cargo part is already built by the test command).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ROOT, launch, watch } from './support.mjs';

const STYLE = path.join(ROOT, 'www', 'style.css');
const BUILD_WAIT = 15 * 60_000; // one release build of the site, on two cores, at the most

/** A port no one listens on now. */
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});

/** The app's folder that index.html names (`app-<hash>`), or null while there is no build. */
async function servedFolder(origin) {
  const res = await fetch(`${origin}/`).catch(() => null);
  if (!res || !res.ok) return null;
  return (await res.text()).match(/app-[0-9a-f]{16}/)?.[0] ?? null;
}

/** Resolves once `check()` answers something, asking again each time trunk prints a line. */
function whenTrunk(trunk, check, what) {
  return new Promise((resolve, reject) => {
    let done = false;
    const attempt = async () => {
      if (done) return;
      const v = await check();
      if (v && !done) {
        done = true;
        clearTimeout(timer);
        resolve(v);
      }
    };
    const timer = setTimeout(() => { done = true; reject(new Error(`trunk serve: ${what} did not happen within ${BUILD_WAIT / 60_000} min`)); }, BUILD_WAIT);
    trunk.output.on('line', attempt);
    trunk.process.on('exit', (code) => { if (!done) { done = true; clearTimeout(timer); reject(new Error(`trunk serve exited (${code}) before ${what}:\n${trunk.log.join('')}`)); } });
    attempt();
  });
}

test('trunk serve serves the app and reloads it after a change', { timeout: 2 * BUILD_WAIT + 60_000 }, async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn('trunk', ['serve', '--dist', 'target/trunk-serve', '--address', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { EventEmitter } = await import('node:events');
  const trunk = { process: child, output: new EventEmitter(), log: [] };
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (text) => { trunk.log.push(text); trunk.output.emit('line'); });
  }
  const original = await readFile(STYLE, 'utf8');
  const browser = await launch();
  try {
    const first = await whenTrunk(trunk, () => servedFolder(origin), 'the first build');
    const page = watch(await browser.newPage(), []);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => typeof window.byokSandbox?.exec === 'function');
    assert.match(await page.locator('link[rel=stylesheet]').getAttribute('href'), new RegExp(first));
    // Trunk's reload script is in the page it serves (its WebSocket back to the server).
    assert.match(await (await fetch(`${origin}/`)).text(), /\.well-known\/trunk\/ws/);

    const reloaded = page.waitForEvent('load', { timeout: BUILD_WAIT });
    await writeFile(STYLE, `${original}\n/* trunk serve check: a change that makes a new build */\n`);
    const second = await whenTrunk(trunk, async () => {
      const now = await servedFolder(origin);
      return now && now !== first ? now : null;
    }, 'the build after the change');
    await reloaded;
    await page.waitForFunction((folder) => document.querySelector('link[rel=stylesheet]')?.getAttribute('href').includes(folder), second, { timeout: BUILD_WAIT });
    await page.waitForFunction(() => typeof window.byokSandbox?.exec === 'function');
  } finally {
    await writeFile(STYLE, original);
    await browser.close();
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
});
