import type { TAvailability, TSession } from '@parley/protocol';
import type { ViewMessage } from './message-state.ts';

export type ConnectionStatus = 'idle' | 'connecting' | 'online' | 'offline';

/** Everything the panel renders, owned by the chat client. */
export interface ChatState {
  status: ConnectionStatus;
  session: TSession | null;
  messages: ViewMessage[];
  typing: { ai: boolean; agent: boolean };
  /** Highest seq of the visitor's messages that an agent has read. */
  agentReadSeq: number;
  hasOlder: boolean;
  /** A refusal the visitor should see (origin not allowed, banned…). */
  error: string | null;
  /** Banned: nothing typed can be sent (until a later connection is accepted). */
  isBanned: boolean;
  /** When a temporary ban ends (ISO); null for a ban for good, or when not banned. */
  banEndsAt: string | null;
  /** Whether a person can answer now; null until the server said. */
  availability: TAvailability | null;
  /** The address the visitor left for replies, once saved; null when none or withdrawn. */
  contactEmail: string | null;
  /** Whether the visitor opened the confirmation link mailed to `contactEmail`. */
  isContactConfirmed: boolean;
}

export const INITIAL_STATE: ChatState = {
  status: 'idle',
  session: null,
  messages: [],
  typing: { ai: false, agent: false },
  agentReadSeq: 0,
  hasOlder: false,
  error: null,
  isBanned: false,
  banEndsAt: null,
  availability: null,
  contactEmail: null,
  isContactConfirmed: false,
};

/** A tiny observable: the client sets, the panel subscribes. */
export function createStateCell(initial: ChatState) {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch: Partial<ChatState>) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type StateCell = ReturnType<typeof createStateCell>;
