import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { DATABASE_KINDS } from '@parley/test-kit';
import { createBatchedInsert } from '../src/features/conversations/batched-insert.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer } from './support/test-server.ts';
import { ALLOWED_ORIGIN, askOk, connectWidget } from './support/widget-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe.each(DATABASE_KINDS)('a burst of new visitors on %s', (kind) => {
  it('gives every visitor connecting at once its own visitor and session, all stored', async () => {
    const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    cleanups.push(() => t.close());
    const widget = await seedWidget(t.db);
    const starts = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const tab = await connectWidget(t.url, { widgetKey: widget.widgetKey });
        cleanups.push(() => Promise.resolve(void tab.close()));
        return askOk(tab, 'session:start', { page: { url: `${ALLOWED_ORIGIN}/`, title: 'Shop' } });
      }),
    );
    expect(starts.every((start) => start.ok)).toBe(true);
    const visitorIds = new Set(starts.map((start) => start.visitor.id));
    const sessionIds = new Set(starts.map((start) => start.session.id));
    expect([visitorIds.size, sessionIds.size]).toEqual([30, 30]);
    const stored = await t.db.models.ChatSession.findAll({ where: { id: [...sessionIds] } });
    expect(stored.map((row) => row.visitorId).sort()).toEqual([...visitorIds].sort());
  });

  it('refuses a bad row of a batch alone and stores the others', async () => {
    const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    cleanups.push(() => t.close());
    const widget = await seedWidget(t.db);
    const visitor = await t.db.models.Visitor.create({ widgetId: widget.id });
    const createSession = createBatchedInsert(t.db, t.db.models.ChatSession);
    const rows = Array.from({ length: 12 }, (_, index) => ({
      widgetId: widget.id,
      // The seventh names a visitor that does not exist (a foreign key violation).
      visitorId: index === 6 ? randomUUID() : visitor.id,
    }));
    const outcomes = await Promise.allSettled(rows.map((row) => createSession(row)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      rows.map((_, index) => (index === 6 ? 'rejected' : 'fulfilled')),
    );
    expect(await t.db.models.ChatSession.count({ where: { visitorId: visitor.id } })).toBe(11);
  });
});
