import { describe, expect, it } from 'vitest';
import type { TCannedReply } from '@parley/protocol';
import { findShortcut, insertReply, matchReplies } from './canned-shortcut.ts';

const reply = (shortcut: string, title: string): TCannedReply => ({
  id: shortcut,
  shortcut,
  title,
  content: `${title}.`,
  updatedAt: '2026-11-29T00:00:00.000Z',
});

describe('canned reply shortcuts', () => {
  it('finds a /shortcut at the start or after a space, up to the caret', () => {
    expect(findShortcut('/ref', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
    expect(findShortcut('Hello /Re', 9)).toEqual({ start: 6, end: 9, query: 're' });
    expect(findShortcut('Hello /', 7)).toEqual({ start: 6, end: 7, query: '' });
  });

  it('ignores slashes inside words, URLs and finished words', () => {
    expect(findShortcut('see https://x.example/ref', 25)).toBeNull();
    expect(findShortcut('1/2', 3)).toBeNull();
    expect(findShortcut('/ref done', 9)).toBeNull();
  });

  it('matches shortcuts by prefix first, then titles', () => {
    const replies = [
      reply('hello', 'Greeting'),
      reply('refund', 'Refund policy'),
      reply('ship', 'Refund by post'),
    ];
    expect(matchReplies(replies, 'hel').map((r) => r.shortcut)).toEqual(['hello']);
    expect(matchReplies(replies, 'ref').map((r) => r.shortcut)).toEqual(['refund', 'ship']);
    expect(matchReplies(replies, 'sh').map((r) => r.shortcut)).toEqual(['ship']);
    expect(matchReplies(replies, '')).toHaveLength(3);
  });

  it('replaces the typed shortcut with the reply and puts the caret after it', () => {
    const text = 'Hi! /ref thanks';
    const at = findShortcut(text, 8)!;
    expect(insertReply(text, at, 'Refunds take 5 days.')).toEqual({
      text: 'Hi! Refunds take 5 days. thanks',
      caret: 24,
    });
  });
});
