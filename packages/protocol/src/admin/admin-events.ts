import { z } from 'zod';
import { ZMessageSchema, ZSessionSchema } from '../entities.ts';
import {
  defineClientEvents,
  defineServerEvents,
  ZEmptyAckSchema,
  type ClientToServerEventsOf,
  type ServerToClientEventsOf,
} from '../event-map.ts';
import {
  ZConversationNoteSchema,
  ZNoteAddSchema,
  ZStaffTypingInputSchema,
  ZStaffTypingSchema,
} from './attention.ts';
import { ZAgentMessageSchema, ZAgentSessionRefSchema, ZSessionSummarySchema } from './sessions.ts';
import { ZSessionAssignedSchema, ZSessionAssignSchema } from './workspace.ts';
import { ZPresenceSetSchema, ZPresenceUpdateSchema } from '../presence/availability.ts';

/** `/admin` handshake: `auth: { token }`, a staff access token. */
export const ZAdminHandshakeAuthSchema = z.object({
  token: z.string().min(1).max(4096),
  /** The agent's status switch, so a tab opened while away does not count as available. */
  status: ZPresenceSetSchema.shape.status.optional(),
});

/** `auth:renew`: a fresh access token for an open `/admin` socket, so it outlives the old one. */
export const ZAdminRenewSchema = ZAdminHandshakeAuthSchema.pick({ token: true });
export type TAdminRenew = z.infer<typeof ZAdminRenewSchema>;

/** A new flag in the moderation queue, as the inbox shows it. */
export const ZFlagNoticeSchema = z.object({
  id: z.string(),
  sessionId: z.string().nullable(),
  contentType: z.string(),
  reason: z.string(),
  createdAt: z.string(),
});
export type TFlagNotice = z.infer<typeof ZFlagNoticeSchema>;

/** What `/admin` pushes to staff. */
export const adminServerEvents = defineServerEvents({
  'session:new': ZSessionSummarySchema,
  'session:update': ZSessionSchema,
  'message:new': ZMessageSchema,
  /** A message changed (moderated, redacted). */
  'message:update': ZMessageSchema,
  'flag:new': ZFlagNoticeSchema,
  'handoff:requested': ZSessionSchema,
  /** A private note was added (staff only). */
  'note:new': ZConversationNoteSchema,
  /** The visitor, the AI or another agent started or stopped typing. */
  typing: ZStaffTypingSchema,
  /** Someone took, was given, handed back or closed a conversation: who holds it now. */
  'session:assigned': ZSessionAssignedSchema,
  /** How many agents are available now (sent on connect and whenever it changes). */
  'presence:update': ZPresenceUpdateSchema,
});
export type TAdminServerEvents = typeof adminServerEvents;
export type AdminServerToClientEvents = ServerToClientEventsOf<TAdminServerEvents>;

const ZSessionAckSchema = z.object({ session: ZSessionSchema });

/** What staff emit on `/admin`; every event carries an ack envelope. */
export const adminClientEvents = defineClientEvents({
  /** Re-authenticates this socket (same user); the ack tells when the new token expires. */
  'auth:renew': { payload: ZAdminRenewSchema, ack: z.object({ expiresAt: z.string() }) },
  'session:join': {
    payload: ZAgentSessionRefSchema,
    ack: z.object({ session: ZSessionSchema, messages: z.array(ZMessageSchema) }),
  },
  'session:leave': { payload: ZAgentSessionRefSchema, ack: ZEmptyAckSchema },
  'session:takeover': { payload: ZAgentSessionRefSchema, ack: ZSessionAckSchema },
  'session:release': { payload: ZAgentSessionRefSchema, ack: ZSessionAckSchema },
  /** Hands the conversation to a named agent (status `agent`, the AI goes silent). */
  'session:assign': { payload: ZSessionAssignSchema, ack: ZSessionAckSchema },
  'session:close': { payload: ZAgentSessionRefSchema, ack: ZSessionAckSchema },
  'message:send': { payload: ZAgentMessageSchema, ack: z.object({ message: ZMessageSchema }) },
  'note:add': { payload: ZNoteAddSchema, ack: z.object({ note: ZConversationNoteSchema }) },
  typing: { payload: ZStaffTypingInputSchema, ack: ZEmptyAckSchema, isAckOptional: true },
  /** The agent's status switch: `away` stops counting them as available to visitors. */
  'presence:set': { payload: ZPresenceSetSchema, ack: ZPresenceSetSchema },
});
export type TAdminClientEvents = typeof adminClientEvents;
export type AdminClientToServerEvents = ClientToServerEventsOf<TAdminClientEvents>;
