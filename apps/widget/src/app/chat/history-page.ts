import type { TSessionMessagesPage } from '@parley/protocol';
import { previewHeaders } from '../../shared/bridge.ts';

/**
 * The page of messages before `before` (`GET /api/v1/sessions/:id/messages`, visitor token as
 * Bearer), or null when offline or refused: the visitor can simply try again.
 */
export async function fetchOlderMessages(options: {
  serverUrl: string;
  sessionId: string;
  before: number;
  token: string;
  /** The dashboard's sandboxed preview only. */
  previewTicket?: string;
}): Promise<TSessionMessagesPage | null> {
  const { serverUrl, sessionId, before, token } = options;
  const url = `${serverUrl}/api/v1/sessions/${encodeURIComponent(sessionId)}/messages?before=${before}&limit=30`;
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, ...previewHeaders(options.previewTicket) },
    });
    return res.ok ? ((await res.json()) as TSessionMessagesPage) : null;
  } catch {
    return null;
  }
}
