import { Router } from 'express';
import type { Transaction } from 'sequelize';
import type { Database, JsonObject } from '@parley/db';
import type { TList, TNotification } from '@parley/protocol';
import { currentUser, requireRole } from '../auth/auth-middleware.ts';
import type { AuthService } from '../auth/auth-service.ts';
import { parseId } from './resource-json.ts';
import { presentNotification } from './resource-presenters.ts';

export interface StaffNotifications {
  /**
   * One `notifications` row for every active staff user (handoff requested, new flag). Given a
   * transaction, the rows commit with the change they report, or not at all.
   */
  notifyStaff(
    input: { type: string; title: string; message: string; metadata: JsonObject },
    transaction?: Transaction,
  ): Promise<void>;
  /** Marks every staff user's notice of this flag read: once reviewed, there is nothing to do. */
  settleFlag(flagId: string): Promise<void>;
}

/** Unread flag notices looked at per review; older ones are left as they are. */
const MAX_UNREAD_FLAG_NOTICES = 5_000;

export function createStaffNotifications(db: Database): StaffNotifications {
  return {
    async notifyStaff({ type, title, message, metadata }, transaction) {
      const staff = await db.models.User.findAll({
        where: { isActive: true },
        attributes: ['id'],
        transaction,
      });
      await db.models.Notification.bulkCreate(
        staff.map((user) => ({
          userId: user.id,
          type,
          title,
          message: message.slice(0, 2000),
          metadata,
        })),
        { transaction },
      );
    },
    async settleFlag(flagId) {
      // Filtered here, not in SQL: the JSON column reads back the same on both databases.
      const unread = await db.models.Notification.findAll({
        where: { type: 'flag', read: false },
        attributes: ['id', 'metadata'],
        order: [['createdAt', 'DESC']],
        limit: MAX_UNREAD_FLAG_NOTICES,
      });
      const ids = unread.filter((row) => row.metadata?.flagId === flagId).map((row) => row.id);
      if (ids.length > 0)
        await db.models.Notification.update({ read: true }, { where: { id: ids } });
    },
  };
}

/**
 * `GET /notifications` (the caller's latest 50), `POST /notifications/:id/read`, and
 * `POST /notifications/read` (every one of the caller's, read).
 */
export function createNotificationRoutes(auth: AuthService, db: Database): Router {
  const router = Router();
  const staff = requireRole(auth, 'admin', 'agent');
  router.get('/api/v1/notifications', staff, async (_req, res) => {
    const rows = await db.models.Notification.findAll({
      where: { userId: currentUser(res).id },
      order: [['createdAt', 'DESC']],
      limit: 50,
    });
    const answer: TList<TNotification> = { items: rows.map(presentNotification) };
    res.json(answer);
  });
  router.post('/api/v1/notifications/:id/read', staff, async (req, res) => {
    await db.models.Notification.update(
      { read: true },
      { where: { id: parseId(req.params.id), userId: currentUser(res).id } },
    );
    res.status(204).end();
  });
  router.post('/api/v1/notifications/read', staff, async (_req, res) => {
    await db.models.Notification.update(
      { read: true },
      { where: { userId: currentUser(res).id, read: false } },
    );
    res.status(204).end();
  });
  return router;
}
