import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer, waitUntil, type ServerProcess } from '@parley/test-kit';
import { api, ADMIN } from './support/admin-client.ts';

const SETUP_LINK = /Create the first one here: (http:\/\/\S+\/admin\/setup\?token=([\w%-]+))/;

/** Resolves with the first match of `pattern` in the server's log; fails after 60 s. */
async function logMatch(server: ServerProcess, pattern: RegExp): Promise<RegExpExecArray> {
  const match = await waitUntil(
    () =>
      pattern.exec(server.output().stdout) ?? (server.child.exitCode === null ? null : 'exited'),
    (found) => found !== null,
    { timeoutMs: 60_000, intervalMs: 100 },
  ).catch(() => 'timed out' as const);
  if (match !== null && typeof match !== 'string') return match;
  throw new Error(`no ${pattern} in the log:\n${server.output().stdout}${server.output().stderr}`);
}

describe('a fresh install', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-setup-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints a link to the first-admin form whose token alone opens setup', async () => {
    const server = await spawnServer({ env: { DATA_DIR: dataDir, DEMO: 'false' } });
    try {
      const [, link, token] = await logMatch(server, SETUP_LINK);
      expect(link).toBe(`${server.url}/admin/setup?token=${token}`);
      const setup = (setupToken: string) =>
        api(server.url, 'POST /api/v1/auth/setup', { body: { ...ADMIN, setupToken } });
      const wrong = await setup(`${token!.slice(0, -1)}x`);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
      expect((await setup(decodeURIComponent(token!))).status).toBe(201);
      expect((await setup(decodeURIComponent(token!))).status).toBe(403);
    } finally {
      await server.stop();
    }
  });
});
