import { describe, expect, it } from 'vitest';
import { luminance, safeColor, textColorFor, themeCss } from './theme.ts';

/** The exact WCAG contrast ratio, computed with the sRGB curve, to check the shortcut. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const full = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, '$&$&') : hex;
    const n = parseInt(full.slice(1), 16);
    const c = (v: number) =>
      v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4;
    return 0.2126 * c(n >> 16) + 0.7152 * c((n >> 8) & 255) + 0.0722 * c(n & 255);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('theme', () => {
  it('picks the text colour with the better contrast on every brand colour', () => {
    for (const color of [
      '#4f46e5',
      '#ffeb3b',
      '#000000',
      '#ffffff',
      '#00a86b',
      '#777777',
      '#e91e63',
    ]) {
      const chosen = textColorFor(color);
      const other = chosen === '#fff' ? '#111' : '#fff';
      expect(contrast(color, chosen)).toBeGreaterThanOrEqual(contrast(color, other) - 0.05);
    }
    expect(textColorFor('#ffeb3b')).toBe('#111');
    expect(textColorFor('#4f46e5')).toBe('#fff');
  });

  it('lets only plain hex colours and integer z-indexes into the stylesheet', () => {
    expect(safeColor('red;}body{display:none')).toBe('#4f46e5');
    expect(themeCss({ primaryColor: '#123456', zIndex: 99 })).toBe(
      ':host{--p:#123456;--pt:#fff;--z:99}',
    );
    expect(luminance('#ffffff')).toBeCloseTo(1, 5);
  });
});
