import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port.ts';

export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops (SIGTERM) and deletes the temp dir; safe to call twice. */
  stop(): Promise<void>;
}

const READY_LINE = /Ready to accept connections/;

/**
 * Starts a throwaway Redis (Debian's `redis-server`) on a free loopback port, with a temp
 * working dir and no persistence. Fails loudly when Redis is not installed or does not start.
 */
export async function startRedis(options: { timeoutMs?: number } = {}): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
  const port = await findFreePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir].concat([
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(child, exited, options.timeoutMs ?? 10_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}

function waitUntilReady(
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    let isSettled = false;
    const fail = (why: string) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      reject(
        new Error(
          `redis-server did not start (${why}; is redis-server installed? run ` +
            `scripts/install-test-deps.sh): ${output.slice(-2000)}`,
        ),
      );
    };
    const timer = setTimeout(() => fail(`not ready within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    void exited.then((code) => fail(`exited with ${code}`));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!isSettled && READY_LINE.test(output)) {
        isSettled = true;
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
}
