import { useState } from 'preact/hooks';
import type { TBan } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText, Field } from '../ui/components.tsx';

/** How long a ban from the conversation lasts; `null` is a ban without end. */
const DURATIONS: Array<[label: string, hours: number | null]> = [
  ['1 hour', 1],
  ['1 day', 24],
  ['7 days', 24 * 7],
  ['30 days', 24 * 30],
  ['For good', null],
];

/**
 * "Ban visitor…" beside a conversation, for admins: the ban covers this visitor (their open
 * widgets are told and closed by the server), without looking their id up on the Bans page.
 */
export function BanVisitor(props: { visitorId: string }) {
  const { api } = useApp();
  const [isOpen, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState('24');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (api.session?.user.role !== 'admin') return null;

  const ban = async (event: Event) => {
    event.preventDefault();
    setError(null);
    const duration = hours === '' ? null : Number(hours);
    try {
      const made = await api.post<TBan>('/bans', {
        visitorId: props.visitorId,
        reason,
        expiresAt:
          duration === null ? null : new Date(Date.now() + duration * 3_600_000).toISOString(),
      });
      setDone(
        made.expiresAt
          ? `Banned until ${new Date(made.expiresAt).toLocaleString()}`
          : 'Banned for good',
      );
      setOpen(false);
    } catch (err) {
      setError(errorText(err));
    }
  };

  if (!isOpen)
    return (
      <div class="ban-visitor">
        {done ? (
          <p class="notice" role="status">
            {done}; lift it on the Bans page.
          </p>
        ) : null}
        <button type="button" class="danger" onClick={() => setOpen(true)}>
          Ban visitor…
        </button>
      </div>
    );
  return (
    <form class="ban-visitor card" aria-label="Ban this visitor" onSubmit={(e) => void ban(e)}>
      <Field label="Reason">
        <input
          value={reason}
          required
          maxLength={1000}
          onInput={(e) => setReason((e.target as HTMLInputElement).value)}
        />
      </Field>
      <Field label="For">
        <select value={hours} onChange={(e) => setHours((e.target as HTMLSelectElement).value)}>
          {DURATIONS.map(([label, value]) => (
            <option key={label} value={value === null ? '' : String(value)}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <div class="actions">
        <button type="submit" class="danger">
          Ban
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error} />
    </form>
  );
}
