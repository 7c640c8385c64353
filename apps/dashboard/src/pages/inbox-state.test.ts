import { describe, expect, it } from 'vitest';
import type { TMessage, TSessionSummary } from '@parley/protocol';
import {
  applyAssigned,
  applyMessage,
  applySessionUpdate,
  fitsView,
  isListed,
  mergeMessage,
  mergeResync,
  toEntry,
  upsertSession,
} from './inbox-state.ts';

const summary = (id: string, status: TSessionSummary['status'] = 'open'): TSessionSummary => ({
  id,
  widgetId: 'w',
  widgetName: 'Shop',
  visitorId: 'v',
  visitorName: null,
  status,
  title: `Session ${id}`,
  assignedUserId: null,
  assignedUserName: null,
  lastMessage: null,
  lastSeq: 1,
  pageUrl: null,
  createdAt: '2026-11-23T08:00:00.000Z',
  lastMessageAt: '2026-11-23T08:00:00.000Z',
});
const message = (
  sessionId: string,
  seq: number,
  senderType: TMessage['senderType'] = 'visitor',
): TMessage => ({
  id: `${sessionId}-${seq}`,
  sessionId,
  seq,
  clientId: null,
  senderType,
  content: '<b>hi</b>',
  status: 'delivered',
  createdAt: '2026-11-23T08:01:00.000Z',
});

describe('the inbox state', () => {
  it('puts a session with a new message on top', () => {
    const entries = [toEntry(summary('a')), toEntry(summary('b'))];
    const after = applyMessage(entries, message('b', 2));
    expect(after.map((e) => [e.id, e.lastSeq])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('titles an untitled session with its first visitor message', () => {
    const entries = [{ ...toEntry(summary('a')), title: null }];
    expect(applyMessage(entries, message('a', 1))[0]?.title).toBe('<b>hi</b>');
  });

  it('previews the newest message, but never blocked text as title or preview', () => {
    const entries = [{ ...toEntry(summary('a')), title: null }];
    const blocked = { ...message('a', 2), content: '', status: 'moderated' as const };
    const after = applyMessage(applyMessage(entries, message('a', 1)), blocked);
    expect(after[0]?.lastMessage?.preview).toBe('<b>hi</b>');
    const onlyBlocked = applyMessage(entries, blocked);
    expect([onlyBlocked[0]?.title, onlyBlocked[0]?.lastMessage]).toEqual([null, null]);
  });

  it('shows the new holder, and drops rows that leave the "mine" or "unassigned" view', () => {
    const entries = [toEntry(summary('a')), toEntry(summary('b'))];
    const toSam = { sessionId: 'a', assignedUserId: 'sam', assignedUserName: 'Sam' };
    const all = applyAssigned(entries, toSam, { assigned: '', userId: 'ada' });
    expect(all[0]).toMatchObject({ assignedUserId: 'sam', assignedUserName: 'Sam' });
    const mine = applyAssigned(entries, toSam, { assigned: 'mine', userId: 'ada' });
    expect(mine.map((e) => e.id)).toEqual(['b']);
    const unassigned = applyAssigned(entries, toSam, { assigned: 'unassigned', userId: 'ada' });
    expect(unassigned.map((e) => e.id)).toEqual(['b']);
  });

  it('marks a handoff request and clears it when an agent takes over', () => {
    const entries = upsertSession([], summary('a', 'handoff'));
    expect(entries[0]?.isHandoffRequested).toBe(true);
    const session = { ...summary('a'), status: 'agent' as const };
    expect(applySessionUpdate(entries, session)[0]?.isHandoffRequested).toBe(false);
  });

  it('merges messages once, in seq order', () => {
    const list = mergeMessage(mergeMessage([message('a', 2)], message('a', 1)), message('a', 2));
    expect(list.map((m) => m.seq)).toEqual([1, 2]);
  });
});

describe('mergeResync', () => {
  it('adds sessions missed offline and updates known ones, newest first', () => {
    const older = toEntry(summary('a'));
    const later = (id: string, status: TSessionSummary['status']) => ({
      ...summary(id, status),
      lastMessageAt: '2026-11-23T09:00:00.000Z',
    });
    const merged = mergeResync([older], [later('b', 'open'), later('a', 'handoff')]);
    expect(merged.map((entry) => [entry.id, entry.status])).toEqual([
      ['b', 'open'],
      ['a', 'handoff'],
    ]);
    expect(merged[1]!.isHandoffRequested).toBe(true);
  });
});

describe('a line heard of out of order', () => {
  const stale = { ...summary('a'), title: null, lastSeq: 0 };
  const withQuestion: TSessionSummary = {
    ...summary('a'),
    title: 'Where is my parcel?',
    lastMessage: {
      senderType: 'visitor',
      preview: 'Where is my parcel?',
      createdAt: '2026-11-23T08:01:00.000Z',
    },
  };

  it('keeps the line that has heard of the first message over a summary read before it', () => {
    // The line read after the message arrives first, the one read before it second.
    const list = upsertSession(upsertSession([], withQuestion), stale);
    expect(list).toHaveLength(1);
    expect(list[0]!.lastMessage?.preview).toBe('Where is my parcel?');
    expect(list[0]!.title).toBe('Where is my parcel?');
    // The other order: the later read replaces the earlier one.
    expect(upsertSession(upsertSession([], stale), withQuestion)[0]!.title).toBe(
      'Where is my parcel?',
    );
  });

  it('does not take back a message after a resync read before it, but takes its status', () => {
    const heard = applyMessage([toEntry(stale)], message('a', 1));
    const merged = mergeResync(heard, [{ ...stale, status: 'handoff' }]);
    expect(merged[0]!.lastSeq).toBe(1);
    expect(merged[0]!.lastMessage?.senderType).toBe('visitor');
    expect(merged[0]!.status).toBe('handoff');
    expect(merged[0]!.isHandoffRequested).toBe(true);
  });

  it('knows which sessions are listed and which belong in the filtered view', () => {
    const list = [toEntry(summary('a'))];
    expect(isListed(list, 'a')).toBe(true);
    expect(isListed(list, 'b')).toBe(false);
    const held = { ...summary('b', 'agent'), assignedUserId: 'u1' };
    const view = (status: string, assigned: '' | 'mine' | 'unassigned') => ({
      status,
      assigned,
      userId: 'u1',
    });
    expect(fitsView(held, view('', ''))).toBe(true);
    expect(fitsView(held, view('agent', 'mine'))).toBe(true);
    expect(fitsView(held, view('open', ''))).toBe(false);
    expect(fitsView(held, view('', 'unassigned'))).toBe(false);
    expect(fitsView({ ...held, assignedUserId: 'u2' }, view('', 'mine'))).toBe(false);
  });
});
