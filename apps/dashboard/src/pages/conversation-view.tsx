import { useEffect, useRef, useState } from 'preact/hooks';
import type { TMessage, TSession } from '@parley/protocol';
import { useApp } from '../app.tsx';
import { emitAck } from '../api/live-inbox.ts';
import { ErrorNote, errorText } from '../ui/components.tsx';
import { mergeMessage } from './inbox-state.ts';

const AUTHOR: Record<TMessage['senderType'], string> = {
  visitor: 'Visitor',
  ai: 'Assistant (AI)',
  agent: 'Agent',
  system: 'System',
};

/**
 * One conversation, live: take over (the AI goes silent), reply, hand back, close, export.
 * Message content is rendered as text, never as HTML.
 */
export function ConversationView(props: { sessionId: string }) {
  const { api, live, attention } = useApp();
  const [session, setSession] = useState<TSession | null>(null);
  const [messages, setMessages] = useState<TMessage[]>([]);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!live) return;
    const join = () =>
      emitAck<{ session: TSession; messages: TMessage[] }>(live, 'session:join', {
        sessionId: props.sessionId,
      })
        .then((joined) => {
          setSession(joined.session);
          setMessages(joined.messages);
        })
        .catch((err: unknown) => setError(errorText(err)));
    void join();
    live.on('connect', join);
    const onMessage = (message: TMessage) => {
      if (message.sessionId === props.sessionId) setMessages((list) => mergeMessage(list, message));
    };
    const onUpdate = (updated: TSession) => {
      if (updated.id === props.sessionId) setSession(updated);
    };
    live.on('message:new', onMessage);
    live.on('message:update', onMessage);
    live.on('session:update', onUpdate);
    return () => {
      live.off('connect', join);
      live.off('message:new', onMessage);
      live.off('message:update', onMessage);
      live.off('session:update', onUpdate);
      void emitAck(live, 'session:leave', { sessionId: props.sessionId }).catch(() => undefined);
    };
  }, [live, props.sessionId]);
  useEffect(() => endRef.current?.scrollIntoView({ block: 'end' }), [messages.length]);

  const act = async (event: string, payload: object = {}) => {
    if (!live) return;
    setError(null);
    try {
      const ack = await emitAck<{ session?: TSession; message?: TMessage }>(live, event, {
        sessionId: props.sessionId,
        ...payload,
      });
      if (ack.session) {
        setSession(ack.session);
        attention.hold(ack.session.id, ack.session.status === 'agent');
      }
      if (ack.message) setMessages((list) => mergeMessage(list, ack.message!));
    } catch (err) {
      setError(errorText(err));
    }
  };
  const send = async (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    await act('message:send', { clientId: crypto.randomUUID(), content: draft });
    setDraft('');
  };
  const exportAs = async (format: string) => {
    try {
      const text = await api.download(`/sessions/${props.sessionId}/export?format=${format}`);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `parley-session-${props.sessionId}.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (err) {
      setError(errorText(err));
    }
  };

  const isHeld = session?.status === 'agent';
  const isClosed = session?.status === 'closed';
  return (
    <section class="conversation card" aria-label="Conversation">
      <header class="conversation-head">
        <h2>{session?.title ?? 'Conversation'}</h2>
        <span class="badge" data-status={session?.status}>
          {session?.status ?? '…'}
        </span>
        <div class="actions">
          {!isHeld && !isClosed ? (
            <button type="button" class="primary" onClick={() => void act('session:takeover')}>
              Take over
            </button>
          ) : null}
          {isHeld ? (
            <button type="button" onClick={() => void act('session:release')}>
              Hand back to AI
            </button>
          ) : null}
          {!isClosed ? (
            <button type="button" onClick={() => void act('session:close')}>
              Close
            </button>
          ) : null}
          <button type="button" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
      </header>
      <ol class="messages" aria-live="polite">
        {messages.map((message) => (
          <li
            key={message.id}
            class={`message from-${message.senderType}`}
            data-sender={message.senderType}
          >
            <span class="author">{message.senderName ?? AUTHOR[message.senderType]}</span>
            {/* Text only: Preact escapes it. Never dangerouslySetInnerHTML here. */}
            <p class="content">{message.content}</p>
            <time class="muted">{new Date(message.createdAt).toLocaleTimeString()}</time>
          </li>
        ))}
        <div ref={endRef} />
      </ol>
      <ErrorNote error={error} />
      {!isClosed ? (
        <form class="composer" onSubmit={(event) => void send(event)}>
          <textarea
            aria-label="Reply"
            placeholder={isHeld ? 'Reply to the visitor' : 'Replying takes the conversation over'}
            value={draft}
            onInput={(event) => setDraft((event.target as HTMLTextAreaElement).value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey) void send(event);
            }}
          />
          <button type="submit" class="primary">
            Send
          </button>
        </form>
      ) : null}
    </section>
  );
}
