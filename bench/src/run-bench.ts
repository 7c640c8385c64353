// `pnpm bench`: the real server process on the embedded SQLite default and on MariaDB (full
// durability), agent-held and assistant-on, load from separate child processes, each level beside
// a raw Socket.IO echo of the same run. Writes docs/benchmarks.json and the generated part of
// docs/benchmarks.md.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openDatabase, type Database } from '@parley/db';
import { spawnServer, startMariaDb } from '@parley/test-kit';
import {
  holdIdleSockets,
  runLevel,
  startEchoServer,
  type IdleResult,
  type LoadLevel,
} from './phases.ts';
import {
  describeMachine,
  writeReport,
  PATHS,
  type BenchResults,
  type EngineName,
  type IdleFigure,
  type MessageLevel,
} from './report.ts';
import { liveChildren } from './load-children.ts';
import { measureCacheHits, measureWireSizes, readBundleSizes } from './static-figures.ts';
import { BENCH_ORIGIN } from './visitor-client.ts';

/** Visitors per level; `BENCH_LEVELS=50` for a quick run, `paced` for the paced level alone. */
const LEVEL_NAMES = (process.env.BENCH_LEVELS ?? '50,1000').split(',');
const LEVELS = LEVEL_NAMES.filter((name) => name !== 'paced').map(Number);
const LEVEL_DURATION_MS = 8_000;
/**
 * The ack time at 1,000 visitors, measured paced: each visitor sends every 500 ms, 2,000
 * messages/s in all (SPEC §8's MariaDB figure). In the closed loop the ack time at 1,000
 * visitors is visitors ÷ rate (Little's law) whatever the server does; that level gives the
 * throughput. Run when the 1,000-visitor level is.
 */
const PACED = { visitors: 1_000, sendEveryMs: 500 };
const RUNS_PACED = LEVELS.includes(PACED.visitors) || LEVEL_NAMES.includes('paced');
/** Longest wait for a level's queued answers to finish or stop before the next level. */
const SETTLE_LIMIT_MS = 60_000;
const IDLE_TARGET = Number(process.env.BENCH_IDLE_SOCKETS ?? 10_000);
/** New connections opened on the engine that does not hold the 10,000 idle sockets. */
const CONNECT_TARGET = 5_000;
/** The whole run is cut off here, whatever it is doing (SPEC: under 10 minutes). */
const BENCH_DEADLINE_MS = 9 * 60_000;
/** Raised so the rate limits (SPEC §7) do not throttle one loopback address playing thousands of visitors. */
const UNLIMITED = '1000000';
/**
 * Extra server settings for a comparison run, e.g. `BENCH_SERVER_ENV=MESSAGE_BATCH_MAX_SIZE=1`
 * (one message per transaction, as before group commit). Written into the report.
 */
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => pair.split('=', 2) as [string, string]),
);
/**
 * Options for the measured server's node, space-separated: `BENCH_NODE_ARGS=--cpu-prof` writes a
 * CPU profile of each server process into apps/server when it stops.
 */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/**
 * `messages`: the message levels and the AI cache hit, without the idle sockets; `connections`:
 * the idle sockets and new connections/s beside the echo's, nothing else (quick comparison
 * runs). The report is written as usual.
 */
const ONLY = process.env.BENCH_ONLY;
/** `BENCH_PATHS=agent` (or `assistant`) runs one message path only, e.g. for a CPU profile of it. */
const RUN_PATHS = PATHS.filter(
  (path) => !process.env.BENCH_PATHS || process.env.BENCH_PATHS.split(',').includes(path),
);

const log = (line: string) => console.log(`[bench] ${line}`);

/** What a cut-off must end: server processes and the throwaway MariaDB (children outlive exit). */
const liveServers = new Set<ChildProcess>();
let stopMariaDb: (() => Promise<void>) | undefined;

async function startParley(env: Record<string, string>, args: string[] = []) {
  const startedAt = performance.now();
  // What `pnpm start` runs: the built bundle (`pnpm bench` builds first).
  const server = await spawnServer({ env, args, entry: 'built', nodeArgs: NODE_ARGS });
  liveServers.add(server.child);
  server.child.once('exit', () => liveServers.delete(server.child));
  const deadline = startedAt + 60_000;
  while (performance.now() < deadline) {
    const status = await fetch(`${server.url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    // Ready, and from this process: it logged listening on this port (on a shared machine
    // another process may have taken the port between finding it free and binding it).
    const isOurs = server.output().stdout.includes(`127.0.0.1:${server.port}`);
    if (status === 200 && isOurs && server.child.exitCode === null)
      return { server, startToReadyMs: Math.round(performance.now() - startedAt) };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await server.stop();
  const { stdout, stderr } = server.output();
  throw new Error(`the server did not get ready: ${stderr.slice(-2000)} ${stdout.slice(-2000)}`);
}

async function seedWidget(db: Database): Promise<string> {
  const widgetKey = `wk_${randomBytes(12).toString('hex')}`;
  await db.models.WidgetConfig.create({ widgetKey, name: 'Bench', allowedOrigins: [BENCH_ORIGIN] });
  return widgetKey;
}

/** Statements MariaDB has received since it started (the `Questions` status counter). */
async function countStatements(db: Database): Promise<number> {
  const [rows] = await db.sequelize.query(`SHOW GLOBAL STATUS LIKE 'Questions'`);
  return Number((rows as Array<{ Value?: string }>)[0]?.Value ?? 0);
}

/** One engine as users run it: the server process on its database, with its widget. */
interface Engine {
  name: EngineName;
  env: Record<string, string>;
  /** Where the bench's own connection goes (the server creates and migrates the database). */
  database: { url: string | undefined; sqliteStorage: string };
}

/**
 * Runs `use` with the bench's own connection to the engine's database. @parley/db binds its
 * model classes to the Sequelize instance opened last, so only one engine's database is open in
 * this process at a time (with both open, the SQLite widget was written to MariaDB).
 */
async function withDatabase<T>(engine: Engine, use: (db: Database) => Promise<T>): Promise<T> {
  const db = openDatabase(engine.database);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

/**
 * The message levels on one engine: each level with the chats held by an agent (the AI stays
 * out: send → commit → ack alone) and with the built-in assistant answering every message.
 */
async function measureMessages(engine: Engine, db: Database): Promise<MessageLevel[]> {
  const levels: MessageLevel[] = [];
  const { server } = await startParley(engine.env);
  try {
    const widgetKey = await seedWidget(db);
    const runs = RUN_PATHS.flatMap((path) => [
      ...LEVELS.map((visitors) => ({ path, visitors, sendEveryMs: undefined })),
      // The paced level measures the agent-held path, which the 1,000-visitor budget is for.
      ...(path === 'agent' && RUNS_PACED ? [{ path, ...PACED }] : []),
    ]);
    for (const { path, visitors, sendEveryMs } of runs) {
      const takeOver = async () => {
        if (path === 'agent')
          await db.sequelize.query(
            `UPDATE chat_sessions SET status = 'agent' WHERE status <> 'agent'`,
          );
      };
      const job = { url: server.url, mode: 'parley' as const, widgetKey, visitors, sendEveryMs };
      const level = await runLevel(
        { ...job, durationMs: LEVEL_DURATION_MS },
        {
          beforeGo: takeOver,
          serverPid: server.child.pid,
          ...(engine.name === 'mariadb' ? { countStatements: () => countStatements(db) } : {}),
        },
      );
      if (level.connected === 0) {
        const { stdout, stderr } = server.output();
        throw new Error(
          `no visitor connected to the ${engine.name} server (exit ${server.child.exitCode}): ${stderr.slice(-1500)} ${stdout.slice(-1500)}`,
        );
      }
      levels.push({ ...level, engine: engine.name, path });
      log(
        `${engine.name} ${path} ${visitors} visitors${sendEveryMs ? ' paced' : ''}: ${JSON.stringify(level)}`,
      );
      if (path === 'assistant') await settleAnswers(db, `${engine.name} ${visitors}`);
    }
  } finally {
    await server.stop();
    logServerWarnings(engine.name, server.output().stdout);
  }
  return levels;
}

/**
 * Waits until the assistant's answers of a level have finished or been stopped (no message
 * stored for three seconds), so the next level and the server's stop find none under way.
 */
async function settleAnswers(db: Database, level: string): Promise<void> {
  const startedAt = performance.now();
  let previous = -1;
  let quietPolls = 0;
  while (performance.now() - startedAt < SETTLE_LIMIT_MS) {
    const stored = await db.models.ChatMessage.count();
    quietPolls = stored === previous ? quietPolls + 1 : 0;
    // Three quiet seconds: a server busy with a backlog can pause storing for one.
    if (quietPolls >= 3) {
      log(`${level}: answers settled in ${Math.round(performance.now() - startedAt)} ms`);
      return;
    }
    previous = stored;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  log(`${level}: answers still being stored after ${SETTLE_LIMIT_MS} ms`);
}

/** What the server warned about during the levels (a failing answer costs a stack trace each). */
function logServerWarnings(engine: EngineName, stdout: string): void {
  const counts = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const entry = /"level":(40|50).*"msg":"([^"]*)"/.exec(line);
    // The setup link carries a one-time token: never copied into the bench's output.
    const message = entry?.[2]?.replace(/token=[^\s"]*/g, 'token=…');
    if (message) counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  for (const [message, count] of counts) log(`${engine} server logged ${count} × ${message}`);
}

type EchoServer = Awaited<ReturnType<typeof startEchoServer>>;

async function measureEcho(echo: EchoServer): Promise<LoadLevel[]> {
  const levels: LoadLevel[] = [];
  const runs = [
    ...LEVELS.map((visitors) => ({ visitors, sendEveryMs: undefined })),
    ...(RUNS_PACED ? [PACED] : []),
  ];
  for (const { visitors, sendEveryMs } of runs) {
    const job = {
      url: echo.url,
      mode: 'echo' as const,
      widgetKey: '',
      visitors,
      sendEveryMs,
      durationMs: LEVEL_DURATION_MS,
    };
    levels.push(await runLevel(job, { serverPid: echo.pid }));
    log(
      `echo ${visitors} visitors${sendEveryMs ? ' paced' : ''}: ${JSON.stringify(levels.at(-1))}`,
    );
  }
  return levels;
}

/**
 * The connection baseline: the same children open the same number of bare Socket.IO
 * connections to the echo server (handshake only), so Parley's connections/s has a ratio.
 */
async function measureEchoConnections(echo: EchoServer, targets: number[]): Promise<IdleResult[]> {
  const results: IdleResult[] = [];
  for (const target of [...new Set(targets)]) {
    const job = { url: echo.url, mode: 'echo' as const, widgetKey: '', durationMs: 0 };
    results.push(await holdIdleSockets(job, target, { pid: echo.pid }));
    log(`echo connections: ${JSON.stringify(results.at(-1))}`);
  }
  return results;
}

/**
 * Idle sockets and new connections/s (handshake, token, `session:start`) on a freshly started
 * server; a failure is reported, not fatal.
 */
async function measureIdle(engine: Engine, db: Database, target: number): Promise<IdleFigure> {
  const { server } = await startParley(engine.env);
  try {
    const widgetKey = await seedWidget(db);
    const idleJob = { url: server.url, mode: 'parley' as const, widgetKey, durationMs: 0 };
    const pid = server.child.pid!;
    const measured = await holdIdleSockets(
      idleJob,
      target,
      engine.name === 'mariadb' ? { pid, countStatements: () => countStatements(db) } : { pid },
    );
    return { engine: engine.name, ...measured };
  } catch (error) {
    return { engine: engine.name, error: (error as Error).message };
  } finally {
    await server.stop();
  }
}

const loadAverage = () => loadavg().map((value) => Math.round(value * 100) / 100);

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const loadAtStart = loadAverage();
  const mariadb = await startMariaDb();
  stopMariaDb = () => mariadb.stop();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const databaseUrl = `${mariadb.baseUrl}/parley_bench`;
  const common = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    // `info` for the one line saying where it listens; requests on sockets are not logged.
    LOG_LEVEL: 'info',
    DEMO: 'false',
    RATE_LIMIT_MESSAGES_PER_VISITOR: UNLIMITED,
    RATE_LIMIT_MESSAGES_PER_IP: UNLIMITED,
    RATE_LIMIT_EVENTS_PER_VISITOR: UNLIMITED,
    RATE_LIMIT_CONNECTIONS_PER_IP: UNLIMITED,
    RATE_LIMIT_REQUESTS_PER_IP: UNLIMITED,
    // The closed-loop visitors ask faster than the assistant answers; when a level's visitors
    // leave, their queued answers are stopped (silently, as for any visitor who left) at once
    // instead of after the default 15 s, so they neither spill into the next level nor are
    // still running when the server is stopped.
    RESPONDER_ABANDON_AFTER_MS: '100',
    ...EXTRA_ENV,
  };
  // The README's default: the embedded SQLite file in DATA_DIR, no DATABASE_URL.
  const sqliteDir = mkdtempSync(join(tmpdir(), 'parley-bench-sqlite-'));
  const sqlite: Engine = {
    name: 'sqlite',
    env: { ...common, DATA_DIR: sqliteDir },
    database: { url: undefined, sqliteStorage: join(sqliteDir, 'parley.sqlite') },
  };
  const maria: Engine = {
    name: 'mariadb',
    env: { ...common, DATA_DIR: dataDir, DATABASE_URL: databaseUrl },
    database: { url: databaseUrl, sqliteStorage: '' },
  };
  // BENCH_ENGINES=mariadb (or sqlite) measures one engine only.
  const only = process.env.BENCH_ENGINES;
  const engines = [sqlite, maria].filter(
    (engine) => !only || only.split(',').includes(engine.name),
  );
  try {
    const admin = await createConnection(mariadb.baseUrl);
    await admin.query('CREATE DATABASE parley_bench');
    const [rows] = await admin.query('SELECT VERSION() AS v');
    const mariadbVersion = String((rows as Array<{ v: string }>)[0]?.v ?? 'unknown');
    await admin.end();
    // First starts apply the migrations; the measured start finds them current.
    for (const engine of [sqlite, maria])
      await (await startParley(engine.env, ['--migrate'])).server.stop();
    // The README's default start, measured; its widget assets are fetched as a browser would.
    const started = await startParley(sqlite.env);
    const wire = await measureWireSizes(started.server.url).finally(() => started.server.stop());
    log(
      `server ready in ${started.startToReadyMs} ms; widget over the wire ${JSON.stringify(wire)}`,
    );
    const idle: IdleFigure[] = [];
    const echoServer = await startEchoServer();
    let echo: LoadLevel[] = [];
    let echoConnections: IdleResult[] = [];
    try {
      if (ONLY !== 'messages') {
        const targets = engines.map((engine) =>
          // The 10,000 idle sockets on MariaDB; connections/s on both.
          engine === maria ? IDLE_TARGET : CONNECT_TARGET,
        );
        for (const [index, engine] of engines.entries())
          idle.push(await withDatabase(engine, (db) => measureIdle(engine, db, targets[index]!)));
        log(`idle: ${JSON.stringify(idle)}`);
        echoConnections = await measureEchoConnections(echoServer, targets);
      }
      if (ONLY !== 'connections') echo = await measureEcho(echoServer);
    } finally {
      echoServer.stop();
    }
    const parley: MessageLevel[] = [];
    if (ONLY !== 'connections')
      for (const engine of engines)
        parley.push(...(await withDatabase(engine, (db) => measureMessages(engine, db))));
    const cacheHits = ONLY === 'connections' ? [] : await measureCacheHits();
    log(`ai cache hits: ${JSON.stringify(cacheHits)}`);
    const results: BenchResults = {
      measuredAt: new Date().toISOString(),
      machine: describeMachine(mariadbVersion),
      loadAverage: { atStart: loadAtStart, atEnd: loadAverage() },
      settings: {
        levelDurationMs: LEVEL_DURATION_MS,
        rateLimitsRaisedTo: Number(UNLIMITED),
        serverEnv: EXTRA_ENV,
      },
      startToReadyMs: started.startToReadyMs,
      echo,
      echoConnections,
      parley,
      idle,
      cacheHits,
      sizes: readBundleSizes(),
      wire,
      benchDurationS: Math.round((performance.now() - benchStarted) / 1000),
    };
    writeReport(results);
    log(`done in ${results.benchDurationS} s: docs/benchmarks.md`);
  } finally {
    await mariadb.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sqliteDir, { recursive: true, force: true });
  }
}

const cutOff = setTimeout(() => {
  console.error('[bench] over the time limit; stopping');
  for (const child of [...liveChildren, ...liveServers]) child.kill('SIGKILL');
  void Promise.race([stopMariaDb?.(), new Promise((resolve) => setTimeout(resolve, 10_000))])
    .catch(() => undefined)
    .finally(() => process.exit(1));
}, BENCH_DEADLINE_MS);
main().then(
  () => {
    clearTimeout(cutOff);
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
