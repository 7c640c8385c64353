import type { DocumentFormat } from '@parley/ai';

/** A question asked in the visitor's own words, and the fact a right answer must carry. */
export interface EvalQuestion {
  question: string;
  fact: RegExp;
}

/**
 * One knowledge base of the evaluation: a document of a given shape, on-topic questions worded
 * differently from it, and off-topic questions no passage answers.
 */
export interface EvalCorpus {
  name: string;
  format: DocumentFormat;
  document: string;
  questions: EvalQuestion[];
  offTopic: string[];
}
