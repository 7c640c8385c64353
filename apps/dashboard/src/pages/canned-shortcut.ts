import type { TCannedReply } from '@parley/protocol';

/** A `/word` being typed just before the caret: where it starts and what is typed so far. */
export interface ShortcutQuery {
  start: number;
  end: number;
  query: string;
}

/**
 * The `/shortcut` the agent is typing at `caret`, if any. The slash must start the text or follow
 * a space, so URLs and fractions ("1/2") never open the picker.
 *
 * @example findShortcut('Hi /ref', 7) // { start: 3, end: 7, query: 'ref' }
 */
export function findShortcut(text: string, caret: number): ShortcutQuery | null {
  const match = /(^|\s)\/([a-z0-9_-]*)$/i.exec(text.slice(0, caret));
  if (!match) return null;
  const start = caret - match[2]!.length - 1;
  return { start, end: caret, query: match[2]!.toLowerCase() };
}

/** Replies whose shortcut starts with the query first, then those whose title mentions it. */
export function matchReplies(replies: TCannedReply[], query: string): TCannedReply[] {
  const byShortcut = replies.filter((reply) => reply.shortcut.startsWith(query));
  const byTitle = replies.filter(
    (reply) => !byShortcut.includes(reply) && reply.title.toLowerCase().includes(query),
  );
  return [...byShortcut, ...byTitle].slice(0, 8);
}

/** The text with the typed `/shortcut` replaced by the reply; the caret lands after it. */
export function insertReply(
  text: string,
  at: ShortcutQuery,
  content: string,
): { text: string; caret: number } {
  const before = text.slice(0, at.start);
  return {
    text: `${before}${content}${text.slice(at.end)}`,
    caret: before.length + content.length,
  };
}
