import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import type { IdleResult, LoadLevel } from './phases.ts';
import type { BundleSizes, CacheHitFigure, WireSizes } from './static-figures.ts';

export type EngineName = 'sqlite' | 'mariadb';
/** `agent`: chats held by an agent (no AI); `assistant`: the built-in answerer answers each message. */
export const PATHS = ['agent', 'assistant'] as const;
export type PathName = (typeof PATHS)[number];

export interface MessageLevel extends LoadLevel {
  engine: EngineName;
  path: PathName;
}

/** Idle sockets and new connections/s on one engine, or why they were not measured. */
export type IdleFigure = { engine: EngineName } & (IdleResult | { error: string });

export interface BenchResults {
  measuredAt: string;
  machine: ReturnType<typeof describeMachine>;
  /** The machine's 1, 5 and 15 minute load averages when the run began and ended (shared box). */
  loadAverage: { atStart: number[]; atEnd: number[] };
  settings: {
    levelDurationMs: number;
    rateLimitsRaisedTo: number;
    serverEnv: Record<string, string>;
  };
  startToReadyMs: number;
  echo: LoadLevel[];
  /** Bare Socket.IO connections to the echo server, per target the engines used (older runs: none). */
  echoConnections?: IdleResult[];
  parley: MessageLevel[];
  idle: IdleFigure[];
  cacheHits: CacheHitFigure[];
  sizes: BundleSizes;
  wire: WireSizes;
  benchDurationS: number;
}

export function describeMachine(mariadbVersion: string) {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cpuCount: cpu.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    mariadb: mariadbVersion,
  };
}

interface Row {
  figure: string;
  value: string;
  budget: string;
  isMet: boolean;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MB`;
const cpu = (level: LoadLevel | undefined) =>
  level?.serverCpuPercent === undefined ? '' : `, server CPU ${level.serverCpuPercent} % of a core`;
const statements = (level: LoadLevel) =>
  level.statementsPerAck === undefined
    ? ''
    : `, ${level.statementsPerAck} DB statements per message`;

const PATH_LABEL: Record<PathName, string> = {
  agent: 'held by an agent',
  assistant: 'built-in assistant answering',
};

/**
 * The budget a message level is held to. At 50 visitors: throughput against the echo and the
 * ack p99. At 1,000 visitors the closed loop gives the throughput (its ack time is visitors ÷
 * rate, Little's law) and the paced level the ack p99.
 */
function messageBudget(level: MessageLevel, ratio: number): Pick<Row, 'budget' | 'isMet'> {
  const isMariaDbAtScale = level.engine === 'mariadb' && level.visitors >= 1_000;
  if (level.sendEveryMs !== undefined)
    return {
      budget: 'p99 ≤ 50 ms at 1,000 visitors',
      isMet: level.errors === 0 && level.p99Ms <= 50,
    };
  if (level.path === 'assistant')
    return level.visitors <= 50
      ? { budget: 'visitor ack p99 ≤ 50 ms', isMet: level.errors === 0 && level.p99Ms <= 50 }
      : { budget: '(no budget)', isMet: level.errors === 0 };
  const isThroughputMet = ratio >= 0.1 && (!isMariaDbAtScale || level.perSecond >= 2_000);
  if (level.visitors >= 1_000)
    return {
      budget: `≥ 0.10 of echo${isMariaDbAtScale ? ', ≥ 2,000 /s' : ''} (ack p99: the paced level)`,
      isMet: level.errors === 0 && isThroughputMet,
    };
  return {
    budget: '≥ 0.10 of echo, p99 ≤ 50 ms',
    isMet: level.errors === 0 && isThroughputMet && level.p99Ms <= 50,
  };
}

function messageRows(results: BenchResults): Row[] {
  return results.parley.map((level) => {
    const echo = results.echo.find(
      (e) => e.visitors === level.visitors && e.sendEveryMs === level.sendEveryMs,
    );
    const ratio = echo && echo.perSecond > 0 ? level.perSecond / echo.perSecond : 0;
    const paced =
      level.sendEveryMs === undefined
        ? ''
        : `, paced: one message each every ${level.sendEveryMs} ms (${Math.round((level.visitors * 1000) / level.sendEveryMs)} /s offered)`;
    return {
      figure: `persisted messages, ${level.engine}, ${PATH_LABEL[level.path]}, ${level.visitors} visitors (${level.connected} connected)${paced}`,
      value: `${level.perSecond} /s, ack p50 ${level.p50Ms} / p95 ${level.p95Ms} / p99 ${level.p99Ms} ms, ${level.errors} errors${cpu(level)}${statements(level)}; echo ${echo?.perSecond ?? 0} /s (p99 ${echo?.p99Ms ?? 0} ms${cpu(echo)})${paced ? '' : `; **Parley/echo ${ratio.toPrecision(2)}**`}`,
      ...messageBudget(level, ratio),
    };
  });
}

/** `, echo N /s; Parley/echo R` for the echo connections at the same target, if measured. */
function versusEcho(idle: IdleResult, echoConnections: IdleResult[] | undefined): string {
  const echo = echoConnections?.find((e) => e.target === idle.target);
  if (!echo || echo.connectionsPerSecond === 0) return '';
  const ratio = idle.connectionsPerSecond / echo.connectionsPerSecond;
  const cpuMs = (figure: IdleResult) =>
    figure.serverCpuMsPerConnection === undefined
      ? ''
      : `, server CPU ${figure.serverCpuMsPerConnection} ms per connection`;
  return `; echo ${echo.connectionsPerSecond} /s (bare Socket.IO connect, same children${cpuMs(echo)}, ${kb(echo.rssPerSocketBytes)} per socket); **Parley/echo ${ratio.toPrecision(2)}**`;
}

function idleRows(idle: IdleFigure, echoConnections?: IdleResult[]): Row[] {
  const on = `(${idle.engine}, one node)`;
  if ('error' in idle)
    return [
      {
        figure: `idle visitor sockets held and new connections/s ${on}`,
        value: `not measured: ${idle.error}`,
        budget: '≥ 10,000; ≥ 1,000 /s',
        isMet: false,
      },
    ];
  const holdsAll = idle.target >= 10_000;
  return [
    ...(holdsAll
      ? [
          {
            figure: `idle visitor sockets held ${on}`,
            value: `${idle.held} of ${idle.target} (${idle.failed} failed)`,
            budget: '≥ 10,000',
            isMet: idle.held >= 10_000,
          },
          {
            figure: `server RSS per idle socket ${on}`,
            value: `${kb(idle.rssPerSocketBytes)} (${mb(idle.rssBeforeBytes)} → ${mb(idle.rssAfterBytes)})`,
            budget: '≤ 30 KB',
            isMet: idle.held > 0 && idle.rssPerSocketBytes <= 30 * 1024,
          },
        ]
      : []),
    {
      figure: `new visitor connections (handshake, token, session:start) ${on}`,
      value: `${idle.connectionsPerSecond} /s (${idle.held} of ${idle.target} opened, ${idle.failed} failed${idle.serverCpuMsPerConnection === undefined ? '' : `, server CPU ${idle.serverCpuMsPerConnection} ms per connection`}${idle.statementsPerConnection === undefined ? '' : `, ${idle.statementsPerConnection} DB statements per connection`})${versusEcho(idle, echoConnections)}`,
      budget: '≥ 1,000 /s',
      isMet: idle.failed === 0 && idle.connectionsPerSecond >= 1_000,
    },
  ];
}

function rows(results: BenchResults): Row[] {
  const { sizes } = results;
  return [
    ...messageRows(results),
    ...(results.idle.length > 0
      ? results.idle.flatMap((idle) => idleRows(idle, results.echoConnections))
      : [
          {
            figure: 'idle visitor sockets held and new connections/s (one node)',
            value: 'not measured in this run (`BENCH_ONLY=messages`)',
            budget: '≥ 10,000; ≥ 1,000 /s',
            isMet: false,
          },
        ]),
    ...results.cacheHits.map((hit) => ({
      figure: `AI cache hit, question to final answer (${hit.engine}, server-side)`,
      value: `p50 ${hit.p50Ms} ms, p99 ${hit.p99Ms} ms (${hit.samples} samples)`,
      budget: 'p99 ≤ 5 ms',
      isMet: hit.p99Ms <= 5,
    })),
    {
      figure: 'server start to ready (migrations current)',
      value: `${results.startToReadyMs} ms`,
      budget: '≤ 2,000 ms',
      isMet: results.startToReadyMs <= 2_000,
    },
    {
      figure: 'loader widget.js',
      value: kb(sizes.loaderGzipBytes),
      budget: '≤ 2 KB gzip',
      isMet: sizes.loaderGzipBytes <= 2_048,
    },
    {
      figure: 'widget chat app (JS + CSS)',
      value: kb(sizes.appGzipBytes),
      budget: '≤ 30 KB gzip',
      isMet: sizes.appGzipBytes <= 30 * 1024,
    },
    {
      figure: 'widget (loader + app) over the wire from the server, `Accept-Encoding: br, gzip`',
      value: `loader ${kb(results.wire.loaderBytes)}, app ${kb(results.wire.appBytes)} (${results.wire.encodings.join(', ')})`,
      budget: 'app ≤ 30 KB',
      isMet: results.wire.appBytes <= 30 * 1024,
    },
    {
      figure: 'dashboard first load',
      value: kb(sizes.dashboardFirstLoadGzipBytes),
      budget: '≤ 200 KB gzip',
      isMet: sizes.dashboardFirstLoadGzipBytes <= 200 * 1024,
    },
  ];
}

/** Why a budget can be missed on this box and what comes next; shown only for missed rows. */
const NEXT_STEPS: Array<[RegExp, string]> = [
  [
    /persisted messages, \w+, held by an agent/,
    "Messages are written by group commit (docs/decisions/0009-group-commit.md): sends that arrive while a transaction is in flight share the next one, and the next batch is started before the acks of the one just committed are sent. A batch is BEGIN with the locked session rows, one multi-row INSERT sent together with one UPDATE of `last_seq` (the stored clientIds are read only when the INSERT hits the unique index), COMMIT and its fsync, in raw SQL, on a writer connection of its own per process (on SQLite with kept prepared statements, one trip through the thread pool each), shared in turn with the other hot writes. A message's copy to the sending tab and its ack leave in one network write. Bans and widgets come from memory (dropped on every change, across nodes through Redis, at most 1 s old). At 1,000 visitors the closed loop (each visitor sends again as soon as it is acked) measures throughput only: its ack time is about visitors ÷ rate (Little's law), so p99 ≤ 50 ms there would take about 40,000 acks/s, and the echo's own p99 is far above it. The ack time at 1,000 visitors is measured paced instead: each visitor sends every 500 ms from a random phase, whether or not its last message was acked (2,000 messages/s offered, SPEC §8's MariaDB figure), and the time runs from when the send was due. Offered at a steady rate, batches are smaller than in the closed loop, so each message carries more of a batch's fixed cost (on SQLite five trips through the thread pool and the event loop, and the commit's fsync; the write-ahead log is checkpointed by a connection of its own, never inside a commit). Next: on SQLite fewer trips per batch.",
  ],
  [
    /built-in assistant answering/,
    "With the assistant on, every message also starts an answer, one at a time per session: questions sent while one is being written are stored and acked as usual, and the newest waiting one is answered next (the others reach the AI as history). The rule, template and knowledge versions and the widget come from memory; per answer remain two raw reads (the session's status with the visitor, and the history; on SQLite on a reader connection of its own), the answerer's CPU, the answer's commit (same group commit, which refuses it under the session row's lock if an agent took over, the session closed or the visitor was banned meanwhile) and its log row (batched with the cache hit counts every 25 ms as statements that commit alone, on the writer connection, flushed on SIGTERM). The typing indicator goes off in the same network write as the answer. The acks share the event loop and the database with this work. Next: the answerer's CPU off the event loop.",
  ],
  [
    /idle visitor sockets|RSS per idle/,
    'Each visitor socket carries a Socket.IO/engine.io session, its rooms and the visitor state. Next step: profile the heap per socket and trim what is kept per connection (join fewer rooms, keep only ids in `socket.data`).',
  ],
  [
    /new visitor connections/,
    "A new visitor is a handshake (widget and bans from memory, a signed token with a prebuilt key), a visitor row and a session row, each written by group commit as one multi-row INSERT (raw SQL, on the writer connection); `session:start` of a visitor created by this handshake skips the open-session lookup. Connections are opened by children speaking the bare wire protocol (`raw-visitor.ts`), Parley and echo alike, after 500 warm-up connections: socket.io-client cost about 2 ms of CPU per connect on the same 2 cores, more than the echo server. The server and the children share the 2 cores, so the rate follows the CPU both spend per connection; compare the server CPU per connection with the echo's. Parley writes three network writes per connect, as the echo does (the 101 response corked with the open packet, the connect packet with the availability notice, then the `session:start` ack, where the echo writes the 101, the open and the connect packets), but does more per socket: the visitor and session rows, the token, and its event listeners (about 3.5 KB of closures per socket, which the garbage collector marks again at each major collection while the sockets are held). Next: one listener per socket instead of one per event, and on SQLite the visitor and session rows in one transaction.",
  ],
  [
    /AI cache hit/,
    'A hit is now read from an in-process LRU in front of the cache table (the key holds the rule, template and knowledge versions, so an edit is a miss at once); what remains is the rule lookup and the knowledge search.',
  ],
  [
    /start to ready/,
    'Next step: profile the start (loading the bundle, opening the database, checking migrations).',
  ],
  [
    /loader|widget chat app|widget \(loader|dashboard/,
    'Next step: look at the bundle analysis and split or drop the largest module.',
  ],
];

const START_MARK = '<!-- bench:generated:start -->';
const END_MARK = '<!-- bench:generated:end -->';

function generated(results: BenchResults, table: Row[]): string {
  const m = results.machine;
  const missed = table.filter((row) => !row.isMet);
  const explanations = [
    ...new Set(
      missed.map((row) => NEXT_STEPS.find(([pattern]) => pattern.test(row.figure))?.[1] ?? ''),
    ),
  ].filter(Boolean);
  const extra = Object.entries(results.settings.serverEnv);
  return [
    START_MARK,
    '',
    `Generated by \`pnpm bench\` on ${results.measuredAt} in ${results.benchDurationS} s. Every number below comes from that run (also in \`docs/benchmarks.json\`); budgets are SPEC §8.`,
    '',
    `Machine: ${m.cpuCount} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, load average (1/5/15 min) ${results.loadAverage.atStart.join(' / ')} at the start and ${results.loadAverage.atEnd.join(' / ')} at the end (the box is shared: read the Parley/echo ratios, not the absolute figures), Node ${m.node}, MariaDB ${m.mariadb} (\`innodb_flush_log_at_trx_commit=1\`), all on loopback. The server runs as its own process, as \`pnpm start\` runs it, on the embedded SQLite default (a file in \`DATA_DIR\`, no \`DATABASE_URL\`) and on MariaDB; the load generators are separate Node processes, with socket.io-client for the message levels (at most 500 visitors each) and the bare wire protocol for new connections; load levels run ${results.settings.levelDurationMs / 1000} s each, closed loop (each visitor waits for its ack before sending again) except the paced level (each visitor sends every 500 ms, acked or not; latency from when the send was due). Each level is set beside a raw Socket.IO ack echo server measured at the same number of visitors, loaded the same way, in the same run (Parley/echo).`,
    '',
    `Rate limits were raised to ${results.settings.rateLimitsRaisedTo.toLocaleString('en')} through the \`RATE_LIMIT_*\` variables for the run, since all visitors come from one loopback address. "Held by an agent": the chats are taken over (session status \`agent\`), so the figure is the visitor's send → commit → ack alone. "Built-in assistant answering": the default answerer (no \`AI_BASE_URL\`) answers every message while the visitor keeps sending; the figures are the visitor's acks.${extra.length > 0 ? ` Server settings for this run: ${extra.map(([k, v]) => `\`${k}=${v}\``).join(', ')}.` : ''}`,
    '',
    '| figure | measured | budget | met? |',
    '|---|---|---|---|',
    ...table.map(
      (row) =>
        `| ${row.figure} | ${row.value} | ${row.budget} | ${row.isMet ? 'met' : '**missed**'} |`,
    ),
    '',
    '### Missed budgets',
    '',
    missed.length === 0
      ? 'None in this run.'
      : `Missed in this run: ${missed.map((row) => row.figure).join('; ')}.\n\n${explanations.join('\n\n')}`,
    '',
    END_MARK,
  ].join('\n');
}

/** The report file with its generated part replaced; what others wrote around it stays. */
function mergeInto(previous: string | undefined, part: string): string {
  const start = previous?.indexOf(START_MARK) ?? -1;
  const end = previous?.indexOf(END_MARK) ?? -1;
  if (previous !== undefined && start >= 0 && end > start)
    return previous.slice(0, start) + part + previous.slice(end + END_MARK.length);
  // First run with markers: the old file was all generated (up to any section others added).
  const kept = previous?.split(/\n(?=## (?!Missed budgets))/).slice(1) ?? [];
  return ['# Benchmarks', '', part, '', ...kept].join('\n');
}

/** Writes docs/benchmarks.json (the raw figures) and docs/benchmarks.md (the table). */
export function writeReport(results: BenchResults): void {
  const table = rows(results);
  const docs = new URL('../../docs/', import.meta.url);
  writeFileSync(
    new URL('benchmarks.json', docs),
    `${JSON.stringify({ ...results, budgets: table }, null, 2)}\n`,
  );
  const file = new URL('benchmarks.md', docs);
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  writeFileSync(file, mergeInto(previous, generated(results, table)));
  // The repository's formatter lays out the table, so `prettier --check .` stays green.
  execFileSync('pnpm', [
    'exec',
    'prettier',
    '--write',
    fileURLToPath(new URL('benchmarks.md', docs)),
  ]);
}
