import type { TEmailOutboxEntry, TList } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, Loading, useLoad } from '../ui/components.tsx';

/** Mail Parley queued (transcripts, replies to visitors who left), and whether it went. */
export function OutboxSection() {
  const { api } = useApp();
  const mails = useLoad(() => api.get<TList<TEmailOutboxEntry>>('/emails'));
  const items = mails.data?.items ?? [];
  return (
    <section class="card" aria-label="Email outbox">
      <h2>Email</h2>
      <ErrorNote error={mails.error} />
      <Loading isLoading={mails.isLoading} />
      {items.length === 0 && !mails.isLoading ? <p class="muted">No mail yet.</p> : null}
      <ul class="list" aria-label="Queued mail">
        {items.map((mail) => (
          <li key={mail.id}>
            <strong>{mail.subject}</strong> → {mail.to}
            <div class="muted">
              {mail.kind} · {mail.notice ?? mail.status}
              {mail.lastError ? ` · ${mail.lastError}` : ''} ·{' '}
              {new Date(mail.sentAt ?? mail.createdAt).toLocaleString()}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
