import { describe, expect, it } from 'vitest';
import { KnowledgeIndex, type IndexedChunk } from './knowledge-index.ts';

const chunk = (id: string, title: string | null, content: string): IndexedChunk => ({
  id,
  knowledgeBaseId: 'kb',
  title,
  url: null,
  content,
});

const FAQ = [
  chunk('refunds', 'Refunds', 'Refunds are paid to the original card within 5 working days.'),
  chunk('delivery', 'Delivery', 'Parcels are dispatched from Lyon every weekday.'),
  chunk(
    'policies',
    'Our policies',
    'We are a family business founded in 1982. Our shop sells tents and stoves. Gift cards are valid for 18 months. We love the mountains.',
  ),
];

const SUPPORT_WORDS = (
  'account order refund parcel delivery invoice password login card payment tent stove ' +
  'warranty repair return exchange voucher shipping customer support store opening hours ' +
  'price discount subscription plan upgrade cancel email phone address battery charger'
).split(' ');
const SYLLABLES = ['ka', 'to', 'ri', 'men', 'sol', 'ver', 'an', 'ix', 'pol', 'der', 'ing', 'tra'];

/** A seeded generator of numbers in [0, 1): the same prose on every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * About `totalChars` of varied prose in passages of about 800 characters (the chunker's size):
 * sentences of support words and made-up words of 2 or 3 syllables (about 1,900 of them), so
 * the index holds many distinct terms, as real documents do.
 */
function generatedPassages(totalChars: number, seed = 1): IndexedChunk[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const word = () =>
    next() < 0.4
      ? pick(SUPPORT_WORDS)
      : Array.from({ length: 2 + Math.floor(next() * 2) }, () => pick(SYLLABLES)).join('');
  const sentence = () => {
    const text = Array.from({ length: 6 + Math.floor(next() * 10) }, word).join(' ');
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const passages: IndexedChunk[] = [];
  for (let written = 0; written < totalChars;) {
    let content = '';
    while (content.length < 700) content += `${sentence()} `;
    passages.push(chunk(`generated-${passages.length}`, `Topic ${word()}`, content.trim()));
    written += content.length;
  }
  return passages;
}

describe('KnowledgeIndex.build', () => {
  it('finds the same hits as the constructor, over a corpus built in several slices', async () => {
    // About 300 KB: a few hundred milliseconds of work, so many slices.
    const chunks = [...FAQ, ...generatedPassages(300_000)];
    const atOnce = new KnowledgeIndex(chunks);
    const sliced = await KnowledgeIndex.build(chunks);
    expect(sliced.size).toBe(atOnce.size);
    const questions = [
      'how do I get my money back',
      'when do you ship orders',
      'do vouchers expire?',
      'refnds',
      'kato solmen refund parcel',
      'tramen battery charger upgrade',
      'what is the capital of Peru',
    ];
    for (const question of questions)
      expect(sliced.search(question, 5)).toEqual(atOnce.search(question, 5));
  });

  // Built at once, 2 MB of passages held the event loop 1.2 to 1.6 s: every chat on the server
  // froze while the first question after a re-index waited for it.
  it('builds 2 MB of passages without holding the event loop for more than a few slices', async () => {
    const chunks = generatedPassages(2_000_000);
    let last = performance.now();
    let longestGap = 0;
    const notePing = () => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    };
    const ping = setInterval(notePing, 5);
    try {
      const index = await KnowledgeIndex.build(chunks);
      notePing();
      expect(index.size).toBe(chunks.length);
    } finally {
      clearInterval(ping);
    }
    // Wall time, so a busy machine or a garbage collection stretches it; still far under a second.
    expect(longestGap).toBeLessThan(100);
  });
});
