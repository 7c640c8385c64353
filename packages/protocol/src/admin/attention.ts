import { z } from 'zod';

/** `GET /unread`: the caller's unread visitor messages, per open conversation and in all. */
export const ZUnreadCountsSchema = z.object({
  total: z.number().int().min(0),
  /** Session id → unread count; sessions with nothing unread are left out. */
  sessions: z.record(z.string(), z.number().int().positive()),
});
export type TUnreadCounts = z.infer<typeof ZUnreadCountsSchema>;

/** `POST /sessions/:id/read`: read up to `seq` (default: everything so far). */
export const ZMarkReadSchema = z.object({ seq: z.number().int().min(0).optional() });
export type TMarkRead = z.infer<typeof ZMarkReadSchema>;

/** `GET /notifications`: the caller's latest notifications, newest first. */
export const ZNotificationSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  message: z.string(),
  read: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
});
export type TNotification = z.infer<typeof ZNotificationSchema>;
