import { describe, expect, it } from 'vitest';
import { KnowledgeIndex } from '../knowledge/knowledge-index.ts';
import { answerFromKnowledge, UNKNOWN_ANSWER } from './knowledge-answerer.ts';

const index = new KnowledgeIndex([
  {
    id: '1',
    knowledgeBaseId: 'kb',
    title: 'Refunds',
    url: 'https://shop.test/faq#refunds',
    content: 'Refunds are paid within 30 days.',
  },
  {
    id: '2',
    knowledgeBaseId: 'kb',
    title: 'Shipping',
    url: null,
    content: 'Parcels leave Lyon every weekday.',
  },
]);

describe('answerFromKnowledge', () => {
  it('answers from the best passage and cites it', () => {
    const answer = answerFromKnowledge({
      hits: index.search('how long do refunds take', 3),
      minScore: 0.5,
    });
    expect(answer.isKnown).toBe(true);
    expect(answer.text).toBe('Refunds are paid within 30 days. [1]');
    expect(answer.sources).toEqual([
      {
        title: 'Refunds',
        url: 'https://shop.test/faq#refunds',
        excerpt: 'Refunds are paid within 30 days.',
      },
    ]);
  });
  it('says it does not know and offers a human when nothing is relevant', () => {
    const answer = answerFromKnowledge({
      hits: index.search('Can I pay with bitcoin?', 3),
      minScore: 0.5,
    });
    expect(answer).toEqual({ text: UNKNOWN_ANSWER, sources: [], isKnown: false });
    expect(answer.text).toMatch(/don't know.*person/);
  });
});
