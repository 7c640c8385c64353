import { AppError } from '@parley/protocol';
import { foldText } from '../text/normalise-text.ts';
import { htmlToPlainText } from './html-text.ts';

export type DocumentFormat = 'text' | 'markdown' | 'html';

export interface DocumentChunk {
  /** The nearest heading above the passage, else the document title. */
  title: string | null;
  content: string;
}

export interface ChunkOptions {
  content: string;
  format: DocumentFormat;
  title?: string | null;
  /** Largest passage, in characters (default 800). */
  maxChars?: number;
}

/** Largest document chunked, in characters (after HTML is turned into text). */
export const MAX_DOCUMENT_CHARS = 2_000_000;
/**
 * Longest line, in characters: no real paragraph is this long, and a longer one is a generated
 * or hostile file, refused with a reason rather than indexed as one giant passage.
 */
export const MAX_LINE_CHARS = 100_000;

/**
 * Splits a document into passages: at headings, then at blank lines, packing paragraphs up to
 * `maxChars` and cutting longer ones at sentence ends. HTML is turned into text first.
 *
 * Linear in the document's length: lines are scanned by hand, never matched with a pattern
 * that can backtrack (issue #16: a heading pattern once took minutes on a line of spaces).
 * Throws `INVALID_PAYLOAD` for a document or line over the limits above.
 *
 * @example
 * chunkDocument({ content: '# Refunds\nWithin 30 days.', format: 'markdown' })
 * // [{ title: 'Refunds', content: 'Within 30 days.' }]
 */
export function chunkDocument(options: ChunkOptions): DocumentChunk[] {
  const maxChars = options.maxChars ?? 800;
  let text = options.content;
  let title = options.title ?? null;
  assertWithin(text.length, MAX_DOCUMENT_CHARS, 'the document');
  if (options.format === 'html') {
    const converted = htmlToPlainText(text);
    text = converted.text;
    title = title ?? converted.title;
    assertWithin(text.length, MAX_DOCUMENT_CHARS, 'the text of the document');
  }
  // `\r\n?` has one way to match at each place: linear.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, index) => assertWithin(line.length, MAX_LINE_CHARS, `line ${index + 1}`));
  assertFoldedWithin(lines);
  const chunks: DocumentChunk[] = [];
  for (const section of splitSections(lines, options.format !== 'text')) {
    const sectionTitle = section.heading ?? title;
    for (const content of packParagraphs(section.lines, maxChars))
      chunks.push({ title: sectionTitle, content });
  }
  return chunks;
}

/**
 * The search index folds text (Unicode NFKD) before tokenising it on the main thread, and some
 * characters expand up to 18× (U+FDFA): a document within the limit could still cost seconds
 * there. So the limit also applies to the folded text, measured here in the worker, one line at
 * a time so no single huge string is built.
 */
function assertFoldedWithin(lines: readonly string[]): void {
  let length = 0;
  for (const line of lines) length += foldText(line).length + 1;
  assertWithin(length - 1, MAX_DOCUMENT_CHARS, 'the document after Unicode normalisation');
}

function assertWithin(length: number, limit: number, what: string): void {
  if (length > limit)
    throw new AppError(
      'INVALID_PAYLOAD',
      `${what} has ${length.toLocaleString('en')} characters; at most ${limit.toLocaleString('en')} can be indexed`,
      { field: 'content' },
    );
}

const MAX_TITLE_CHARS = 200;

interface Section {
  heading: string | null;
  lines: string[];
}

function splitSections(lines: readonly string[], hasHeadings: boolean): Section[] {
  if (!hasHeadings) return [{ heading: null, lines: [...lines] }];
  const sections: Section[] = [{ heading: null, lines: [] }];
  for (const line of lines) {
    const heading = parseHeading(line);
    // Titles are shown as sources and stored in a 512-character column: one line, cut short.
    if (heading !== null)
      sections.push({ heading: collapseBlanks(heading).slice(0, MAX_TITLE_CHARS), lines: [] });
    else sections[sections.length - 1]!.lines.push(line);
  }
  return sections;
}

const isBlank = (char: string | undefined) =>
  char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v';

/**
 * An ATX heading's text (`## Title ##` → `Title`), or `null`: one to six `#`, at least one
 * space, then the text without the closing `#`s. One pass over the line.
 */
export function parseHeading(line: string): string | null {
  let level = 0;
  while (line[level] === '#') level++;
  if (level === 0 || level > 6 || !isBlank(line[level])) return null;
  let start = level;
  let end = line.length;
  while (start < end && isBlank(line[start])) start++;
  while (end > start && isBlank(line[end - 1])) end--;
  let closing = end;
  while (closing > start && line[closing - 1] === '#') closing--;
  // A closing sequence is `#`s after a space; `C#` keeps its `#`.
  if (closing < end && (closing === start || isBlank(line[closing - 1]))) end = closing;
  while (end > start && isBlank(line[end - 1])) end--;
  return start < end ? line.slice(start, end) : null;
}

/** Paragraphs are runs of non-blank lines; blanks inside a line collapse to one space. */
function packParagraphs(lines: readonly string[], maxChars: number): string[] {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length > 0) paragraphs.push(...splitLong(current.join('\n'), maxChars));
    current = [];
  };
  for (const line of lines) {
    const tidy = collapseBlanks(line);
    if (tidy === '') close();
    else current.push(tidy);
  }
  close();
  const packed: string[] = [];
  for (const paragraph of paragraphs) {
    const last = packed[packed.length - 1];
    if (last !== undefined && last.length + paragraph.length + 2 <= maxChars)
      packed[packed.length - 1] = `${last}\n\n${paragraph}`;
    else packed.push(paragraph);
  }
  return packed;
}

/** Runs of spaces and tabs become one space, ends trimmed; one pass, no pattern. */
function collapseBlanks(line: string): string {
  let out = '';
  let pendingSpace = false;
  for (const char of line) {
    if (isBlank(char)) pendingSpace = out !== '';
    else {
      if (pendingSpace) out += ' ';
      out += char;
      pendingSpace = false;
    }
  }
  return out;
}

/** Cuts at sentence ends, then at spaces, then hard, so no passage exceeds `maxChars`. */
function splitLong(paragraph: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (paragraph.length - start > maxChars) {
    const window = paragraph.slice(start, start + maxChars);
    const sentenceEnd = Math.max(
      window.lastIndexOf('. '),
      window.lastIndexOf('? '),
      window.lastIndexOf('! '),
    );
    const space = window.lastIndexOf(' ');
    const cut =
      sentenceEnd > maxChars / 3 ? sentenceEnd + 1 : space > maxChars / 3 ? space : maxChars;
    const piece = window.slice(0, cut).trim();
    if (piece !== '') pieces.push(piece);
    start += cut;
    while (paragraph[start] === ' ' || paragraph[start] === '\n') start++;
  }
  const rest = paragraph.slice(start).trim();
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/** The format of an uploaded file or fetched page, from its name or content type. */
export function detectFormat(nameOrType: string): DocumentFormat | null {
  // A name or header value, not document text; bounded all the same.
  const value = nameOrType.slice(0, 1024).toLowerCase();
  if (/\.html?$|text\/html|application\/xhtml/.test(value)) return 'html';
  if (/\.(md|markdown)$|text\/markdown/.test(value)) return 'markdown';
  if (/\.txt$|text\/plain/.test(value)) return 'text';
  return null;
}
