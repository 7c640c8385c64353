import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type {
  TMessage,
  TSession,
  TSessionAssigned,
  TSessionPage,
  TSessionSummary,
} from '@parley/protocol';
import { useApp, useAttention } from '../app-context.ts';
import { ErrorNote, errorText, Loading, Page } from '../ui/components.tsx';
import { ConversationView } from './conversation-view.tsx';
import { ShortcutHelp, useInboxKeys } from './inbox-keys.tsx';
import { useNow } from './use-now.ts';
import { relativeTime } from './relative-time.ts';
import { VisitorPanel } from './visitor-panel.tsx';
import { createMissingLines } from './missing-lines.ts';
import {
  applyAssigned,
  applyMessage,
  applySessionUpdate,
  fitsView,
  isListed,
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
  // What the list holds now, for socket listeners registered once per filter.
  const entriesRef = useRef(entries);
  entriesRef.current = entries;
  const [openId, setOpenId] = useState<string | null>(() => attention.pendingOpen);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [assigned, setAssigned] = useState<'' | 'mine' | 'unassigned'>('');
  const me = api.session?.user.id;
  const now = useNow(30_000);
  const [error, setError] = useState<string | null>(null);
  const [isLoading, setLoading] = useState(true);
  const [nextCursor, setNextCursor] = useState<string | null>(null);

  // Only the newest request may fill the list: a slow answer for an old filter is dropped.
  const latestLoad = useRef(0);
  /** The first page, or with `cursor` the next one appended (older conversations). */
  const load = (cursor?: string) => {
    const ticket = ++latestLoad.current;
    setLoading(true);
    const params = new URLSearchParams();
    if (query.trim()) params.set('q', query.trim());
    if (status) params.set('status', status);
    if (assigned) params.set('assigned', assigned);
    if (cursor) params.set('cursor', cursor);
    api
      .get<TSessionPage>(`/sessions?${params.toString()}`)
      .then((page) => {
        if (ticket !== latestLoad.current) return;
        const loaded = page.items.map(toEntry);
        setEntries((list) =>
          cursor ? [...list, ...loaded.filter((e) => !list.some((l) => l.id === e.id))] : loaded,
        );
        setNextCursor(page.nextCursor);
        setError(null);
      })
      .catch((err: unknown) => setError(errorText(err)))
      .finally(() => ticket === latestLoad.current && setLoading(false));
  };
  useEffect(() => load(), [api, status, assigned]);

  useEffect(() => {
    if (!live) return;
    // After any reconnect, read what happened while the socket was down.
    const resync = () => {
      const params = new URLSearchParams();
      if (query.trim()) params.set('q', query.trim());
      if (status) params.set('status', status);
      if (assigned) params.set('assigned', assigned);
      api
        .get<TSessionPage>(`/sessions?${params.toString()}`)
        .then((page) => setEntries((list) => mergeResync(list, page.items)))
        .catch((err: unknown) => setError(errorText(err)));
    };
    const view = { status, assigned, userId: me };
    const onNew = (summary: TSessionSummary) => {
      if (fitsView(summary, view)) setEntries((list) => upsertSession(list, summary));
    };
    const missing = createMissingLines({
      read: (sessionId) => api.get<TSessionSummary>(`/sessions/${encodeURIComponent(sessionId)}`),
      fits: (summary) => fitsView(summary, view),
      add: (summary, heardSince) =>
        setEntries((list) => heardSince.reduce(applyMessage, upsertSession(list, summary))),
    });
    const onConnect = () => {
      missing.reconnected();
      resync();
    };
    live.on('connect', onConnect);
    // A search result is a snapshot of what matched; it does not grow.
    const isNewToView = (sessionId: string) =>
      !query.trim() && !isListed(entriesRef.current, sessionId);
    const onUpdate = (session: TSession) => {
      missing.changed(session.id);
      // A handoff into "Waiting for a person" brings a line the list lacks.
      if (status && session.status === status && isNewToView(session.id)) {
        missing.wanted(session.id);
      }
      setEntries((list) => applySessionUpdate(list, session));
    };
    const onMessage = (message: TMessage) => {
      if (isNewToView(message.sessionId)) missing.heard(message);
      setEntries((list) => applyMessage(list, message));
    };
    const onAssigned = (change: TSessionAssigned) => {
      missing.changed(change.sessionId);
      // A conversation given to me comes into "Mine".
      if (assigned === 'mine' && change.assignedUserId === me && isNewToView(change.sessionId)) {
        missing.wanted(change.sessionId);
      }
      setEntries((list) => applyAssigned(list, change, { assigned, userId: me }));
    };
    live.on('session:assigned', onAssigned);
    live.on('session:new', onNew);
    live.on('session:update', onUpdate);
    live.on('handoff:requested', onUpdate);
    live.on('message:new', onMessage);
    return () => {
      missing.stop();
      live.off('connect', onConnect);
      live.off('session:assigned', onAssigned);
      live.off('session:new', onNew);
      live.off('session:update', onUpdate);
      live.off('handoff:requested', onUpdate);
      live.off('message:new', onMessage);
    };
  }, [api, live, query, status, assigned, me]);

  // The open conversation is being read: the server's mark follows it, and leaving clears it.
  useEffect(() => {
    attention.pendingOpen = null;
    attention.view(openId);
    return () => attention.view(null);
  }, [attention, openId]);
  const open = useCallback((id: string) => setOpenId(id), []);
  const keys = useInboxKeys(
    entries.map((entry) => entry.id),
    openId,
    open,
  );

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
        <select
          aria-label="View"
          value={assigned}
          onChange={(event) =>
            setAssigned((event.target as HTMLSelectElement).value as typeof assigned)
          }
        >
          <option value="">Everyone's</option>
          <option value="mine">Mine</option>
          <option value="unassigned">Unassigned</option>
        </select>
        <button type="submit">Search</button>
        <button
          type="button"
          class="link"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={() => keys.toggleHelp()}
        >
          ?
        </button>
      </form>
      {keys.isHelpShown ? <ShortcutHelp onClose={keys.closeHelp} /> : null}
      <div class="split inbox-split" data-showing={openId ? 'conversation' : 'list'}>
        <ul class="list inbox" aria-label="Conversations">
          <Loading isLoading={isLoading} />
          <ErrorNote error={error} />
          {entries.length === 0 && !isLoading ? <li class="muted">No conversations yet.</li> : null}
          {entries.map((entry) => (
            <li key={entry.id}>
              <button
                type="button"
                class={rowClass(entry.id === openId, entry.id === keys.cursor)}
                data-session-id={entry.id}
                aria-current={entry.id === openId ? 'true' : undefined}
                onClick={() => open(entry.id)}
              >
                <span class="row-title">{entry.title ?? 'New conversation'}</span>
                {entry.lastMessage ? (
                  <span class="row-preview">{entry.lastMessage.preview}</span>
                ) : null}
                <span class="muted">
                  {entry.visitorName ?? 'Visitor'} · {entry.widgetName ?? ''} · {entry.status}
                </span>
                <span class="muted row-meta">
                  <time dateTime={entry.lastMessageAt}>
                    {relativeTime(entry.lastMessageAt, now)}
                  </time>
                  {' · '}
                  <span class="holder">
                    {entry.assignedUserId
                      ? entry.assignedUserId === me
                        ? 'You'
                        : (entry.assignedUserName ?? 'An agent')
                      : 'Unassigned'}
                  </span>
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
          <div class="conversation-pane">
            {/* Only shown on a phone, where the list and the conversation take turns. */}
            <button type="button" class="back-to-list" onClick={() => setOpenId(null)}>
              ← Conversations
            </button>
            <ConversationView key={openId} sessionId={openId} />
            <VisitorPanel key={`v-${openId}`} sessionId={openId} onOpen={open} />
          </div>
        ) : (
          <p class="muted">Pick a conversation.</p>
        )}
      </div>
    </Page>
  );
}

function rowClass(isOpen: boolean, isHighlighted: boolean): string {
  return ['row', isOpen ? 'selected' : '', isHighlighted ? 'highlighted' : '']
    .filter(Boolean)
    .join(' ');
}
