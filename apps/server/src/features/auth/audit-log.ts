import type { Database, JsonObject } from '@parley/db';

/** Where an action came from, for the audit trail. */
export interface RequestOrigin {
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface AuditLog {
  /** Appends a `user_activity` row, e.g. `auth.login` or `widget.update`. */
  record(input: {
    userId: string;
    action: string;
    origin?: RequestOrigin;
    metadata?: JsonObject;
  }): Promise<void>;
}

export function createAuditLog(db: Database): AuditLog {
  return {
    async record({ userId, action, origin, metadata }) {
      await db.models.UserActivity.create({
        userId,
        action,
        ipAddress: origin?.ip?.slice(0, 50) ?? null,
        userAgent: origin?.userAgent?.slice(0, 1000) ?? null,
        metadata: metadata ?? null,
      });
    },
  };
}
