import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
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

/** Widget sizes as its build wrote them; the dashboard's first load measured like its build. */
export function readBundleSizes(): BundleSizes {
  const widget = JSON.parse(readFileSync(at('apps/widget/dist/sizes.json'), 'utf8')) as {
    loader: { gzipBytes: number };
    app: { gzipBytes: number };
  };
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
