import type { TPresenceSet } from '@parley/protocol';

type Status = TPresenceSet['status'];
const KEY = 'parley.presence';

/** The agent's status switch, kept across reloads so a tab opened while away stays away. */
export function storedPresence(): Status {
  try {
    return localStorage.getItem(KEY) === 'away' ? 'away' : 'online';
  } catch {
    return 'online';
  }
}

export function storePresence(status: Status): void {
  try {
    localStorage.setItem(KEY, status);
  } catch {
    // Private mode without storage: the switch still works for this tab.
  }
}
