import type { TestProject } from 'vitest/node';
import { startMariaDb } from './mariadb-server.ts';
import './provided-context.ts';

/**
 * Vitest global setup: one MariaDB server for the whole run of a package's tests.
 * Each test file then creates its own database on it (see `createTestDatabase`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startMariaDb();
  project.provide('mariadbBaseUrl', server.baseUrl);
  return () => server.stop();
}
