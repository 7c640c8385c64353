import type { TMessageSource } from '@parley/protocol';
import { analyseText } from '../knowledge/analyse-text.ts';
import type { KnowledgeHit } from '../knowledge/knowledge-index.ts';

export interface KnowledgeAnswer {
  text: string;
  sources: TMessageSource[];
  /** False when the documents did not cover the question (the answer offers a person). */
  isKnown: boolean;
}

export const KNOWLEDGE_ANSWERER_MODEL = 'parley-knowledge';

export const UNKNOWN_ANSWER =
  "I'm sorry, I don't know the answer to that from the documents I have. Would you like to talk to a person? Just ask for a human and someone from the team will join.";

const MAX_PASSAGES = 2;
/** Share of the question's words the best passage must contain to count as an answer. */
const MIN_COVERAGE = 0.5;
const MAX_EXCERPT = 600;

/**
 * The embedded, zero-configuration answerer: no model, only retrieval. Answers with the best
 * passages (the second only if it scores close to the first), each cited as `[n]` with its
 * source. Below `minScore`, or when the best passage holds less than half of the question's
 * words (one shared word is not an answer), it says it does not know and offers a human.
 *
 * @example
 * answerFromKnowledge({ question, hits, minScore: 1 }) // { text: 'Refunds are paid within 30 days. [1]', sources: [...], isKnown: true }
 */
export function answerFromKnowledge(input: {
  question: string;
  hits: readonly KnowledgeHit[];
  minScore: number;
}): KnowledgeAnswer {
  const best = input.hits[0];
  if (!best || best.score < input.minScore || coverage(input.question, best) < MIN_COVERAGE)
    return { text: UNKNOWN_ANSWER, sources: [], isKnown: false };
  const chosen = input.hits
    .slice(0, MAX_PASSAGES)
    .filter((hit) => hit.score >= Math.max(input.minScore, best.score * 0.6));
  const paragraphs = chosen.map((hit, index) => `${excerpt(hit.chunk.content)} [${index + 1}]`);
  const sources = chosen.map((hit) => ({
    title: hit.chunk.title ?? 'Knowledge base',
    ...(hit.chunk.url ? { url: hit.chunk.url } : {}),
    excerpt: excerpt(hit.chunk.content, 200),
  }));
  return { text: paragraphs.join('\n\n'), sources, isKnown: true };
}

function excerpt(content: string, max = MAX_EXCERPT): string {
  const text = content.replace(/\s+/g, ' ').trim();
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function coverage(question: string, hit: KnowledgeHit): number {
  const words = new Set(analyseText(question));
  return words.size === 0 ? 0 : hit.terms.filter((term) => words.has(term)).length / words.size;
}
