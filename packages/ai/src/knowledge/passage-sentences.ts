/**
 * Sentences of a passage, for indexing at a finer grain than the chunk and for the answerer,
 * which quotes sentences rather than whole passages. This post-processes the chunker's output
 * (`chunk-document.ts` is left as it is): a fenced code block or a list item is one unit, and
 * prose is cut with `Intl.Segmenter`, which knows the sentence rules of every shipped language.
 */

const FENCE = /^\s*(```|~~~)/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });

/**
 * @example
 * splitSentences('Refunds take 5 days. Ask us.\n\n```\nnpm i x\n```')
 * // ['Refunds take 5 days.', 'Ask us.', '```\nnpm i x\n```']
 */
export function splitSentences(content: string): string[] {
  const sentences: string[] = [];
  let prose: string[] = [];
  let code: string[] | null = null;
  const flushProse = () => {
    for (const paragraph of prose.join('\n').split(/\n\s*\n/)) {
      for (const segment of segmenter.segment(paragraph.replace(/\s*\n\s*/g, ' '))) {
        const sentence = segment.segment.trim();
        if (sentence !== '') sentences.push(sentence);
      }
    }
    prose = [];
  };
  for (const line of content.split('\n')) {
    if (code) {
      code.push(line);
      if (FENCE.test(line)) {
        sentences.push(code.join('\n'));
        code = null;
      }
    } else if (FENCE.test(line)) {
      flushProse();
      code = [line];
    } else if (LIST_ITEM.test(line)) {
      flushProse();
      sentences.push(line.trim());
    } else prose.push(line);
  }
  if (code) sentences.push(code.join('\n'));
  flushProse();
  return sentences;
}

/** Whether a sentence is a fenced code block (kept whole and verbatim by the answerer). */
export function isCodeBlock(sentence: string): boolean {
  return FENCE.test(sentence);
}

/**
 * Overlapping windows of `size` consecutive sentences (one window when there are fewer), so a
 * fact stated over two sentences is still found together.
 */
export function sentenceWindows(sentences: readonly string[], size = 2): string[] {
  if (sentences.length <= size) return [sentences.join(' ')];
  const windows: string[] = [];
  for (let start = 0; start + size <= sentences.length; start++)
    windows.push(sentences.slice(start, start + size).join(' '));
  return windows;
}
