import { useEffect, useState } from 'preact/hooks';
import type { TMessage, TSession, TSessionPage, TSessionSummary } from '@parley/protocol';
import { useApp, useAttention } from '../app-context.ts';
import { ErrorNote, errorText, Loading, Page } from '../ui/components.tsx';
import { ConversationView } from './conversation-view.tsx';
import {
  applyMessage,
  applySessionUpdate,
  mergeResync,
  toEntry,
  upsertSession,
  type InboxEntry,
} from './inbox-state.ts';

/** The live inbox: sessions arrive and move without reload; unread and handoff markers. */
export function InboxPage() {
  const { api, live, attention } = useApp();
  const { counts } = useAttention(attention);
  const [entries, setEntries] = useState<InboxEntry[]>([]);
  const [openId, setOpenId] = useState<string | null>(() => attention.pendingOpen);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [nextCursor, setNextCursor] = useState<string | null>(null);

  /** The first page, or with `cursor` the next one appended (older conversations). */
  const load = (cursor?: string) => {
    setLoading(true);
    const params = new URLSearchParams();
    if (query.trim()) params.set('q', query.trim());
    if (status) params.set('status', status);
    if (cursor) params.set('cursor', cursor);
    api
      .get<TSessionPage>(`/sessions?${params.toString()}`)
      .then((page) => {
        const loaded = page.items.map(toEntry);
        setEntries((list) =>
          cursor ? [...list, ...loaded.filter((e) => !list.some((l) => l.id === e.id))] : loaded,
        );
        setNextCursor(page.nextCursor);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => setLoading(false));
  };
  useEffect(() => load(), [api, status]);

  useEffect(() => {
    if (!live) return;
    // After any reconnect, read what happened while the socket was down.
    const resync = () => {
      const params = new URLSearchParams();
      if (query.trim()) params.set('q', query.trim());
      if (status) params.set('status', status);
      api
        .get<TSessionPage>(`/sessions?${params.toString()}`)
        .then((page) => setEntries((list) => mergeResync(list, page.items)))
        .catch((err: unknown) => setError(errorText(err)));
    };
    live.on('connect', resync);
    const onNew = (summary: TSessionSummary) => setEntries((list) => upsertSession(list, summary));
    const onUpdate = (session: TSession) => setEntries((list) => applySessionUpdate(list, session));
    const onMessage = (message: TMessage) => setEntries((list) => applyMessage(list, message));
    live.on('session:new', onNew);
    live.on('session:update', onUpdate);
    live.on('handoff:requested', onUpdate);
    live.on('message:new', onMessage);
    return () => {
      live.off('connect', resync);
      live.off('session:new', onNew);
      live.off('session:update', onUpdate);
      live.off('handoff:requested', onUpdate);
      live.off('message:new', onMessage);
    };
  }, [api, live, query, status]);

  // The open conversation is being read: the server's mark follows it, and leaving clears it.
  useEffect(() => {
    attention.pendingOpen = null;
    attention.view(openId);
    return () => attention.view(null);
  }, [attention, openId]);
  const open = (id: string) => setOpenId(id);

  return (
    <Page title="Inbox">
      <form
        class="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          load();
        }}
      >
        <input
          type="search"
          aria-label="Search conversations"
          placeholder="Search messages"
          value={query}
          onInput={(event) => setQuery((event.target as HTMLInputElement).value)}
        />
        <select
          aria-label="Status"
          value={status}
          onChange={(event) => setStatus((event.target as HTMLSelectElement).value)}
        >
          <option value="">All</option>
          <option value="open">Open (AI)</option>
          <option value="handoff">Waiting for a person</option>
          <option value="agent">With an agent</option>
          <option value="closed">Closed</option>
        </select>
        <button type="submit">Search</button>
      </form>
      <div class="split">
        <ul class="list inbox" aria-label="Conversations">
          <Loading isLoading={isLoading} />
          <ErrorNote error={error} />
          {entries.length === 0 && !isLoading ? <li class="muted">No conversations yet.</li> : null}
          {entries.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                class={entry.id === openId ? 'row selected' : 'row'}
                data-session-id={entry.id}
                onClick={() => open(entry.id)}
              >
                <span class="row-title">{entry.title ?? 'New conversation'}</span>
                <span class="muted">
                  {entry.visitorName ?? 'Visitor'} · {entry.widgetName ?? ''} · {entry.status}
                </span>
                {entry.isHandoffRequested ? <span class="badge warn">Handoff</span> : null}
                {(counts[entry.id] ?? 0) > 0 ? (
                  <span class="badge" aria-label={`${counts[entry.id]} unread`}>
                    {counts[entry.id]}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
          {nextCursor ? (
            <li>
              <button type="button" onClick={() => load(nextCursor)}>
                Load older conversations
              </button>
            </li>
          ) : null}
        </ul>
        {openId ? (
          <ConversationView key={openId} sessionId={openId} />
        ) : (
          <p class="muted">Pick a conversation.</p>
        )}
      </div>
    </Page>
  );
}
