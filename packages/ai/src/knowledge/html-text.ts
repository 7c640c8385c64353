import { convert } from 'html-to-text';

/**
 * Plain text of an HTML document, for indexing. html-to-text parses the markup (it does not
 * use regular expressions on it), drops scripts, styles and images, and keeps headings as
 * lines of their own so chunking can use them.
 */
export function htmlToPlainText(html: string): { text: string; title: string | null } {
  const title = /<title[^>]{0,200}>([^<]{0,300})<\/title>/i.exec(html)?.[1]?.trim() ?? null;
  const text = convert(html, {
    wordwrap: false,
    // Deeper markup is dropped: its walk is recursive and would overflow the stack (issue #16).
    limits: { maxDepth: 64 },
    formatters: {
      // Headings become markdown headings, so chunking titles passages the same way for both.
      markdownHeading: (element, walk, builder) => {
        builder.openBlock({ leadingLineBreaks: 2 });
        builder.addInline('# ');
        walk(element.children, builder);
        builder.closeBlock({ trailingLineBreaks: 2 });
      },
    },
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'noscript', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'head', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
        selector,
        format: 'markdownHeading',
      })),
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
  return { text, title: title === '' ? null : title };
}
