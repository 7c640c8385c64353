import { readFile, readdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** What the server serves compressed: scripts and styles (maps and the manifest stay plain). */
const COMPRESSIBLE = /\.(?:js|css)$/;

/**
 * Writes `x.br` (brotli, best quality) and `x.gz` (gzip level 9) beside every script and style of
 * the build, once at build time, so the server sends the smallest encoding a browser accepts
 * without compressing per request.
 */
export async function precompress(dist: string): Promise<string[]> {
  const files = (await readdir(dist, { recursive: true }))
    .map((file) => String(file))
    .filter((file) => COMPRESSIBLE.test(file));
  await Promise.all(
    files.map(async (file) => {
      const source = await readFile(`${dist}/${file}`);
      const [br, gz] = await Promise.all([
        brotli(source, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        }),
        gzipAsync(source, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${dist}/${file}.br`, br), writeFile(`${dist}/${file}.gz`, gz)]);
    }),
  );
  return files;
}
