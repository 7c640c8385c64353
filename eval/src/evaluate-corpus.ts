import { answerFromKnowledge, chunkDocument, KnowledgeIndex, type KnowledgeHit } from '@parley/ai';
import type { EvalCorpus } from './corpora/corpus-types.ts';

/** How one question went. */
export type Outcome = 'right' | 'unknown' | 'wrong';

export interface QuestionResult {
  corpus: string;
  question: string;
  outcome: Outcome;
  /** The fact was in one of the retrieved passages (retrieval recall, whatever the answerer did). */
  isRetrieved: boolean;
  answer: string;
  /** Best retrieval score, compared with the gate threshold. */
  topScore: number;
  /** Share of the question the best passage covers (the answerer's confidence). */
  topCoverage: number;
}

export interface CorpusResult {
  onTopic: QuestionResult[];
  offTopic: QuestionResult[];
}

/** Retrieval under test: the passages of one corpus and a way to search them. */
export type Retriever = (question: string, limit: number) => Promise<KnowledgeHit[]>;

export const TOP_K = 3;

/** The corpus document as the knowledge service would index it. */
export function corpusIndex(corpus: EvalCorpus): KnowledgeIndex {
  const chunks = chunkDocument({
    content: corpus.document,
    format: corpus.format,
    title: corpus.name,
  });
  return new KnowledgeIndex(
    chunks.map((chunk, position) => ({
      id: `${corpus.name}-${position}`,
      knowledgeBaseId: corpus.name,
      title: chunk.title,
      url: null,
      content: chunk.content,
    })),
  );
}

/**
 * Asks every question of a corpus to the built-in answerer over `retrieve`. An answer is
 * `right` when it carries the expected fact, `unknown` when it says it does not know, `wrong`
 * otherwise; an off-topic question is `wrong` whenever it is answered with corpus text.
 */
export async function evaluateCorpus(
  corpus: EvalCorpus,
  options: { retrieve: Retriever; minScore: number; minCoverage?: number },
): Promise<CorpusResult> {
  const ask = async (question: string, fact: RegExp | null): Promise<QuestionResult> => {
    const hits = await options.retrieve(question, TOP_K);
    const answer = answerFromKnowledge({
      question,
      hits,
      minScore: options.minScore,
      ...(options.minCoverage === undefined ? {} : { minCoverage: options.minCoverage }),
    });
    const outcome: Outcome = !answer.isKnown
      ? 'unknown'
      : fact && fact.test(answer.text)
        ? 'right'
        : 'wrong';
    const isRetrieved =
      fact !== null &&
      hits.some((hit) => fact.test(`${hit.chunk.title ?? ''}\n${hit.chunk.content}`));
    return {
      corpus: corpus.name,
      question,
      outcome,
      isRetrieved,
      answer: answer.text,
      topScore: hits[0]?.score ?? 0,
      topCoverage: hits[0]?.coverage ?? 0,
    };
  };
  const onTopic: QuestionResult[] = [];
  for (const { question, fact } of corpus.questions) onTopic.push(await ask(question, fact));
  const offTopic: QuestionResult[] = [];
  for (const question of corpus.offTopic) offTopic.push(await ask(question, null));
  return { onTopic, offTopic };
}
