import { afterEach, beforeEach, inject } from 'vitest';
import type { DatabaseKind } from '@parley/test-kit';
import { startTestServer, type TestServer } from './test-server.ts';
import type { TestSocket } from './widget-client.ts';

export interface ServerPerTest {
  /** This test's server (started in `beforeEach`). */
  readonly t: TestServer;
  /** Closes `socket` after the test; returns it, for `track(await connect…)`. */
  track<S extends TestSocket>(socket: S): S;
}

/**
 * A fresh server on a fresh database for each test of the enclosing `describe`, and the sockets
 * the test tracked, closed before the server: tests that change users, rules or presence never
 * see each other's state.
 *
 * @example
 * const env = serverPerTest(kind, { responder: silent });
 * it('…', async () => { const visitor = env.track(await connectWidget(env.t.url, { widgetKey })); });
 */
export function serverPerTest(
  kind: DatabaseKind,
  options: Omit<Parameters<typeof startTestServer>[0], 'kind' | 'mariadbBaseUrl'> = {},
): ServerPerTest {
  let server: TestServer | undefined;
  let sockets: TestSocket[] = [];
  beforeEach(async () => {
    server = await startTestServer({ ...options, kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    sockets = [];
  });
  afterEach(async () => {
    sockets.forEach((socket) => socket.close());
    await server?.close();
    server = undefined;
  });
  return {
    get t() {
      if (!server) throw new Error('serverPerTest: the server is started in beforeEach');
      return server;
    },
    track(socket) {
      sockets.push(socket);
      return socket;
    },
  };
}
