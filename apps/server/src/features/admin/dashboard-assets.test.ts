import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/create-logger.ts';
import { createErrorHandler } from '../../http/error-handler.ts';
import { createDashboardRoutes } from './dashboard-assets.ts';

describe('the dashboard routes', () => {
  const dist = mkdtempSync(join(tmpdir(), 'parley-dashboard-'));
  let url = '';
  let close = () => {};
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Parley</title>');
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
    const app = express();
    app.use(createDashboardRoutes(dist));
    app.use(createErrorHandler(createLogger('silent')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => {
    close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves a built asset for good, and a deep link as the app page', async () => {
    const asset = await fetch(`${url}/admin/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const page = await fetch(`${url}/admin/inbox/some-session`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Parley</title>');
  });

  it('answers an asset that is not in this build with 404 NOT_FOUND, not an error', async () => {
    const missing = await fetch(`${url}/admin/assets/app-of-an-older-build.js`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
