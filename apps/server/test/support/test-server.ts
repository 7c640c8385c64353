import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@parley/db';
import { createTestDatabase, type DatabaseKind } from '@parley/test-kit';
import { createServer, type ParleyServer } from '../../src/app/create-server.ts';
import type { ConversationResponder } from '../../src/features/conversations/conversation-responder.ts';
import type { AiFeature } from '../../src/features/ai/ai-feature.ts';
import type { Config } from '../../src/config/config-schema.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { createLogger, type Logger } from '../../src/logging/create-logger.ts';
import { SETUP_TOKEN } from './admin-client.ts';

export interface TestServer {
  url: string;
  db: Database;
  server: ParleyServer;
  /** The server's DATA_DIR (its secrets file on the embedded default). */
  dataDir: string;
  close(): Promise<void>;
}

/** Limits high enough that only tests about limits meet them. */
const GENEROUS_LIMITS = {
  RATE_LIMIT_MESSAGES_PER_VISITOR: '100000',
  RATE_LIMIT_MESSAGES_PER_IP: '100000',
  RATE_LIMIT_EVENTS_PER_VISITOR: '100000',
  RATE_LIMIT_CONNECTIONS_PER_IP: '100000',
  RATE_LIMIT_REQUESTS_PER_IP: '100000',
  RATE_LIMIT_AUTH_REQUESTS_PER_IP: '100000',
};

/**
 * The real server, in process, on a fresh migrated database of `kind`, listening on a loopback
 * port. `env` overrides configuration (e.g. a rate limit under test).
 */
export async function startTestServer(options: {
  kind: DatabaseKind;
  mariadbBaseUrl: string;
  env?: Record<string, string>;
  responder?: ConversationResponder;
  /** Builds the AI feature (default responder, knowledge, admin AI routes) for this server. */
  ai?: (parts: { config: Config; db: Database }) => AiFeature;
  /** Where the server logs (default: nowhere). */
  logger?: Logger;
}): Promise<TestServer> {
  const testDb = await createTestDatabase(options.kind, options.mariadbBaseUrl);
  const started = await startServerOn(testDb.url, options);
  return {
    ...started,
    close: async () => {
      await started.close();
      await testDb.drop();
    },
  };
}

/**
 * The real server on an existing database (migrated here), listening on a loopback port;
 * `close` stops it and leaves the database, so a test can start another one on it (a restart).
 */
export async function startServerOn(
  databaseUrl: string,
  options: {
    env?: Record<string, string>;
    responder?: ConversationResponder;
    ai?: (parts: { config: Config; db: Database }) => AiFeature;
    logger?: Logger;
  } = {},
): Promise<TestServer> {
  // Its own data directory: the embedded default writes its secrets file there.
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-test-server-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    PARLEY_SETUP_TOKEN: SETUP_TOKEN,
    ...GENEROUS_LIMITS,
    ...options.env,
  });
  const db = openDatabase({
    url: config.DATABASE_URL,
    sqliteStorage: '',
    poolMax: 20,
    writerStatementTimeoutMs: config.DB_WRITE_TIMEOUT_MS,
  });
  await db.migrator.up();
  const server = createServer({
    config,
    db,
    logger: options.logger ?? createLogger('silent'),
    responder: options.responder,
    ai: options.ai?.({ config, db }),
  });
  const url = await server.listen();
  return {
    url,
    db,
    server,
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
