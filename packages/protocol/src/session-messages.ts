import { z } from 'zod';
import { ZMessageSchema } from './entities.ts';

/** Largest page of `GET /api/v1/sessions/:id/messages`. */
export const MAX_MESSAGES_PAGE = 100;

/**
 * Query of `GET /api/v1/sessions/:id/messages?before=<seq>&limit=30`: the page of messages just
 * before `before` (the newest when absent), oldest first inside the page.
 */
export const ZSessionMessagesQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(MAX_MESSAGES_PAGE).default(30),
});
export type TSessionMessagesQuery = z.infer<typeof ZSessionMessagesQuerySchema>;

/** `hasMore` says whether older messages exist before the first one of this page. */
export const ZSessionMessagesPageSchema = z.object({
  messages: z.array(ZMessageSchema),
  hasMore: z.boolean(),
});
export type TSessionMessagesPage = z.infer<typeof ZSessionMessagesPageSchema>;
