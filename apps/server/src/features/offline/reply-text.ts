/** Lines that start the quoted conversation under an emailed answer, by mail program. */
const QUOTE_HEADERS = [
  /^(on\b.*\bwrote:|le\b.*\ba écrit\s?:)$/i,
  /^-{2,}\s*original message\s*-{2,}$/i,
  /^_{5,}$/,
];

/**
 * The new part of an emailed answer: the text above the quoted conversation. Mail programs quote
 * with `>` lines under an "On … wrote:" line (which Gmail wraps over two lines), or under a
 * "From:" block (Outlook) or a dashed "Original Message" marker.
 */
export function newPartOfReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) break;
    if (QUOTE_HEADERS.some((pattern) => pattern.test(trimmed))) break;
    // Outlook: a "From:" line after a blank one heads the quoted mail.
    if (/^from:\s/i.test(trimmed) && kept.at(-1)?.trim() === '') break;
    // Gmail wraps a long "On … <address>" line: "wrote:" alone ends it.
    if (/^(wrote|a écrit)\s?:$/i.test(trimmed)) {
      if (/^(on|le)\b/i.test(kept.at(-1)?.trim() ?? '')) kept.pop();
      break;
    }
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** `Ana <ana@example.com>` → `ana@example.com`. */
export function bareAddress(value: string): string {
  const angled = /<([^<>\s]+)>/.exec(value);
  return (angled ? angled[1]! : value).trim().toLowerCase();
}
