import type { TExportFormat, TMessage, TSessionSummary } from '@parley/protocol';

export interface ExportFile {
  contentType: string;
  fileName: string;
  body: string;
}

/**
 * A conversation as a download. Every format carries messages as plain text: JSON escapes by
 * construction, the text file is `text/plain`, and CSV cells that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) get a leading apostrophe.
 *
 * @example
 * const file = exportSession(session, messages, 'csv');
 * res.type(file.contentType).attachment(file.fileName).send(file.body);
 */
export function exportSession(
  session: TSessionSummary,
  messages: TMessage[],
  format: TExportFormat,
): ExportFile {
  const fileName = `parley-session-${session.id}.${format}`;
  if (format === 'json')
    return {
      contentType: 'application/json; charset=utf-8',
      fileName,
      body: JSON.stringify({ session, messages }, null, 2),
    };
  if (format === 'csv') {
    const header = ['seq', 'createdAt', 'senderType', 'senderName', 'content'];
    const lines = messages.map((m) =>
      [String(m.seq), m.createdAt, m.senderType, m.senderName ?? '', m.content].map(csvCell),
    );
    return {
      contentType: 'text/csv; charset=utf-8',
      fileName,
      body: [header, ...lines].map((cells) => cells.join(',')).join('\r\n') + '\r\n',
    };
  }
  const heading = `Conversation ${session.id}: ${session.title ?? '(untitled)'}\n`;
  const lines = messages.map(
    (m) => `[${m.createdAt}] ${m.senderName ?? m.senderType} (${m.senderType}): ${m.content}`,
  );
  return {
    contentType: 'text/plain; charset=utf-8',
    fileName,
    body: `${heading}\n${lines.join('\n')}\n`,
  };
}

/** One CSV cell: quoted, quotes doubled, formula triggers neutralised. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}
