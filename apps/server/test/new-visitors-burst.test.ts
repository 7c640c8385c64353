import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { DATABASE_KINDS } from '@parley/test-kit';
import { createBatchedInsert } from '../src/features/conversations/batched-insert.ts';
import { sessionsTable, visitorsTable } from '../src/features/conversations/new-rows.ts';
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
    const inserts: string[] = [];
    t.db.writer?.observe((sql) => {
      const table = /^INSERT INTO (visitors|chat_sessions)\b/.exec(sql)?.[1];
      if (table) inserts.push(table);
    });
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
    // Batched: a connection burst is far fewer INSERTs than rows (one each before group commit).
    const visitorInserts = inserts.filter((table) => table === 'visitors').length;
    const sessionInserts = inserts.filter((table) => table === 'chat_sessions').length;
    expect(visitorInserts).toBeGreaterThan(0);
    expect(visitorInserts).toBeLessThan(15);
    expect(sessionInserts).toBeGreaterThan(0);
    expect(sessionInserts).toBeLessThan(15);
  });

  it('refuses a bad row of a batch alone and stores the others', async () => {
    const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    cleanups.push(() => t.close());
    const widget = await seedWidget(t.db);
    const visitor = await t.db.models.Visitor.create({ widgetId: widget.id });
    const sessions = createBatchedInsert(t.db, sessionsTable(t.db.sequelize));
    const statements: number[] = [];
    sessions.observe((rows) => statements.push(rows));
    const now = new Date();
    const rows = Array.from({ length: 12 }, (_, index) => ({
      id: randomUUID(),
      widgetId: widget.id,
      // The seventh names a visitor that does not exist (a foreign key violation).
      visitorId: index === 6 ? randomUUID() : visitor.id,
      status: 'open' as const,
      title: null,
      lastSeq: 0,
      metadata: { page: { url: 'https://shop.example/', title: 'Shop' } },
      createdAt: now,
      lastMessageAt: now,
    }));
    const outcomes = await Promise.allSettled(rows.map((row) => sessions.insert(row)));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(
      rows.map((_, index) => (index === 6 ? 'rejected' : 'fulfilled')),
    );
    expect(await t.db.models.ChatSession.count({ where: { visitorId: visitor.id } })).toBe(11);
    // The first went alone; the other eleven were tried as one INSERT, then one by one.
    expect(statements).toEqual([1, 11, ...Array<number>(11).fill(1)]);
  });

  it('stores batched rows as the models read them', async () => {
    const t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl') });
    cleanups.push(() => t.close());
    const widget = await seedWidget(t.db);
    const visitors = createBatchedInsert(t.db, visitorsTable(t.db.sequelize));
    const at = new Date('2026-11-29T10:11:12.345Z');
    const ids = Array.from({ length: 5 }, () => randomUUID());
    await Promise.all(ids.map((id) => visitors.insert({ id, widgetId: widget.id, at })));
    const stored = await t.db.models.Visitor.findAll({ where: { id: ids } });
    expect(stored).toHaveLength(5);
    for (const visitor of stored) {
      expect(visitor.widgetId).toBe(widget.id);
      expect(visitor.isVerified).toBe(false);
      expect(visitor.firstSeenAt.toISOString()).toBe(at.toISOString());
      expect(visitor.createdAt.toISOString()).toBe(at.toISOString());
    }
  });
});
