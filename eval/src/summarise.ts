import type { CorpusResult, QuestionResult } from './evaluate-corpus.ts';

export interface EvalFigures {
  onTopic: number;
  right: number;
  unknown: number;
  wrong: number;
  /** On-topic questions whose fact was in the retrieved passages. */
  retrieved: number;
  offTopic: number;
  /** Off-topic questions answered with corpus text (should be 0). */
  offTopicAnswered: number;
  medianAnswerChars: number;
}

const median = (values: number[]): number => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Adds up the results of several corpora. */
export function summarise(results: readonly CorpusResult[]): EvalFigures {
  const onTopic = results.flatMap((result) => result.onTopic);
  const offTopic = results.flatMap((result) => result.offTopic);
  const count = (list: QuestionResult[], test: (result: QuestionResult) => boolean) =>
    list.filter(test).length;
  return {
    onTopic: onTopic.length,
    right: count(onTopic, (result) => result.outcome === 'right'),
    unknown: count(onTopic, (result) => result.outcome === 'unknown'),
    wrong: count(onTopic, (result) => result.outcome === 'wrong'),
    retrieved: count(onTopic, (result) => result.isRetrieved),
    offTopic: offTopic.length,
    offTopicAnswered: count(offTopic, (result) => result.outcome !== 'unknown'),
    medianAnswerChars: median(
      onTopic
        .filter((result) => result.outcome !== 'unknown')
        .map((result) => result.answer.length),
    ),
  };
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${((100 * part) / whole).toFixed(0)} %`;
