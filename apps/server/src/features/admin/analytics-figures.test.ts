import { describe, expect, it } from 'vitest';
import { normaliseQuestion } from '@parley/ai';
import { agentRows, groupQuestions, median, share } from './analytics-figures.ts';

describe('analytics figures', () => {
  it('takes the lower middle as the median, and none of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNull();
    expect(share(1, 0)).toBeNull();
  });

  it('groups questions over accents, case, punctuation and plurals', () => {
    expect(
      groupQuestions(
        ['Refunds?', 'Café opening hours', 'cafe opening hour', 'refund', 'Refunds?', '  '],
        normaliseQuestion,
      ),
    ).toEqual([
      { question: 'Refunds?', count: 3 },
      { question: 'Café opening hours', count: 2 },
    ]);
  });

  it('counts an agent’s first answer from the visitor’s first message', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const rows = agentRows(
      [
        { sessionId: 's1', senderType: 'visitor', senderId: null, firstAt: at(0), count: 2 },
        { sessionId: 's1', senderType: 'agent', senderId: 'u1', firstAt: at(20), count: 3 },
        { sessionId: 's2', senderType: 'agent', senderId: 'u1', firstAt: at(5), count: 1 },
      ],
      new Map([['u1', 'Ann']]),
    );
    expect(rows).toEqual([
      { userId: 'u1', fullName: 'Ann', sessions: 2, messages: 4, firstResponseMsMedian: 20_000 },
    ]);
  });
});
