import './provided-context.ts';

export { findFreePort } from './free-port.ts';
export { startMariaDb, type MariaDbServer } from './mariadb-server.ts';
export {
  createTestDatabase,
  DATABASE_KINDS,
  type DatabaseKind,
  type TestDatabase,
} from './test-database.ts';
export { spawnServer, waitForStatus, type ServerProcess } from './server-process.ts';
export { startRedis, type RedisServer } from './redis-server.ts';
export { serveHostPage, HOSTILE_CSS, type HostPage } from './host-page.ts';
export {
  startOpenAiCompatibleServer,
  hashedEmbedding,
  EMBEDDING_DIMENSIONS,
  type FakeProviderBehaviour,
  type FakeProviderRequest,
  type OpenAiCompatibleServer,
} from './openai-compatible-server.ts';
export { waitForEvent, waitUntil, type Listenable } from './wait-for.ts';
