import { describe, expect, it } from 'vitest';
import {
  analyseConcepts,
  analyseQuestion,
  analyseText,
  MAX_WORD_LENGTH,
  termsOf,
} from './analyse-text.ts';

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
  it('drops the framing of a numbered question but keeps its number and real numbers', () => {
    expect(analyseText('Question number 3: refunds?')).toEqual(['3', 'refund', '~refund']);
    expect(analyseText('your VAT number')).toEqual(['vat', 'number', '~tax']);
  });
  it('knows a chat button or bubble is the widget, but not "chat" alone', () => {
    expect(analyseText('the chat button')).toContain('~widget');
    expect(analyseText('chat bubble colour')).toEqual(expect.arrayContaining(['~widget', '~logo']));
    expect(analyseText('use the chat in the app')).not.toContain('~widget');
  });
  it('adds the group of a support word or phrase, so rewordings meet', () => {
    expect(analyseText('Can I get my money back?')).toContain('~refund');
    expect(analyseText('We reimburse you')).toContain('~refund');
    expect(analyseText('Talk to a real person')).toContain('~human');
    // "back" alone is not "money back".
    expect(analyseText('Come back later')).not.toContain('~refund');
  });
});

describe('analyseQuestion', () => {
  it('cuts a word longer than any real one, alike in passages and questions, so they meet', () => {
    const blob = 'x'.repeat(5000);
    expect(analyseText(blob)).toEqual(['x'.repeat(MAX_WORD_LENGTH)]);
    expect(termsOf(analyseQuestion(blob))).toEqual(analyseText(blob));
  });
  it('reads only the start of a question that folding expands', () => {
    // U+FDFA folds to four words: 4,000 of them would be 16,000 concepts.
    const question = `Refunds? ${'\uFDFA'.repeat(4000)}`;
    const concepts = analyseQuestion(question);
    expect(concepts[0]?.term).toBe('refund');
    expect(concepts.length).toBeLessThan(analyseConcepts(question).length / 3);
  });
});
