import { describe, expect, it } from 'vitest';
import { chunkDocument, detectFormat } from './chunk-document.ts';
import { KnowledgeIndex } from './knowledge-index.ts';

describe('chunkDocument', () => {
  it('splits markdown at headings and titles each passage', () => {
    const chunks = chunkDocument({
      content: '# Refunds\nWithin 30 days.\n\nKeep the receipt.\n\n## Shipping\nWe ship worldwide.',
      format: 'markdown',
      title: 'FAQ',
    });
    expect(chunks).toEqual([
      { title: 'Refunds', content: 'Within 30 days.\n\nKeep the receipt.' },
      { title: 'Shipping', content: 'We ship worldwide.' },
    ]);
  });
  it('keeps passages under the size limit, cutting at sentences', () => {
    const sentence = 'This sentence is about twelve words long and ends right here. ';
    const chunks = chunkDocument({ content: sentence.repeat(40), format: 'text', maxChars: 300 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect(chunk.content.length).toBeLessThanOrEqual(300);
      expect(chunk.content.endsWith('.')).toBe(true);
    }
  });
  it('turns HTML into text without scripts, styles or markup', () => {
    const chunks = chunkDocument({
      content:
        '<html><head><title>Help</title><style>p{color:red}</style></head><body><script>alert(1)</script>' +
        '<h2>Returns</h2><p>Send it <b>back</b> within <a href="/x">30 days</a>.</p><img src=x onerror=alert(2)></body></html>',
      format: 'html',
    });
    expect(chunks).toEqual([{ title: 'Returns', content: 'Send it back within 30 days.' }]);
  });
  it('detects formats from names and content types', () => {
    expect(detectFormat('faq.MD')).toBe('markdown');
    expect(detectFormat('text/html; charset=utf-8')).toBe('html');
    expect(detectFormat('notes.txt')).toBe('text');
    expect(detectFormat('a.pdf')).toBeNull();
  });
});

describe('KnowledgeIndex', () => {
  const chunk = (id: string, title: string, content: string) => ({
    id,
    knowledgeBaseId: 'kb',
    title,
    url: null,
    content,
  });
  const index = new KnowledgeIndex([
    chunk('1', 'Refunds', 'You can get your money back within 30 days of purchase.'),
    chunk('2', 'Shipping', 'Parcels leave our warehouse in Lyon every weekday.'),
    chunk('3', 'Accounts', 'Reset your password from the login page.'),
  ]);
  it('ranks the passage that answers the question first', () => {
    const hits = index.search('How many days do I have for refunds?', 2);
    expect(hits[0]?.chunk.id).toBe('1');
    expect(hits[0]?.score).toBeGreaterThan(0);
  });
  it('ignores accents and plurals, and finds nothing for unrelated or empty questions', () => {
    expect(index.search('parcel from LYÔN', 3)[0]?.chunk.id).toBe('2');
    expect(index.search('What is the weather on Mars?', 3)).toEqual([]);
    expect(index.search('what is the', 3)).toEqual([]);
  });
});
