import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { forkLoad, split, withTimeout } from './load-children.ts';
import { percentiles, type Percentiles } from './stats.ts';
import type { LoadJob } from './visitor-client.ts';

export interface LoadLevel extends Percentiles {
  visitors: number;
  connected: number;
  acked: number;
  errors: number;
  perSecond: number;
  /** Share of one core the measured server process used during the level (0–100 %), if known. */
  serverCpuPercent?: number;
  /** Database statements per acked message during the level (MariaDB's `Questions`), if known. */
  statementsPerAck?: number;
  /** Paced level: each visitor sent one message this often (unset: closed loop). */
  sendEveryMs?: number;
}

/** Visitors per load child: enough children that one event loop is not the bottleneck. */
const VISITORS_PER_CHILD = 500;

/**
 * One load level, closed loop or paced (`job.sendEveryMs`): children connect (and start
 * sessions), `beforeGo` runs, then all send for `durationMs`. Throughput is acks over the longest
 * child's elapsed time.
 */
export async function runLevel(
  job: LoadJob,
  options: {
    beforeGo?: () => Promise<void>;
    serverPid?: number;
    countStatements?: () => Promise<number>;
  } = {},
): Promise<LoadLevel> {
  const parts = split(job.visitors, Math.ceil(job.visitors / VISITORS_PER_CHILD));
  const children = parts.map((visitors) => forkLoad({ ...job, visitors }));
  try {
    const ready = await withTimeout(
      Promise.all(children.map((c) => c.ready)),
      120_000,
      `connecting ${job.visitors} visitors`,
    );
    const firstError = ready.find((r) => r.firstError)?.firstError;
    if (firstError) console.log(`[bench] a visitor could not connect: ${firstError}`);
    await options.beforeGo?.();
    const statementsBefore = (await options.countStatements?.()) ?? 0;
    const cpuBefore = options.serverPid ? cpuSecondsOf(options.serverPid) : 0;
    children.forEach((c) => c.go());
    const results = await withTimeout(
      Promise.all(children.map((c) => c.result)),
      job.durationMs + 30_000,
      `the ${job.visitors}-visitor load`,
    );
    const latencies = results.flatMap((r) => r.latencies);
    const elapsedMs = Math.max(...results.map((r) => r.elapsedMs));
    const cpuUsed = options.serverPid ? cpuSecondsOf(options.serverPid) - cpuBefore : 0;
    const statements = ((await options.countStatements?.()) ?? 0) - statementsBefore;
    return {
      ...(options.countStatements && latencies.length > 0
        ? { statementsPerAck: Math.round((statements / latencies.length) * 10) / 10 }
        : {}),
      ...(options.serverPid
        ? { serverCpuPercent: Math.round((cpuUsed / (elapsedMs / 1000)) * 100) }
        : {}),
      visitors: job.visitors,
      ...(job.sendEveryMs === undefined ? {} : { sendEveryMs: job.sendEveryMs }),
      connected: ready.reduce((sum, r) => sum + r.sessions, 0),
      acked: latencies.length,
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      perSecond: Math.round((latencies.length / elapsedMs) * 1000),
      ...percentiles(latencies),
    };
  } finally {
    children.forEach((c) => c.kill());
  }
}

export interface IdleResult {
  target: number;
  held: number;
  failed: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  rssPerSocketBytes: number;
  connectionsPerSecond: number;
  /**
   * The server's CPU time per connection (user + system): on a shared box the figure that moves
   * least with the other processes' load (connections/s is bounded by the CPU share it gets).
   */
  serverCpuMsPerConnection?: number;
  /** Database statements per connection (MariaDB's `Questions`), if known. */
  statementsPerConnection?: number;
}

/** CPU time (user + system) a process has used, from /proc (Linux, 100 ticks per second). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a process, from /proc (Linux). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/**
 * Opens `target` visitors (handshake, token, session:start) from 4 children at once, after a
 * warm-up, and holds them idle: connections/s is sessions over the slowest child's connect time;
 * memory per socket is the server's RSS growth over the sockets held. The children speak the
 * bare wire protocol (`raw-visitor.ts`), for Parley and the echo alike.
 */
export async function holdIdleSockets(
  job: Omit<LoadJob, 'visitors'>,
  target: number,
  server: { pid: number; countStatements?: () => Promise<number> },
): Promise<IdleResult> {
  const { pid: serverPid, countStatements } = server;
  await warmUp(job);
  const children = split(target, 4).map((visitors) =>
    forkLoad({ ...job, visitors }, 'connections'),
  );
  try {
    await withTimeout(Promise.all(children.map((c) => c.loaded)), 60_000, 'starting load children');
    const rssBeforeBytes = rssOf(serverPid);
    const statementsBefore = (await countStatements?.()) ?? 0;
    const cpuBefore = cpuSecondsOf(serverPid);
    children.forEach((c) => c.go());
    const ready = await withTimeout(
      Promise.all(children.map((c) => c.ready)),
      180_000,
      `holding ${target} sockets`,
    );
    const cpuUsed = cpuSecondsOf(serverPid) - cpuBefore;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssAfterBytes = rssOf(serverPid);
    const held = ready.reduce((sum, r) => sum + r.sessions, 0);
    const statements = ((await countStatements?.()) ?? 0) - statementsBefore;
    const slowestMs = Math.max(...ready.map((r) => r.connectMs));
    return {
      target,
      held,
      failed: ready.reduce((sum, r) => sum + r.failed, 0),
      rssBeforeBytes,
      rssAfterBytes,
      rssPerSocketBytes: held > 0 ? Math.round((rssAfterBytes - rssBeforeBytes) / held) : 0,
      connectionsPerSecond: Math.round((held / slowestMs) * 1000),
      serverCpuMsPerConnection: held > 0 ? Math.round((cpuUsed / held) * 1000 * 100) / 100 : 0,
      ...(countStatements && held > 0
        ? { statementsPerConnection: Math.round((statements / held) * 10) / 10 }
        : {}),
    };
  } finally {
    children.forEach((c) => c.kill());
  }
}

/** Connections opened and closed before measuring, so the figure is a running server's, not its JIT's. */
const WARM_UP_CONNECTIONS = 500;

async function warmUp(job: Omit<LoadJob, 'visitors'>): Promise<void> {
  const child = forkLoad({ ...job, visitors: WARM_UP_CONNECTIONS }, 'connections');
  try {
    await withTimeout(child.loaded, 60_000, 'starting the warm-up child');
    child.go();
    await withTimeout(child.ready, 120_000, 'the warm-up connections');
  } finally {
    child.kill();
  }
}

const ECHO_SCRIPT = fileURLToPath(new URL('./echo-server.ts', import.meta.url));

/** The raw Socket.IO echo server, in its own process like Parley's; resolves with its URL. */
export async function startEchoServer(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = fork(ECHO_SCRIPT, [], { execArgv: ['--import', 'tsx'] });
  const port = await withTimeout(
    new Promise<number>((resolve) =>
      child.on('message', (message: { type: string; port: number }) => resolve(message.port)),
    ),
    20_000,
    'starting the echo server',
  );
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => void child.kill('SIGTERM'),
  };
}
