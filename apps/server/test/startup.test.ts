import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createConnection } from 'mysql2/promise';
import { findFreePort, spawnServer, startMariaDb, waitForStatus } from '@parley/test-kit';

const run = promisify(execFile);
const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));
const tempDirs: string[] = [];
function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-data-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** What an operator sees: exactly one line, naming the problem, and no stack trace. */
function expectOneClearLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

const SETUP_TOKEN = 'startup-test-setup-token';

/** Signs up the first admin and uploads a small Markdown document as a knowledge base. */
async function uploadDocument(url: string): Promise<{ id: string; token: string }> {
  const setup = await fetch(`${url}/api/v1/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      setupToken: SETUP_TOKEN,
      email: 'owner@example.com',
      password: 'a long enough passphrase',
      fullName: 'Owner',
    }),
  });
  expect(setup.status).toBe(201);
  const { accessToken: token } = (await setup.json()) as { accessToken: string };
  const upload = await fetch(
    `${url}/api/v1/knowledge-bases/upload?name=Shipping&fileName=shipping.md`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/markdown' },
      body: '# Shipping\n\nWe ship to Iceland within three days.\n\n## Returns\n\nReturns are free for 30 days.\n',
    },
  );
  expect(upload.status).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  return { id, token };
}

async function knowledgeBaseState(url: string, base: { id: string; token: string }) {
  const answer = await fetch(`${url}/api/v1/knowledge-bases/${base.id}`, {
    headers: { authorization: `Bearer ${base.token}` },
  });
  const { status, statusMessage } = (await answer.json()) as {
    status: string;
    statusMessage: string | null;
  };
  return { status, statusMessage };
}

describe('starting the server', () => {
  it('runs the production build (`pnpm build`, then `node dist/main.js`) without tsx, migrations and workers included', async () => {
    await run(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], { cwd: SERVER_DIR });
    const port = await findFreePort();
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: tempDataDir(),
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DEMO: 'false',
        PARLEY_SETUP_TOKEN: SETUP_TOKEN,
      },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForStatus(`${url}/readyz`, 200, 30_000);
      const readiness = await (await fetch(`${url}/readyz`)).json();
      expect(readiness).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'current' },
      });
      // No TypeScript loader in the process: the bundle and its migrations are plain JavaScript.
      expect(child.spawnargs).not.toContain('tsx');
      // An uploaded document is indexed in a worker thread, whose entry the build compiled too.
      const base = await uploadDocument(url);
      await expect
        .poll(() => knowledgeBaseState(url, base), { timeout: 15_000 })
        .toEqual({ status: 'ready', statusMessage: null });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('starts on the embedded database with no configuration, becomes ready, and stops cleanly on SIGTERM', async () => {
    const server = await spawnServer({ env: { DATA_DIR: tempDataDir() } });
    try {
      const elapsedMs = await waitForStatus(`${server.url}/readyz`, 200, 20_000);
      expect(elapsedMs).toBeLessThan(20_000);
      const readiness = await (await fetch(`${server.url}/readyz`)).json();
      expect(readiness).toEqual({
        status: 'ready',
        checks: { database: 'ok', migrations: 'current' },
      });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.stop('SIGTERM');
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it.each([
    [
      'a malformed DATABASE_URL',
      { DATABASE_URL: 'postgres://u@h/db' },
      /^parley: invalid configuration: DATABASE_URL must start with mysql:\/\//,
    ],
    [
      'a DATABASE_URL without a database',
      { DATABASE_URL: 'mysql://root@127.0.0.1:3306' },
      /^parley: invalid configuration: DATABASE_URL has no database name/,
    ],
    [
      'a non-numeric PORT',
      { PORT: 'http' },
      /^parley: invalid configuration: PORT must be a port number/,
    ],
    [
      'a short JWT_SECRET',
      { JWT_SECRET: 'abc' },
      /^parley: invalid configuration: JWT_SECRET must be at least 32/,
    ],
  ])('refuses %s with one clear line and a non-zero exit', async (_label, env, pattern) => {
    const server = await spawnServer({ env: { DATA_DIR: tempDataDir(), ...env } });
    const { code } = await server.exited;
    expect(code).not.toBe(0);
    expectOneClearLine(server.output().stderr, pattern);
  });

  it('refuses an unreachable database with one clear line and a non-zero exit', async () => {
    const port = await findFreePort();
    const server = await spawnServer({
      env: { DATABASE_URL: `mysql://root@127.0.0.1:${port}/parley` },
    });
    const { code } = await server.exited;
    expect(code).toBe(1);
    expectOneClearLine(
      server.output().stderr,
      new RegExp(
        `^parley: cannot reach the database \\(mysql 127\\.0\\.0\\.1:${port}/parley\\): ECONNREFUSED`,
      ),
    );
  });
});

describe('readiness on MariaDB', () => {
  it('turns /readyz to 503 when the database dies and back to 200 when it returns, by itself', async () => {
    const mariadb = await startMariaDb();
    const admin = await createConnection(`${mariadb.baseUrl}/`);
    await admin.query('CREATE DATABASE parley');
    await admin.end();
    const server = await spawnServer({
      env: { DATABASE_URL: `${mariadb.baseUrl}/parley` },
      args: ['--migrate'],
    });
    try {
      await waitForStatus(`${server.url}/readyz`, 200);
      await mariadb.kill();
      await waitForStatus(`${server.url}/readyz`, 503);
      const body = (await (await fetch(`${server.url}/readyz`)).json()) as {
        checks: { database: string };
      };
      expect(body.checks.database).toBe('unreachable');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      await mariadb.restart();
      await waitForStatus(`${server.url}/readyz`, 200, 30_000);
    } finally {
      await server.stop();
      await mariadb.stop();
    }
  });

  it('reports 503 with pending migrations when started without --migrate on MySQL', async () => {
    const mariadb = await startMariaDb();
    const admin = await createConnection(`${mariadb.baseUrl}/`);
    await admin.query('CREATE DATABASE parley');
    await admin.end();
    const server = await spawnServer({ env: { DATABASE_URL: `${mariadb.baseUrl}/parley` } });
    try {
      await waitForStatus(`${server.url}/readyz`, 503);
      const body = await (await fetch(`${server.url}/readyz`)).json();
      expect(body).toEqual({
        status: 'not_ready',
        checks: { database: 'ok', migrations: 'pending' },
      });
    } finally {
      await server.stop();
      await mariadb.stop();
    }
  });
});
