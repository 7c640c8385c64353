import { useEffect, useState } from 'preact/hooks';
import type { TCannedReply, TList } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { findShortcut, insertReply, matchReplies, type ShortcutQuery } from './canned-shortcut.ts';

/**
 * The composer's `/shortcut` picker: typing `/` (at the start or after a space) lists canned
 * replies; ↑/↓ choose, Enter or Tab inserts, Esc closes. `onKeyDown` says whether it used the key.
 */
export function useCannedPicker(draft: string, setDraft: (text: string) => void) {
  const { api } = useApp();
  const [replies, setReplies] = useState<TCannedReply[]>([]);
  const [at, setAt] = useState<ShortcutQuery | null>(null);
  const [active, setActive] = useState(0);
  useEffect(() => {
    api
      .get<TList<TCannedReply>>('/canned-replies')
      .then((page) => setReplies(page.items))
      .catch(() => setReplies([]));
  }, [api]);
  const matches = at ? matchReplies(replies, at.query) : [];
  const isOpen = matches.length > 0;

  const track = (textarea: HTMLTextAreaElement) => {
    setAt(findShortcut(textarea.value, textarea.selectionStart));
    setActive(0);
  };
  const choose = (reply: TCannedReply, textarea: HTMLTextAreaElement | null) => {
    if (!at) return;
    const next = insertReply(draft, at, reply.content);
    setDraft(next.text);
    setAt(null);
    if (!textarea) return;
    // After Preact writes the new value, put the caret after the inserted text.
    requestAnimationFrame(() => {
      textarea.focus();
      textarea.setSelectionRange(next.caret, next.caret);
    });
  };
  const onKeyDown = (event: KeyboardEvent): boolean => {
    if (!isOpen) return false;
    const textarea = event.target as HTMLTextAreaElement;
    const moves: Record<string, () => void> = {
      ArrowDown: () => setActive((active + 1) % matches.length),
      ArrowUp: () => setActive((active - 1 + matches.length) % matches.length),
      Enter: () => choose(matches[active]!, textarea),
      Tab: () => choose(matches[active]!, textarea),
      Escape: () => setAt(null),
    };
    const move = moves[event.key];
    if (!move) return false;
    event.preventDefault();
    event.stopPropagation();
    move();
    return true;
  };
  const picker = isOpen ? (
    <ul class="canned-picker" role="listbox" aria-label="Canned replies">
      {matches.map((reply, index) => (
        <li
          key={reply.id}
          role="option"
          aria-selected={index === active}
          onMouseDown={(event) => {
            event.preventDefault(); // keep the focus in the composer
            choose(reply, document.getElementById('composer-input') as HTMLTextAreaElement);
          }}
        >
          <strong>/{reply.shortcut}</strong> {reply.title}
          <span class="muted"> — {reply.content}</span>
        </li>
      ))}
    </ul>
  ) : null;
  return { track, onKeyDown, picker };
}
