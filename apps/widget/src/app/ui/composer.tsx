import { useRef } from 'preact/hooks';
import type { Strings } from './i18n.ts';

interface Props {
  t: Strings;
  placeholder: string;
  isDisabled: boolean;
  inputRef: { current: HTMLTextAreaElement | null };
  onSend: (text: string) => void;
  onTyping: (isTyping: boolean) => void;
}

/** The text box: Enter sends, Shift+Enter adds a line; 16 px so iOS does not zoom. */
export function Composer({ t, placeholder, isDisabled, inputRef, onSend, onTyping }: Props) {
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  const submit = (event?: Event) => {
    event?.preventDefault();
    const input = inputRef.current;
    if (!input || !input.value.trim()) return;
    onSend(input.value);
    input.value = '';
    clearTimeout(typingTimer.current);
    onTyping(false);
  };
  const onInput = () => {
    if (!typingTimer.current) onTyping(true);
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => {
      typingTimer.current = undefined;
      onTyping(false);
    }, 2000);
  };
  return (
    <form class="cmp" onSubmit={submit}>
      <textarea
        ref={inputRef}
        rows={1}
        aria-label={t.message}
        placeholder={placeholder}
        disabled={isDisabled}
        maxLength={4000}
        onInput={onInput}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) submit(event);
        }}
      />
      <button type="submit" class="snd" aria-label={t.send} disabled={isDisabled}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M3 20.5 21 12 3 3.5v6.6L15 12 3 13.9z" />
        </svg>
      </button>
    </form>
  );
}
