import { z } from 'zod';
import { ZMessageSourceSchema } from './entities.ts';

/** `POST /api/v1/context-rules/:id/test` — a dry run of one question through a rule. */
export const ZContextRuleTestRequestSchema = z.object({
  question: z.string().trim().min(1).max(4000),
  /** The page to pretend the visitor is on (`{{page_url}}`). */
  pageUrl: z.string().max(2048).optional(),
  /** Use this widget's mode and name; else a widget using the rule; else `restricted`. */
  widgetId: z.string().max(64).optional(),
});
export type TContextRuleTestRequest = z.infer<typeof ZContextRuleTestRequestSchema>;

export const ZContextRuleTestResultSchema = z.object({
  decision: z.enum(['answer', 'refuse']),
  reason: z.string(),
  explanation: z.string(),
  matchedKeywords: z.array(z.string()),
  matchedExcludedTopics: z.array(z.string()),
  knowledgeHits: z.array(
    z.object({
      title: z.string().nullable(),
      url: z.string().nullable(),
      score: z.number(),
      knowledgeBaseId: z.string(),
    }),
  ),
  renderedPrompt: z.string(),
  /**
   * `not_cacheable`: the question depends on the conversation, the prompt holds the visitor's
   * earlier turns or name, or the rule refuses it.
   */
  cache: z.enum(['hit', 'miss', 'not_cacheable']),
  answer: z.string().nullable(),
  sources: z.array(ZMessageSourceSchema),
  model: z.string(),
  /** Why no answer could be produced (the provider failed). */
  error: z.string().optional(),
});
export type TContextRuleTestResult = z.infer<typeof ZContextRuleTestResultSchema>;
