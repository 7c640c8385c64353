import type { TMessageSource } from '@parley/protocol';
import { MIN_COVERAGE, type KnowledgeHit } from '../knowledge/knowledge-index.ts';
import { isCodeBlock } from '../knowledge/passage-sentences.ts';
import { pickSentences } from '../knowledge/pick-sentences.ts';

export interface KnowledgeAnswer {
  text: string;
  sources: TMessageSource[];
  /** False when the documents did not cover the question (the answer offers a person). */
  isKnown: boolean;
}

export const KNOWLEDGE_ANSWERER_MODEL = 'parley-knowledge';

export const UNKNOWN_ANSWER =
  "I'm sorry, I don't know the answer to that from the documents I have. Would you like to talk to a person? Just ask for a human and someone from the team will join.";

const EXCERPT_CHARS = 200;

/**
 * The embedded, zero-configuration answerer: no model, only retrieval. Quotes the sentences of
 * the best passage that answer the question (a chat bubble, code blocks and markdown links kept
 * as they are), cited as `[1]` with its source. Below `minScore`, or when the best passage
 * covers too little of the question (one shared word is not an answer), it says it does not
 * know and offers a human.
 *
 * @example
 * answerFromKnowledge({ question, hits, minScore: 1 }) // { text: 'Refunds are paid within 30 days. [1]', sources: [...], isKnown: true }
 */
export function answerFromKnowledge(input: {
  question: string;
  hits: readonly KnowledgeHit[];
  minScore: number;
  /** Overrides `MIN_COVERAGE` (the eval's sweep). */
  minCoverage?: number;
}): KnowledgeAnswer {
  const minCoverage = input.minCoverage ?? MIN_COVERAGE;
  const relevant = input.hits.filter(
    (hit) => hit.score >= input.minScore && hit.coverage >= minCoverage,
  );
  const quotes = pickSentences(input.question, relevant);
  if (quotes.length === 0) return { text: UNKNOWN_ANSWER, sources: [], isKnown: false };
  const text = quotes
    .map((quote, index) => `${joinSentences(quote.sentences)} [${index + 1}]`)
    .join('\n\n');
  const sources = quotes.map(({ hit }) => ({
    title: hit.chunk.title ?? 'Knowledge base',
    ...(hit.chunk.url ? { url: hit.chunk.url } : {}),
    excerpt: excerpt(hit.chunk.content),
  }));
  return { text, sources, isKnown: true };
}

/** Prose sentences run on; a code block stands on its own lines, as markdown needs. */
function joinSentences(sentences: readonly string[]): string {
  return sentences.reduce((text, sentence) => {
    if (text === '') return sentence;
    return isCodeBlock(sentence) || text.endsWith('```')
      ? `${text}\n\n${sentence}`
      : `${text} ${sentence}`;
  }, '');
}

function excerpt(content: string): string {
  const text = content.replace(/\s+/g, ' ').trim();
  return text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS - 1).trimEnd()}…`;
}
