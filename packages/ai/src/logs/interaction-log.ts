import type { AiDecision, Database } from '@parley/db';

export interface InteractionEntry {
  visitorId: string | null;
  sessionId: string | null;
  messageId: string | null;
  question: string;
  response: string;
  model: string;
  contextRuleId: string | null;
  decision: AiDecision;
  refusalReason: string | null;
  cacheHit: boolean;
  fallbackUsed?: boolean;
  knowledgeHits: { knowledgeBaseId: string }[];
  latencyFirstTokenMs: number | null;
  latencyTotalMs: number;
  tokensIn: number | null;
  tokensOut: number | null;
  /** US dollars; `null` when unknown (an unpriced model, no usage reported). */
  estimatedCost: number | null;
}

/** The `ai_interaction_logs` row of an entry (written alone or in a batch). */
export function interactionRow(entry: InteractionEntry) {
  const baseIds = [...new Set(entry.knowledgeHits.map((hit) => hit.knowledgeBaseId))];
  return {
    visitorId: entry.visitorId,
    sessionId: entry.sessionId,
    messageId: entry.messageId,
    query: entry.question,
    response: entry.response,
    modelUsed: entry.model.slice(0, 100),
    contextRuleId: entry.contextRuleId,
    decision: entry.decision,
    refusalReason: entry.refusalReason?.slice(0, 255) ?? null,
    cacheHit: entry.cacheHit,
    fallbackUsed: entry.fallbackUsed ?? false,
    knowledgeBaseResults: entry.knowledgeHits.length,
    knowledgeBaseIds: baseIds.length > 0 ? baseIds.join(',') : null,
    latencyFirstTokenMs:
      entry.latencyFirstTokenMs === null ? null : Math.round(entry.latencyFirstTokenMs),
    latencyTotalMs: Math.round(entry.latencyTotalMs),
    tokensIn: entry.tokensIn,
    tokensOut: entry.tokensOut,
    estimatedCost: entry.estimatedCost,
  };
}

/** Writes one `ai_interaction_logs` row (every answer, refusal and failure); returns its id. */
export async function recordInteraction(db: Database, entry: InteractionEntry): Promise<string> {
  const row = await db.models.AiInteractionLog.create(interactionRow(entry));
  return row.id;
}
