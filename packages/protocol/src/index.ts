// Errors
export { ZErrorCodeSchema, HTTP_STATUS_BY_CODE, type TErrorCode } from './error-codes.ts';
export {
  ZErrorSchema,
  ZErrorBodySchema,
  ZErrorDetailsSchema,
  type TError,
  type TErrorBody,
} from './error-body.ts';
export { AppError, isAppError } from './app-error.ts';
export type { Ack, AckCallback } from './ack.ts';

// Socket event maps: the helpers every namespace's map is declared and typed with
export * from './event-map.ts';

// Entities
export * from './entities.ts';
export { isOneEmailAddress, MAX_EMAIL_LENGTH } from './email-address.ts';

// Socket namespace /widget
export * from './widget-events.ts';

// REST: a session's messages, paged backwards by seq
export * from './session-messages.ts';

// Health
export * from './health.ts';

// Widget public config
export * from './widget-config.ts';

// The dashboard's sandboxed widget preview
export * from './preview-ticket.ts';

// Admin: accounts and sign-in
export * from './admin/auth.ts';
export * from './admin/resources.ts';
export * from './admin/sessions.ts';
export * from './admin/analytics-report.ts';
export * from './admin/admin-events.ts';
export * from './admin/attention.ts';
export * from './admin/workspace.ts';
export * from './admin/moderation-queue.ts';

// AI: the context-rule dry run
export * from './ai-rule-test.ts';

// Integrations: webhooks
export * from './integrations/webhooks.ts';

// Integrations: API keys
export * from './integrations/api-keys.ts';

// Integrations: email
export * from './integrations/email.ts';

// Presence and office hours
export * from './presence/availability.ts';

// REST: flagged content, the AI admin answers, and every route's answer schema
export * from './admin/flagged-content.ts';
export * from './admin/ai-admin.ts';
export * from './rest-contract.ts';

// Idempotent sends
export { createClientId } from './client-id.ts';
