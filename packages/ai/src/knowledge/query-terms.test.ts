import { describe, expect, it } from 'vitest';
import { selectQueryTerms } from './query-terms.ts';

const frequency = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('selectQueryTerms', () => {
  it('keeps each term once, with how often the question says it', () => {
    expect(selectQueryTerms(['refund', 'refund', '~refund'], frequency({ refund: 3 }))).toEqual([
      { term: '~refund', count: 1, isExpanded: false },
      { term: 'refund', count: 2, isExpanded: false },
    ]);
  });
  it('matches fuzzily only the first unknown words of a real length', () => {
    const made = Array.from(
      { length: 20 },
      (_, index) => `shipp${String.fromCharCode(97 + index)}`,
    );
    const selected = selectQueryTerms(['ok', 'x'.repeat(25), ...made, 'shiping'], new Map());
    expect(selected.map((entry) => entry.term)).toEqual(made.slice(0, 16));
    expect(selected.every((entry) => entry.isExpanded)).toBe(true);
  });
  it('searches the rarest known words of a long question, leaving out the commonest', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`);
    const documentFrequency = new Map(words.map((word, index) => [word, index + 1]));
    const selected = selectQueryTerms([...words].reverse(), documentFrequency);
    expect(selected.map((entry) => entry.term)).toEqual(words.slice(0, 32));
  });
});
