import type { TMessage, TSessionSummary } from '@parley/protocol';
import { exportSession } from '../admin/session-export.ts';

/** A conversation's transcript as mail: the plain-text export, and the same text as HTML. */
export function transcriptEmail(
  session: TSessionSummary,
  messages: TMessage[],
): { subject: string; text: string; html: string } {
  const text = exportSession(session, messages, 'txt').body;
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    subject: `Your conversation${session.title ? `: ${session.title}` : ''}`,
    text,
    html: `<!doctype html><html><body><pre style="white-space:pre-wrap;font-family:sans-serif">${escaped}</pre></body></html>`,
  };
}
