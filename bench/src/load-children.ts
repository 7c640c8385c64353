import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, LoadJob } from './visitor-client.ts';

/** What a load child runs: messages, closed loop or paced (socket.io-client), or connections only (bare protocol). */
const LOAD_SCRIPTS = {
  messages: fileURLToPath(new URL('./message-load.ts', import.meta.url)),
  connections: fileURLToPath(new URL('./connection-load.ts', import.meta.url)),
};

export interface LoadChild {
  child: ChildProcess;
  /** The child has started and waits for `go` (connection children only). */
  loaded: Promise<Extract<ChildMessage, { type: 'loaded' }>>;
  ready: Promise<Extract<ChildMessage, { type: 'ready' }>>;
  result: Promise<Extract<ChildMessage, { type: 'result' }>>;
  go(): void;
  kill(): void;
}

/** Load children still running: the bench's cut-off ends them, so none outlives a cut run. */
export const liveChildren = new Set<ChildProcess>();

/** Fails after `ms` with `what`, so no phase can hang the bench. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A load generator in its own process (own core time, own event loop), talking over IPC. */
export function forkLoad(job: LoadJob, kind: keyof typeof LOAD_SCRIPTS = 'messages'): LoadChild {
  const child = fork(LOAD_SCRIPTS[kind], [JSON.stringify(job)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  const waitFor = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      child.on('message', (message: ChildMessage) => {
        if (message.type === type) resolve(message as Extract<ChildMessage, { type: T }>);
        if (message.type === 'error') reject(new Error(message.message));
      });
      child.once('exit', (code) => reject(new Error(`load child exited (${code}) before ${type}`)));
    });
  const loaded = waitFor('loaded');
  const ready = waitFor('ready');
  const result = waitFor('result');
  // Both are awaited by the caller or not at all (an idle child is killed before a result).
  loaded.catch(() => undefined);
  ready.catch(() => undefined);
  result.catch(() => undefined);
  return {
    child,
    loaded,
    ready,
    result,
    go: () => child.send('go'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}

/** Splits `total` visitors over `parts` children as evenly as possible. */
export function split(total: number, parts: number): number[] {
  return Array.from(
    { length: parts },
    (_, index) => Math.floor(total / parts) + (index < total % parts ? 1 : 0),
  ).filter((count) => count > 0);
}
