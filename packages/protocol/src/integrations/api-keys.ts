import { z } from 'zod';

/** What an API key may do (docs/integrations.md lists the routes of each). */
export const ZApiKeyScopeSchema = z.enum([
  'conversations:read',
  'messages:write',
  'knowledge:write',
  'analytics:read',
]);
export type TApiKeyScope = z.infer<typeof ZApiKeyScopeSchema>;

export const ZApiKeyCreateSchema = z
  .object({
    /** Also the name its messages are signed with (a bot's name). */
    name: z.string().trim().min(1).max(100),
    scopes: z
      .array(ZApiKeyScopeSchema)
      .min(1)
      .transform((scopes) => [...new Set(scopes)]),
  })
  .strict();
export type TApiKeyCreate = z.infer<typeof ZApiKeyCreateSchema>;

/** A key as the admin API lists it: never the key itself, only its first characters. */
export const ZApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ZApiKeyScopeSchema),
  /** The first characters of the key, to tell keys apart. */
  prefix: z.string(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TApiKey = z.infer<typeof ZApiKeySchema>;

/** The answer to the creation: the only time `key` is shown. */
export const ZApiKeyCreatedSchema = ZApiKeySchema.extend({ key: z.string() });
export type TApiKeyCreated = z.infer<typeof ZApiKeyCreatedSchema>;

/** A message written over REST (an agent, or an API key's bot). */
export const ZRestMessageSendSchema = z
  .object({
    content: z.string(),
    /** Makes a retried request idempotent, as on the sockets. */
    clientId: z.string().min(1).max(64).optional(),
  })
  .strict();
export type TRestMessageSend = z.infer<typeof ZRestMessageSendSchema>;
