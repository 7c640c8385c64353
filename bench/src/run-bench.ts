// `pnpm bench`: MariaDB (full durability) and the real server process on loopback, load from
// separate child processes, every figure measured in this run. Writes docs/benchmarks.{md,json}.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openDatabase, type Database } from '@parley/db';
import { spawnServer, startMariaDb, type ServerProcess } from '@parley/test-kit';
import { holdIdleSockets, runLevel, startEchoServer, type LoadLevel } from './phases.ts';
import { describeMachine, writeReport, type BenchResults } from './report.ts';
import { measureCacheHits, readBundleSizes } from './static-figures.ts';
import { BENCH_ORIGIN } from './visitor-client.ts';

const LEVELS = [1, 100, 1_000];
const LEVEL_DURATION_MS = 10_000;
const IDLE_TARGET = 10_000;
/** The whole run is cut off here, whatever it is doing (SPEC: under 10 minutes). */
const BENCH_DEADLINE_MS = 9 * 60_000;
/** Raised so the rate limits (SPEC §7) do not throttle one loopback address playing thousands of visitors. */
const UNLIMITED = '1000000';

const log = (line: string) => console.log(`[bench] ${line}`);

async function startParley(env: Record<string, string>, args: string[] = []) {
  const startedAt = performance.now();
  const server = await spawnServer({ env, args });
  const deadline = startedAt + 30_000;
  while (performance.now() < deadline) {
    const status = await fetch(`${server.url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200)
      return { server, startToReadyMs: Math.round(performance.now() - startedAt) };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await server.stop();
  throw new Error(`the server did not get ready: ${server.output().stderr.slice(-2000)}`);
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

async function measureMessages(
  server: ServerProcess,
  widgetKey: string,
  db: Database,
): Promise<LoadLevel[]> {
  const levels: LoadLevel[] = [];
  for (const visitors of LEVELS) {
    // An agent has taken the chats over, so the AI stays out: this measures send → commit → ack.
    const takeOver = async () => {
      await db.sequelize.query(`UPDATE chat_sessions SET status = 'agent' WHERE status <> 'agent'`);
    };
    const job = {
      url: server.url,
      mode: 'parley' as const,
      widgetKey,
      visitors,
      durationMs: LEVEL_DURATION_MS,
    };
    levels.push(
      await runLevel(job, {
        beforeGo: takeOver,
        serverPid: server.child.pid,
        countStatements: () => countStatements(db),
      }),
    );
    log(`parley ${visitors} visitors: ${JSON.stringify(levels.at(-1))}`);
  }
  return levels;
}

async function measureEcho(): Promise<LoadLevel[]> {
  const echo = await startEchoServer();
  try {
    const levels: LoadLevel[] = [];
    for (const visitors of LEVELS) {
      const job = {
        url: echo.url,
        mode: 'echo' as const,
        widgetKey: '',
        visitors,
        durationMs: LEVEL_DURATION_MS,
      };
      levels.push(await runLevel(job, { serverPid: echo.pid }));
      log(`echo ${visitors} visitors: ${JSON.stringify(levels.at(-1))}`);
    }
    return levels;
  } finally {
    echo.stop();
  }
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  const mariadb = await startMariaDb();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  const databaseUrl = `${mariadb.baseUrl}/parley_bench`;
  const env = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    DEMO: 'false',
    RATE_LIMIT_MESSAGES_PER_VISITOR: UNLIMITED,
    RATE_LIMIT_MESSAGES_PER_IP: UNLIMITED,
    RATE_LIMIT_EVENTS_PER_VISITOR: UNLIMITED,
    RATE_LIMIT_CONNECTIONS_PER_IP: UNLIMITED,
    RATE_LIMIT_REQUESTS_PER_IP: UNLIMITED,
  };
  let server: ServerProcess | undefined;
  const db = openDatabase({ url: databaseUrl, sqliteStorage: '' });
  try {
    const admin = await createConnection(mariadb.baseUrl);
    await admin.query('CREATE DATABASE parley_bench');
    const [rows] = await admin.query('SELECT VERSION() AS v');
    const mariadbVersion = String((rows as Array<{ v: string }>)[0]?.v ?? 'unknown');
    await admin.end();
    // First start applies the migrations; the measured start finds them current.
    await (await startParley(env, ['--migrate'])).server.stop();
    const widgetKey = await seedWidget(db);
    const started = await startParley(env);
    server = started.server;
    log(`server ready in ${started.startToReadyMs} ms`);
    const idleJob = { url: server.url, mode: 'parley' as const, widgetKey, durationMs: 0 };
    const idle = await holdIdleSockets(idleJob, IDLE_TARGET, server.child.pid!);
    log(`idle: ${JSON.stringify(idle)}`);
    const echo = await measureEcho();
    const parley = await measureMessages(server, widgetKey, db);
    await server.stop();
    server = undefined;
    const cacheHits = await measureCacheHits();
    log(`ai cache hits: ${JSON.stringify(cacheHits)}`);
    const results: BenchResults = {
      measuredAt: new Date().toISOString(),
      machine: describeMachine(mariadbVersion),
      settings: { levelDurationMs: LEVEL_DURATION_MS, rateLimitsRaisedTo: Number(UNLIMITED) },
      startToReadyMs: started.startToReadyMs,
      echo,
      parley,
      idle,
      cacheHits,
      sizes: readBundleSizes(),
      benchDurationS: Math.round((performance.now() - benchStarted) / 1000),
    };
    writeReport(results);
    log(`done in ${results.benchDurationS} s: docs/benchmarks.md`);
  } finally {
    await server?.stop();
    await db.close();
    await mariadb.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const cutOff = setTimeout(() => {
  console.error('[bench] over the time limit; stopping');
  process.exit(1);
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
