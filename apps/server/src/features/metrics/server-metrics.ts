import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Server } from 'socket.io';
import type { Database } from '@parley/db';

/** What the AI pipeline reports after each answer (see `AiFeature.observe`). */
export interface AiAnswerObservation {
  cacheHit: boolean;
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
}

export interface ServerMetrics {
  registry: Registry;
  /** A socket event was acked `ms` after it arrived. */
  observeAck(ack: { namespace: string; event: string; ok: boolean }, ms: number): void;
  messagePersisted(senderType: string): void;
  /** The message store wrote a batch of `size` messages in one transaction. */
  messageBatchWritten(size: number): void;
  aiAnswered(observation: AiAnswerObservation): void;
  aiFailed(): void;
  /** Gauges read at scrape time: connected sockets per namespace. */
  watch(io: Server): void;
}

/** Milliseconds: from sub-millisecond acks to slow provider answers. */
const ACK_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
const AI_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000];

interface PoolLike {
  size: number;
  available: number;
  using: number;
  waiting: number;
}

/** Sequelize keeps its pool on the connection manager (the MySQL dialect; SQLite has none). */
function findPool(db: Database): PoolLike | undefined {
  // The pool is not part of Sequelize's public types.
  const pool = Reflect.get(db.sequelize.connectionManager, 'pool') as Partial<PoolLike> | undefined;
  return typeof pool?.size === 'number' ? (pool as PoolLike) : undefined;
}

/**
 * One Prometheus registry per server instance (two servers in one test process never share
 * counters). Names follow Prometheus conventions: `parley_` prefix, `_total` counters.
 */
export function createServerMetrics(db: Database): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'parley_process_' });
  const namespaces: Server[] = [];
  new Gauge({
    name: 'parley_sockets_connected',
    help: 'Socket.IO connections open on this node, by namespace',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      this.reset();
      for (const io of namespaces)
        for (const [name, nsp] of io._nsps) this.set({ namespace: name }, nsp.sockets.size);
    },
  });
  const persisted = new Counter({
    name: 'parley_messages_persisted_total',
    help: 'Messages committed to the database, by sender type (rate() gives messages/s)',
    labelNames: ['sender'],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'parley_message_batch_size',
    help: 'Messages per group-commit transaction (sum/count gives the mean batch)',
    buckets: BATCH_BUCKETS,
    registers: [registry],
  });
  const ack = new Histogram({
    name: 'parley_socket_ack_duration_ms',
    help: 'Time from a socket event arriving to its ack being sent, in milliseconds',
    labelNames: ['namespace', 'event', 'ok'],
    buckets: ACK_BUCKETS_MS,
    registers: [registry],
  });
  const aiLatency = new Histogram({
    name: 'parley_ai_latency_ms',
    help: 'AI answer latency in milliseconds: first token and total, by cache hit',
    labelNames: ['phase', 'cache'],
    buckets: AI_BUCKETS_MS,
    registers: [registry],
  });
  const cache = new Counter({
    name: 'parley_ai_cache_total',
    help: 'AI answers served from the response cache (hit) or generated (miss)',
    labelNames: ['result'],
    registers: [registry],
  });
  const providerErrors = new Counter({
    name: 'parley_ai_provider_errors_total',
    help: 'AI answers that failed (provider unreachable, timed out or refused)',
    registers: [registry],
  });
  registerPoolGauges(registry, db);
  return {
    registry,
    observeAck: ({ namespace, event, ok }, ms) =>
      ack.observe({ namespace, event, ok: ok ? 'true' : 'false' }, ms),
    messagePersisted: (sender) => persisted.inc({ sender }),
    messageBatchWritten: (size) => batchSize.observe(size),
    aiAnswered({ cacheHit, latencyFirstTokenMs, latencyTotalMs }) {
      const label = cacheHit ? 'hit' : 'miss';
      cache.inc({ result: label });
      aiLatency.observe({ phase: 'total', cache: label }, latencyTotalMs);
      if (latencyFirstTokenMs !== null)
        aiLatency.observe({ phase: 'first_token', cache: label }, latencyFirstTokenMs);
    },
    aiFailed: () => providerErrors.inc(),
    watch: (io) => void namespaces.push(io),
  };
}

function registerPoolGauges(registry: Registry, db: Database): void {
  const read = (key: keyof PoolLike) =>
    function (this: Gauge) {
      const pool = findPool(db);
      if (pool) this.set(pool[key]);
    };
  for (const key of ['size', 'available', 'using', 'waiting'] as const) {
    new Gauge({
      name: `parley_db_pool_${key}`,
      help: `Database connection pool: ${key} (MySQL/MariaDB; absent for SQLite)`,
      registers: [registry],
      collect: read(key),
    });
  }
}
