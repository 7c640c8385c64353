import { z } from 'zod';
import { ZErrorCodeSchema } from './error-codes.ts';
import { ZMessageSchema, ZSessionSchema, ZVisitorCredentialsSchema } from './entities.ts';
import {
  ZAvailabilitySchema,
  ZVisitorContactSchema,
  ZVisitorContactStateSchema,
} from './presence/availability.ts';
import {
  defineClientEvents,
  defineServerEvents,
  ZEmptyAckSchema,
  type ClientToServerEventsOf,
  type ServerToClientEventsOf,
} from './event-map.ts';

/**
 * An id a visitor names, only bounded (not the admin `ZIdSchema`'s UUID check): a malformed id is
 * INVALID_PAYLOAD rather than a database error, and a well-formed one that matches nothing of
 * theirs is NOT_FOUND, the same answer as another visitor's id.
 */
const ZBoundedIdSchema = z.string().min(1).max(64);

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
  sessionId: ZBoundedIdSchema.optional(),
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
  sessionId: ZBoundedIdSchema,
  clientId: z.string().min(1).max(64),
  content: z.string(),
});
export type TMessageSend = z.infer<typeof ZMessageSendSchema>;

export const ZSessionResumeSchema = z.object({
  sessionId: ZBoundedIdSchema,
  afterSeq: z.number().int().nonnegative(),
});
export type TSessionResume = z.infer<typeof ZSessionResumeSchema>;

export const ZTypingSchema = z.object({ sessionId: ZBoundedIdSchema, isTyping: z.boolean() });
export type TTyping = z.infer<typeof ZTypingSchema>;

export const ZMessageReadSchema = z.object({
  sessionId: ZBoundedIdSchema,
  seq: z.number().int().positive(),
});
export type TMessageRead = z.infer<typeof ZMessageReadSchema>;

export const ZHandoffRequestSchema = z.object({ sessionId: ZBoundedIdSchema });
export type THandoffRequest = z.infer<typeof ZHandoffRequestSchema>;

export const ZFeedbackSchema = z.object({
  messageId: ZBoundedIdSchema,
  rating: z.enum(['up', 'down']),
  comment: z.string().max(1000).optional(),
});
export type TFeedback = z.infer<typeof ZFeedbackSchema>;

/**
 * `Parley('identify', …)`'s email, trimmed and lowercased. Blank (`user.email ?? ''`) is no
 * email. Any other string is taken here and checked by the server (`isOneEmailAddress`), which
 * drops one that is not a single address and says so in the ack's `ignored`: a bad address in
 * the site's account must not cost the visitor their verified identity, name and history. No
 * length limit here for the same reason (the socket's buffer bounds it; the check refuses > 255).
 */
const ZIdentifyEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .transform((email) => (email === '' ? undefined : email));

/**
 * `Parley('identify', …)`. Only `id` is covered by `hash`; without a valid hash the email is
 * stored unconfirmed (see `visitor-service.ts`).
 */
export const ZIdentifySchema = z.object({
  id: z.string().min(1).max(255),
  name: z.string().max(255).optional(),
  email: ZIdentifyEmailSchema.optional(),
  attributes: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
  hash: z.string().max(128).optional(),
});
export type TIdentify = z.infer<typeof ZIdentifySchema>;

/** The fields of an identify the server left out, e.g. an `email` that is not one address. */
export const ZIdentifyIgnoredFieldSchema = z.enum(['email']);
export type TIdentifyIgnoredField = z.infer<typeof ZIdentifyIgnoredFieldSchema>;

/**
 * `identify`'s ack: the visitor's (maybe new) credentials, and `ignored` when part of the
 * payload was dropped rather than the whole identify refused.
 */
export const ZIdentifyAckSchema = z.object({
  visitor: ZVisitorCredentialsSchema,
  ignored: z.array(ZIdentifyIgnoredFieldSchema).optional(),
});
export type TIdentifyAck = z.infer<typeof ZIdentifyAckSchema>;

/** A visitor reports an AI answer to the moderators (it joins the flagged-content queue). */
export const ZMessageReportSchema = z.object({
  messageId: ZBoundedIdSchema,
  reason: z.string().trim().max(500).optional(),
});
export type TMessageReport = z.infer<typeof ZMessageReportSchema>;

/**
 * `/widget`, client → server: each event's payload schema (the server parses with it) and the
 * schema of its success ack. Add an event here first; the server binds it with `bindEvents`.
 */
export const widgetClientEvents = defineClientEvents({
  'session:start': {
    payload: ZSessionStartSchema,
    ack: z.object({
      session: ZSessionSchema,
      messages: z.array(ZMessageSchema),
      visitor: ZVisitorCredentialsSchema,
    }),
  },
  'message:send': { payload: ZMessageSendSchema, ack: z.object({ message: ZMessageSchema }) },
  'session:resume': {
    payload: ZSessionResumeSchema,
    ack: z.object({ messages: z.array(ZMessageSchema) }),
  },
  typing: { payload: ZTypingSchema, ack: ZEmptyAckSchema, isAckOptional: true },
  'message:read': { payload: ZMessageReadSchema, ack: ZEmptyAckSchema, isAckOptional: true },
  'handoff:request': { payload: ZHandoffRequestSchema, ack: z.object({ session: ZSessionSchema }) },
  feedback: { payload: ZFeedbackSchema, ack: ZEmptyAckSchema },
  identify: { payload: ZIdentifySchema, ack: ZIdentifyAckSchema },
  'message:report': { payload: ZMessageReportSchema, ack: z.object({ flagId: z.string() }) },
  /** Asks again whether a person can answer (at the `changesAt` the last answer gave). */
  'availability:get': { payload: z.object({}), ack: ZAvailabilitySchema },
  /** Leaves (or withdraws, with `email: null`) the address an agent's later reply is mailed to. */
  'visitor:contact': {
    payload: ZVisitorContactSchema,
    ack: z.object({ contact: ZVisitorContactStateSchema }),
  },
  /** Mails this conversation's transcript to the visitor's confirmed address. */
  'transcript:request': {
    payload: z.object({ sessionId: ZBoundedIdSchema }),
    ack: ZEmptyAckSchema,
  },
});
export type TWidgetClientEvents = typeof widgetClientEvents;

/** Events the widget sends; derived from `widgetClientEvents`. */
export type WidgetClientToServerEvents = ClientToServerEventsOf<TWidgetClientEvents>;

export const ZMessageDeltaSchema = z.object({
  messageId: z.string(),
  index: z.number().int().nonnegative(),
  text: z.string(),
});
export type MessageDelta = z.infer<typeof ZMessageDeltaSchema>;

export const ZTypingEventSchema = z.object({
  sessionId: z.string(),
  actor: z.enum(['visitor', 'ai', 'agent']),
  isTyping: z.boolean(),
});
export type TypingEvent = z.infer<typeof ZTypingEventSchema>;

export const ZReadEventSchema = z.object({
  sessionId: z.string(),
  seq: z.number().int().positive(),
  reader: z.enum(['visitor', 'agent']),
});
export type ReadEvent = z.infer<typeof ZReadEventSchema>;

export const ZVisitorBannedSchema = z.object({
  code: z.literal('BANNED'),
  message: z.string(),
  /** ISO date the ban ends, or null for good. */
  expiresAt: z.string().nullable(),
});
export type TVisitorBanned = z.infer<typeof ZVisitorBannedSchema>;

/**
 * Why a `/widget` connection was refused: `connect_error` carries it as `error.data`, e.g.
 * `{ code: 'ORIGIN_NOT_ALLOWED', message }`. `BANNED` (here and in a refused message's ack)
 * carries `details: { expiresAt }`: the ISO end of the ban that applies (the later one when the
 * visitor and their address are both banned), or null for good; the widget waits until then
 * and reconnects by itself.
 */
export const ZConnectErrorDataSchema = z.object({
  code: ZErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type TConnectErrorData = z.infer<typeof ZConnectErrorDataSchema>;

/**
 * `/widget`, server → client. Every committed message reaches every tab of the session
 * exactly once: as `message:new`, or as `message:done` when `message:delta`s streamed it first.
 */
export const widgetServerEvents = defineServerEvents({
  'message:new': ZMessageSchema,
  'message:delta': ZMessageDeltaSchema,
  'message:done': z.object({ message: ZMessageSchema }),
  'message:update': ZMessageSchema,
  'message:read': ZReadEventSchema,
  typing: ZTypingEventSchema,
  'session:update': ZSessionSchema,
  'config:update': z.object({ widgetKey: z.string() }),
  /**
   * Sent just before the server closes a banned visitor's connections; reconnecting before
   * `expiresAt` gives BANNED.
   */
  'visitor:banned': ZVisitorBannedSchema,
  /** Whether a person can answer now; sent on connect and whenever it changes. */
  availability: ZAvailabilitySchema,
});
export type TWidgetServerEvents = typeof widgetServerEvents;

/** Events the server pushes to widgets; derived from `widgetServerEvents`. */
export type WidgetServerToClientEvents = ServerToClientEventsOf<TWidgetServerEvents>;
