import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The inbox's keyboard shortcuts, as the `?` help lists them. */
export const SHORTCUTS: Array<[string, string]> = [
  ['j / ↓', 'Next conversation'],
  ['k / ↑', 'Previous conversation'],
  ['Enter', 'Open the highlighted conversation'],
  ['/', 'Write a reply (focus the composer)'],
  ['Esc', 'Leave the composer, close this help'],
  ['?', 'Show or hide this help'],
];

/** Typing into a field must never move the selection. */
function isTypingTarget(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

/**
 * j/k (or the arrows) move a highlight through `ids`, Enter opens it, `/` focuses the composer,
 * `?` toggles the help. Returns the highlighted id and whether the help is shown.
 */
export function useInboxKeys(ids: string[], openId: string | null, open: (id: string) => void) {
  const [cursor, setCursor] = useState<string | null>(openId);
  const [isHelpShown, setHelpShown] = useState(false);
  // Before the next key press can land (not after paint): a j pressed right after Enter opened
  // a conversation was undone when this caught up, putting the highlight back.
  useLayoutEffect(() => setCursor(openId), [openId]);
  // The listener reads the latest list and highlight from here: re-binding it in an effect runs
  // after paint, so a second quick press of j used to start again from the old highlight.
  const latest = useRef({ ids, cursor, open });
  latest.current = { ids, cursor, open };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Escape') {
        setHelpShown(false);
        if (isTypingTarget(event.target)) (event.target as HTMLElement).blur();
        return;
      }
      if (isTypingTarget(event.target)) return;
      // A focused button or link answers Enter itself (a row opens, "Take over" takes over).
      const isButton =
        event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement;
      if (event.key === 'Enter' && isButton) return;
      const { ids, cursor, open } = latest.current;
      const index = cursor ? ids.indexOf(cursor) : -1;
      const move = (step: number) => {
        const next = ids[Math.min(ids.length - 1, Math.max(0, index + step))];
        if (!next) return;
        setCursor(next);
        latest.current = { ...latest.current, cursor: next };
        document.querySelector(`[data-session-id="${next}"]`)?.scrollIntoView({ block: 'nearest' });
      };
      const actions: Record<string, () => void> = {
        j: () => move(1),
        ArrowDown: () => move(1),
        k: () => move(-1),
        ArrowUp: () => move(-1),
        // A highlight the current view no longer lists (the filter changed) opens nothing.
        Enter: () => index >= 0 && open(ids[index]!),
        '/': () => document.getElementById('composer-input')?.focus(),
        '?': () => setHelpShown((shown) => !shown),
      };
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  return {
    cursor,
    isHelpShown,
    closeHelp: () => setHelpShown(false),
    toggleHelp: () => setHelpShown((shown) => !shown),
  };
}

export function ShortcutHelp(props: { onClose: () => void }) {
  return (
    <div class="shortcut-help card" role="dialog" aria-label="Keyboard shortcuts">
      <h3>Keyboard shortcuts</h3>
      <dl>
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={props.onClose}>
        Close
      </button>
    </div>
  );
}
