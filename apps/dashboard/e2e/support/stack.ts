import { createAiFeature } from '../../../server/src/features/ai/ai-feature.ts';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.ts';

export type DashboardStack = TestServer;

/**
 * The real server in process on a fresh SQLite database, with the AI pipeline on its built-in
 * knowledge answerer, serving the built dashboard at /admin. No admin exists yet (first run).
 * `env` overrides configuration (e.g. a short access-token lifetime).
 */
export function startDashboardStack(env: Record<string, string> = {}): Promise<DashboardStack> {
  return startTestServer({ kind: 'sqlite', mariadbBaseUrl: '', ai: createAiFeature, env });
}
