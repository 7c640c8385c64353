import { Writable } from 'node:stream';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { openDatabase } from '@parley/db';
import { DATABASE_KINDS, waitUntil } from '@parley/test-kit';
import { next } from './support/admin-socket.ts';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { createLogger } from '../src/logging/create-logger.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer } from './support/test-server.ts';
import { askOk, connectWidget } from './support/widget-client.ts';

/**
 * A clean stop (SIGTERM, a deploy) while the assistant is still writing to a visitor who just
 * left (their answer goes on for RESPONDER_ABANDON_AFTER_MS): the answer stops as if on purpose. What it streamed is kept, marked incomplete, before the database
 * closes; nothing is logged as a failure and no "assistant unavailable" notice is written.
 */
describe.each(DATABASE_KINDS)('stopping the server mid-answer on %s', (kind) => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('keeps the streamed part, logs no failure and stops cleanly', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'warn',
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    );
    // Streams half an answer, then waits until it is stopped.
    const responder: ConversationResponder = {
      async respond(_input, output) {
        output.delta('Our shop ships to');
        await new Promise((resolve) => output.signal.addEventListener('abort', resolve));
      },
    };
    const t = await startTestServer({
      kind,
      mariadbBaseUrl: inject('mariadbBaseUrl'),
      responder,
      logger,
    });
    cleanups.push(() => t.close().catch(() => undefined));
    const { widgetKey } = await seedWidget(t.db);
    const socket = await connectWidget(t.url, { widgetKey });
    const { session } = await askOk(socket, 'session:start', {
      page: { url: 'https://shop.example.com/', title: 'Shop' },
    });
    const streaming = next(socket, 'message:delta');
    await askOk(socket, 'message:send', {
      sessionId: session.id,
      clientId: 'q1',
      content: 'Where do you ship?',
    });
    await streaming;
    // The visitor closes the tab: the answer goes on for a while (a reload comes back), held
    // by no open socket when the stop comes.
    socket.close();
    await waitUntil(
      () => t.server.io.of('/widget').sockets.size,
      (open) => open === 0,
    );

    const url =
      t.db.target.dialect === 'sqlite' ? `sqlite:${t.db.target.storage}` : t.db.target.url;
    await t.server.close();

    expect(lines.filter((line) => /responder failed|could not record/.test(line))).toEqual([]);
    const db = openDatabase({ url, sqliteStorage: '' });
    try {
      const rows = await db.models.ChatMessage.findAll({
        where: { sessionId: session.id },
        order: [['seq', 'ASC']],
      });
      expect(rows.map((row) => [row.senderType, row.content])).toEqual([
        ['visitor', 'Where do you ship?'],
        ['ai', 'Our shop ships to'],
      ]);
      expect(rows[1]?.metadata).toMatchObject({ isIncomplete: true });
    } finally {
      await db.close();
    }
  });
});
