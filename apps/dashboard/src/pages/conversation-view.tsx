import { useEffect, useRef, useState } from 'preact/hooks';
import {
  createClientId,
  type TConversationNote,
  type TList,
  type TMessage,
  type TSession,
} from '@parley/protocol';
import { useApp } from '../app-context.ts';
import { emitAck, type LiveSocket } from '../api/live-inbox.ts';
import { ErrorNote, errorText } from '../ui/components.tsx';
import { useCannedPicker } from './canned-picker.tsx';
import { BanVisitor } from './ban-visitor.tsx';
import { HolderBar, useHolder } from './holder-bar.tsx';
import { mergeMessage } from './inbox-state.ts';
import { useTyping, type TypingState } from './typing-state.ts';

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
  const [notes, setNotes] = useState<TConversationNote[]>([]);
  const [draft, setDraft] = useState('');
  /** The last reply that failed to send, with the clientId it went out with. */
  const unsent = useRef<{ content: string; clientId: string } | null>(null);
  const [isNote, setIsNote] = useState(false);
  const typing = useTyping(live, props.sessionId, api.session?.user.id);
  const holder = useHolder(props.sessionId);
  const canned = useCannedPicker(draft, setDraft);
  const [error, setError] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!live) return;
    const join = () =>
      emitAck(live, 'session:join', { sessionId: props.sessionId })
        .then((joined) => {
          setSession(joined.session);
          setMessages(joined.messages);
        })
        .catch((err: unknown) => setError(errorText(err)));
    const loadNotes = () =>
      api
        .get<TList<TConversationNote>>(`/sessions/${props.sessionId}/notes`)
        .then((page) => setNotes(page.items))
        .catch((err: unknown) => setError(errorText(err)));
    void join();
    void loadNotes();
    live.on('connect', join);
    live.on('connect', loadNotes);
    const onNote = (note: TConversationNote) => {
      if (note.sessionId === props.sessionId)
        setNotes((list) => (list.some((n) => n.id === note.id) ? list : [...list, note]));
    };
    live.on('note:new', onNote);
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
      live.off('connect', loadNotes);
      live.off('note:new', onNote);
      live.off('message:new', onMessage);
      live.off('message:update', onMessage);
      live.off('session:update', onUpdate);
      void emitAck(live, 'session:leave', { sessionId: props.sessionId }).catch(() => undefined);
    };
  }, [api, live, props.sessionId]);
  useEffect(
    () => endRef.current?.scrollIntoView({ block: 'end' }),
    [messages.length, notes.length],
  );

  /**
   * One agent action on this conversation; what its ack carries updates the view. Resolves
   * whether it was done (a refusal is shown as the error).
   */
  const act = async (
    run: (
      live: LiveSocket,
      sessionId: string,
    ) => Promise<{ session?: TSession; message?: TMessage; note?: TConversationNote }>,
  ) => {
    if (!live) return false;
    setError(null);
    try {
      const ack = await run(live, props.sessionId);
      if (ack.session) {
        setSession(ack.session);
        attention.hold(ack.session.id, ack.session.status === 'agent');
      }
      if (ack.message) setMessages((list) => mergeMessage(list, ack.message!));
      const note = ack.note;
      if (note) setNotes((list) => (list.some((n) => n.id === note.id) ? list : [...list, note]));
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    }
  };
  const send = async (event: Event) => {
    event.preventDefault();
    if (!draft.trim()) return;
    typing.stop();
    const sent = draft;
    // The same text sent again after a failure keeps its clientId: an ack that timed out may
    // have been a reply that was stored, and the server then answers the first copy.
    const clientId = unsent.current?.content === sent ? unsent.current.clientId : createClientId();
    unsent.current = { content: sent, clientId };
    const isDone = await act((socket, sessionId) =>
      isNote
        ? emitAck(socket, 'note:add', { sessionId, content: sent })
        : emitAck(socket, 'message:send', { sessionId, clientId, content: sent }),
    );
    if (!isDone) return;
    unsent.current = null;
    // A refused reply (too long, conversation closed) stays to be fixed; once sent, only what
    // was typed while it was on its way stays.
    setDraft((now) => (now.startsWith(sent) ? now.slice(sent.length) : now));
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
            <button
              type="button"
              class="primary"
              onClick={() =>
                void act((socket, sessionId) => emitAck(socket, 'session:takeover', { sessionId }))
              }
            >
              Take over
            </button>
          ) : null}
          {isHeld ? (
            <button
              type="button"
              onClick={() =>
                void act((socket, sessionId) => emitAck(socket, 'session:release', { sessionId }))
              }
            >
              Hand back to AI
            </button>
          ) : null}
          {!isClosed ? (
            <button
              type="button"
              onClick={() =>
                void act((socket, sessionId) => emitAck(socket, 'session:close', { sessionId }))
              }
            >
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
      <HolderBar
        sessionId={props.sessionId}
        holder={holder}
        isClosed={isClosed}
        onSession={setSession}
        onError={setError}
      />
      {session ? <BanVisitor visitorId={session.visitorId} /> : null}
      <ol class="messages" aria-live="polite">
        {timeline(messages, notes).map((entry) =>
          'senderType' in entry ? (
            <MessageItem key={entry.id} message={entry} />
          ) : (
            <li key={entry.id} class="message note" data-sender="note">
              <span class="author">Private note · {entry.authorName ?? 'Staff'}</span>
              <p class="content">{entry.content}</p>
              <time class="muted">{new Date(entry.createdAt).toLocaleTimeString()}</time>
            </li>
          ),
        )}
        <div ref={endRef} />
      </ol>
      <TypingNote typing={typing.state} />
      <ErrorNote error={error} />
      {!isClosed ? (
        <form
          class={isNote ? 'composer composing-note' : 'composer'}
          onSubmit={(event) => void send(event)}
        >
          <div class="composer-mode" role="radiogroup" aria-label="Write">
            <label>
              <input type="radio" checked={!isNote} onChange={() => setIsNote(false)} />
              Message to visitor
            </label>
            <label>
              <input type="radio" checked={isNote} onChange={() => setIsNote(true)} />
              Staff-only note
            </label>
          </div>
          <textarea
            id="composer-input"
            aria-label={isNote ? 'Note text' : 'Reply'}
            placeholder={
              isNote
                ? 'Only staff see notes'
                : isHeld
                  ? 'Reply to the visitor'
                  : 'Replying takes the conversation over'
            }
            value={draft}
            onInput={(event) => {
              const textarea = event.target as HTMLTextAreaElement;
              setDraft(textarea.value);
              canned.track(textarea);
              if (!isNote) typing.touch();
            }}
            onKeyDown={(event) => {
              if (canned.onKeyDown(event)) return;
              if (event.key === 'Enter' && !event.shiftKey) void send(event);
            }}
          />
          {canned.picker}
          <button type="submit" class="primary">
            {isNote ? 'Add note' : 'Send'}
          </button>
        </form>
      ) : null}
    </section>
  );
}

/** Messages and notes in the order they were written. */
function timeline(
  messages: TMessage[],
  notes: TConversationNote[],
): Array<TMessage | TConversationNote> {
  return [...messages, ...notes].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
}

function MessageItem({ message }: { message: TMessage }) {
  return (
    <li class={`message from-${message.senderType}`} data-sender={message.senderType}>
      <span class="author">{message.senderName ?? AUTHOR[message.senderType]}</span>
      {/* Text only: Preact escapes it. Never dangerouslySetInnerHTML here. */}
      {message.status === 'moderated' ? (
        <p class="content muted">
          <em>Hidden by moderation: only admins see the text, in Moderation.</em>
        </p>
      ) : (
        <p class="content">{message.content}</p>
      )}
      <time class="muted">{new Date(message.createdAt).toLocaleTimeString()}</time>
    </li>
  );
}

/** "Visitor is typing…", or a warning when another agent is writing to the same visitor. */
function TypingNote({ typing }: { typing: TypingState }) {
  if (typing.otherAgents.length > 0)
    return (
      <p class="collision" role="alert">
        ⚠ {typing.otherAgents.join(', ')} {typing.otherAgents.length > 1 ? 'are' : 'is'} typing a
        reply to this visitor
      </p>
    );
  if (typing.isVisitorTyping)
    return (
      <p class="muted typing" role="status">
        Visitor is typing…
      </p>
    );
  return null;
}
