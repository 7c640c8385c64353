import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { api, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { connectWidget, refusalOf } from './support/widget-client.ts';

const SOMEWHERE = 'https://somewhere.example.net';

describe.each(DATABASE_KINDS)('allowed origins mean one thing everywhere on %s', (kind) => {
  let t: TestServer;
  let unconfigured: string;
  let everyone: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    unconfigured = (await seedWidget(t.db, { allowedOrigins: [] })).widgetKey;
    everyone = (await seedWidget(t.db, { allowedOrigins: ['*'] })).widgetKey;
    token = (await setupAdmin(t.url)).accessToken;
  });
  afterAll(async () => t?.close());

  const configFrom = (widgetKey: string, origin: string) =>
    fetch(`${t.url}/api/v1/widgets/${widgetKey}/config`, { headers: { origin } });
  const frameAncestors = async (widgetKey: string) => {
    const page = await fetch(`${t.url}/embed/${widgetKey}`);
    expect(page.status).toBe(200);
    return /frame-ancestors ([^;]*)/.exec(page.headers.get('content-security-policy') ?? '')?.[1];
  };

  it('an empty list admits no origin: socket, REST and /embed framing', async () => {
    expect((await refusalOf(t.url, { widgetKey: unconfigured, origin: SOMEWHERE }))?.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    expect((await refusalOf(t.url, { widgetKey: unconfigured, origin: null }))?.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    const config = await configFrom(unconfigured, SOMEWHERE);
    expect(config.status).toBe(403);
    expect(config.headers.get('access-control-allow-origin')).toBeNull();
    // Only this server's own pages (the dashboard) may frame it.
    expect(await frameAncestors(unconfigured)).toBe("'self'");
  });

  it('`*` admits every origin on all three', async () => {
    const socket = await connectWidget(t.url, { widgetKey: everyone, origin: SOMEWHERE });
    socket.close();
    const config = await configFrom(everyone, SOMEWHERE);
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe(SOMEWHERE);
    expect(await frameAncestors(everyone)).toBe('*');
  });

  it('refuses a wildcard on a public suffix through the admin API, and stores nothing', async () => {
    const before = await t.db.models.WidgetConfig.count();
    for (const entry of ['https://*.com', 'https://*.co.uk']) {
      const refused = await api<{ error?: { code: string; details?: { field?: string } } }>(
        t.url,
        'POST /api/v1/widgets',
        { token, body: { name: 'Wide', allowedOrigins: ['https://shop.example.com', entry] } },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error?.code).toBe('INVALID_PAYLOAD');
      expect(refused.body.error?.details?.field).toContain('allowedOrigins');
    }
    expect(await t.db.models.WidgetConfig.count()).toBe(before);
    const fine = await api(t.url, 'POST /api/v1/widgets', {
      token,
      body: { name: 'Sub', allowedOrigins: ['https://*.example.co.uk'] },
    });
    expect(fine.status).toBe(201);
  });

  it('closes open widgets on a page taken off the list, and all of them when switched off', async () => {
    const kept = 'https://kept.example.com';
    const dropped = 'https://dropped.example.com';
    const widget = await seedWidget(t.db, { allowedOrigins: [kept, dropped] });
    const onKept = await connectWidget(t.url, { widgetKey: widget.widgetKey, origin: kept });
    // A made-up preview ticket beside an allowed origin does not make it the dashboard's preview.
    const onDropped = await connectWidget(t.url, {
      widgetKey: widget.widgetKey,
      origin: dropped,
      previewTicket: 'not-a-ticket',
    });
    const closed = (socket: typeof onKept) =>
      new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const droppedClosed = closed(onDropped);
    const edit = (body: unknown) =>
      api(t.url, `PATCH /api/v1/widgets/${widget.id}`, { token, body });

    expect((await edit({ allowedOrigins: [kept] })).status).toBe(200);
    expect(await droppedClosed).toBe('io server disconnect');
    expect(onKept.connected).toBe(true);
    expect((await refusalOf(t.url, { widgetKey: widget.widgetKey, origin: dropped }))?.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );

    const keptClosed = closed(onKept);
    expect((await edit({ isActive: false })).status).toBe(200);
    expect(await keptClosed).toBe('io server disconnect');
  });
});
