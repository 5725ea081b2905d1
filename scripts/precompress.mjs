// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every compressible file
// of a built site, so a host that serves pre-compressed files (nginx gzip_static / brotli_static,
// Caddy's `precompressed`, Apache with the rules in README.md) sends them without compressing on
// each request. Run after `node scripts/build.mjs` (which replaces dist/ on each build, so no stale
// copy survives); scripts/test.sh does. Prints each file's sizes.
//
//   node scripts/precompress.mjs [dist]
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotli, gzip, COMPRESSIBLE } from './compress.mjs';

const dist = path.resolve(process.argv[2] ?? 'dist');

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (COMPRESSIBLE.has(path.extname(entry.name))) yield full;
  }
}

let count = 0;
console.log(`pre-compressed copies in ${dist}:`);
for await (const file of files(dist)) {
  const bytes = await readFile(file);
  const gz = gzip(bytes);
  const br = brotli(bytes);
  await writeFile(`${file}.gz`, gz);
  await writeFile(`${file}.br`, br);
  count += 1;
  const name = path.relative(dist, file);
  console.log(`  ${name.padEnd(48)} ${String(bytes.length).padStart(9)} B raw ${String(gz.length).padStart(9)} B .gz ${String(br.length).padStart(9)} B .br`);
}
if (count === 0) {
  console.error(`precompress: nothing to compress in ${dist}: build the app first (node scripts/build.mjs)`);
  process.exit(1);
}
