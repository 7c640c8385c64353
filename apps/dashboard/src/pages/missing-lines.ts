import type { TMessage, TSessionSummary } from '@parley/protocol';

export interface MissingLines {
  /** A message for a session the list lacks: reads its line once, keeps later messages for it. */
  heard(message: TMessage): void;
  /** A session the list lacks changed into the view's status (a handoff): reads its line. */
  wanted(sessionId: string): void;
  /** The session changed (status, holder): it may belong in the view now, so it is read again. */
  changed(sessionId: string): void;
  /** After a reconnect: changes may have been missed, so every session may be read again. */
  reconnected(): void;
  /** The view went away or changed: reads under way are dropped. */
  stop(): void;
}

/**
 * Lines of the inbox that the list lacks, read when one of their messages arrives: a session
 * whose `session:new` is still being read on the server, or one older than the first page that
 * came back to life. Each session is read once at a time; one read and found outside the view
 * is not read again until it changes, so a busy filtered view does not read a line per message.
 */
export function createMissingLines(options: {
  read(sessionId: string): Promise<TSessionSummary>;
  fits(summary: TSessionSummary): boolean;
  /** Adds the line, then the messages heard while it was read (newer than the line). */
  add(summary: TSessionSummary, heardSince: TMessage[]): void;
}): MissingLines {
  const reading = new Map<string, TMessage[]>();
  const outside = new Set<string>();
  // Changes heard per session: a read that a change overtook may describe it as it was before.
  const changes = new Map<string, number>();
  let isStopped = false;
  const read = (sessionId: string) => {
    const changesBefore = changes.get(sessionId) ?? 0;
    options
      .read(sessionId)
      .then((summary) => {
        if (isStopped) return;
        // Overtaken by a change (a claim, a handoff): the summary may show it as it was before.
        if ((changes.get(sessionId) ?? 0) !== changesBefore) return read(sessionId);
        if (!options.fits(summary)) {
          outside.add(sessionId);
          return reading.delete(sessionId);
        }
        const later = (reading.get(sessionId) ?? []).filter((m) => m.seq > summary.lastSeq);
        reading.delete(sessionId);
        options.add(summary, later);
      })
      // Deleted meanwhile, or offline: the next resync shows what is there.
      .catch(() => reading.delete(sessionId));
  };
  const want = (sessionId: string) => {
    if (outside.has(sessionId) || reading.has(sessionId)) return;
    reading.set(sessionId, []);
    read(sessionId);
  };
  return {
    heard(message) {
      want(message.sessionId);
      reading.get(message.sessionId)?.push(message);
    },
    wanted: want,
    changed(sessionId) {
      changes.set(sessionId, (changes.get(sessionId) ?? 0) + 1);
      outside.delete(sessionId);
    },
    reconnected() {
      outside.clear();
    },
    stop() {
      isStopped = true;
    },
  };
}
