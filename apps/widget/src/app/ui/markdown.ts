import { h, type ComponentChild, type ComponentChildren } from 'preact';

/**
 * A small markdown subset rendered straight to Preact VNodes: paragraphs, line breaks, lists,
 * fenced and inline code, bold, `*italic*`, links and bare URLs. Underscores stay literal, since
 * they are common inside identifiers and keys (`wk_demo`). Text only ever becomes text nodes,
 * so there is no raw HTML path at all (no innerHTML, no sanitiser to get wrong), and links are
 * limited to http(s) and mailto, opening in a new tab with rel=noopener.
 */
const INLINE =
  /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\s][^*\n]*\*)|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;

function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

function link(href: string, text: ComponentChildren): ComponentChild {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, text);
}

/** Inline spans of one line. */
export function renderInline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, bold, italic, label, url, bare] = match;
    if (match.index > last) out.push(text.slice(last, match.index));
    last = match.index + whole.length;
    if (code) out.push(h('code', null, code.slice(1, -1)));
    else if (bold) out.push(h('strong', null, renderInline(bold.slice(2, -2))));
    else if (italic) out.push(h('em', null, renderInline(italic.slice(1, -1))));
    else if (label && url) {
      const href = safeHref(url);
      out.push(href ? link(href, renderInline(label)) : whole);
    } else if (bare) {
      const href = safeHref(bare);
      out.push(href ? link(href, bare) : bare);
    }
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function lines(block: string[]): ComponentChildren[] {
  return block.flatMap((line, i) =>
    i ? [h('br', null), ...renderInline(line)] : renderInline(line),
  );
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBERED = /^\s*\d+[.)]\s+/;

function renderBlock(block: string[]): ComponentChild {
  const first = block[0] ?? '';
  if (block.every((l) => BULLET.test(l))) {
    return h(
      'ul',
      null,
      block.map((l) => h('li', null, renderInline(l.replace(BULLET, '')))),
    );
  }
  if (block.every((l) => NUMBERED.test(l))) {
    return h(
      'ol',
      null,
      block.map((l) => h('li', null, renderInline(l.replace(NUMBERED, '')))),
    );
  }
  if (/^#{1,6}\s/.test(first) && block.length === 1) {
    return h('p', null, h('strong', null, renderInline(first.replace(/^#+\s*/, ''))));
  }
  return h('p', null, lines(block));
}

/** The whole message: blocks split on blank lines, fenced code kept verbatim. */
export function renderMarkdown(source: string): ComponentChild[] {
  const out: ComponentChild[] = [];
  let block: string[] = [];
  let code: string[] | null = null;
  const endBlock = () => {
    if (block.length) out.push(renderBlock(block));
    block = [];
  };
  for (const line of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (line.trimStart().startsWith('```')) {
      if (code) {
        out.push(h('pre', null, h('code', null, code.join('\n'))));
        code = null;
      } else {
        endBlock();
        code = [];
      }
    } else if (code) code.push(line);
    else if (line.trim() === '') endBlock();
    else block.push(line);
  }
  if (code) out.push(h('pre', null, h('code', null, code.join('\n'))));
  endBlock();
  return out;
}
