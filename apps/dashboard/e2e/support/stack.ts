import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '@parley/db';
import { createTestDatabase } from '@parley/test-kit';

import { createServer, type ParleyServer } from '../../../server/src/app/create-server.ts';
import { loadConfig } from '../../../server/src/config/load-config.ts';
import { createAiFeature } from '../../../server/src/features/ai/ai-feature.ts';
import { createLogger } from '../../../server/src/logging/create-logger.ts';

export interface DashboardStack {
  url: string;
  db: Database;
  server: ParleyServer;
  close(): Promise<void>;
}

/**
 * The real server in process on a fresh SQLite database, with the AI pipeline on its built-in
 * knowledge answerer, serving the built dashboard at /admin. No admin exists yet (first run).
 */
export async function startDashboardStack(): Promise<DashboardStack> {
  const testDb = await createTestDatabase('sqlite', '');
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATABASE_URL: testDb.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    RATE_LIMIT_CONNECTIONS_PER_IP: '100000',
    RATE_LIMIT_MESSAGES_PER_VISITOR: '100000',
    RATE_LIMIT_MESSAGES_PER_IP: '100000',
  });
  const db = openDatabase({ url: config.DATABASE_URL, sqliteStorage: '' });
  await db.migrator.up();
  const server = createServer({
    config,
    db,
    logger: createLogger('silent'),
    ai: createAiFeature({ config, db }),
  });
  const url = await server.listen();
  return {
    url,
    db,
    server,
    close: async () => {
      await server.close();
      await testDb.drop();
    },
  };
}
