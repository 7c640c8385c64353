import { z } from 'zod';
import type { AckCallback } from '../ack.ts';
import type { TMessage, TSession } from '../entities.ts';
import type { TConversationNote, TNoteAdd, TStaffTyping, TStaffTypingInput } from './attention.ts';
import type { TAgentMessage, TSessionSummary } from './sessions.ts';
import type { TSessionAssign, TSessionAssigned } from './workspace.ts';
import {
  ZPresenceSetSchema,
  type TPresenceSet,
  type TPresenceUpdate,
} from '../presence/availability.ts';

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
export interface AdminServerToClientEvents {
  'session:new': (session: TSessionSummary) => void;
  'session:update': (session: TSession) => void;
  'message:new': (message: TMessage) => void;
  /** A message changed (moderated, redacted). */
  'message:update': (message: TMessage) => void;
  'flag:new': (flag: TFlagNotice) => void;
  'handoff:requested': (session: TSession) => void;
  /** A private note was added (staff only). */
  'note:new': (note: TConversationNote) => void;
  /** The visitor, the AI or another agent started or stopped typing. */
  typing: (typing: TStaffTyping) => void;
  /** Someone took, was given, handed back or closed a conversation: who holds it now. */
  'session:assigned': (assigned: TSessionAssigned) => void;
  /** How many agents are available now (sent on connect and whenever it changes). */
  'presence:update': (presence: TPresenceUpdate) => void;
}

/** What staff emit on `/admin`; every event carries an ack envelope. */
export interface AdminClientToServerEvents {
  /** Re-authenticates this socket (same user); the ack tells when the new token expires. */
  'auth:renew': (input: TAdminRenew, ack: AckCallback<{ expiresAt: string }>) => void;
  'session:join': (
    input: { sessionId: string },
    ack: AckCallback<{ session: TSession; messages: TMessage[] }>,
  ) => void;
  'session:leave': (input: { sessionId: string }, ack: AckCallback) => void;
  'session:takeover': (
    input: { sessionId: string },
    ack: AckCallback<{ session: TSession }>,
  ) => void;
  'session:release': (
    input: { sessionId: string },
    ack: AckCallback<{ session: TSession }>,
  ) => void;
  /** Hands the conversation to a named agent (status `agent`, the AI goes silent). */
  'session:assign': (input: TSessionAssign, ack: AckCallback<{ session: TSession }>) => void;
  'session:close': (input: { sessionId: string }, ack: AckCallback<{ session: TSession }>) => void;
  'message:send': (input: TAgentMessage, ack: AckCallback<{ message: TMessage }>) => void;
  'note:add': (input: TNoteAdd, ack: AckCallback<{ note: TConversationNote }>) => void;
  typing: (input: TStaffTypingInput, ack?: AckCallback) => void;
  /** The agent's status switch: `away` stops counting them as available to visitors. */
  'presence:set': (input: TPresenceSet, ack: AckCallback<TPresenceSet>) => void;
}
