import { useEffect, useState } from 'preact/hooks';
import type { TAgent, TList, TSession, TSessionAssigned, TSessionSummary } from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { emitAck } from '../api/live-inbox.ts';
import { errorText } from '../ui/components.tsx';

interface Holder {
  id: string | null;
  name: string | null;
}

/**
 * Who holds the conversation, kept live from `session:assigned`: the summary is read on open
 * and after every reconnect (a change may have been missed while offline).
 */
export function useHolder(sessionId: string): Holder | null {
  const { api, live } = useApp();
  const [holder, setHolder] = useState<Holder | null>(null);
  useEffect(() => {
    const load = () =>
      api
        .get<TSessionSummary>(`/sessions/${sessionId}`)
        .then((summary) =>
          setHolder({ id: summary.assignedUserId, name: summary.assignedUserName }),
        )
        .catch(() => undefined);
    void load();
    if (!live) return;
    const onAssigned = (assigned: TSessionAssigned) => {
      if (assigned.sessionId === sessionId)
        setHolder({ id: assigned.assignedUserId, name: assigned.assignedUserName });
    };
    live.on('connect', load);
    live.on('session:assigned', onAssigned);
    return () => {
      live.off('connect', load);
      live.off('session:assigned', onAssigned);
    };
  }, [api, live, sessionId]);
  return holder;
}

/** Who has the conversation: held while open; a closed one was handled by its last holder. */
function holderText(
  holder: Holder | null,
  state: { me: string | undefined; isClosed: boolean },
): string {
  if (!holder?.id) return state.isClosed ? 'Closed' : 'Unassigned';
  const who = holder.id === state.me ? 'you' : (holder.name ?? 'an agent');
  return state.isClosed ? `Closed; handled by ${who}` : `Held by ${who}`;
}

/**
 * "Held by …", the "Assign to…" picker, and a warning when a colleague holds the conversation:
 * answering it anyway would take it from them.
 */
export function HolderBar(props: {
  sessionId: string;
  holder: Holder | null;
  isClosed: boolean;
  onSession: (session: TSession) => void;
  onError: (error: string) => void;
}) {
  const { api, live } = useApp();
  const [agents, setAgents] = useState<TAgent[]>([]);
  const me = api.session?.user.id;
  useEffect(() => {
    api
      .get<TList<TAgent>>('/agents')
      .then((page) => setAgents(page.items))
      .catch((err: unknown) => props.onError(errorText(err)));
  }, [api]);
  const assign = (userId: string) => {
    if (!live || !userId) return;
    emitAck(live, 'session:assign', { sessionId: props.sessionId, userId })
      .then((ack) => props.onSession(ack.session))
      .catch((err: unknown) => props.onError(errorText(err)));
  };
  const { holder } = props;
  const isHeldByOther = holder?.id != null && holder.id !== me;
  return (
    <div class="holder-bar">
      <span class="muted" data-holder={holder?.id ?? ''}>
        {holderText(holder, { me, isClosed: props.isClosed })}
      </span>
      {!props.isClosed ? (
        <select
          aria-label="Assign to"
          value=""
          onChange={(event) => {
            const select = event.target as HTMLSelectElement;
            assign(select.value);
            select.value = '';
          }}
        >
          <option value="">Assign to…</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id} disabled={agent.id === holder?.id}>
              {agent.id === me ? `${agent.fullName} (me)` : agent.fullName}
            </option>
          ))}
        </select>
      ) : null}
      {isHeldByOther && !props.isClosed ? (
        <p class="collision" role="alert">
          ⚠ {holder.name ?? 'Another agent'} holds this conversation; replying takes it from them
        </p>
      ) : null}
    </div>
  );
}
