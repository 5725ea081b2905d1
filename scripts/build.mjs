// Builds the static site into DIST (default dist/): index.html, sandbox.json, embed.js (the
// <byok-sandbox> element, www/embed.js, under that fixed name: README, "Embed it in your
// documentation"), and one folder
// `app-<hash>/` with everything else (the JS glue, the main wasm, the chunks loaded on demand, the
// chunk loader, the stylesheet). The folder's name is a hash of its content, so a host may cache
// its files for ever; only index.html must be fetched fresh.
//
//   node scripts/build.mjs [DIST]
//   node scripts/build.mjs --trunk      (Trunk.toml's hook, under `trunk build` and `trunk serve`)
//
// Under Trunk the site is written into Trunk's staging folder (TRUNK_STAGING_DIR), around the
// index.html Trunk put there (with its live-reload script under `trunk serve`), and Trunk moves the
// whole to its dist: so `trunk build --release` and this script give the same files, and the same
// first load. Trunk's own Rust pipeline is skipped (index.html's `data-trunk-skip` link): it cannot
// run the splitter between cargo and wasm-bindgen.
//
// The steps: cargo builds the app's wasm with the `split` feature, its relocations kept (the
// splitter needs them); `wasm-split-cli` cuts out the chunks at the `#[wasm_split]` functions of
// src/frame/split.rs; `wasm-bindgen` makes the JS glue for the main module; `wasm-opt -Oz` shrinks
// each wasm; index.html gets the stylesheet, the preloads and the start script where it says so.
// The tools come from scripts/setup.sh (wasm-bindgen and wasm-split-cli by cargo install, wasm-opt
// from npm's binaryen). Files that are not the app's own (.br/.gz copies) are written afterwards by
// scripts/precompress.mjs.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const trunk = process.argv.includes('--trunk');
const named = process.argv.slice(2).filter((a) => !a.startsWith('--'))[0];
if (trunk && !process.env.TRUNK_STAGING_DIR) {
  console.error('[build] --trunk is for Trunk.toml\'s hook: run `trunk build` or `trunk serve`');
  process.exit(2);
}
const dist = trunk ? path.resolve(process.env.TRUNK_STAGING_DIR) : path.resolve(named ?? path.join(root, 'dist'));
const work = path.join(root, 'target', 'site');
// Cargo's target folder, wherever CARGO_TARGET_DIR or a config puts it.
const targetDir = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root, encoding: 'utf8' })).target_directory;
const raw = path.join(targetDir, 'wasm32-unknown-unknown', 'release', 'byok-sandbox.wasm');
const wasmOpt = path.join(root, 'node_modules', '.bin', 'wasm-opt');
// What wasm-bindgen's output uses: reference types (externref tables), bulk memory and the rest.
const FEATURES = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
const MARKER = /[ \t]*<!-- build: the app's files -->\r?\n/;
// Trunk's link (`<link data-trunk rel="rust" data-trunk-skip />`): only Trunk reads it.
const TRUNK_LINK = /[ \t]*<link data-trunk[^>]*>\r?\n/g;

const run = (command, args) => {
  console.error(`[build] ${command} ${args.join(' ')}`);
  execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
};

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

// DIST is emptied: refuse a folder that holds anything but a build (the project, a home folder).
// Trunk's staging folder is Trunk's own, made fresh for each build: it is written into, not emptied.
const isBuild = (names) => names.every((n) => ['index.html', 'sandbox.json', 'embed.js'].includes(n) || /^app-[0-9a-f]{16}$/.test(n) || /\.(br|gz)$/.test(n));
const existing = await readdir(dist).catch(() => []);
const rel = path.relative(dist, root); // '' or no '..' at its start: the project is inside DIST
if (!trunk && (!rel.startsWith('..') || !isBuild(existing))) {
  console.error(`[build] ${dist} holds more than a build of the site: give an empty or a build folder`);
  process.exit(2);
}

// 1. The wasm, with its relocations (`cargo rustc` adds the link argument to this crate's link
// alone, so no dependency is built again).
run('cargo', [
  'rustc', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'byok-sandbox',
  '--no-default-features', '--features', 'split', '--', '-C', 'link-arg=--emit-relocs',
]);

// 2. The chunks, then 3. the glue: into target/site/app, which becomes the hashed folder.
await rm(work, { recursive: true, force: true });
const stage = path.join(work, 'stage');
const app = path.join(work, 'app');
run('wasm-split-cli', ['--out-name', 'main', raw, stage]);
run('wasm-bindgen', [
  path.join(stage, 'main.wasm'), '--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', app,
]);

// 4. Every wasm shrunk: the main module from wasm-bindgen, the chunks and their shared parts
// straight from the splitter (the loader, __wasm_split.js, imports them by these names).
const chunks = [];
for (const name of await readdir(stage)) {
  if (name === 'main.wasm') continue;
  if (name.endsWith('.wasm')) chunks.push(name);
  await cp(path.join(stage, name), path.join(app, name));
}
for (const name of ['main_bg.wasm', ...chunks]) {
  const file = path.join(app, name);
  run(wasmOpt, ['-Oz', ...FEATURES.map((f) => `--enable-${f}`), file, '-o', file]);
}
await cp(path.join(root, 'www', 'style.css'), path.join(app, 'style.css'));

// 5. The folder named by its content.
const hash = createHash('sha256');
const names = [];
for await (const file of files(app)) names.push(path.relative(app, file).split(path.sep).join('/'));
names.sort();
for (const name of names) {
  hash.update(name);
  hash.update('\0');
  hash.update(await readFile(path.join(app, name)));
}
const folder = `app-${hash.digest('hex').slice(0, 16)}`;

// 6. index.html: the stylesheet, the JS modules (all imported by the glue) and the main wasm
// fetched at once, and the start.
const at = (name) => `./${folder}/${name}`;
const modules = names.filter((n) => n.endsWith('.js')); // the glue, its snippets, the chunk loader
const head = [
  `<link rel="stylesheet" href="${at('style.css')}" />`,
  ...modules.map((n) => `<link rel="modulepreload" href="${at(n)}" />`),
  `<link rel="preload" href="${at('main_bg.wasm')}" as="fetch" type="application/wasm" crossorigin />`,
  `<script type="module">`,
  `  import init from '${at('main.js')}';`,
  `  await init({ module_or_path: '${at('main_bg.wasm')}' });`,
  `</script>`,
].map((line) => `    ${line}\n`).join('');
// Trunk's index.html is the template under Trunk (its reload script included); ours otherwise.
const template = (await readFile(path.join(trunk ? dist : root, 'index.html'), 'utf8')).replace(TRUNK_LINK, '');
if (!MARKER.test(template)) throw new Error("index.html has no '<!-- build: the app's files -->' line");

if (!trunk) await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
await rename(app, path.join(dist, folder)).catch(() => cp(app, path.join(dist, folder), { recursive: true }));
await writeFile(path.join(dist, 'index.html'), template.replace(MARKER, head));
await cp(path.join(root, 'sandbox.json'), path.join(dist, 'sandbox.json'));
// The element's loader, beside index.html (it finds the app as `new URL('index.html', import.meta.url)`):
// unhashed, as authors write its address into their pages.
await cp(path.join(root, 'www', 'embed.js'), path.join(dist, 'embed.js'));
console.error(`[build] ${path.relative(process.cwd(), dist) || '.'}/: index.html, sandbox.json, embed.js, ${folder}/ (${names.length} files; chunks: ${chunks.join(', ')})`);
