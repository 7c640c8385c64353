import { describe, expect, it } from 'vitest';
import type { TMessage, TSessionSummary } from '@parley/protocol';
import { createMissingLines } from './missing-lines.ts';

const line = (id: string, lastSeq: number, status: TSessionSummary['status'] = 'open') =>
  ({ id, lastSeq, status }) as TSessionSummary;
const message = (sessionId: string, seq: number) => ({ sessionId, seq }) as TMessage;

/** A read the test answers by hand, and what the lines added. */
function harness(fits = (summary: TSessionSummary) => summary.status !== 'closed') {
  const reads: Array<{ id: string; answer(summary: TSessionSummary): Promise<void> }> = [];
  const added: Array<{ id: string; later: number[] }> = [];
  const lines = createMissingLines({
    read: (id) =>
      new Promise((resolve) => {
        reads.push({
          id,
          answer: async (summary) => {
            resolve(summary);
            await new Promise((done) => setTimeout(done, 0));
          },
        });
      }),
    fits,
    add: (summary, later) => added.push({ id: summary.id, later: later.map((m) => m.seq) }),
  });
  return { lines, reads, added };
}

describe('lines the inbox lacks', () => {
  it('reads a line once, then adds it with the messages heard since the read', async () => {
    const { lines, reads, added } = harness();
    lines.heard(message('a', 1));
    lines.heard(message('a', 2));
    lines.heard(message('a', 3));
    expect(reads.map((read) => read.id)).toEqual(['a']);
    // The read saw message 2, not 3.
    await reads[0]!.answer(line('a', 2));
    expect(added).toEqual([{ id: 'a', later: [3] }]);
  });

  it('does not read a line outside the view again until the session changes', async () => {
    const { lines, reads, added } = harness();
    lines.heard(message('b', 1));
    await reads[0]!.answer(line('b', 1, 'closed'));
    lines.heard(message('b', 2));
    lines.heard(message('b', 3));
    expect(reads).toHaveLength(1);
    lines.changed('b');
    lines.heard(message('b', 4));
    expect(reads).toHaveLength(2);
    expect(added).toEqual([]);
  });

  it('reads again when the session changed while it was read (the read may predate it)', async () => {
    const { lines, reads, added } = harness();
    lines.heard(message('d', 1));
    lines.changed('d'); // e.g. assigned to me after the server answered the read
    await reads[0]!.answer(line('d', 1, 'closed'));
    expect(reads.map((read) => read.id)).toEqual(['d', 'd']);
    await reads[1]!.answer(line('d', 1));
    expect(added).toEqual([{ id: 'd', later: [] }]);
  });

  it('reads again a line that fits but changed during the read (a claim after a handoff)', async () => {
    const { lines, reads, added } = harness();
    lines.wanted('g');
    lines.changed('g');
    await reads[0]!.answer(line('g', 1, 'handoff'));
    expect(added).toEqual([]);
    await reads[1]!.answer(line('g', 1, 'agent'));
    expect(added).toEqual([{ id: 'g', later: [] }]);
  });

  it('forgets which sessions were outside the view after a reconnect', async () => {
    const { lines, reads } = harness();
    lines.heard(message('e', 1));
    await reads[0]!.answer(line('e', 1, 'closed'));
    lines.reconnected();
    lines.heard(message('e', 2));
    expect(reads).toHaveLength(2);
  });

  it('reads the line of a session that changed into the view, with no message', async () => {
    const { lines, reads, added } = harness();
    lines.wanted('f');
    lines.wanted('f');
    expect(reads.map((read) => read.id)).toEqual(['f']);
    await reads[0]!.answer(line('f', 3, 'handoff'));
    expect(added).toEqual([{ id: 'f', later: [] }]);
  });

  it('drops a read that finishes after the view changed', async () => {
    const { lines, reads, added } = harness();
    lines.heard(message('c', 1));
    lines.stop();
    await reads[0]!.answer(line('c', 1));
    expect(added).toEqual([]);
  });
});
