/**
 * Builds the widget in two steps: the chat app (an ES module with a hashed name, loaded lazily)
 * and then the loader `widget.js` (a classic script) that knows the app's hashed path. Prints the
 * gzip sizes of both and writes them to dist/sizes.json for the benchmark suite. Scripts are
 * precompressed (`.br`, `.gz`) for the server to send as they are.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { watch } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { measureSizes, formatSizes } from './measure-sizes.ts';
import { precompress } from './precompress.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

const shared: InlineConfig = {
  root,
  configFile: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2021', outDir: dist, minify: true, reportCompressedSize: false },
};

async function buildApp(): Promise<string> {
  await build({
    ...shared,
    build: {
      ...shared.build,
      emptyOutDir: true,
      manifest: true,
      rolldownOptions: {
        input: { app: `${root}src/app/main.tsx` },
        preserveEntrySignatures: 'exports-only',
        output: { format: 'es', entryFileNames: 'assets/[name]-[hash].js' },
      },
    },
  });
  const manifest = JSON.parse(await readFile(`${dist}/.vite/manifest.json`, 'utf8')) as Record<
    string,
    { file: string; isEntry?: boolean }
  >;
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('the app build produced no entry chunk');
  return entry.file;
}

async function buildLoader(appFile: string): Promise<void> {
  await build({
    ...shared,
    define: { __PARLEY_APP__: JSON.stringify(appFile) },
    build: {
      ...shared.build,
      emptyOutDir: false,
      lib: {
        entry: `${root}src/loader/loader.ts`,
        formats: ['iife'],
        name: 'ParleyLoader',
        fileName: () => 'widget.js',
      },
    },
  });
}

async function buildAll(): Promise<void> {
  const appFile = await buildApp();
  await buildLoader(appFile);
  await precompress(dist);
  const sizes = await measureSizes(dist, appFile);
  await writeFile(`${dist}/sizes.json`, `${JSON.stringify(sizes, null, 2)}\n`);
  console.log(formatSizes(sizes));
  if (!sizes.loader.isWithinBudget || !sizes.app.isWithinBudget) {
    throw new Error('the widget is over its size budget (SPEC §8)');
  }
}

await buildAll();
if (process.argv.includes('--watch')) {
  let timer: NodeJS.Timeout | undefined;
  watch(`${root}src`, { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void buildAll().catch((error: unknown) => console.error(error)), 200);
  });
  console.log('watching src/ for changes');
}
