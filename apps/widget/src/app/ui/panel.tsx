import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TWidgetPublicConfig } from '@parley/protocol';
import type { ChatClient } from '../chat/chat-client.ts';
import type { ChatState } from '../chat/chat-state.ts';
import { availabilityText } from './availability-note.tsx';
import { banText } from './ban-note.ts';
import { Composer } from './composer.tsx';
import { ContactForm } from './contact-form.tsx';
import { translate } from './i18n.ts';
import { MessageItem } from './message-item.tsx';
import { TranscriptOffer } from './transcript-offer.tsx';

interface Props {
  client: ChatClient;
  config: TWidgetPublicConfig;
  locale: string;
  isEmbedded: boolean;
  onClose: () => void;
}

function useChatState(client: ChatClient): ChatState {
  const [state, setState] = useState(client.state.get());
  useEffect(() => {
    setState(client.state.get());
    return client.state.subscribe(() => setState(client.state.get()));
  }, [client]);
  return state;
}

/** Keeps the log pinned to the newest message unless the visitor scrolled up to read. */
function useStickToBottom(deps: unknown[], onTop: () => void) {
  const ref = useRef<HTMLOListElement>(null);
  const isPinned = useRef(true);
  const fromBottom = useRef(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Pinned: follow new messages. Otherwise keep the visitor's place when older ones load above.
    el.scrollTop = isPinned.current ? el.scrollHeight : el.scrollHeight - fromBottom.current;
  }, deps);
  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    fromBottom.current = el.scrollHeight - el.scrollTop;
    isPinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
    if (el.scrollTop < 24) onTop();
  };
  return { ref, onScroll };
}

/** The chat panel: a labelled dialog with a live log, status line and composer. */
export function Panel({ client, config, locale, isEmbedded, onClose }: Props) {
  const state = useChatState(client);
  const { t, dir, lang } = translate(locale);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const isLoadingOlder = useRef(false);
  const loadOlder = () => {
    if (!state.hasOlder || isLoadingOlder.current) return;
    isLoadingOlder.current = true;
    void client.loadOlder().finally(() => (isLoadingOlder.current = false));
  };
  const log = useStickToBottom([state.messages, state.typing], loadOlder);
  const session = state.session;
  const isClosed = session?.status === 'closed';

  useEffect(() => inputRef.current?.focus(), []);
  useEffect(() => client.markRead(), [state.messages, client]);

  const status =
    state.status === 'offline' ? t.offline : state.status === 'connecting' ? t.connecting : '';
  const typing = state.typing.agent ? t.typingAgent : state.typing.ai ? t.typingAi : '';
  const hasVisitorMessage = state.messages.some((m) => m.senderType === 'visitor');
  // Follow-up questions of the latest answer, while it is the latest message.
  const latest = state.messages[state.messages.length - 1];
  const followUps = latest?.senderType === 'ai' ? (latest.suggestions ?? []) : [];
  return (
    <section
      class={`pn ${config.theme}${isEmbedded ? ' emb' : ''}`}
      role="dialog"
      aria-labelledby="pw-title"
      lang={lang}
      dir={dir}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !isEmbedded) onClose();
      }}
    >
      <header class="hd">
        <div>
          <h2 id="pw-title">{config.title}</h2>
          {config.handoffEnabled && state.availability && (
            <p class="av">{availabilityText(state.availability, t, lang)}</p>
          )}
        </div>
        {!isEmbedded && (
          <button type="button" class="x" aria-label={t.close} onClick={onClose}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z" />
            </svg>
          </button>
        )}
      </header>
      <p class="st" role="status">
        {state.isBanned ? banText(state.banEndsAt, t, lang) : state.error || status}
      </p>
      <ol class="log" role="log" aria-live="polite" ref={log.ref} onScroll={log.onScroll}>
        {state.hasOlder && (
          <li class="more">
            <button type="button" class="lnk" onClick={loadOlder}>
              {t.older}
            </button>
          </li>
        )}
        {config.greeting && (
          <li class="msg system greet">
            <div class="bub">{config.greeting}</div>
          </li>
        )}
        {state.messages.map((message) => (
          <MessageItem
            key={message.clientId ?? message.id}
            message={message}
            t={t}
            lang={lang}
            isReadByAgent={message.seq > 0 && message.seq <= state.agentReadSeq}
            onRetry={client.retry}
            onRate={(id, rating) => void client.rate(id, rating)}
          />
        ))}
      </ol>
      <p class="typ" aria-live="polite">
        {typing}
      </p>
      {!hasVisitorMessage && config.context.topics.length > 0 && (
        <div class="chips" role="group" aria-label={t.suggestions}>
          {config.context.topics.slice(0, 6).map((topic) => (
            <button key={topic} type="button" onClick={() => client.send(topic)}>
              {topic}
            </button>
          ))}
        </div>
      )}
      {hasVisitorMessage && !isClosed && !state.isBanned && followUps.length > 0 && (
        <div class="chips" role="group" aria-label={t.followUps}>
          {followUps.map((question) => (
            <button key={question} type="button" onClick={() => client.send(question)}>
              {question}
            </button>
          ))}
        </div>
      )}
      {isClosed ? (
        <div class="end">
          <p>{t.closed}</p>
          <TranscriptOffer client={client} t={t} contactEmail={state.contactEmail} />
          <button type="button" class="pri" onClick={client.startNewConversation}>
            {t.restart}
          </button>
        </div>
      ) : (
        <>
          {/* Once an agent holds the conversation there is nothing to ask for or wait for. */}
          {config.handoffEnabled && session && !state.isBanned && session.status !== 'agent' && (
            <div class="ho">
              {session.status === 'open' ? (
                <button type="button" class="lnk" onClick={() => void client.requestHuman()}>
                  {t.human}
                </button>
              ) : session.status === 'handoff' && state.availability?.state !== 'online' ? (
                <ContactForm
                  t={t}
                  savedEmail={state.contactEmail}
                  isConfirmed={state.isContactConfirmed}
                  onSave={client.leaveContact}
                />
              ) : (
                <span>{t.humanRequested}</span>
              )}
            </div>
          )}
          <Composer
            t={t}
            placeholder={config.placeholder ?? t.placeholder}
            isDisabled={state.isBanned}
            inputRef={inputRef}
            onSend={client.send}
            onTyping={client.setTyping}
          />
        </>
      )}
    </section>
  );
}
