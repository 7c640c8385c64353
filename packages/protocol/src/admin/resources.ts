import { z } from 'zod';
import { ZEmailSchema, ZNewPasswordSchema, ZUserRoleSchema } from './auth.ts';
import { isWildcardOnPublicSuffix } from './public-suffix-wildcard.ts';
import { ZOfficeHoursSchema } from '../presence/availability.ts';

/** Every id in a path or a reference: a UUID, else `INVALID_PAYLOAD` naming the field. */
export const ZIdSchema = z.uuid();

const ZName = z.string().trim().min(1).max(255);
const ZOptionalText = (max: number) => z.string().max(max).nullable().optional();
const ZStringList = (max: number, itemMax = 200) =>
  z.array(z.string().trim().min(1).max(itemMax)).max(max);

/** A list answer of the admin API. */
export interface TList<T> {
  items: T[];
}

/** The `{ items }` envelope every list route answers, around one item schema. */
export const ZListOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A date in an answer: always an ISO 8601 string (never a database's own format). */
const ZIsoDate = z.iso.datetime({ offset: true });
const ZTimestamps = { createdAt: ZIsoDate, updatedAt: ZIsoDate };

// Users -----------------------------------------------------------------------------------------

export const ZUserCreateSchema = z.object({
  email: ZEmailSchema,
  fullName: ZName,
  password: ZNewPasswordSchema,
  role: ZUserRoleSchema.default('agent'),
});
export type TUserCreate = z.infer<typeof ZUserCreateSchema>;
export const ZUserUpdateSchema = z
  .object({
    fullName: ZName,
    password: ZNewPasswordSchema,
    role: ZUserRoleSchema,
    isActive: z.boolean(),
    avatarUrl: z.url().max(255).nullable(),
  })
  .partial()
  .strict();
export type TUserUpdate = z.infer<typeof ZUserUpdateSchema>;

// Widgets ---------------------------------------------------------------------------------------

/**
 * `https://shop.example.com` (scheme + host + optional port), `https://*.example.com` (any
 * subdomain), or `*` for any origin (on purpose only: the dashboard warns). A wildcard right on
 * a public suffix (`https://*.com`, `https://*.co.uk`) is refused: it is `*` in disguise.
 */
export const ZOriginSchema = z
  .string()
  .trim()
  .max(255)
  .regex(/^(\*|https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?)$/i, {
    message: 'must be an origin like https://shop.example.com',
  })
  .refine((entry) => !isWildcardOnPublicSuffix(entry), {
    message:
      'a wildcard must sit under a domain you own (https://*.example.com), not a public suffix',
  });

export const ZContextRouteInputSchema = z.object({
  pattern: z.string().trim().min(1).max(255),
  contextRuleId: ZIdSchema,
});

/**
 * Provider profiles (stored provider keys) to try in order: the next one answers when one fails
 * or gives no first token in time. `null` or empty: the installation's default provider.
 */
const ZProviderKeyIds = z.array(ZIdSchema).max(10).nullable();

/** A suggested `handoffWaitingMessage` for the dashboard. */
export const DEFAULT_HANDOFF_WAITING_MESSAGE =
  "A person has been asked to join; they'll reply here.";

const widgetFields = {
  name: ZName,
  allowedOrigins: z.array(ZOriginSchema).max(100),
  initiallyOpen: z.boolean(),
  contextMode: z.enum(['restricted', 'open', 'custom']),
  contextName: ZName,
  contextRuleId: ZIdSchema.nullable(),
  contextRoutes: z.array(ZContextRouteInputSchema).max(50).nullable(),
  providerKeyIds: ZProviderKeyIds,
  title: ZName,
  primaryColor: z.string().regex(/^#[0-9a-f]{6}$/i, { message: 'must be a colour like #4f46e5' }),
  position: z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left']),
  greeting: ZOptionalText(2000),
  placeholder: ZOptionalText(255),
  locale: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/),
  theme: z.enum(['auto', 'light', 'dark']),
  zIndex: z.number().int().min(0).max(2147483647),
  handoffEnabled: z.boolean(),
  /**
   * While a person is awaited the assistant is quiet; this text, if set, is said once when the
   * visitor asks for one (e.g. `DEFAULT_HANDOFF_WAITING_MESSAGE`).
   */
  handoffWaitingMessage: z.string().trim().min(1).max(500).nullable(),
  cacheTtlS: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400),
  showOnMobile: z.boolean(),
  isActive: z.boolean(),
  /** Null: always open. */
  officeHours: ZOfficeHoursSchema.nullable(),
  /** "We reply within N hours" when nobody is online; null promises nothing. */
  replyWithinHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .nullable(),
};

export const ZWidgetCreateSchema = z
  .object(widgetFields)
  .partial()
  .extend({
    name: ZName,
    allowedOrigins: widgetFields.allowedOrigins,
    /** Generate an identity secret (shown once): `identify` then needs a valid hash. */
    identityVerification: z.boolean().optional(),
  })
  .strict();
export type TWidgetCreate = z.infer<typeof ZWidgetCreateSchema>;
export const ZWidgetUpdateSchema = z
  .object(widgetFields)
  .partial()
  .extend({
    /** `true` replaces the identity secret (answered once), `false` removes it. */
    identityVerification: z.boolean().optional(),
  })
  .strict();
export type TWidgetUpdate = z.infer<typeof ZWidgetUpdateSchema>;

/**
 * A widget as the admin API answers it: every setting, its public `widgetKey`, and only
 * whether it has an identity secret (the secret itself is never read back).
 */
export const ZWidgetSchema = z.object({
  ...widgetFields,
  id: ZIdSchema,
  widgetKey: z.string(),
  allowedOrigins: z.array(z.string()).nullable(),
  contextRoutes: z.array(z.object({ pattern: z.string(), contextRuleId: z.string() })).nullable(),
  greeting: z.string().nullable(),
  placeholder: z.string().nullable(),
  hasIdentitySecret: z.boolean(),
  /** The installation's demo widget (`/embed` without a key). */
  isDefault: z.boolean(),
  ...ZTimestamps,
});
export type TWidget = z.infer<typeof ZWidgetSchema>;
/** Create and update answers: the widget, plus `identitySecret` once when one was generated. */
export const ZWidgetChangeSchema = ZWidgetSchema.extend({
  identitySecret: z.string().optional(),
});
export type TWidgetChange = z.infer<typeof ZWidgetChangeSchema>;

// Context rules ---------------------------------------------------------------------------------

const contextRuleFields = {
  name: ZName,
  description: ZOptionalText(2000),
  isActive: z.boolean(),
  contextType: z.string().trim().min(1).max(100),
  keywords: ZStringList(500).nullable(),
  excludedTopics: ZStringList(500).nullable(),
  promptTemplate: ZOptionalText(20_000),
  promptTemplateId: ZIdSchema.nullable(),
  refusalMessage: ZOptionalText(2000),
  /** Validated in depth by the AI package (types, safe patterns). */
  responseFilters: z.array(z.unknown()).max(50).nullable(),
  useKnowledgeBases: z.boolean(),
  knowledgeBaseIds: z.array(ZIdSchema).max(100).nullable(),
  knowledgeThreshold: z.number().min(0).max(1000).nullable(),
  historyTurns: z.number().int().min(0).max(50),
  preferredModel: z.string().max(100).nullable(),
  /** Over the widget's `providerKeyIds` for pages this rule serves. */
  providerKeyIds: ZProviderKeyIds,
  cacheTtlS: z
    .number()
    .int()
    .min(0)
    .max(30 * 86400)
    .nullable(),
};
export const ZContextRuleCreateSchema = z
  .object(contextRuleFields)
  .partial()
  .extend({ name: ZName, contextType: contextRuleFields.contextType.default('general') })
  .strict();
export type TContextRuleCreate = z.infer<typeof ZContextRuleCreateSchema>;
export const ZContextRuleUpdateSchema = z.object(contextRuleFields).partial().strict();
export type TContextRuleUpdate = z.infer<typeof ZContextRuleUpdateSchema>;

/** A context rule as answered; `version` goes up with every change (part of the AI cache key). */
export const ZContextRuleSchema = z.object({
  ...contextRuleFields,
  id: ZIdSchema,
  description: z.string().nullable(),
  promptTemplate: z.string().nullable(),
  refusalMessage: z.string().nullable(),
  version: z.number().int(),
  ...ZTimestamps,
});
export type TContextRule = z.infer<typeof ZContextRuleSchema>;

// Prompt templates ------------------------------------------------------------------------------

const promptTemplateFields = {
  name: ZName,
  description: ZOptionalText(2000),
  template: z.string().min(1).max(20_000),
  category: z.string().max(100).nullable(),
  isActive: z.boolean(),
};
export const ZPromptTemplateCreateSchema = z
  .object(promptTemplateFields)
  .partial()
  .extend({ name: ZName, template: promptTemplateFields.template })
  .strict();
export type TPromptTemplateCreate = z.infer<typeof ZPromptTemplateCreateSchema>;
export const ZPromptTemplateUpdateSchema = z.object(promptTemplateFields).partial().strict();
export type TPromptTemplateUpdate = z.infer<typeof ZPromptTemplateUpdateSchema>;

/** A prompt template as answered, with the `{{variables}}` found in it when it was saved. */
export const ZPromptTemplateSchema = z.object({
  ...promptTemplateFields,
  id: ZIdSchema,
  description: z.string().nullable(),
  variables: z.array(z.string()).nullable(),
  ...ZTimestamps,
});
export type TPromptTemplate = z.infer<typeof ZPromptTemplateSchema>;

// Knowledge bases -------------------------------------------------------------------------------

export const ZKnowledgeBaseCreateSchema = z
  .object({
    name: ZName,
    description: ZOptionalText(2000),
    sourceType: z.enum(['text', 'url', 'file']),
    content: z.string().max(2_000_000).nullable().optional(),
    url: z.url().max(2000).nullable().optional(),
    isActive: z.boolean().optional(),
  })
  .strict();
export type TKnowledgeBaseCreate = z.infer<typeof ZKnowledgeBaseCreateSchema>;
export const ZKnowledgeBaseUpdateSchema = ZKnowledgeBaseCreateSchema.partial().strict();
export type TKnowledgeBaseUpdate = z.infer<typeof ZKnowledgeBaseUpdateSchema>;
/** File types a knowledge base accepts as an upload. */
export const KNOWLEDGE_UPLOAD_TYPES = ['txt', 'md', 'html'] as const;

/**
 * A knowledge base in a list (and the upload's answer): everything but its text. The dashboard
 * follows `status` (`pending` → `indexing` → `ready` | `failed`, the reason in `statusMessage`).
 */
export const ZKnowledgeBaseSummarySchema = z.object({
  id: ZIdSchema,
  name: ZName,
  description: z.string().nullable(),
  sourceType: ZKnowledgeBaseCreateSchema.shape.sourceType,
  url: z.string().nullable(),
  /** The uploaded file's name (`file` bases). */
  filePath: z.string().nullable(),
  embeddingModel: z.string().nullable(),
  status: z.enum(['pending', 'indexing', 'ready', 'failed']),
  statusMessage: z.string().nullable(),
  version: z.number().int(),
  isActive: z.boolean(),
  ...ZTimestamps,
});
export type TKnowledgeBaseSummary = z.infer<typeof ZKnowledgeBaseSummarySchema>;
/** One knowledge base read alone or changed: with its text. */
export const ZKnowledgeBaseSchema = ZKnowledgeBaseSummarySchema.extend({
  content: z.string().nullable(),
});
export type TKnowledgeBase = z.infer<typeof ZKnowledgeBaseSchema>;

// Moderation rules ------------------------------------------------------------------------------

const moderationRuleFields = {
  name: ZName,
  description: ZOptionalText(2000),
  /** A plain phrase unless `isRegex`. */
  pattern: z.string().min(1).max(1000),
  isRegex: z.boolean(),
  action: z.enum(['flag', 'block', 'replace']),
  replacement: z.string().max(255).nullable(),
  isActive: z.boolean(),
};
export const ZModerationRuleCreateSchema = z
  .object(moderationRuleFields)
  .partial()
  .extend({ name: ZName, pattern: moderationRuleFields.pattern })
  .strict();
export type TModerationRuleCreate = z.infer<typeof ZModerationRuleCreateSchema>;
export const ZModerationRuleUpdateSchema = z.object(moderationRuleFields).partial().strict();
export type TModerationRuleUpdate = z.infer<typeof ZModerationRuleUpdateSchema>;

export const ZModerationRuleSchema = z.object({
  ...moderationRuleFields,
  id: ZIdSchema,
  description: z.string().nullable(),
  ...ZTimestamps,
});
export type TModerationRule = z.infer<typeof ZModerationRuleSchema>;

// Bans ------------------------------------------------------------------------------------------

export const ZBanCreateSchema = z
  .object({
    visitorId: ZIdSchema.nullable().optional(),
    ipAddress: z.union([z.ipv4(), z.ipv6()]).nullable().optional(),
    reason: z.string().trim().min(1).max(1000),
    expiresAt: z.iso.datetime().nullable().optional(),
  })
  .strict()
  .refine((ban) => Boolean(ban.visitorId) || Boolean(ban.ipAddress), {
    message: 'a ban needs a visitorId or an ipAddress',
    path: ['visitorId'],
  });
export type TBanCreate = z.infer<typeof ZBanCreateSchema>;
export const ZBanUpdateSchema = z
  .object({
    reason: z.string().trim().min(1).max(1000),
    expiresAt: z.iso.datetime().nullable(),
  })
  .partial()
  .strict();
export type TBanUpdate = z.infer<typeof ZBanUpdateSchema>;

/** A ban as answered; `ipAddress` is what it covers (an IPv6 ban covers its whole /64). */
export const ZBanSchema = z.object({
  id: ZIdSchema,
  visitorId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  reason: z.string(),
  /** The admin who made it; null once that account is deleted. */
  bannedBy: z.string().nullable(),
  createdAt: ZIsoDate,
  expiresAt: ZIsoDate.nullable(),
});
export type TBan = z.infer<typeof ZBanSchema>;

// Provider keys ---------------------------------------------------------------------------------

export const ZProviderKeyCreateSchema = z
  .object({
    service: z.string().trim().min(1).max(100),
    name: z.string().max(255).nullable().optional(),
    baseUrl: z.url().max(255).nullable().optional(),
    /** The plain key: encrypted at rest, never answered (only its last 4 characters). */
    keyValue: z.string().min(8).max(4000),
    /** The models this endpoint serves, tried in order before the next profile. */
    models: z.array(z.string().trim().min(1).max(100)).min(1).max(10).nullable().optional(),
    isActive: z.boolean().optional(),
    expiresAt: z.iso.datetime().nullable().optional(),
  })
  .strict();
export type TProviderKeyCreate = z.infer<typeof ZProviderKeyCreateSchema>;
export const ZProviderKeyUpdateSchema = ZProviderKeyCreateSchema.partial().strict();
export type TProviderKeyUpdate = z.infer<typeof ZProviderKeyUpdateSchema>;

/** A provider key as answered: never the key, only its last 4 characters (`keyHint`). */
export const ZProviderKeySchema = z.object({
  id: ZIdSchema,
  service: z.string(),
  name: z.string().nullable(),
  baseUrl: z.string().nullable(),
  keyHint: z.string().nullable(),
  models: z.array(z.string()).nullable(),
  isActive: z.boolean(),
  expiresAt: ZIsoDate.nullable(),
  createdAt: ZIsoDate,
});
export type TProviderKey = z.infer<typeof ZProviderKeySchema>;

// Model prices ----------------------------------------------------------------------------------

/** A model name as providers spell it (`gpt-4o-mini`, `llama3.1:8b`, `org/model`). */
export const ZModelNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:/@-]+$/, { message: 'must be a model name like gpt-4o-mini' });

/** `PUT /api/v1/model-prices/:model`: US dollars per million tokens. */
export const ZModelPriceSetSchema = z
  .object({
    inputPerMillion: z.number().min(0).max(10_000),
    outputPerMillion: z.number().min(0).max(10_000),
  })
  .strict();
export type TModelPriceSet = z.infer<typeof ZModelPriceSetSchema>;

/**
 * One row of the price table used for `estimated_cost`: `builtin` (Parley's list), `env`
 * (`AI_MODEL_PRICES`) or `admin` (set here; `DELETE` returns the model to its default).
 */
export const ZModelPriceSchema = z.object({
  model: ZModelNameSchema,
  inputPerMillion: z.number(),
  outputPerMillion: z.number(),
  source: z.enum(['builtin', 'env', 'admin']),
});
export type TModelPrice = z.infer<typeof ZModelPriceSchema>;
export const ZModelPriceListSchema = z.object({ items: z.array(ZModelPriceSchema) });
export type TModelPriceList = z.infer<typeof ZModelPriceListSchema>;
