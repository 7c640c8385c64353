import { createHash } from 'node:crypto';
import { tokeniseWords } from '../text/normalise-text.ts';

/** A question reduced to its words, so `What's your REFUND policy?` ≡ `what is your refund policies`. */
export function normaliseQuestion(question: string): string {
  return tokeniseWords(question.replace(/['’]s\b/g, ' is')).join(' ');
}

// Words that point back at earlier turns: a question using them depends on the history.
const ANAPHORA = new Set([
  'it',
  'that',
  'this',
  'these',
  'those',
  'they',
  'them',
  'their',
  'he',
  'she',
  'him',
  'her',
  'above',
  'previous',
  'earlier',
  'again',
  'else',
  'more',
  'same',
  'also',
  'one',
]);
const FOLLOW_UP_OPENERS = ['and', 'but', 'so', 'then', 'what about', 'how about', 'why not'];

/**
 * Whether a question can be answered without the conversation before it, and so cached.
 * Conservative: any word that refers back (`it`, `that`, `more`…) or a follow-up opener makes
 * the question history-dependent.
 */
export function isHistoryIndependent(question: string): boolean {
  const normalised = normaliseQuestion(question);
  if (normalised === '') return false;
  if (
    FOLLOW_UP_OPENERS.some((opener) => normalised === opener || normalised.startsWith(`${opener} `))
  )
    return false;
  return !normalised.split(' ').some((word) => ANAPHORA.has(word));
}

export interface CacheKeyParts {
  question: string;
  contextRuleId: string | null;
  ruleVersion: number;
  model: string;
  /** e.g. `kb1:3,kb2:1`, from `knowledgeVersionOf`. */
  knowledgeVersion: string;
  /** The template text itself, so editing a named template (no rule version bump) is a miss. */
  template: string;
  /**
   * Every other value the template puts into the prompt (page title and URL, history, date…),
   * so an answer is only served to a prompt that carried exactly the same context (issue #16).
   */
  promptValues: Readonly<Record<string, string>>;
}

/**
 * The `ai_response_cache.cache_key`: a SHA-256 over every part that changes the answer (the
 * question, rule, model, knowledge, template and what it was filled with), so editing the rule
 * or its template, switching model, re-indexing knowledge or asking from another page makes the
 * next lookup a miss.
 */
export function buildCacheKey(parts: CacheKeyParts): string {
  const material = JSON.stringify([
    normaliseQuestion(parts.question),
    parts.contextRuleId ?? '',
    parts.ruleVersion,
    parts.model,
    parts.knowledgeVersion,
    parts.template,
    Object.entries(parts.promptValues).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ]);
  return createHash('sha256').update(material).digest('hex');
}

/** A stable text for the versions of the knowledge bases a rule uses. */
export function knowledgeVersionOf(bases: readonly { id: string; version: number }[]): string {
  return [...bases]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((base) => `${base.id}:${base.version}`)
    .join(',');
}
