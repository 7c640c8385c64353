import type { FlaggedContent } from '@parley/db';
import type { TFlagNotice } from '@parley/protocol';

/** A queue item as staff see it (the `flag:new` notice plus its review state). */
export interface TFlaggedContent extends TFlagNotice {
  contentId: string;
  moderationRuleId: string | null;
  status: 'pending' | 'approved' | 'rejected';
  reporterType: 'system' | 'visitor' | 'user';
  reviewedBy: string | null;
  reviewedAt: string | null;
}

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
