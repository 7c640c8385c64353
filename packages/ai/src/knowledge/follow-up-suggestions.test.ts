import { describe, expect, it } from 'vitest';
import { suggestFollowUps } from './follow-up-suggestions.ts';

const hit = (title: string | null) => ({
  chunk: { id: title ?? 'x', knowledgeBaseId: 'kb', title, url: null, content: 'text' },
  score: 1,
  terms: [],
  coverage: 1,
});

describe('suggestFollowUps', () => {
  it('offers the question headings of related passages, not the quoted one or the question asked', () => {
    const hits = [
      hit('How do refunds work?'),
      hit('Shipping'),
      hit('Do gift cards expire?'),
      hit('Can I pay by card?'),
      hit('Where do you ship?'),
    ];
    expect(
      suggestFollowUps({
        question: 'can I pay by CARD?',
        hits,
        quotedTitles: ['How do refunds work?'],
      }),
    ).toEqual(['Do gift cards expire?', 'Where do you ship?']);
    expect(
      suggestFollowUps({ question: 'x', hits: [hit(null), hit('Refunds')], quotedTitles: [] }),
    ).toEqual([]);
  });
});
