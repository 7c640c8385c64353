import { z } from 'zod';
import type { AckCallback } from './ack.ts';
import { ZErrorCodeSchema } from './error-codes.ts';
import type { TMessage, TSession, TVisitorCredentials } from './entities.ts';
import type {
  TAvailability,
  TVisitorContact,
  TVisitorContactState,
} from './presence/availability.ts';

/** Generous bounds on identifiers so a malformed id is INVALID_PAYLOAD, not a database error. */
const ZIdSchema = z.string().min(1).max(64);

export const ZWidgetHandshakeAuthSchema = z.object({
  widgetKey: z.string().min(1).max(64),
  visitorToken: z.string().max(2048).optional(),
  /** The dashboard's sandboxed preview only (`POST /widgets/:id/preview-ticket`). */
  previewTicket: z.string().max(1024).optional(),
});
export type TWidgetHandshakeAuth = z.infer<typeof ZWidgetHandshakeAuthSchema>;

export const ZPageSchema = z.object({
  url: z.string().max(2048),
  title: z.string().max(512).default(''),
  /** The host page's `document.referrer`, shown to agents in the visitor panel. */
  referrer: z.string().max(2048).optional(),
});

export const ZSessionStartSchema = z.object({
  sessionId: ZIdSchema.optional(),
  page: ZPageSchema,
  /** The browser's language (`navigator.language`), shown to agents. */
  locale: z.string().max(35).optional(),
});
export type TSessionStart = z.infer<typeof ZSessionStartSchema>;

/**
 * Content length is checked by the server against its configured limit (MESSAGE_TOO_LONG),
 * so the schema only requires a string here.
 */
export const ZMessageSendSchema = z.object({
  sessionId: ZIdSchema,
  clientId: z.string().min(1).max(64),
  content: z.string(),
});
export type TMessageSend = z.infer<typeof ZMessageSendSchema>;

export const ZSessionResumeSchema = z.object({
  sessionId: ZIdSchema,
  afterSeq: z.number().int().nonnegative(),
});
export type TSessionResume = z.infer<typeof ZSessionResumeSchema>;

export const ZTypingSchema = z.object({ sessionId: ZIdSchema, isTyping: z.boolean() });
export type TTyping = z.infer<typeof ZTypingSchema>;

export const ZMessageReadSchema = z.object({
  sessionId: ZIdSchema,
  seq: z.number().int().positive(),
});
export type TMessageRead = z.infer<typeof ZMessageReadSchema>;

export const ZHandoffRequestSchema = z.object({ sessionId: ZIdSchema });
export type THandoffRequest = z.infer<typeof ZHandoffRequestSchema>;

export const ZFeedbackSchema = z.object({
  messageId: ZIdSchema,
  rating: z.enum(['up', 'down']),
  comment: z.string().max(1000).optional(),
});
export type TFeedback = z.infer<typeof ZFeedbackSchema>;

export const ZIdentifySchema = z.object({
  id: z.string().min(1).max(255),
  name: z.string().max(255).optional(),
  email: z.string().max(255).optional(),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
  hash: z.string().max(128).optional(),
});
export type TIdentify = z.infer<typeof ZIdentifySchema>;

/** A visitor reports an AI answer to the moderators (it joins the flagged-content queue). */
export const ZMessageReportSchema = z.object({
  messageId: ZIdSchema,
  reason: z.string().trim().max(500).optional(),
});
export type TMessageReport = z.infer<typeof ZMessageReportSchema>;

export interface TVisitorBanned {
  code: 'BANNED';
  message: string;
  /** ISO date the ban ends, or null for good. */
  expiresAt: string | null;
}

/** Events the widget sends; each takes an ack. */
export interface WidgetClientToServerEvents {
  'session:start': (
    payload: TSessionStart,
    ack: AckCallback<{ session: TSession; messages: TMessage[]; visitor: TVisitorCredentials }>,
  ) => void;
  'message:send': (payload: TMessageSend, ack: AckCallback<{ message: TMessage }>) => void;
  'session:resume': (payload: TSessionResume, ack: AckCallback<{ messages: TMessage[] }>) => void;
  typing: (payload: TTyping, ack?: AckCallback) => void;
  'message:read': (payload: TMessageRead, ack?: AckCallback) => void;
  'handoff:request': (payload: THandoffRequest, ack: AckCallback<{ session: TSession }>) => void;
  feedback: (payload: TFeedback, ack: AckCallback) => void;
  identify: (payload: TIdentify, ack: AckCallback<{ visitor: TVisitorCredentials }>) => void;
  'message:report': (payload: TMessageReport, ack: AckCallback<{ flagId: string }>) => void;
  /** Asks again whether a person can answer (at the `changesAt` the last answer gave). */
  'availability:get': (payload: Record<string, never>, ack: AckCallback<TAvailability>) => void;
  /** Leaves (or withdraws, with `email: null`) the address an agent's later reply is mailed to. */
  'visitor:contact': (
    payload: TVisitorContact,
    ack: AckCallback<{ contact: TVisitorContactState }>,
  ) => void;
  /** Mails this conversation's transcript to the visitor's contact address. */
  'transcript:request': (payload: { sessionId: string }, ack: AckCallback) => void;
}

export interface MessageDelta {
  messageId: string;
  index: number;
  text: string;
}

export interface TypingEvent {
  sessionId: string;
  actor: 'visitor' | 'ai' | 'agent';
  isTyping: boolean;
}

export interface ReadEvent {
  sessionId: string;
  seq: number;
  reader: 'visitor' | 'agent';
}

/**
 * Why a `/widget` connection was refused: `connect_error` carries it as `error.data`, e.g.
 * `{ code: 'ORIGIN_NOT_ALLOWED', message }`. Also sent as `{ code: 'BANNED' }` etc.
 */
export const ZConnectErrorDataSchema = z.object({
  code: ZErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TConnectErrorData = z.infer<typeof ZConnectErrorDataSchema>;

/**
 * Events the server pushes to widgets. Every committed message reaches every tab of the session
 * exactly once: as `message:new`, or as `message:done` when `message:delta`s streamed it first.
 */
export interface WidgetServerToClientEvents {
  'message:new': (message: TMessage) => void;
  'message:delta': (delta: MessageDelta) => void;
  'message:done': (payload: { message: TMessage }) => void;
  'message:update': (message: TMessage) => void;
  'message:read': (payload: ReadEvent) => void;
  typing: (payload: TypingEvent) => void;
  'session:update': (session: TSession) => void;
  'config:update': (payload: { widgetKey: string }) => void;
  /** Sent just before the server closes a banned visitor's connections; reconnecting gives BANNED. */
  'visitor:banned': (payload: TVisitorBanned) => void;
  /** Whether a person can answer now; sent on connect and whenever it changes. */
  availability: (payload: TAvailability) => void;
}
