import { useEffect, useRef, useState } from 'preact/hooks';
import type { TStaffTyping } from '@parley/protocol';
import type { LiveSocket } from '../api/live-inbox.ts';

/** After this long without a keystroke the agent counts as stopped typing. */
const IDLE_MS = 3_000;
/** A "typing" nobody ended (a closed tab) is forgotten after this long. */
const STALE_MS = 10_000;

export interface TypingState {
  isVisitorTyping: boolean;
  /** Names of other agents typing in this conversation: a collision warning. */
  otherAgents: string[];
}

/**
 * Typing both ways for one conversation: tells the visitor (and other staff) while this agent
 * types, and shows who else is typing here.
 */
export function useTyping(live: LiveSocket | null, sessionId: string, myUserId?: string) {
  const [typists, setTypists] = useState<Record<string, { name: string; at: number }>>({});
  const idle = useRef<ReturnType<typeof setTimeout>>();
  const isTyping = useRef(false);

  useEffect(() => {
    if (!live) return;
    const onTyping = (event: TStaffTyping) => {
      if (event.sessionId !== sessionId || event.actor === 'ai') return;
      if (event.userId !== undefined && event.userId === myUserId) return;
      const key = event.actor === 'visitor' ? 'visitor' : (event.userId ?? 'agent');
      setTypists((now) => {
        const rest = Object.fromEntries(Object.entries(now).filter(([id]) => id !== key));
        return event.isTyping
          ? { ...rest, [key]: { name: event.userName ?? 'Another agent', at: Date.now() } }
          : rest;
      });
    };
    live.on('typing', onTyping);
    const sweep = setInterval(() => {
      setTypists((now) => {
        const fresh = Object.entries(now).filter(([, typist]) => Date.now() - typist.at < STALE_MS);
        return fresh.length === Object.keys(now).length ? now : Object.fromEntries(fresh);
      });
    }, 2_000);
    return () => {
      live.off('typing', onTyping);
      clearInterval(sweep);
    };
  }, [live, sessionId, myUserId]);

  const emit = (next: boolean) => {
    if (!live || isTyping.current === next) return;
    isTyping.current = next;
    live.emit('typing', { sessionId, isTyping: next });
  };
  const stop = () => {
    clearTimeout(idle.current);
    emit(false);
  };
  useEffect(() => stop, [live, sessionId]);

  const state: TypingState = {
    isVisitorTyping: 'visitor' in typists,
    otherAgents: Object.entries(typists)
      .filter(([key]) => key !== 'visitor')
      .map(([, typist]) => typist.name),
  };
  return {
    state,
    /** A keystroke: typing now, stopped after a pause. */
    touch() {
      emit(true);
      clearTimeout(idle.current);
      idle.current = setTimeout(() => emit(false), IDLE_MS);
    },
    stop,
  };
}
