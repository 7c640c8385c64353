import { z } from 'zod';

export const ZWidgetPositionSchema = z.enum([
  'bottom-right',
  'bottom-left',
  'top-right',
  'top-left',
]);
export const ZContextModeSchema = z.enum(['restricted', 'open', 'custom']);
export const ZWidgetThemeSchema = z.enum(['auto', 'light', 'dark']);

/** A URL pattern routing pages to a context rule, e.g. `/docs/*` → the docs rule. */
export const ZContextRouteSchema = z.object({
  pattern: z.string().min(1).max(512),
  contextRuleId: z.string(),
});
export type TContextRoute = z.infer<typeof ZContextRouteSchema>;

/**
 * The widget's public face (`GET /api/v1/widgets/:key/config`): appearance, behaviour and the
 * public side of its context rules. Never secrets, excluded topics, prompt templates or filters.
 */
export const ZWidgetPublicConfigSchema = z.object({
  widgetKey: z.string(),
  title: z.string(),
  primaryColor: z.string(),
  position: ZWidgetPositionSchema,
  greeting: z.string().nullable(),
  placeholder: z.string().nullable(),
  locale: z.string(),
  theme: ZWidgetThemeSchema,
  zIndex: z.number().int(),
  initiallyOpen: z.boolean(),
  showOnMobile: z.boolean(),
  handoffEnabled: z.boolean(),
  /** Whether `identify` must carry an HMAC (the secret itself is never sent). */
  requiresIdentityHash: z.boolean(),
  context: z.object({
    contextName: z.string(),
    mode: ZContextModeSchema,
    /** Topics the assistant helps with, shown as suggestion chips. */
    topics: z.array(z.string()),
    routes: z.array(z.object({ pattern: z.string(), contextName: z.string() })),
  }),
});
export type TWidgetPublicConfig = z.infer<typeof ZWidgetPublicConfigSchema>;
