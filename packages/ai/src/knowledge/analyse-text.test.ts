import { describe, expect, it } from 'vitest';
import { analyseText } from './analyse-text.ts';

describe('analyseText', () => {
  it('folds case and accents, drops stop words and stems plurals and verb forms', () => {
    expect(analyseText('Refunds REFUNDED refunding')).toEqual([
      'refund',
      'refund',
      'refund',
      '~refund',
    ]);
    expect(analyseText('Où est le Café ?')).toEqual(expect.arrayContaining(['cafe']));
    expect(analyseText('How can I do it?')).toEqual([]);
  });
  it('adds the group of a support word or phrase, so rewordings meet', () => {
    expect(analyseText('Can I get my money back?')).toContain('~refund');
    expect(analyseText('We reimburse you')).toContain('~refund');
    expect(analyseText('Talk to a real person')).toContain('~human');
    // "back" alone is not "money back".
    expect(analyseText('Come back later')).not.toContain('~refund');
  });
});
