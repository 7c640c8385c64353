import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { createVisitorStore } from './storage.ts';

const visitor = { token: 't1', sessionId: 's1', readSeq: 3, outbox: [] };

describe('visitor store', () => {
  let window: Window;
  beforeEach(() => {
    window = new Window();
    Object.assign(globalThis, {
      window,
      localStorage: window.localStorage,
      sessionStorage: window.sessionStorage,
    });
  });
  afterEach(() => window.close());

  it('writes nothing to storage before the visitor interacts, then everything it held', () => {
    const store = createVisitorStore('wk_a', 'local');
    store.write(visitor);
    expect(window.localStorage.length).toBe(0);
    expect(store.read()).toEqual(visitor);
    store.consent();
    expect(JSON.parse(window.localStorage.getItem('parley:wk_a')!)).toEqual(visitor);
  });

  it('treats stored data as earlier consent, and forgets everything on clear', () => {
    window.localStorage.setItem('parley:wk_a', JSON.stringify(visitor));
    const store = createVisitorStore('wk_a', 'local');
    expect(store.read()).toEqual(visitor);
    store.write({ ...visitor, readSeq: 5 });
    expect(window.localStorage.getItem('parley:wk_a')).toContain('"readSeq":5');
    store.clear();
    expect(window.localStorage.getItem('parley:wk_a')).toBeNull();
    expect(store.read().token).toBeNull();
  });

  it('keeps to memory in "none" mode and survives corrupt stored data', () => {
    const none = createVisitorStore('wk_a', 'none');
    none.consent();
    none.write(visitor);
    expect(window.localStorage.length).toBe(0);
    window.localStorage.setItem('parley:wk_b', '{not json');
    expect(createVisitorStore('wk_b', 'local').read().token).toBeNull();
  });
});
