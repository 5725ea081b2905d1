// The two encodings the static site ships pre-compressed, at their strongest settings, shared by
// scripts/precompress.mjs (which writes the files), scripts/size-check.mjs (which reports them) and
// scripts/bench-load.mjs (which serves them).
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** gzip at level 9 (what `gzip -9` gives, give or take the header). */
export const gzip = (bytes) => gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });

/** brotli at quality 11 with the largest window (24 bits) and the file's size as a hint. */
export const brotli = (bytes) =>
  brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });

/** The files worth compressing: text and wasm (images and fonts are compressed already). */
export const COMPRESSIBLE = new Set(['.wasm', '.js', '.css', '.html', '.svg', '.json', '.txt', '.map']);
