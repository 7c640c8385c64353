import { z } from 'zod';
import { ZSessionStatusSchema } from '../entities.ts';
import { ZIdSchema } from './resources.ts';

/** A staff member others can hand a conversation to (`GET /agents`). */
export const ZAgentSchema = z.object({ id: z.string(), fullName: z.string() });
export type TAgent = z.infer<typeof ZAgentSchema>;

/** `session:assign` on `/admin`: hand a conversation to a named agent (the AI goes silent). */
export const ZSessionAssignSchema = z.object({ sessionId: ZIdSchema, userId: ZIdSchema });
export type TSessionAssign = z.infer<typeof ZSessionAssignSchema>;

/** `session:assigned`, pushed to all staff: who holds a conversation now (null: nobody). */
export const ZSessionAssignedSchema = z.object({
  sessionId: z.string(),
  assignedUserId: z.string().nullable(),
  assignedUserName: z.string().nullable(),
});
export type TSessionAssigned = z.infer<typeof ZSessionAssignedSchema>;

/** An earlier (or later) conversation of the same visitor, in the visitor panel. */
export const ZPastConversationSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  status: ZSessionStatusSchema,
  createdAt: z.string(),
  lastMessageAt: z.string(),
});
export type TPastConversation = z.infer<typeof ZPastConversationSchema>;

/**
 * `GET /sessions/:id/visitor`: who the agent is talking to. Page, referrer and locale come
 * from the widget at `session:start`; the browser from the socket's User-Agent; name, email,
 * external id and attributes from the host page's `identify`.
 */
export const ZVisitorPanelSchema = z.object({
  visitorId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  externalId: z.string().nullable(),
  isVerified: z.boolean(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  pageUrl: z.string().nullable(),
  pageTitle: z.string().nullable(),
  referrer: z.string().nullable(),
  locale: z.string().nullable(),
  /** e.g. "Chrome 120 on Linux"; null when the widget's socket sent no User-Agent. */
  browser: z.string().nullable(),
  userAgent: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** The visitor's other conversations on this widget, newest first (at most 20). */
  pastConversations: z.array(ZPastConversationSchema),
});
export type TVisitorPanel = z.infer<typeof ZVisitorPanelSchema>;

/** `/shortcut` names: what an agent types after `/` in the composer. */
const ZShortcutSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'Use up to 32 letters, digits, - or _ (no spaces)');

const cannedReplyFields = {
  shortcut: ZShortcutSchema,
  title: z.string().trim().min(1).max(255),
  content: z.string().trim().min(1).max(4000),
};
/** `POST /canned-replies` (admins); agents read `GET /canned-replies`. */
export const ZCannedReplyCreateSchema = z.object(cannedReplyFields).strict();
export type TCannedReplyCreate = z.infer<typeof ZCannedReplyCreateSchema>;
export const ZCannedReplyUpdateSchema = z.object(cannedReplyFields).partial().strict();
export type TCannedReplyUpdate = z.infer<typeof ZCannedReplyUpdateSchema>;

export const ZCannedReplySchema = z.object({
  id: z.string(),
  shortcut: z.string(),
  title: z.string(),
  content: z.string(),
  updatedAt: z.string(),
});
export type TCannedReply = z.infer<typeof ZCannedReplySchema>;
