import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from '@parley/db/test-support';
import { createPipelineMemo } from './pipeline-memo.ts';

describe.each(DATABASE_KINDS)('the pipeline memo on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  it('serves a rule from memory and reads it again after any change saved through the models', async () => {
    const db = database();
    const memo = createPipelineMemo(db, 60_000);
    try {
      const rule = await db.models.ContextRule.create({
        name: 'Shop',
        contextType: 'shop',
        keywords: ['refund'],
      });
      expect((await memo.rule(rule.id))?.keywords).toEqual(['refund']);
      // Behind the models' back (a hand-written UPDATE): memory still answers.
      await db.sequelize.query('UPDATE context_rules SET name = ? WHERE id = ?', {
        replacements: ['Renamed by hand', rule.id],
      });
      expect((await memo.rule(rule.id))?.name).toBe('Shop');
      // Through the models (the admin routes): the very next read sees it.
      await rule.update({ keywords: ['refund', 'shipping'] });
      const fresh = await memo.rule(rule.id);
      expect(fresh?.keywords).toEqual(['refund', 'shipping']);
      expect(fresh?.name).toBe('Renamed by hand');
    } finally {
      memo.close();
    }
  });

  it("sees a knowledge base's new version, and a base switched off, on the next read", async () => {
    const db = database();
    const memo = createPipelineMemo(db, 60_000);
    try {
      const base = await db.models.KnowledgeBaseConfig.create({
        name: 'FAQ',
        sourceType: 'text',
        content: 'Refunds within 30 days.',
        status: 'ready',
      });
      const versionOf = async () =>
        (await memo.activeBases()).find((active) => active.id === base.id)?.version;
      const before = await versionOf();
      await base.update({ version: base.version + 1 });
      expect(await versionOf()).toBe((before ?? 0) + 1);
      await base.update({ isActive: false });
      expect(await versionOf()).toBeUndefined();
    } finally {
      memo.close();
    }
  });

  it('reads again once its time is up when nobody told it of a change (another node)', async () => {
    const db = database();
    const memo = createPipelineMemo(db, 50);
    try {
      const rule = await db.models.ContextRule.create({ name: 'Docs', contextType: 'docs' });
      expect((await memo.rule(rule.id))?.name).toBe('Docs');
      await db.sequelize.query('UPDATE context_rules SET name = ? WHERE id = ?', {
        replacements: ['Docs, renamed elsewhere', rule.id],
      });
      await expect
        .poll(async () => (await memo.rule(rule.id))?.name, { interval: 20, timeout: 2_000 })
        .toBe('Docs, renamed elsewhere');
    } finally {
      memo.close();
    }
  });
});
