import type { TMessage, TSessionSummary } from '@parley/protocol';

export interface MissingLines {
  /** A message for a session the list lacks: reads its line once, keeps later messages for it. */
  heard(message: TMessage): void;
  /** The session changed (status, holder): it may belong in the view now, so it is read again. */
  changed(sessionId: string): void;
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
  let isStopped = false;
  return {
    heard(message) {
      const { sessionId } = message;
      if (outside.has(sessionId)) return;
      const heardSince = reading.get(sessionId);
      if (heardSince) return void heardSince.push(message);
      reading.set(sessionId, []);
      options
        .read(sessionId)
        .then((summary) => {
          if (isStopped) return;
          if (!options.fits(summary)) return void outside.add(sessionId);
          const later = (reading.get(sessionId) ?? []).filter((m) => m.seq > summary.lastSeq);
          options.add(summary, later);
        })
        // Deleted meanwhile, or offline: the next resync shows what is there.
        .catch(() => undefined)
        .finally(() => reading.delete(sessionId));
    },
    changed(sessionId) {
      outside.delete(sessionId);
    },
    stop() {
      isStopped = true;
    },
  };
}
