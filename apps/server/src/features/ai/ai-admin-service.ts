import type { Database, AiInteractionLog } from '@parley/db';
import type { TAiCacheStats, TAiDecision, TAiInteractionLog } from '@parley/protocol';

/** What the admin AI routes read: the response cache's size and the interaction logs. */
export interface AiAdminService {
  cacheStats(): Promise<TAiCacheStats>;
  /** Newest first. */
  logs(query: { decision?: TAiDecision; limit: number }): Promise<TAiInteractionLog[]>;
}

export function createAiAdminService(db: Database): AiAdminService {
  const { AiResponseCache, AiInteractionLog: Logs } = db.models;
  return {
    async cacheStats() {
      const entries = await AiResponseCache.count();
      const hits = (await AiResponseCache.sum('hitCount')) ?? 0;
      return { entries, hits };
    },
    async logs({ decision, limit }) {
      const rows = await Logs.findAll({
        where: decision ? { decision } : {},
        order: [['createdAt', 'DESC']],
        limit,
      });
      return rows.map(presentLog);
    },
  };
}

function presentLog(row: AiInteractionLog): TAiInteractionLog {
  return {
    id: row.id,
    visitorId: row.visitorId,
    sessionId: row.sessionId,
    messageId: row.messageId,
    query: row.query,
    response: row.response,
    modelUsed: row.modelUsed,
    contextRuleId: row.contextRuleId,
    decision: row.decision,
    refusalReason: row.refusalReason,
    cacheHit: row.cacheHit,
    fallbackUsed: row.fallbackUsed,
    knowledgeBaseResults: row.knowledgeBaseResults,
    knowledgeBaseIds: row.knowledgeBaseIds,
    latencyFirstTokenMs: row.latencyFirstTokenMs,
    latencyTotalMs: row.latencyTotalMs,
    tokensIn: row.tokensIn,
    tokensOut: row.tokensOut,
    estimatedCost: row.estimatedCost,
    metadata: row.metadata,
    createdAt: row.createdAt.toISOString(),
  };
}
