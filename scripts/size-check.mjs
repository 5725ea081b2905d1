// The first load's weight over the wire: gzip (zlib level 9) of index.html and every wasm, js and
// css file it loads (what it references, and the modules those import), each printed and summed,
// with brotli (quality 11, as scripts/precompress.mjs writes it) beside it for hosts that serve it.
// Then the chunks the app fetches after its first drawing (src/frame/split.rs), listed apart: they are
// not in the first load. Fails above the budget (gzip); the goal is a note.
//
//   node scripts/size-check.mjs [dist] [other-dist...]
//
// With more than one folder (the test command gives scripts/build.mjs's and `trunk build --release`'s),
// the first is reported in full, and each other one's first load is printed beside it: its files
// other than index.html must be the first's, byte for byte (index.html may differ only by what
// Trunk writes into it), and so must embed.js (the <byok-sandbox> loader), or the check fails.
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { brotli, gzip } from './compress.mjs';

const BUDGET_KB = 400; // exit 1 above this: the gate the first-load issue (#13) sets
const GOAL_KB = 300; // a note above this: that issue's goal

const dists = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((d) => path.resolve(d));
if (!dists.length) dists.push(path.resolve('dist'));
const dist = dists[0];
const KINDS = new Set(['.wasm', '.js', '.css', '.html']);

// The files of a build's first load, as paths inside it: index.html and what it loads.
async function firstLoad(dist) {
  const html = await readFile(path.join(dist, 'index.html'), 'utf8').catch(() => {
    console.error(`size-check: no ${path.join(dist, 'index.html')}: build the app first (node scripts/build.mjs)`);
    process.exit(2);
  });

  // What index.html loads: href/src attributes and the quoted './file' paths in its inline module
  // script (the start imports the JS and passes the wasm's path to init)...
  const refs = new Set(['index.html']);
  for (const m of html.matchAll(/(?:href|src)\s*=\s*["']([^"']+)["']|["'](\.\/[^"']+)["']/g)) {
    const ref = (m[1] ?? m[2]).split(/[?#]/)[0];
    if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) continue; // data:, http:, ...
    if (!KINDS.has(path.extname(ref))) continue;
    refs.add(path.normalize(ref.replace(/^\.?\//, '')));
  }
  // ... and what those modules import, at any depth (wasm-bindgen's snippets, the chunk loader).
  for (const file of refs) {
    if (path.extname(file) !== '.js' || !existsSync(path.join(dist, file))) continue;
    const text = await readFile(path.join(dist, file), 'utf8');
    for (const m of text.matchAll(/^\s*import\s[^'"]*["'](\.{1,2}\/[^"']+)["']/gm)) {
      refs.add(path.normalize(path.join(path.dirname(file), m[1]))); // a Set iterates what is added
    }
  }

  // Wasm-bindgen's JS snippets sit in subfolders (snippets/<crate>/src/...), hence paths, not names.
  const missing = [...refs].filter((f) => !existsSync(path.join(dist, f)));
  if (missing.length) {
    console.error(`size-check: index.html references files that are not in ${dist}: ${missing.join(', ')}`);
    process.exit(1);
  }
  if (![...refs].some((f) => f.endsWith('.wasm'))) {
    console.error(`size-check: ${dist}/index.html references no .wasm file: is this a build of scripts/build.mjs?`);
    process.exit(1);
  }
  return refs;
}
const refs = await firstLoad(dist);

// The chunks: every other wasm or js file in the folders of the first load's.
const later = [];
for (const dir of new Set([...refs].map((f) => path.dirname(f)))) {
  for (const name of await readdir(path.join(dist, dir))) {
    const file = path.normalize(path.join(dir, name));
    if (['.wasm', '.js'].includes(path.extname(name)) && !refs.has(file)) later.push(file);
  }
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const order = ['.wasm', '.js', '.css', '.html'];
const files = [...refs].sort((a, b) => order.indexOf(path.extname(a)) - order.indexOf(path.extname(b)) || a.localeCompare(b));
let total = 0;
let raw = 0;
let totalBr = 0;
console.log(`first load of ${dist} (gzip -9; brotli -q 11):`);
const line = (name, r, gz, br) =>
  console.log(`  ${name.padEnd(48)} ${String(r).padStart(9)} B raw ${String(gz).padStart(9)} B gzip  ${kb(gz).padStart(10)} ${String(br).padStart(9)} B brotli ${kb(br).padStart(10)}`);
for (const f of files) {
  const bytes = await readFile(path.join(dist, f));
  const gz = gzip(bytes).length;
  const br = brotli(bytes).length;
  total += gz;
  totalBr += br;
  raw += bytes.length;
  line(f, bytes.length, gz, br);
}
line('total', raw, total, totalBr);
if (later.length) {
  console.log('fetched after the first drawing (not in the first load):');
  for (const f of later.sort()) {
    const bytes = await readFile(path.join(dist, f));
    line(f, bytes.length, gzip(bytes).length, brotli(bytes).length);
  }
}

// The <byok-sandbox> element's loader (embed.js, beside index.html): what a documentation page
// fetches before any sandbox, kept small.
const EMBED_BUDGET_KB = 10;
{
  const bytes = await readFile(path.join(dist, 'embed.js')).catch(() => null);
  if (!bytes) {
    console.error(`size-check: no ${path.join(dist, 'embed.js')}: scripts/build.mjs copies www/embed.js there`);
    process.exit(1);
  }
  console.log('the <byok-sandbox> loader (fetched by host pages, not by the app):');
  line('embed.js', bytes.length, gzip(bytes).length, brotli(bytes).length);
  if (gzip(bytes).length / 1024 > EMBED_BUDGET_KB) {
    console.error(`size-check: FAILED: embed.js is ${kb(gzip(bytes).length)} gzip, over its ${EMBED_BUDGET_KB} KB budget.`);
    process.exit(1);
  }
}

// An address that names a page in a chunk loads that chunk and the shared chunks it needs before
// the page is drawn: the chunk loader (wasm-split-cli's __wasm_split.js) lists them. Each such
// first load, by chunk (src/frame/split.rs says which pages are in which).
const loader = [...refs].find((f) => path.basename(f) === '__wasm_split.js');
const fail = (why) => {
  console.error(`size-check: ${why}`);
  process.exit(1);
};
if (!loader && later.some((f) => f.endsWith('.wasm'))) fail('chunks but no chunk loader (__wasm_split.js) in the first load');
if (loader) {
  const js = await readFile(path.join(dist, loader), 'utf8');
  const chunk = {};
  const parts = {};
  const load = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\n, \[([^\]]*)\]\)/g;
  for (const m of js.matchAll(load)) {
    const file = path.normalize(path.join(path.dirname(loader), m[3]));
    const deps = m[4].split(',').map((d) => d.trim()).filter(Boolean);
    if (m[1]) chunk[m[1]] = file;
    else parts[m[2]] = { file, deps };
  }
  // Read wrong, the figures below would be too small: fail instead.
  const declared = js.match(/export const __wasm_split_load_/g)?.length ?? 0;
  if (declared === 0 || Object.keys(parts).length !== declared) fail(`read ${Object.keys(parts).length} of the ${declared} chunks ${loader} loads: has its format changed?`);
  const files = (name) => [parts[name].file, ...parts[name].deps.map((d) => chunk[d] ?? fail(`${loader}: ${name} needs ${d}, which it does not define`))];
  const covered = new Set(Object.keys(parts).flatMap(files));
  const stray = later.filter((f) => f.endsWith('.wasm') && !covered.has(f));
  if (stray.length) fail(`${stray.join(', ')}: not loaded by any chunk of ${loader}`);
  console.log('the first load of an address naming a page in a chunk (gzip; brotli):');
  for (const name of Object.keys(parts).sort()) {
    const own = new Set(files(name));
    let gz = total;
    let br = totalBr;
    for (const f of own) {
      const bytes = await readFile(path.join(dist, f));
      gz += gzip(bytes).length;
      br += brotli(bytes).length;
    }
    console.log(`  ${`the ${name} chunk`.padEnd(48)} ${String(own.size).padStart(3)} more files ${kb(gz).padStart(10)} ${kb(br).padStart(10)}`);
  }
}

// Every other build: the same first load, index.html aside.
for (const other of dists.slice(1)) {
  const theirs = await firstLoad(other);
  let gz = 0;
  const differ = [];
  for (const f of theirs) {
    const bytes = await readFile(path.join(other, f));
    gz += gzip(bytes).length;
    if (f !== 'index.html' && !(refs.has(f) && bytes.equals(await readFile(path.join(dist, f))))) differ.push(f);
  }
  for (const f of refs) if (!theirs.has(f)) differ.push(`${f} (only in ${dist})`);
  const loaders = await Promise.all([dist, other].map((d) => readFile(path.join(d, 'embed.js')).catch(() => null)));
  if (!loaders[1] || !loaders[0].equals(loaders[1])) differ.push('embed.js');
  console.log(`first load of ${other}: ${theirs.size} files, ${kb(gz)} gzip (${dist}: ${refs.size} files, ${kb(total)} gzip)`);
  if (differ.length) fail(`the first loads of ${dist} and ${other} differ: ${differ.join(', ')}`);
  console.log(`size-check: ${other}'s first load is ${dist}'s, file for file (index.html aside).`);
}

const totalKb = total / 1024;
// `--report-only` prints the verdict without failing (to look at a build over the budget; the test
// command enforces it).
const reportOnly = process.argv.includes('--report-only');
if (totalKb > BUDGET_KB) {
  console.error(`size-check: ${reportOnly ? 'OVER BUDGET (not enforced)' : 'FAILED'}: ${kb(total)} gzip is over the ${BUDGET_KB} KB budget (goal ${GOAL_KB} KB).`);
  if (!reportOnly) process.exit(1);
} else if (totalKb > GOAL_KB) {
  console.log(`size-check: note: ${kb(total)} gzip is over the ${GOAL_KB} KB goal (budget ${BUDGET_KB} KB).`);
} else {
  console.log(`size-check: ok: ${kb(total)} gzip, within the ${GOAL_KB} KB goal.`);
}
