import { describe, expect, it } from 'vitest';
import { sentenceWindows, splitSentences } from './passage-sentences.ts';

describe('splitSentences', () => {
  it('cuts prose at sentence ends and keeps code blocks and list items whole', () => {
    expect(
      splitSentences(
        'Install it with npm. It needs Node 20.\n\n```\nnpm install --global skiff-cli\nskiff --version\n```\n\n- one item\n- two items',
      ),
    ).toEqual([
      'Install it with npm.',
      'It needs Node 20.',
      '```\nnpm install --global skiff-cli\nskiff --version\n```',
      '- one item',
      '- two items',
    ]);
  });
  it('joins lines of one paragraph and does not cut inside a URL or a number', () => {
    expect(splitSentences('See https://shop.example/faq for\nmore. It costs 4.90 euros.')).toEqual([
      'See https://shop.example/faq for more.',
      'It costs 4.90 euros.',
    ]);
  });
});

describe('sentenceWindows', () => {
  it('gives overlapping windows of two sentences', () => {
    expect(sentenceWindows(['A.', 'B.', 'C.'])).toEqual(['A. B.', 'B. C.']);
    expect(sentenceWindows(['A.'])).toEqual(['A.']);
  });
});
