import { describe, expect, it } from 'vitest';
import type { TMessage } from '@parley/protocol';
import {
  addPending,
  applyDelta,
  countUnread,
  lastSeq,
  mergeCommitted,
  queuedMessages,
} from './message-state.ts';

const NOW = '2026-11-23T10:00:00.000Z';
const committed = (seq: number, extra: Partial<TMessage> = {}): TMessage => ({
  id: `m${seq}`,
  sessionId: 's1',
  seq,
  clientId: null,
  senderType: 'ai',
  content: `message ${seq}`,
  status: 'delivered',
  createdAt: NOW,
  ...extra,
});

describe('message state', () => {
  it('shows each committed message once, in seq order, whatever order it arrives in', () => {
    let list = mergeCommitted([], [committed(3), committed(1)]);
    list = mergeCommitted(list, [committed(2), committed(3)]);
    expect(list.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(lastSeq(list)).toBe(3);
  });

  it('replaces a pending message by its committed copy with the same clientId', () => {
    let list = addPending([], { clientId: 'c1', content: 'hello', createdAt: NOW });
    list = addPending(list, { clientId: 'c2', content: 'again', createdAt: NOW });
    expect(queuedMessages(list).map((m) => m.clientId)).toEqual(['c1', 'c2']);
    list = mergeCommitted(list, [committed(1, { clientId: 'c1', senderType: 'visitor' })]);
    expect(list.map((m) => [m.seq, m.clientId, m.state])).toEqual([
      [1, 'c1', 'sent'],
      [0, 'c2', 'queued'],
    ]);
  });

  it('builds a streamed answer from ordered deltas and replaces it with the final message', () => {
    let list = applyDelta([], { messageId: 'm2', index: 0, text: 'Hel' }, NOW);
    list = applyDelta(list, { messageId: 'm2', index: 1, text: 'lo' }, NOW);
    list = applyDelta(list, { messageId: 'm2', index: 1, text: 'lo' }, NOW);
    expect(list[0]).toMatchObject({ content: 'Hello', state: 'streaming' });
    list = mergeCommitted(list, [committed(2, { content: 'Hello.' })]);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ content: 'Hello.', state: 'sent', seq: 2 });
    expect(applyDelta(list, { messageId: 'm2', index: 2, text: '!' }, NOW)).toBe(list);
  });

  it('counts answers after the read mark as unread, never the visitor’s own', () => {
    const list = mergeCommitted(
      [],
      [
        committed(1, { senderType: 'visitor' }),
        committed(2),
        committed(3, { senderType: 'agent' }),
      ],
    );
    expect(countUnread(list, 0)).toBe(2);
    expect(countUnread(list, 2)).toBe(1);
  });
});
