import { describe, expect, it } from 'vitest';
import { skeletonOf } from './skeleton.ts';

const chars = (text: string): string =>
  skeletonOf(text)
    .map((letter) => (letter.separatorBefore === '' ? '' : '_') + letter.char)
    .join('');

describe('skeletonOf', () => {
  it('folds case, accents, full-width and mathematical letters', () => {
    expect(chars('Ｋíll 𝐘𝐨𝐮')).toBe('kiii_you');
  });
  it('drops zero-width characters and reads look-alikes and leetspeak as letters', () => {
    expect(chars('k\u200Bі\u00ADl\u200Dl y0u')).toBe('kiii_you');
    expect(chars('$h!t')).toBe('shit');
  });
  it('keeps a trailing symbol as punctuation', () => {
    expect(chars('stop! now')).toBe('stop_now');
  });
  it('maps every letter back to its original range', () => {
    const text = 'a ｋé';
    const [first, second, third] = skeletonOf(text);
    expect(text.slice(first?.start, first?.end)).toBe('a');
    expect(text.slice(second?.start, second?.end)).toBe('ｋ');
    expect(text.slice(third?.start, third?.end)).toBe('é');
  });
});
