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
const answer = (question: string, minScore = 0.5) =>
  answerFromKnowledge({ question, hits: index.search(question, 3), minScore });

describe('answerFromKnowledge', () => {
  it('answers from the best passage and cites it', () => {
    const result = answer('how long do refunds take');
    expect(result.isKnown).toBe(true);
    expect(result.text).toBe('Refunds are paid within 30 days. [1]');
    expect(result.sources).toEqual([
      {
        title: 'Refunds',
        url: 'https://shop.test/faq#refunds',
        excerpt: 'Refunds are paid within 30 days.',
      },
    ]);
  });
  it('says it does not know and offers a human when nothing is relevant', () => {
    expect(answer('Can I pay with bitcoin?')).toEqual({
      text: UNKNOWN_ANSWER,
      sources: [],
      isKnown: false,
    });
    expect(UNKNOWN_ANSWER).toMatch(/don't know.*person/);
    // One shared word ("refunds") is not an answer to a question about something else.
    expect(answer('Do you sell refunds insurance for gadgets?', 0.1).isKnown).toBe(false);
  });
});
