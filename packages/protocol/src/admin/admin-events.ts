import { z } from 'zod';
import type { AckCallback } from '../ack.ts';
import type { TMessage, TSession } from '../entities.ts';
import type { TAgentMessage, TSessionSummary } from './sessions.ts';
import type { TTyping } from '../widget-events.ts';

/** `/admin` handshake: `auth: { token }`, a staff access token. */
export const ZAdminHandshakeAuthSchema = z.object({ token: z.string().min(1).max(4096) });

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
}

/** What staff emit on `/admin`; every event carries an ack envelope. */
export interface AdminClientToServerEvents {
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
  'session:close': (input: { sessionId: string }, ack: AckCallback<{ session: TSession }>) => void;
  'message:send': (input: TAgentMessage, ack: AckCallback<{ message: TMessage }>) => void;
  /** The agent is (or stops) typing: the visitor's tabs show "an agent is typing". */
  typing: (input: TTyping, ack: AckCallback) => void;
}
