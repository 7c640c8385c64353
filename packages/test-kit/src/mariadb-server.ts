import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { findFreePort } from './free-port.ts';

const run = promisify(execFile);

export interface MariaDbServer {
  /** `mysql://root@127.0.0.1:<port>` without a database name. */
  baseUrl: string;
  port: number;
  /** Kill -9: the database vanishes mid-flight, as in a crash. */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same port and data. */
  restart(): Promise<void>;
  /** Stops and deletes the data. */
  stop(): Promise<void>;
}

/**
 * Starts a throwaway MariaDB server (Debian's `mariadbd`) on a free loopback port, in a temp
 * datadir, without systemd. Full durability is kept (`innodb_flush_log_at_trx_commit=1`)
 * so tests see the server as production does. Fails loudly when MariaDB is not installed.
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-mariadb-'));
  const port = await findFreePort();
  try {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--user=root',
    ]);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `Could not initialise MariaDB (is mariadb-server installed? run scripts/install-test-deps.sh): ${String(error)}`,
    );
  }
  const baseUrl = `mysql://root@127.0.0.1:${port}`;
  let child = await spawnMariaDb(dataDir, port);
  return {
    baseUrl,
    port,
    kill: async () => {
      await stopProcess(child, 'SIGKILL');
    },
    restart: async () => {
      await stopProcess(child, 'SIGTERM');
      child = await spawnMariaDb(dataDir, port);
    },
    stop: async () => {
      await stopProcess(child, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function spawnMariaDb(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--socket=${join(dataDir, 'mysqld.sock')}`,
      `--pid-file=${join(dataDir, 'mysqld.pid')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--skip-name-resolve',
      '--innodb-flush-log-at-trx-commit=1',
      '--innodb-buffer-pool-size=256M',
      '--max-connections=2000',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  await waitUntilAccepting(port, child, () => stderr);
  return child;
}

async function waitUntilAccepting(
  port: number,
  child: ChildProcess,
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited early: ${stderr()}`);
    try {
      const connection = await createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`mariadbd did not accept connections within 30 s: ${stderr()}`);
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
