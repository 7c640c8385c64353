import { describe, expect, it } from 'vitest';
import { isAppError } from '@parley/protocol';
import {
  chunkDocument,
  MAX_DOCUMENT_CHARS,
  MAX_LINE_CHARS,
  parseHeading,
} from './chunk-document.ts';

/** Runs `work` and returns how long it took, in milliseconds. */
function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function refusalOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(isAppError(error) && error.code).toBe('INVALID_PAYLOAD');
    return (error as Error).message;
  }
  throw new Error('the document was accepted');
}

describe('chunkDocument on hostile text (issue #16)', () => {
  it('parses ATX headings by hand, closing #s and all', () => {
    expect(parseHeading('## Refunds ##')).toBe('Refunds');
    expect(parseHeading('#   Shipping   ')).toBe('Shipping');
    expect(parseHeading('# Learn C#')).toBe('Learn C#');
    expect(parseHeading('###### Six')).toBe('Six');
    expect(parseHeading('####### Seven')).toBeNull();
    expect(parseHeading('#hashtag')).toBeNull();
    expect(parseHeading('#    ')).toBeNull();
    expect(parseHeading('Plain # line')).toBeNull();
  });

  it('chunks lines of 30,000+ spaces in linear time', () => {
    const spaces = ' '.repeat(30_000);
    for (const line of [
      `#${spaces}x`,
      `# a${spaces}#x`,
      `#${spaces}#${spaces}`,
      `${spaces}\n${spaces}\n\n${spaces}x`,
      `# ${'#'.repeat(30_000)} `,
    ]) {
      const elapsed = timed(() => chunkDocument({ content: line, format: 'markdown' }));
      expect(elapsed, JSON.stringify(line.slice(0, 8))).toBeLessThan(200);
    }
  });

  it('takes twice as long for twice the text, not four or eight times', () => {
    const doc = (n: number) => `# T\n${`word  \t ${' '.repeat(50)}x. `.repeat(n)}\n\n`.repeat(20);
    chunkDocument({ content: doc(200), format: 'markdown' });
    const small = timed(() => chunkDocument({ content: doc(400), format: 'markdown' }));
    const large = timed(() => chunkDocument({ content: doc(1600), format: 'markdown' }));
    // 4× the text; a quadratic parse would take ~16×.
    expect(large).toBeLessThan(small * 10 + 50);
  });

  it('keeps a heading full of spaces to one short line', () => {
    const [chunk] = chunkDocument({
      content: `# a${' '.repeat(30_000)}#x ${'y'.repeat(1000)}\ntext`,
      format: 'markdown',
    });
    expect(chunk?.title).toBe(`a #x ${'y'.repeat(195)}`);
  });

  it('refuses a line or a document over the limits, with the reason', () => {
    expect(
      refusalOf(() => chunkDocument({ content: 'a'.repeat(MAX_LINE_CHARS + 1), format: 'text' })),
    ).toMatch(/line 1 has 100,001 characters; at most 100,000/);
    expect(
      refusalOf(() =>
        chunkDocument({ content: 'ok\n'.repeat(MAX_DOCUMENT_CHARS / 3 + 1), format: 'markdown' }),
      ),
    ).toMatch(/the document has .* characters; at most 2,000,000/);
  });

  it('refuses a document that Unicode normalisation expands beyond the limit', () => {
    // U+FDFA folds to 18 characters: 120,000 of them are 2,160,000 once folded for the index.
    const line = '\uFDFA'.repeat(1000);
    const content = Array.from({ length: 120 }, () => line).join('\n');
    expect(content.length).toBeLessThan(MAX_DOCUMENT_CHARS);
    expect(refusalOf(() => chunkDocument({ content, format: 'text' }))).toMatch(
      /the document after Unicode normalisation has 2,160,119 characters; at most 2,000,000/,
    );
    const fine = Array.from({ length: 100 }, () => line).join('\n');
    expect(chunkDocument({ content: fine, format: 'text' }).length).toBeGreaterThan(0);
  });
});
