import { describe, expect, it } from 'vitest';
import { bestCpuTimeMs } from '../test-support/best-time.ts';
import { KnowledgeIndex, type IndexedChunk } from './knowledge-index.ts';

const chunk = (id: string, title: string | null, content: string): IndexedChunk => ({
  id,
  knowledgeBaseId: 'kb',
  title,
  url: null,
  content,
});

const LONG_CODE = 'f3a9'.repeat(20); // 80 characters: a pasted hash, not a word

const FAQ = [
  chunk(
    'shipping',
    'Shipping',
    'Shipping within France takes two to four working days. Express shipping arrives the next day.',
  ),
  chunk('refunds', 'Refunds', 'Refunds are paid to the original card within 5 working days.'),
  chunk('warranty', 'Warranty', 'Tents are guaranteed for life against manufacturing defects.'),
  chunk(
    'firmware',
    'Firmware',
    `Build Pneumonoultramicroscopicsilicovolcanoconiosis fixes pairing. Checksum ${LONG_CODE}.`,
  ),
];

const SYLLABLES = ['ka', 'to', 'ri', 'men', 'sol', 'ver', 'an', 'ix', 'pol', 'der', 'ing', 'tra'];

/** Words of `syllables` made-up syllables from a seeded generator: the same on every run. */
function madeUpWords(count: number, syllables: number, seed: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const word = () =>
    Array.from({ length: syllables }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]);
  return Array.from({ length: count }, () => word().join(''));
}

/** A large knowledge base (about 800 KB): 1,500 passages of made-up words of 1 to 4 syllables. */
const LARGE = [
  ...FAQ,
  ...Array.from({ length: 1500 }, (_, position) =>
    chunk(
      `generated-${position}`,
      null,
      `${madeUpWords(80, 1 + (position % 4), position).join(' ')}.`,
    ),
  ),
];

/** What a visitor can send within the default 4,000-character message limit. */
const HOSTILE_QUESTIONS: Record<string, string> = {
  '3,990 × ㎒ (one 11,970-letter word once folded)': '\u3392'.repeat(3990),
  '4,000 × a': 'a'.repeat(4000),
  '4,000 × U+FDFA (16,000 words once folded)': '\uFDFA'.repeat(4000),
  'distinct made-up words of about 30 letters': madeUpWords(250, 14, 7).join(' ').slice(0, 4000),
  'distinct made-up words of 24 letters': madeUpWords(200, 11, 7)
    .map((word) => word.slice(0, 24))
    .join(' ')
    .slice(0, 4000),
  'distinct short made-up words': madeUpWords(800, 2, 11).join(' ').slice(0, 4000),
};

describe('KnowledgeIndex with hostile questions', () => {
  const small = new KnowledgeIndex(FAQ);
  const large = new KnowledgeIndex(LARGE);

  // Measured before the limits (CPU time, over the large base): 0.63 s for the ㎒ question,
  // 67 ms for the a's, 0.2 s for U+FDFA, 0.33 to 0.42 s for each set of made-up words. Each was
  // that long a stall of the server's event loop, per message.
  it.each(Object.entries(HOSTILE_QUESTIONS))('searches %s in under 50 ms', (_name, question) => {
    for (const index of [small, large])
      expect(bestCpuTimeMs(() => index.search(question, 3))).toBeLessThan(50);
  });

  it('still finds the passage a real question padded with junk asks about', () => {
    const question = `How long does shipping take? ${'\uFDFA'.repeat(3900)}`;
    expect(large.search(question, 3)[0]?.chunk.id).toBe('shipping');
  });
});

describe('KnowledgeIndex retrieval, with the limits in place', () => {
  const index = new KnowledgeIndex(FAQ);
  const top = (question: string) => index.search(question, 3)[0]?.chunk.id;

  it('finds the right passage for ordinary questions', () => {
    expect(top('how long does shipping take?')).toBe('shipping');
    expect(top('can I get my money back')).toBe('refunds');
    expect(top('are tents guaranteed?')).toBe('warranty');
  });
  it('still catches a typo, fuzzily', () => {
    expect(top('shiping to France?')).toBe('shipping');
    expect(top('refnds')).toBe('refunds');
  });
  it('matches a long word the documents contain, exactly, and a pasted code longer than a word', () => {
    expect(top('pneumonoultramicroscopicsilicovolcanoconiosis')).toBe('firmware');
    expect(top(`what is ${LONG_CODE}?`)).toBe('firmware');
  });
  it('weighs a word the question repeats more, as before', () => {
    expect(top('shipping refund refund')).toBe('refunds');
    expect(top('shipping shipping refund')).toBe('shipping');
  });
});
