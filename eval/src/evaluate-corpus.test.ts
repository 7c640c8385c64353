import { describe, expect, it } from 'vitest';
import type { EvalCorpus } from './corpora/corpus-types.ts';
import { corpusIndex, evaluateCorpus } from './evaluate-corpus.ts';
import { summarise } from './summarise.ts';

const CORPUS: EvalCorpus = {
  name: 'tiny',
  format: 'markdown',
  document:
    '# Refunds\n\nRefunds are paid within 30 days.\n\n# Shipping\n\nParcels leave Lyon every weekday.',
  questions: [
    { question: 'when are refunds paid', fact: /30 days/ },
    { question: 'when do parcels leave', fact: /tuesday/i },
  ],
  offTopic: ['what is the capital of Peru'],
};

describe('evaluateCorpus', () => {
  it('counts a right fact, a wrong fact and an unanswered off-topic question', async () => {
    const index = corpusIndex(CORPUS);
    const result = await evaluateCorpus(CORPUS, {
      retrieve: (question, limit) => Promise.resolve(index.search(question, limit)),
      minScore: 0.1,
    });
    expect(result.onTopic.map((question) => question.outcome)).toEqual(['right', 'wrong']);
    expect(result.offTopic.map((question) => question.outcome)).toEqual(['unknown']);
    expect(summarise([result])).toMatchObject({
      onTopic: 2,
      right: 1,
      wrong: 1,
      offTopicAnswered: 0,
    });
  });
});
