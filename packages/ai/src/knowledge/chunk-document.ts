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

const HEADING = /^#{1,6}\s+(.+?)\s*#*\s*$/;

/**
 * Splits a document into passages: at headings, then at blank lines, packing paragraphs up to
 * `maxChars` and cutting longer ones at sentence ends. HTML is turned into text first.
 *
 * @example
 * chunkDocument({ content: '# Refunds\nWithin 30 days.', format: 'markdown' })
 * // [{ title: 'Refunds', content: 'Within 30 days.' }]
 */
export function chunkDocument(options: ChunkOptions): DocumentChunk[] {
  const maxChars = options.maxChars ?? 800;
  let text = options.content;
  let title = options.title ?? null;
  if (options.format === 'html') {
    const converted = htmlToPlainText(text);
    text = converted.text;
    title = title ?? converted.title;
  }
  const chunks: DocumentChunk[] = [];
  for (const section of splitSections(text.replace(/\r\n?/g, '\n'), options.format !== 'text')) {
    const sectionTitle = section.heading ?? title;
    for (const content of packParagraphs(section.body, maxChars))
      chunks.push({ title: sectionTitle, content });
  }
  return chunks;
}

function splitSections(
  text: string,
  hasHeadings: boolean,
): { heading: string | null; body: string }[] {
  if (!hasHeadings) return [{ heading: null, body: text }];
  const sections: { heading: string | null; body: string }[] = [{ heading: null, body: '' }];
  for (const line of text.split('\n')) {
    const heading = HEADING.exec(line)?.[1];
    if (heading !== undefined) sections.push({ heading: heading.trim(), body: '' });
    else sections[sections.length - 1]!.body += `${line}\n`;
  }
  return sections;
}

function packParagraphs(body: string, maxChars: number): string[] {
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '')
    .flatMap((paragraph) => splitLong(paragraph, maxChars));
  const packed: string[] = [];
  for (const paragraph of paragraphs) {
    const last = packed[packed.length - 1];
    if (last !== undefined && last.length + paragraph.length + 2 <= maxChars)
      packed[packed.length - 1] = `${last}\n\n${paragraph}`;
    else packed.push(paragraph);
  }
  return packed;
}

/** Cuts at sentence ends, then at spaces, then hard, so no passage exceeds `maxChars`. */
function splitLong(paragraph: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let rest = paragraph;
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars);
    const sentenceEnd = Math.max(
      window.lastIndexOf('. '),
      window.lastIndexOf('? '),
      window.lastIndexOf('! '),
    );
    const space = window.lastIndexOf(' ');
    const cut =
      sentenceEnd > maxChars / 3 ? sentenceEnd + 1 : space > maxChars / 3 ? space : maxChars;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

/** The format of an uploaded file or fetched page, from its name or content type. */
export function detectFormat(nameOrType: string): DocumentFormat | null {
  const value = nameOrType.toLowerCase();
  if (/\.html?$|text\/html|application\/xhtml/.test(value)) return 'html';
  if (/\.(md|markdown)$|text\/markdown/.test(value)) return 'markdown';
  if (/\.txt$|text\/plain/.test(value)) return 'text';
  return null;
}
