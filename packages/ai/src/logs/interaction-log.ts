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

/** The columns of `ai_interaction_logs` the batch writes, in the order of `interactionValues`. */
export const INTERACTION_COLUMNS = [
  'id',
  'visitor_id',
  'session_id',
  'message_id',
  'query',
  'response',
  'model_used',
  'context_rule_id',
  'decision',
  'refusal_reason',
  'cache_hit',
  'fallback_used',
  'knowledge_base_results',
  'knowledge_base_ids',
  'latency_first_token_ms',
  'latency_total_ms',
  'tokens_in',
  'tokens_out',
  'estimated_cost',
  'created_at',
] as const;

/** An entry's values for a raw INSERT (`createdAt` already as `sqlDateTime` text). */
export function interactionValues(
  entry: InteractionEntry,
  id: string,
  createdAt: string,
): unknown[] {
  const row = interactionRow(entry);
  return [
    id,
    row.visitorId,
    row.sessionId,
    row.messageId,
    row.query,
    row.response,
    row.modelUsed,
    row.contextRuleId,
    row.decision,
    row.refusalReason,
    row.cacheHit ? 1 : 0,
    row.fallbackUsed ? 1 : 0,
    row.knowledgeBaseResults,
    row.knowledgeBaseIds,
    row.latencyFirstTokenMs,
    row.latencyTotalMs,
    row.tokensIn,
    row.tokensOut,
    // DECIMAL(12,6): rounded here as MariaDB would, so SQLite stores the same figure.
    row.estimatedCost === null ? null : Number(row.estimatedCost.toFixed(6)),
    createdAt,
  ];
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
