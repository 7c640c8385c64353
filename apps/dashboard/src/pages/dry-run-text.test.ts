import { describe, expect, it } from 'vitest';
import { decisionInWords, termsInWords } from './dry-run-text.ts';

describe('the dry run in words', () => {
  it('says why a question was answered or refused', () => {
    expect(decisionInWords({ decision: 'answer', reason: 'keyword_match' })).toBe(
      'Answered, because it mentions one of the rule’s keywords',
    );
    expect(decisionInWords({ decision: 'refuse', reason: 'excluded_topic' })).toBe(
      'Refused, because it mentions an excluded topic',
    );
    // A reason added later by the AI package still reads as words, not a code.
    expect(decisionInWords({ decision: 'refuse', reason: 'quota_reached' })).toBe(
      'Refused, because quota reached',
    );
  });
  it('lists matched terms, or says none', () => {
    expect(termsInWords(['shipping', 'ship'])).toBe('shipping, ship');
    expect(termsInWords([])).toBe('none');
  });
});
