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

describe('answerFromKnowledge writes short answers', () => {
  const docs = new KnowledgeIndex([
    {
      id: 'delivery',
      knowledgeBaseId: 'kb',
      title: 'Delivery',
      url: null,
      content:
        'Orders placed before 2 pm leave the warehouse the same day. Standard delivery takes two to four working days and is free above 60 euros. We also ship to Belgium and Spain. We do not deliver to parcel lockers. You receive a tracking link by email.',
    },
    {
      id: 'install',
      knowledgeBaseId: 'kb',
      title: 'Installation',
      url: 'https://docs.test/install',
      content:
        'Skiff needs Node.js 20. Install it with npm:\n\n```\nnpm install --global skiff-cli\n```\n\nSee the [CI guide](https://docs.test/ci) for pipelines.',
    },
    {
      id: 'embed',
      knowledgeBaseId: 'kb',
      title: 'How do I embed the widget on my site?',
      url: null,
      content:
        'Paste one script tag before the closing body tag. List your site in the allowed origins.',
    },
  ]);
  const ask = (question: string) =>
    answerFromKnowledge({ question, hits: docs.search(question, 3), minScore: 0.5 });

  it('quotes the sentence that answers, not the whole passage', () => {
    const result = ask('can my parcel go to a locker?');
    expect(result.text).toBe(
      'We do not deliver to parcel lockers. You receive a tracking link by email. [1]',
    );
  });
  it('keeps a code block whole and markdown links as they are', () => {
    expect(ask('how do I install it with npm').text).toContain(
      'Install it with npm:\n\n```\nnpm install --global skiff-cli\n```',
    );
    expect(ask('is there a guide for CI pipelines').text).toContain(
      '[CI guide](https://docs.test/ci)',
    );
  });
  it("starts at the passage's first sentence when only an FAQ heading matches", () => {
    expect(ask('can I put it on my WordPress blog').text).toMatch(/^Paste one script tag/);
  });
  it('quotes the sentence holding the kind of fact asked for, not one repeating the topic', () => {
    const plans = new KnowledgeIndex([
      {
        id: 'cancel',
        knowledgeBaseId: 'kb',
        title: 'Can I cancel my subscription?',
        url: null,
        content:
          'You can cancel at any time. Your plan stays active until the end of the period you paid for, and we do not charge a cancellation fee.',
      },
      {
        id: 'price',
        knowledgeBaseId: 'kb',
        title: 'How much does it cost?',
        url: null,
        content: 'The Solo plan is free. The Studio plan costs 12 euros per month per seat.',
      },
    ]);
    const question = 'what is the price of the paid plan?';
    const result = answerFromKnowledge({
      question,
      hits: plans.search(question, 3),
      minScore: 0.5,
    });
    expect(result.text).toContain('12 euros');
    expect(result.text).not.toContain('cancellation fee');
  });
});
