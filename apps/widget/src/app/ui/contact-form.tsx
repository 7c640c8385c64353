import { useState } from 'preact/hooks';
import type { Strings } from './i18n.ts';

interface Props {
  t: Strings;
  savedEmail: string | null;
  isConfirmed: boolean;
  /** Resolves with the server's refusal, or null once saved. */
  onSave: (email: string | null, name?: string) => Promise<string | null>;
}

/** Asks an offline team's visitor where to reply; lets them change or withdraw it. */
export function ContactForm({ t, savedEmail, isConfirmed, onSave }: Props) {
  const [isEditing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (email: string | null, name?: string) => {
    const refusal = await onSave(email, name);
    setError(refusal);
    if (!refusal) setEditing(false);
  };
  if (savedEmail && !isEditing)
    return (
      <div class="ct">
        <span>
          {(isConfirmed ? t.contactSaved : t.contactPending).replace('{email}', () => savedEmail)}
        </span>{' '}
        <button type="button" class="lnk" onClick={() => setEditing(true)}>
          {t.change}
        </button>{' '}
        <button type="button" class="lnk" onClick={() => void save(null)}>
          {t.remove}
        </button>
      </div>
    );
  return (
    <form
      class="ct"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const text = (field: string) => {
          const value = form.get(field);
          return typeof value === 'string' ? value.trim() : '';
        };
        void save(text('email'), text('name') || undefined);
      }}
    >
      <p>{t.leaveEmail}</p>
      <input name="email" type="email" required aria-label={t.email} placeholder={t.email} />
      <input name="name" type="text" aria-label={t.name} placeholder={t.name} />
      <button type="submit" class="pri">
        {t.save}
      </button>
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
