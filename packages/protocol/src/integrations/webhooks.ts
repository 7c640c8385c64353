import { z } from 'zod';
import { ZMessageSchema, ZSessionSchema } from '../entities.ts';

/** The events a webhook can subscribe to (docs/integrations.md). */
export const ZWebhookEventSchema = z.enum([
  'conversation.created',
  'message.created',
  'handoff.requested',
  'conversation.assigned',
  'conversation.closed',
  'feedback.created',
  'visitor.identified',
]);
export type TWebhookEvent = z.infer<typeof ZWebhookEventSchema>;

/** What "send test event" delivers; never produced by a conversation. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

const ZWebhookUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http or https URL' })
  .max(2048);
const ZWebhookEvents = z
  .array(ZWebhookEventSchema)
  .min(1)
  .transform((events) => [...new Set(events)]);

export const ZWebhookCreateSchema = z
  .object({
    url: ZWebhookUrl,
    events: ZWebhookEvents,
    description: z.string().trim().max(255).nullable().optional(),
  })
  .strict();
export type TWebhookCreate = z.infer<typeof ZWebhookCreateSchema>;

/** `isActive: true` re-enables a webhook that was disabled after repeated failures. */
export const ZWebhookUpdateSchema = z
  .object({
    url: ZWebhookUrl,
    events: ZWebhookEvents,
    description: z.string().trim().max(255).nullable(),
    isActive: z.boolean(),
  })
  .partial()
  .strict();
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdateSchema>;

/** A subscription as the admin API answers it; the secret only in the answer to its creation. */
export const ZWebhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(ZWebhookEventSchema),
  description: z.string().nullable(),
  isActive: z.boolean(),
  consecutiveFailures: z.number().int().nonnegative(),
  /** Why it was switched off, e.g. after too many failed deliveries in a row. */
  disabledReason: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWebhook = z.infer<typeof ZWebhookSchema>;

export const ZWebhookCreatedSchema = ZWebhookSchema.extend({ secret: z.string() });
export type TWebhookCreated = z.infer<typeof ZWebhookCreatedSchema>;

export const ZWebhookDeliveryStatusSchema = z.enum(['pending', 'delivered']);

/** One entry of a webhook's delivery log. */
export const ZWebhookDeliverySchema = z.object({
  /** Also the `X-Parley-Delivery` header and the payload's `id`: the receiver's idempotency key. */
  id: z.string(),
  webhookId: z.string(),
  event: z.string(),
  status: ZWebhookDeliveryStatusSchema,
  attempts: z.number().int().nonnegative(),
  responseStatus: z.number().int().nullable(),
  /** The start of the receiver's answer (at most 1000 characters). */
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDeliverySchema>;

// Payloads --------------------------------------------------------------------------------------

export const ZWebhookAssigneeSchema = z.object({
  /** The staff user, or null for an API key's bot. */
  id: z.string().nullable(),
  name: z.string().nullable(),
});

export const ZWebhookFeedbackSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  visitorId: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
});

export const ZWebhookVisitorSchema = z.object({
  id: z.string(),
  widgetId: z.string(),
  externalId: z.string().nullable(),
  isVerified: z.boolean(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

const conversation = { conversation: ZSessionSchema };

/** `data` of each event. */
export const ZWebhookEventDataSchemas = {
  'conversation.created': z.object(conversation),
  'message.created': z.object({ ...conversation, message: ZMessageSchema }),
  'handoff.requested': z.object(conversation),
  'conversation.assigned': z.object({ ...conversation, assignee: ZWebhookAssigneeSchema }),
  'conversation.closed': z.object(conversation),
  'feedback.created': z.object({ feedback: ZWebhookFeedbackSchema }),
  'visitor.identified': z.object({ visitor: ZWebhookVisitorSchema }),
} as const satisfies Record<TWebhookEvent, z.ZodType>;
export type TWebhookEventData = {
  [E in TWebhookEvent]: z.infer<(typeof ZWebhookEventDataSchemas)[E]>;
};

const envelope = <E extends string, D extends z.ZodType>(event: E, data: D) =>
  z.object({ id: z.string(), event: z.literal(event), createdAt: z.string(), data });

/**
 * The JSON body of every delivery: `{ id, event, createdAt, data }`. Receivers can parse with it.
 *
 * @example
 * const payload = ZWebhookPayloadSchema.parse(JSON.parse(rawBody));
 * if (payload.event === 'message.created') console.log(payload.data.message.content);
 */
export const ZWebhookPayloadSchema = z.discriminatedUnion('event', [
  envelope('conversation.created', ZWebhookEventDataSchemas['conversation.created']),
  envelope('message.created', ZWebhookEventDataSchemas['message.created']),
  envelope('handoff.requested', ZWebhookEventDataSchemas['handoff.requested']),
  envelope('conversation.assigned', ZWebhookEventDataSchemas['conversation.assigned']),
  envelope('conversation.closed', ZWebhookEventDataSchemas['conversation.closed']),
  envelope('feedback.created', ZWebhookEventDataSchemas['feedback.created']),
  envelope('visitor.identified', ZWebhookEventDataSchemas['visitor.identified']),
  envelope(WEBHOOK_TEST_EVENT, z.object({ webhookId: z.string(), message: z.string() })),
]);
export type TWebhookPayload = z.infer<typeof ZWebhookPayloadSchema>;
