import { useEffect, useState } from 'preact/hooks';
import type { TVisitorPanel } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { ErrorNote, errorText } from '../ui/components.tsx';
import { relativeTime } from './relative-time.ts';

/**
 * Who the agent is talking to: identity, the page they are on and came from, their browser
 * and language, and their other conversations (click to open one). Everything is text.
 */
export function VisitorPanel(props: { sessionId: string; onOpen: (sessionId: string) => void }) {
  const { api, live } = useApp();
  const [panel, setPanel] = useState<TVisitorPanel | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () =>
      api
        .get<TVisitorPanel>(`/sessions/${props.sessionId}/visitor`)
        .then((read) => {
          setPanel(read);
          setError(null);
        })
        .catch((err: unknown) => setError(errorText(err)));
    void load();
    live?.on('connect', load);
    return () => void live?.off('connect', load);
  }, [api, live, props.sessionId]);
  if (!panel) return <ErrorNote error={error} />;
  const rows: Array<[string, string | null]> = [
    ['Name', panel.name],
    ['Email', panel.email],
    [
      'User id',
      panel.externalId ? `${panel.externalId}${panel.isVerified ? ' ✓ verified' : ''}` : null,
    ],
    ['Page', panel.pageUrl],
    ['Came from', panel.referrer],
    ['Browser', panel.browser],
    ['Language', panel.locale],
    ['First seen', relativeTime(panel.firstSeenAt, Date.now())],
    ...Object.entries(panel.attributes).map(([key, value]): [string, string | null] => [
      key,
      value === null ? null : String(value),
    ]),
  ];
  return (
    <aside class="visitor-panel card" aria-label="Visitor">
      <h3>Visitor</h3>
      <dl>
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd title={label === 'Browser' ? (panel.userAgent ?? undefined) : undefined}>
              {value ?? <span class="muted">—</span>}
            </dd>
          </div>
        ))}
      </dl>
      <h4>Other conversations</h4>
      {panel.pastConversations.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="past" aria-label="Other conversations">
          {panel.pastConversations.map((past) => (
            <li key={past.id}>
              <button type="button" class="link" onClick={() => props.onOpen(past.id)}>
                {past.title ?? 'Untitled'}
              </button>{' '}
              <span class="muted">
                {past.status} · {relativeTime(past.lastMessageAt, Date.now())}
              </span>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={error} />
    </aside>
  );
}
