import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '@parley/test-kit';
import { useMigratedDatabase } from '@parley/db/test-support';
import { createResponseCache } from '../cache/response-cache.ts';
import { createAiWriteBatch } from './ai-write-batch.ts';
import type { InteractionEntry } from './interaction-log.ts';

const entry = (question: string): InteractionEntry => ({
  visitorId: null,
  sessionId: null,
  messageId: null,
  question,
  response: `Answer to ${question}`,
  model: 'parley-knowledge',
  contextRuleId: null,
  decision: 'answered',
  refusalReason: null,
  cacheHit: true,
  knowledgeHits: [],
  latencyFirstTokenMs: null,
  latencyTotalMs: 3,
  tokensIn: null,
  tokensOut: null,
  estimatedCost: null,
});

describe.each(DATABASE_KINDS)('the AI write batch on %s', (kind) => {
  const database = useMigratedDatabase(kind);

  async function storedAnswer(key: string) {
    const cache = createResponseCache({ db: database() });
    await cache.put({
      key,
      question: key,
      text: 'Refunds within 30 days.',
      sources: [],
      model: 'parley-knowledge',
      contextRuleId: null,
      ttlS: 3600,
    });
    return (await cache.get(key))!;
  }

  it('stores every queued log row and adds up the hits of one entry', async () => {
    const db = database();
    const [first, second] = [await storedAnswer('k-sum-1'), await storedAnswer('k-sum-2')];
    const writes = createAiWriteBatch({ db });
    await Promise.all([
      writes.logInteraction(entry('batch q1')),
      writes.logInteraction(entry('batch q2')),
      writes.logInteraction(entry('batch q3')),
      writes.countHit(first.id),
      writes.countHit(first.id),
      writes.countHit(second.id),
    ]);
    const logged = await db.models.AiInteractionLog.findAll({
      where: { query: ['batch q1', 'batch q2', 'batch q3'] },
    });
    expect(logged.map((row) => row.query).sort()).toEqual(['batch q1', 'batch q2', 'batch q3']);
    const counted = await db.models.AiResponseCache.findAll({
      where: { id: [first.id, second.id] },
    });
    const hitsOf = (id: string) => counted.find((row) => row.id === id)?.hitCount;
    expect([hitsOf(first.id), hitsOf(second.id)]).toEqual([2, 1]);
  });

  it('writes what is queued when flushed, without waiting for the window (a clean stop)', async () => {
    const db = database();
    const writes = createAiWriteBatch({ db, maxWaitMs: 10 * 60_000 });
    const queued = writes.logInteraction(entry('flushed on stop'));
    await writes.flush();
    await queued;
    expect(await db.models.AiInteractionLog.count({ where: { query: 'flushed on stop' } })).toBe(1);
  });

  it('answers a purged entry as a miss though this process remembered it', async () => {
    const db = database();
    const cache = createResponseCache({ db });
    await cache.put({
      key: 'k-purged',
      question: 'refunds?',
      text: 'Refunds within 30 days.',
      sources: [],
      model: 'parley-knowledge',
      contextRuleId: null,
      ttlS: 3600,
    });
    expect((await cache.get('k-purged'))?.text).toBe('Refunds within 30 days.');
    await cache.purge();
    expect(await cache.get('k-purged')).toBeNull();
  });
});
