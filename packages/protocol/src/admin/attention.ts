import { z } from 'zod';
import { ZIdSchema } from './resources.ts';

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

/** A private note on a conversation: staff see it, the visitor never does. */
export const ZConversationNoteSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  authorName: z.string().nullable(),
  content: z.string(),
  createdAt: z.string(),
});
export type TConversationNote = z.infer<typeof ZConversationNoteSchema>;

/** `note:add` on `/admin`. */
export const ZNoteAddSchema = z.object({
  sessionId: ZIdSchema,
  content: z.string().trim().min(1).max(4000),
});
export type TNoteAdd = z.infer<typeof ZNoteAddSchema>;

/** `typing` on `/admin`: this agent started or stopped typing a reply. */
export const ZStaffTypingInputSchema = z.object({
  sessionId: ZIdSchema,
  isTyping: z.boolean(),
});
export type TStaffTypingInput = z.infer<typeof ZStaffTypingInputSchema>;

/** Who is typing in a conversation, as staff see it (`userName` for agents). */
export const ZStaffTypingSchema = z.object({
  sessionId: z.string(),
  actor: z.enum(['visitor', 'ai', 'agent']),
  isTyping: z.boolean(),
  userId: z.string().optional(),
  userName: z.string().optional(),
});
export type TStaffTyping = z.infer<typeof ZStaffTypingSchema>;
