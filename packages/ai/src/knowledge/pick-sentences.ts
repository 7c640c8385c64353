import { foldText } from '../text/normalise-text.ts';
import { analyseQuestion, analyseText, type Concept } from './analyse-text.ts';
import { answerKindOf, carriesAnswerKind, type AnswerKind } from './answer-kind.ts';
import type { KnowledgeHit } from './knowledge-index.ts';
import { isCodeBlock, splitSentences } from './passage-sentences.ts';

/** What the answerer quotes from one passage: its sentences, in the passage's order. */
export interface Quote {
  hit: KnowledgeHit;
  sentences: string[];
}

// A chat bubble, not a page. A code block is never cut, so an answer may exceed it to keep one.
const ANSWER_BUDGET = 320;
// Below this, a lone sentence lacks context ("Yes." / "It costs 4 euros."): add the next one.
const SHORT_ANSWER = 110;
const SYNONYM_MATCH = 0.7;

function sentenceScore(concepts: readonly Concept[], sentence: string): number {
  const terms = new Set(analyseText(sentence));
  let score = 0;
  for (const concept of concepts) {
    if (terms.has(concept.term)) score += 1;
    else if (concept.groups.some((group) => terms.has(group))) score += SYNONYM_MATCH;
  }
  return score;
}

// How much the passage's heading and its retrieval rank count beside the sentence's own words.
const TITLE_WEIGHT = 0.5;
const RANK_WEIGHT = 1;
// A second sentence of the passage is added when it matches at least this share of the first.
const RUNNER_UP_SHARE = 0.5;

interface Candidate {
  hit: KnowledgeHit;
  all: string[];
  position: number;
  /** The sentence's own match with the question. */
  own: number;
  /** It holds a fact of the kind the question asks for (`answerKindOf`). */
  isOfKind: boolean;
  title: number;
  score: number;
}

function candidates(
  concepts: readonly Concept[],
  kind: AnswerKind | null,
  hits: readonly KnowledgeHit[],
): Candidate[] {
  const topScore = hits[0]?.score || 1;
  return hits.flatMap((hit) => {
    const heading = foldText(hit.chunk.title ?? '').trim();
    // A body that repeats its heading (an FAQ's question) would answer the question with itself.
    const all = splitSentences(hit.chunk.content).filter(
      (sentence) => foldText(sentence).trim() !== heading,
    );
    const title = sentenceScore(concepts, hit.chunk.title ?? '');
    return all.map((sentence, position) => {
      const own = sentenceScore(concepts, sentence);
      const isOfKind = kind !== null && carriesAnswerKind(sentence, kind);
      const score = own + TITLE_WEIGHT * title + RANK_WEIGHT * (hit.score / topScore);
      return { hit, all, position, own, isOfKind, score, title };
    });
  });
}

/**
 * The sentences that answer the question, from the passage holding the best-matching sentence
 * (its own words, its heading, the passage's rank): that sentence, a second one that matches
 * well, the next one when a sentence is too short alone or ends with a colon, and a code block
 * that follows a chosen sentence. When the heading matches at least as well as any sentence
 * (an FAQ's question), the answer starts at the passage's first sentence.
 *
 * @example
 * pickSentences('how long do refunds take', hits) // [{ hit, sentences: ['Refunds are paid within 30 days.'] }]
 */
export function pickSentences(question: string, hits: readonly KnowledgeHit[]): Quote[] {
  const concepts = analyseQuestion(question);
  const scored = candidates(concepts, answerKindOf(question), hits);
  // A question that asks for a kind of fact ("how long", "how much") is answered by a sentence
  // holding one, when a relevant passage has such a sentence sharing the question's words: a
  // sentence that only repeats the topic ("no cancellation fee" to "what is the price") is not.
  const ofKind = scored.filter((entry) => entry.isOfKind && entry.own > 0);
  const best = (ofKind.length > 0 ? ofKind : scored).reduce<Candidate | null>(
    (top, current) => (top === null || current.score > top.score ? current : top),
    null,
  );
  if (!best) return [];
  const { hit, all } = best;
  const chosen = new Set<number>([best.own > best.title ? best.position : 0]);
  const length = () => [...chosen].reduce((sum, position) => sum + all[position]!.length, 0);
  const fits = (position: number) => length() + all[position]!.length <= ANSWER_BUDGET;
  const first = all[[...chosen][0]!]!;
  const runnerUp = scored
    .filter((entry) => entry.hit === hit && !chosen.has(entry.position) && entry.own > 0)
    .sort((a, b) => b.own - a.own)[0];
  if (
    runnerUp &&
    runnerUp.own >= best.own * RUNNER_UP_SHARE &&
    !isCodeBlock(all[runnerUp.position]!) &&
    fits(runnerUp.position)
  )
    chosen.add(runnerUp.position);
  else if (first.length < SHORT_ANSWER && [...chosen][0]! + 1 < all.length) {
    const next = [...chosen][0]! + 1;
    if (fits(next) || isCodeBlock(all[next]!)) chosen.add(next);
  }
  for (const position of [...chosen]) {
    const next = position + 1;
    if (next < all.length && all[position]!.endsWith(':') && !chosen.has(next)) chosen.add(next);
  }
  return [{ hit, sentences: [...chosen].sort((a, b) => a - b).map((position) => all[position]!) }];
}
