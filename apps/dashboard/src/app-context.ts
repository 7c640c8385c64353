import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { ApiClient } from './api/api-client.ts';
import type { Attention, AttentionSnapshot } from './api/attention.ts';
import type { LiveSocket } from './api/live-inbox.ts';

/** What every page reads from the shell; its own module so pages never import `app.tsx`. */
export interface AppContext {
  api: ApiClient;
  live: LiveSocket | null;
  attention: Attention;
}
export const AppContextProvider = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const ctx = useContext(AppContextProvider);
  if (!ctx) throw new Error('useApp outside <App>');
  return ctx;
}

/** Unread counts, notifications and alert settings, re-rendering when they change. */
export function useAttention(attention: Attention): AttentionSnapshot {
  const [snapshot, setSnapshot] = useState(attention.snapshot());
  useEffect(() => {
    setSnapshot(attention.snapshot());
    return attention.subscribe(() => setSnapshot(attention.snapshot()));
  }, [attention]);
  return snapshot;
}
