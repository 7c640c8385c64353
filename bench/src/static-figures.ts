import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);
const at = (path: string) => new URL(path, root);

export interface BundleSizes {
  loaderGzipBytes: number;
  appGzipBytes: number;
  dashboardFirstLoadGzipBytes: number;
}

interface WidgetSizesFile {
  loader: { files: string[]; gzipBytes: number };
  app: { files: string[]; gzipBytes: number };
}

const readWidgetSizes = () =>
  JSON.parse(readFileSync(at('apps/widget/dist/sizes.json'), 'utf8')) as WidgetSizesFile;

export interface WireSizes {
  /** `/widget.js` as sent to a browser accepting `br, gzip`: body bytes and Content-Encoding. */
  loaderBytes: number;
  /** The widget app's chunks (`/assets/…`), summed. */
  appBytes: number;
  encodings: string[];
}

/** Body bytes of one GET as they cross the wire (not decoded), and the Content-Encoding. */
function fetchRaw(url: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve({ bytes, encoding: String(res.headers['content-encoding'] ?? 'identity') })
          : reject(new Error(`${url} answered ${res.statusCode}`)),
      );
    }).on('error', reject);
  });
}

/** The widget as a browser gets it from the running server (`Accept-Encoding: br, gzip`). */
export async function measureWireSizes(serverUrl: string): Promise<WireSizes> {
  const sizes = readWidgetSizes();
  const loader = await Promise.all(sizes.loader.files.map((f) => fetchRaw(`${serverUrl}/${f}`)));
  const app = await Promise.all(sizes.app.files.map((f) => fetchRaw(`${serverUrl}/${f}`)));
  const sum = (parts: Array<{ bytes: number }>) => parts.reduce((n, part) => n + part.bytes, 0);
  return {
    loaderBytes: sum(loader),
    appBytes: sum(app),
    encodings: [...new Set([...loader, ...app].map((part) => part.encoding))],
  };
}

/** Widget sizes as its build wrote them; the dashboard's first load measured like its build. */
export function readBundleSizes(): BundleSizes {
  const widget = readWidgetSizes();
  const dist = at('apps/dashboard/dist/');
  const html = readFileSync(new URL('index.html', dist), 'utf8');
  const linked = [...html.matchAll(/(?:src|href)="\/admin\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const dashboard = linked.reduce(
    (total, file) => total + gzipSync(readFileSync(new URL(file, dist))).length,
    gzipSync(html).length,
  );
  return {
    loaderGzipBytes: widget.loader.gzipBytes,
    appGzipBytes: widget.app.gzipBytes,
    dashboardFirstLoadGzipBytes: dashboard,
  };
}

export interface CacheHitFigure {
  engine: string;
  samples: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The AI package's cache-hit benchmark (answerVisitorMessage on a warm cache entry, on MariaDB
 * and SQLite), run here and read back from the results file it appends to.
 */
export async function measureCacheHits(): Promise<CacheHitFigure[]> {
  const results = at('packages/ai/bench-results.json');
  if (existsSync(results)) rmSync(results);
  await run('pnpm', ['--filter', '@parley/ai', 'bench'], {
    cwd: root,
    timeout: 240_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return readFileSync(results, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const figure = JSON.parse(line) as {
        name: string;
        samples: number;
        p50Ms: number;
        p99Ms: number;
      };
      return {
        engine: /\((\w+)\)/.exec(figure.name)?.[1] ?? figure.name,
        samples: figure.samples,
        p50Ms: figure.p50Ms,
        p99Ms: figure.p99Ms,
      };
    });
}
