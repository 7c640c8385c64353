import type { FlaggedContent } from '@parley/db';
import type { TFlaggedContent } from '@parley/protocol';

export function toFlaggedContent(row: FlaggedContent): TFlaggedContent {
  return {
    id: row.id,
    sessionId: row.sessionId ?? null,
    contentId: row.contentId,
    contentType: row.contentType,
    moderationRuleId: row.moderationRuleId ?? null,
    reason: row.reason,
    status: row.status,
    reporterType: row.reporterType,
    reviewedBy: row.reviewedBy ?? null,
    reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
