import type { PersistMode } from '../../shared/bridge.ts';

/** What the widget remembers about the visitor on this browser. */
export interface RememberedVisitor {
  token: string | null;
  sessionId: string | null;
  readSeq: number;
  /** Messages typed offline, sent on reconnect. */
  outbox: { clientId: string; content: string; createdAt: string }[];
}

export interface VisitorStore {
  read(): RememberedVisitor;
  /** Kept in memory until the visitor has interacted, then written through. */
  write(value: RememberedVisitor): void;
  consent(): void;
  clear(): void;
  /** Another tab changed what is stored. */
  onExternalChange(listener: (value: RememberedVisitor) => void): void;
}

const EMPTY: RememberedVisitor = { token: null, sessionId: null, readSeq: 0, outbox: [] };

function pickStorage(mode: PersistMode): Storage | null {
  try {
    return mode === 'local' ? localStorage : mode === 'session' ? sessionStorage : null;
  } catch {
    return null; // storage disabled by the browser or the host page's sandbox
  }
}

function parse(raw: string | null): RememberedVisitor | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<RememberedVisitor>;
    return {
      token: typeof value.token === 'string' ? value.token : null,
      sessionId: typeof value.sessionId === 'string' ? value.sessionId : null,
      readSeq: typeof value.readSeq === 'number' ? value.readSeq : 0,
      outbox: Array.isArray(value.outbox) ? value.outbox : [],
    };
  } catch {
    return null;
  }
}

/**
 * Storage that respects consent laws: nothing is written before the visitor first interacts
 * (SPEC §4.1). A visitor who already has stored data has interacted before.
 */
export function createVisitorStore(widgetKey: string, mode: PersistMode): VisitorStore {
  const storage = pickStorage(mode);
  const key = `parley:${widgetKey}`;
  const stored = parse(storage?.getItem(key) ?? null);
  let current: RememberedVisitor = stored ?? EMPTY;
  let hasConsent = stored !== null;
  const save = () => {
    try {
      if (hasConsent) storage?.setItem(key, JSON.stringify(current));
    } catch {
      // quota or privacy mode: the widget keeps working from memory
    }
  };
  return {
    read: () => current,
    write: (value) => {
      current = value;
      save();
    },
    consent: () => {
      if (hasConsent) return;
      hasConsent = true;
      save();
    },
    clear: () => {
      current = EMPTY;
      try {
        storage?.removeItem(key);
      } catch {
        // nothing to forget
      }
    },
    onExternalChange: (listener) => {
      window.addEventListener('storage', (event) => {
        if (event.key !== key || event.storageArea !== storage) return;
        current = parse(event.newValue) ?? EMPTY;
        listener(current);
      });
    },
  };
}
