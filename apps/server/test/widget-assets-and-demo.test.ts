import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { DEMO_FAQ } from '../src/features/demo/demo-faq.ts';
import { serveDemoPage } from '../src/features/demo/demo-page.ts';
import { DEMO_WIDGET_KEY, seedDemo } from '../src/features/demo/demo-seed.ts';
import {
  createWidgetAssetRoutes,
  DEFAULT_WIDGET_DIST,
} from '../src/features/widget-assets/widget-asset-routes.ts';
import { createErrorHandler, notFoundHandler } from '../src/http/error-handler.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';

const DEMO_ORIGIN = 'http://127.0.0.1:3901';

function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

describe.each(DATABASE_KINDS)('widget assets and the demo on %s', (kind) => {
  let t: TestServer;
  let dist: string;
  let assets: { url: string; server: Server };

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    // A built widget as `pnpm build` leaves it, served by the real routes and widget service.
    dist = mkdtempSync(join(tmpdir(), 'parley-widget-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'widget.js'), 'import("/assets/app-abc123.js")');
    writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'export const mountApp = 1;');
    const app = express();
    app.use(
      createWidgetAssetRoutes({
        widgets: t.server.conversations.widgets,
        previewTickets: t.server.conversations.previewTickets,
        limitPublic: t.server.conversations.limitPublic,
        distDir: dist,
      }),
    );
    app.use(notFoundHandler);
    app.use(createErrorHandler(createLogger('silent')));
    assets = await listen(app);
  });
  afterAll(async () => {
    assets?.server.close();
    rmSync(dist, { recursive: true, force: true });
    await t?.close();
  });

  it('seeds the demo once on an empty database, then only keeps its origins current', async () => {
    const first = await seedDemo(t.db, { demoOrigins: [DEMO_ORIGIN], serverOrigin: t.url });
    expect(first).toMatchObject({ widgetKey: DEMO_WIDGET_KEY, isNew: true });
    const widget = await t.db.models.WidgetConfig.findOne({
      where: { widgetKey: DEMO_WIDGET_KEY },
    });
    expect(widget?.allowedOrigins).toEqual([DEMO_ORIGIN, t.url]);
    const rule = await t.db.models.ContextRule.findByPk(widget!.contextRuleId!);
    expect(rule?.knowledgeBaseIds).toEqual([first.knowledgeBaseId]);
    const chunks = await t.db.models.KnowledgeChunk.findAll({
      where: { knowledgeBaseId: first.knowledgeBaseId! },
      order: [['position', 'ASC']],
    });
    expect(chunks.map((c) => c.title)).toEqual(DEMO_FAQ.map((f) => f.question));

    const again = await seedDemo(t.db, {
      demoOrigins: ['http://127.0.0.1:4000'],
      serverOrigin: t.url,
    });
    expect(again.isNew).toBe(false);
    expect(await t.db.models.WidgetConfig.count()).toBe(1);
    expect(await t.db.models.KnowledgeBaseConfig.count()).toBe(1);
    await widget!.reload();
    expect(widget!.allowedOrigins).toEqual([DEMO_ORIGIN, t.url, 'http://127.0.0.1:4000']);
  });

  it('serves the loader short-cached and the hashed chunks long-cached, loadable cross-origin', async () => {
    const loader = await fetch(`${assets.url}/widget.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get('content-type')).toContain('javascript');
    expect(loader.headers.get('cache-control')).toContain('max-age=300');
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const chunk = await fetch(`${assets.url}/assets/app-abc123.js`);
    expect(chunk.status).toBe(200);
    expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(chunk.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await fetch(`${assets.url}/assets/app-nothere.js`);
    expect(missing.status).toBe(404);
  });

  it('sends the built loader and app precompressed: the app is at most 30 KB over the wire', async () => {
    // The real build (`pnpm build` writes `.br` and `.gz` beside each script).
    const built = JSON.parse(readFileSync(join(DEFAULT_WIDGET_DIST, 'sizes.json'), 'utf8')) as {
      app: { files: string[] };
    };
    const app = express();
    app.use(
      createWidgetAssetRoutes({
        widgets: t.server.conversations.widgets,
        previewTickets: t.server.conversations.previewTickets,
        limitPublic: t.server.conversations.limitPublic,
      }),
    );
    const real = await listen(app);
    try {
      const wire = (path: string, headers: Record<string, string>) =>
        new Promise<{ status: number; bytes: number; headers: IncomingHttpHeaders }>(
          (resolve, reject) =>
            httpGet(`${real.url}${path}`, { headers }, (res) => {
              let bytes = 0;
              res.on('data', (chunk: Buffer) => (bytes += chunk.length));
              res.on('end', () =>
                resolve({ status: res.statusCode!, bytes, headers: res.headers }),
              );
            }).on('error', reject),
        );
      const accept = { 'accept-encoding': 'br, gzip' };
      let appBytes = 0;
      for (const file of built.app.files) {
        const chunk = await wire(`/${file}`, accept);
        expect(chunk.status).toBe(200);
        expect(chunk.headers['content-encoding']).toBe('br');
        expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(chunk.headers.vary).toContain('Accept-Encoding');
        appBytes += chunk.bytes;
      }
      expect(appBytes).toBeGreaterThan(1_000);
      expect(appBytes).toBeLessThanOrEqual(30 * 1024);

      const loader = await wire('/widget.js', accept);
      expect(loader.headers['content-encoding']).toBe('br');
      expect(loader.headers['content-type']).toContain('javascript');
      expect(loader.headers['cache-control']).toContain('max-age=300');
      const etag = loader.headers.etag!;
      expect(etag).toBeTruthy();
      expect((await wire('/widget.js', { ...accept, 'if-none-match': etag })).status).toBe(304);
      // A client that takes gzip only gets gzip; one that takes nothing gets the plain file.
      const gzipOnly = await wire('/widget.js', { 'accept-encoding': 'gzip' });
      expect(gzipOnly.headers['content-encoding']).toBe('gzip');
      expect(gzipOnly.headers.etag).not.toBe(etag);
      const plain = await wire('/widget.js', { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.bytes).toBeGreaterThan(loader.bytes);
    } finally {
      real.server.close();
    }
  });

  it('serves the iframe page framed only by the widget’s origins, and nothing for bad keys', async () => {
    const page = await fetch(`${t.url}/embed/${DEMO_WIDGET_KEY}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`data-widget-key="${DEMO_WIDGET_KEY}" data-embed`);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' ${DEMO_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBeNull();
    const other = await seedWidget(t.db, { name: 'inactive' });
    await other.update({ isActive: false });
    for (const key of [other.widgetKey, 'wk_unknown', '%3Cscript%3E']) {
      const refused = await fetch(`${t.url}/embed/${key}`);
      expect(refused.status).toBe(404);
      expect(await refused.text()).not.toContain('<script');
    }
  });
});

describe('the demo host page', () => {
  it('embeds the widget under a strict CSP on its own port', async () => {
    const server = await serveDemoPage({
      host: '127.0.0.1',
      port: 0,
      serverUrl: 'http://127.0.0.1:3999',
      widgetKey: DEMO_WIDGET_KEY,
    });
    const { port } = server.address() as AddressInfo;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(await res.text()).toContain(
        '<script async src="http://127.0.0.1:3999/widget.js" data-widget-key="wk_demo"></script>',
      );
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain('script-src http://127.0.0.1:3999;');
      expect(csp).toContain('connect-src http://127.0.0.1:3999 ws://127.0.0.1:3999');
      expect(csp).not.toContain('unsafe');
      expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });
});
