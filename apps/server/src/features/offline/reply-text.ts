/**
 * The new part of an emailed answer: the text above the quoted conversation. Mail programs quote
 * with `>` lines under an "On … wrote:" line, or under a dashed "Original Message" marker.
 */
export function newPartOfReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith('>')) break;
    if (/^(on\b.*\bwrote:|le\b.*\ba écrit\s?:)$/i.test(trimmed)) break;
    if (/^-{2,}\s*original message\s*-{2,}$/i.test(trimmed)) break;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** `Ana <ana@example.com>` → `ana@example.com`. */
export function bareAddress(value: string): string {
  const angled = /<([^<>\s]+)>/.exec(value);
  return (angled ? angled[1]! : value).trim().toLowerCase();
}
