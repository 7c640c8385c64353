import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type Database } from '@parley/db';
import { createTestDatabase, type TestDatabase } from '@parley/test-kit';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';
import { startServerOn, type TestServer } from './support/test-server.ts';
import { ask, askOk, connectWidget, type WidgetTestSocket } from './support/widget-client.ts';

const silent: ConversationResponder = { respond: () => Promise.resolve() };
const WRITE_TIMEOUT_MS = 500;

/**
 * MariaDB stops answering (a stalled server or a network dropping packets) while visitors
 * write: their messages are answered with an error within DB_WRITE_TIMEOUT_MS instead of
 * waiting for ever, and once it answers again the retried message is stored once.
 */
describe('a MariaDB that stops answering in the middle of a conversation', () => {
  let testDb: TestDatabase;
  let direct: Database;
  let proxy: TcpProxy;
  let t: TestServer;
  let visitor: WidgetTestSocket;
  let sessionId: string;
  let widgetKey: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('mariadb', inject('mariadbBaseUrl'));
    proxy = await startTcpProxy(new URL(testDb.url).host);
    const throughProxy = new URL(testDb.url);
    throughProxy.host = proxy.address;
    t = await startServerOn(throughProxy.toString(), {
      env: { DB_WRITE_TIMEOUT_MS: String(WRITE_TIMEOUT_MS) },
      responder: silent,
      logger: createLogger('warn', { write: (line: string) => void logLines.push(line) }),
    });
    // The test's own view of the database, not through the proxy.
    direct = openDatabase({ url: testDb.url, sqliteStorage: '' });
    widgetKey = (await seedWidget(direct)).widgetKey;
    visitor = await connectWidget(t.url, { widgetKey });
    sessionId = (
      await askOk(visitor, 'session:start', { page: { url: 'https://shop.example.com/' } })
    ).session.id;
  });
  afterAll(async () => {
    visitor?.close();
    proxy?.thaw();
    await t?.close();
    await proxy?.close();
    await direct?.close();
    await testDb?.drop();
  });

  const send = (content: string, clientId = randomUUID()) =>
    ask(visitor, 'message:send', { sessionId, clientId, content });

  it('answers writes with an error in time, then stores the retried message once', async () => {
    expect((await send('before the stall')).ok).toBe(true);

    proxy.freeze();
    const stalledClientId = randomUUID();
    const startedAt = Date.now();
    const stalled = await send('during the stall', stalledClientId);
    const waitedMs = Date.now() - startedAt;
    expect(stalled.ok).toBe(false);
    expect(!stalled.ok && stalled.error.code).toBe('INTERNAL');
    // Within the timeout and some slack, well before the widget's own 10 s.
    expect(waitedMs).toBeGreaterThanOrEqual(WRITE_TIMEOUT_MS - 50);
    expect(waitedMs).toBeLessThan(WRITE_TIMEOUT_MS + 3_000);
    // The operator's log says what happened, under the correlation id the visitor was given.
    const correlationId = !stalled.ok && stalled.error.details?.correlationId;
    expect(logLines.find((line) => line.includes(String(correlationId)))).toContain(
      `did not answer a write within ${WRITE_TIMEOUT_MS} ms`,
    );

    proxy.thaw();
    // The widget sends the failed message again with its clientId; then the visitor goes on.
    const retried = await send('during the stall', stalledClientId);
    expect(retried.ok).toBe(true);
    expect((await send('after the stall')).ok).toBe(true);

    const stored = await direct.models.ChatMessage.findAll({
      where: { sessionId },
      order: [['seq', 'ASC']],
    });
    expect(stored.map((message) => [message.seq, message.content])).toEqual([
      [1, 'before the stall'],
      [2, 'during the stall'],
      [3, 'after the stall'],
    ]);
  });

  it('answers every visitor writing during a stall in about the timeout, not one after another', async () => {
    const others = await Promise.all(
      [1, 2, 3, 4, 5].map(async () => {
        const socket = await connectWidget(t.url, { widgetKey });
        const { session } = await askOk(socket, 'session:start', {
          page: { url: 'https://shop.example.com/' },
        });
        return { socket, sessionId: session.id };
      }),
    );
    try {
      // Each says hello first, which also loads the bans: the stalled batches then meet the
      // database at the write itself, not at the ban check.
      for (const { socket, sessionId: id } of others)
        expect(
          (
            await ask(socket, 'message:send', {
              sessionId: id,
              clientId: randomUUID(),
              content: 'hello',
            })
          ).ok,
        ).toBe(true);
      proxy.freeze();
      const sends = others.flatMap(({ socket, sessionId: id }) =>
        ['first', 'second'].map((content) => ({ socket, id, content, clientId: randomUUID() })),
      );
      const startedAt = Date.now();
      const answers = await Promise.all(
        sends.map(async (send) => {
          const ack = await ask(send.socket, 'message:send', {
            sessionId: send.id,
            clientId: send.clientId,
            content: send.content,
          });
          return { ack, waitedMs: Date.now() - startedAt };
        }),
      );
      expect(answers.map(({ ack }) => !ack.ok && ack.error.code)).toEqual(
        sends.map(() => 'INTERNAL'),
      );
      // Two batches at most: the first message alone, then all the others together. Written one
      // by one, each would wait its own timeout (ten of them).
      expect(Math.max(...answers.map(({ waitedMs }) => waitedMs))).toBeLessThan(
        3 * WRITE_TIMEOUT_MS + 1_000,
      );

      proxy.thaw();
      for (const send of sends) {
        const again = await ask(send.socket, 'message:send', {
          sessionId: send.id,
          clientId: send.clientId,
          content: send.content,
        });
        expect(again.ok).toBe(true);
      }
      for (const { sessionId: id } of others) {
        const stored = await direct.models.ChatMessage.findAll({
          where: { sessionId: id },
          order: [['seq', 'ASC']],
        });
        expect(stored.map((message) => [message.seq, message.content])).toEqual([
          [1, 'hello'],
          [2, 'first'],
          [3, 'second'],
        ]);
      }
    } finally {
      proxy.thaw();
      others.forEach(({ socket }) => socket.close());
    }
  });
});
