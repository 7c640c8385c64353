/**
 * Builds the server for production: `src/main.ts` bundled by esbuild into `dist/main.js`, with
 * the workspace packages (TypeScript source) compiled in and every npm dependency the server can
 * resolve left to Node. `pnpm start` runs the result; tsx stays for development and tests.
 *
 * Files the source locates with `new URL('<relative>', import.meta.url)` keep working from
 * `dist/`: the URL is rewritten relative to the bundle. A `.ts` target (a worker thread's entry,
 * e.g. `new Worker(new URL('./index-worker.ts', import.meta.url))`) is built as an entry of its
 * own into `dist/workers/<name>.js` and the URL points there, so any worker file found this way is
 * built without listing it here. A folder of `.ts` modules loaded at run time (`migrations/`) is
 * built file by file into `dist/<folder>/`.
 */
import { basename, dirname, extname, relative, resolve } from 'node:path';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = resolve(root, 'dist');
const NEW_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*,\s*import\.meta\.url\s*,?\s*\)/g;
const SCRIPT = /\.[cm]?ts$/;

/** Script entries found so far (worker files, folders of scripts): source path → output path. */
const workers = new Map<string, string>();

/** A folder of TypeScript modules loaded at run time (the migrations): each built beside the bundle. */
function scriptsIn(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir).filter((name) => SCRIPT.test(name) && !name.endsWith('.d.ts'));
}

/**
 * Whether Node finds this package from `dist/` at run time: a `node_modules/<name>` folder in
 * the server's folder or above it (as ES module resolution looks; NODE_PATH, which pnpm sets for
 * scripts, does not count).
 */
function isServerDependency(specifier: string): boolean {
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(resolve(dir, 'node_modules', name, 'package.json'))) return true;
    if (dirname(dir) === dir) return false;
  }
}

/**
 * Whether `at` is inside a comment that starts its line (`//`, ` * `, `/**`) and is still open
 * there: `/* c8 ignore next *\/ new URL(…)` is code.
 */
function isInComment(source: string, at: number): boolean {
  const before = source.slice(source.lastIndexOf('\n', at) + 1, at);
  return /^\s*(\/\/|\/?\*)/.test(before) && !before.includes('*/');
}

/**
 * `source` (the file at `file`) with each `new URL('<relative>', import.meta.url)` pointed, from
 * `outDir`, at what the build makes of its target.
 */
function rewriteUrls(source: string, file: string, outDir: string): string {
  let rewritten = '';
  let copied = 0;
  for (const match of source.matchAll(NEW_URL)) {
    rewritten += source.slice(copied, match.index);
    // A doc comment's example is not a file to build.
    rewritten += isInComment(source, match.index)
      ? match[0]
      : builtUrl(resolve(dirname(file), match[2]!), outDir);
    copied = match.index + match[0].length;
  }
  return rewritten + source.slice(copied);
}

/**
 * The URL, relative to `outDir`, of what the build makes of `absolute`: a folder of scripts is
 * built file by file beside the bundle, a script as a worker entry in `dist/workers/`, and
 * anything else is left where it is.
 */
function builtUrl(absolute: string, outDir: string): string {
  let output = absolute;
  const folder = scriptsIn(absolute);
  if (folder.length > 0) {
    output = resolve(dist, basename(absolute));
    for (const name of folder)
      workers.set(resolve(absolute, name), resolve(output, name.replace(SCRIPT, '.js')));
  } else if (SCRIPT.test(absolute)) {
    output =
      workers.get(absolute) ??
      resolve(dist, 'workers', `${basename(absolute, extname(absolute))}.js`);
    if ([...workers].some(([source, out]) => out === output && source !== absolute))
      throw new Error(`two worker entries build to ${output}`);
    workers.set(absolute, output);
  }
  const path = relative(outDir, output);
  return `new URL(${JSON.stringify(path.startsWith('.') ? path : `./${path}`)}, import.meta.url)`;
}

/** The plugin for one output file (`outfile`): externals and `new URL(…, import.meta.url)`. */
function parleyPlugin(outfile: string): Plugin {
  const outDir = dirname(outfile);
  return {
    name: 'parley',
    setup(context) {
      // npm packages the server depends on load from node_modules at run time; the workspace's
      // own packages (and their pure dependencies the server cannot resolve) are compiled in.
      context.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:') || args.path.startsWith('@parley/')) return undefined;
        return isServerDependency(args.path) ? { path: args.path, external: true } : undefined;
      });
      context.onLoad({ filter: SCRIPT }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: rewriteUrls(source, args.path, outDir), loader: 'ts' };
      });
    },
  };
}

async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // CommonJS code compiled in may call `require`; an ES module has none of its own.
    banner: {
      js: "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);",
    },
    plugins: [parleyPlugin(outfile)],
  });
}

await rm(dist, { recursive: true, force: true });
await bundle(resolve(root, 'src/main.ts'), resolve(dist, 'main.js'));
// Worker entries found while bundling (and any they reference in turn).
const built = new Set<string>();
for (
  let pending = [...workers.keys()];
  pending.length > 0;
  pending = [...workers.keys()].filter((w) => !built.has(w))
)
  for (const worker of pending) {
    built.add(worker);
    await bundle(worker, workers.get(worker)!);
  }
console.log(`server built: dist/main.js and ${built.size} more entries (workers, migrations)`);
