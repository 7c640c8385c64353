import { foldText } from '../text/normalise-text.ts';
import type { KnowledgeHit } from './knowledge-index.ts';

const MAX_SUGGESTIONS = 2;

/**
 * Follow-up questions for the chips under an answer: the headings of the other retrieved
 * passages that are questions (an FAQ's entries), not the passages the answer quoted and not
 * the visitor's own question. Related passages only: nothing is invented.
 *
 * @example
 * suggestFollowUps({ question: 'refunds?', hits, quotedTitles: ['Refunds'] }) // ['Do gift cards expire?']
 */
export function suggestFollowUps(input: {
  question: string;
  hits: readonly KnowledgeHit[];
  quotedTitles: readonly string[];
}): string[] {
  const asked = foldText(input.question).trim();
  const seen = new Set([asked, ...input.quotedTitles.map((title) => foldText(title).trim())]);
  const suggestions: string[] = [];
  for (const { chunk } of input.hits) {
    const title = chunk.title?.trim();
    if (!title || !title.endsWith('?') || title.length > 200) continue;
    const key = foldText(title);
    if (seen.has(key)) continue;
    seen.add(key);
    suggestions.push(title);
    if (suggestions.length === MAX_SUGGESTIONS) break;
  }
  return suggestions;
}
