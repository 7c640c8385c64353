import { io } from 'socket.io-client';
import {
  createClientId,
  type TAvailability,
  type TConnectErrorData,
  type TIdentify,
  type TMessage,
} from '@parley/protocol';
import {
  addPending,
  applyDelta,
  firstSeq,
  lastSeq,
  mergeCommitted,
  queuedMessages,
  setDeliveryState,
} from './message-state.ts';
import { createStateCell, INITIAL_STATE, type ChatState } from './chat-state.ts';
import { banEndOf, createBanTimer } from './ban-timer.ts';
import { fetchOlderMessages } from './history-page.ts';
import { ask as askServer, type WidgetSocket } from './socket-ask.ts';
import type { VisitorStore } from './storage.ts';

export interface ChatClientOptions {
  serverUrl: string;
  widgetKey: string;
  /** The dashboard's sandboxed preview only: admits its `Origin: null` (handshake and REST). */
  previewTicket?: string;
  store: VisitorStore;
  /** A committed message from someone else arrived. */
  onIncoming(message: TMessage): void;
  onConfigUpdate(): void;
}

/**
 * The visitor's connection: opens or resumes the session, sends typed messages once and in order
 * (queued while offline, made idempotent by their clientId), and resyncs from the last seq after a
 * reconnect or when the tab becomes visible again.
 */
export function createChatClient(options: ChatClientOptions) {
  const { store } = options;
  const cell = createStateCell(INITIAL_STATE);
  let socket: WidgetSocket | undefined;
  let isFlushing = false;
  let pendingIdentify: TIdentify | undefined;
  let visitorId: string | undefined;
  let isIdentified = false;
  let availabilityTimer: ReturnType<typeof setTimeout> | undefined;
  // `active`: a socket already connecting again (the visitor went online) is not opened twice.
  const reconnect = () => {
    if (socket && !socket.active) socket.connect();
  };
  const banTimer = createBanTimer(reconnect);

  /**
   * Every request goes through here. A BANNED answer is a ban whose notice this tab missed (made
   * on a node it could not hear): it is shown like one, and the connection let go until the end.
   */
  const ask: typeof askServer = async (s, event, payload) => {
    const res = await askServer(s, event, payload);
    if (!res.ok && res.error.code === 'BANNED') {
      onBanned(banEndOf(res.error.details));
      s.disconnect();
    }
    return res;
  };
  const set = (patch: Partial<ChatState>) => cell.set(patch);
  const messages = () => cell.get().messages;
  const remember = (patch: Partial<ReturnType<VisitorStore['read']>>) => {
    const outbox = queuedMessages(messages()).map((m) => ({
      clientId: m.clientId ?? '',
      content: m.content,
      createdAt: m.createdAt,
    }));
    store.write({ ...store.read(), outbox, ...patch });
  };

  for (const item of store.read().outbox) set({ messages: addPending(messages(), item) });

  async function openSession(): Promise<void> {
    // Let go by a ban (or the network): a request now would wait, then go out on the next connect.
    if (!socket?.connected) return;
    const knownSeq = lastSeq(messages());
    const remembered = store.read();
    const res = await ask(socket, 'session:start', {
      sessionId: remembered.sessionId ?? undefined,
      page: { url: location.href, title: document.title, referrer: document.referrer },
      locale: navigator.language,
    });
    if (!res.ok) {
      // Banned for now, not gone: the ban's line and timer take over, and the same conversation
      // is reopened when it ends (or after a reload).
      if (res.error.code === 'BANNED') return;
      if (remembered.sessionId && res.error.code !== 'RATE_LIMITED') {
        remember({ sessionId: null }); // gone or not ours: start afresh
        return openSession();
      }
      set({ error: res.error.message });
      return;
    }
    remember({ token: res.visitor.token, sessionId: res.session.id });
    visitorId = res.visitor.id;
    // Another session than before (a new conversation, another person): start from its history.
    const previous = cell.get().session;
    const isSameSession = !previous || previous.id === res.session.id;
    const base = isSameSession ? messages() : queuedMessages(messages());
    const merged = mergeCommitted(base, res.messages);
    set({ session: res.session, messages: merged, error: null, hasOlder: firstSeq(merged) > 1 });
    if (knownSeq > 0 && isSameSession) await resync();
  }

  async function resync(): Promise<void> {
    const session = cell.get().session;
    if (!socket?.connected || !session) return;
    const res = await ask(socket, 'session:resume', {
      sessionId: session.id,
      afterSeq: lastSeq(messages()),
    });
    if (res.ok) set({ messages: mergeCommitted(messages(), res.messages) });
  }

  /**
   * A ban for good refused the conversation before anything was sent: the queued messages will
   * never go, so each says it was not sent rather than wait (a temporary ban's are sent after it).
   */
  function failQueuedUnderBanForGood(): void {
    const { isBanned, banEndsAt } = cell.get();
    if (!isBanned || banEndsAt !== null) return;
    let next = messages();
    for (const queued of queuedMessages(next))
      next = setDeliveryState(next, queued.clientId ?? '', { state: 'failed' });
    set({ messages: next });
    remember({});
  }

  /** Sends queued messages one at a time, in the order typed; stops at the first lost ack. */
  async function flush(): Promise<void> {
    if (isFlushing || !socket?.connected) return;
    isFlushing = true;
    try {
      // A new visitor's session starts with their first message, so agents see no empty ones.
      if (!cell.get().session && queuedMessages(messages()).length) {
        // Lost with the connection: the messages stay queued for the next connect.
        const isOpen = await openSession().then(
          () => true,
          () => false,
        );
        if (!isOpen) return;
      }
      const session = cell.get().session;
      if (!session) return failQueuedUnderBanForGood();
      for (let next = queuedMessages(messages())[0]; next; next = queuedMessages(messages())[0]) {
        const clientId = next.clientId ?? '';
        set({ messages: setDeliveryState(messages(), clientId, { state: 'sending' }) });
        let res;
        try {
          res = await ask(socket, 'message:send', {
            sessionId: session.id,
            clientId,
            content: next.content,
          });
        } catch {
          set({ messages: setDeliveryState(messages(), clientId, { state: 'queued' }) });
          return;
        }
        if (!res.ok && res.error.code === 'BANNED') {
          // Not refused for what it says: it waits, in order, for the end of the ban; a ban for
          // good has no end, so it is not sent, and says so.
          const isForGood = cell.get().banEndsAt === null;
          const state = isForGood
            ? { state: 'failed' as const, error: res.error.message }
            : { state: 'queued' as const };
          set({ messages: setDeliveryState(messages(), clientId, state) });
          remember({});
          return;
        }
        set({
          messages: res.ok
            ? mergeCommitted(messages(), [res.message])
            : setDeliveryState(messages(), clientId, {
                state: 'failed',
                error: res.error.message,
                isFinal: res.error.code === 'BLOCKED_BY_MODERATION',
              }),
        });
        remember({});
      }
    } finally {
      isFlushing = false;
    }
  }

  let hasConnected = false;
  async function onConnect(): Promise<void> {
    // A refusal from before (rate limited, a server error) no longer holds once connected.
    set({ status: 'online', error: null, isBanned: false, banEndsAt: null });
    banTimer.stop();
    // A config edit made while this tab was away is picked up on return (cheap: ETag).
    if (hasConnected) options.onConfigUpdate();
    hasConnected = true;
    if (pendingIdentify && (await identify(pendingIdentify))) return; // reconnecting as them
    // A known visitor (returning, or just identified) may have a conversation to show.
    if (store.read().sessionId || cell.get().session || isIdentified) await openSession();
    await flush();
  }

  function listen(s: WidgetSocket): void {
    // A request cut off by a lost connection is not news: the offline text (or a ban's) says it.
    const fail = (error: unknown) => {
      if (s.connected && !cell.get().isBanned) set({ error: String(error) });
    };
    s.on('connect', () => void onConnect().catch(fail));
    s.on('disconnect', () => set({ status: 'offline', typing: { ai: false, agent: false } }));
    // The server closes a banned visitor's connections right after this and does not take them
    // back before the ban ends: say why, instead of promising to send once back online.
    s.on('visitor:banned', (notice) => onBanned(notice.expiresAt));
    s.on('connect_error', (error: Error & { data?: TConnectErrorData }) => {
      const code = error.data?.code;
      set({ status: 'offline', error: error.data?.message ?? null, isBanned: code === 'BANNED' });
      if (code === 'BANNED') onBanned(banEndOf(error.data?.details));
      else if (code === 'UNAUTHORIZED' && store.read().token) {
        remember({ token: null, sessionId: null }); // expired or foreign token: become a new visitor
        s.connect();
      } else if (code === 'RATE_LIMITED' || code === 'INTERNAL') {
        // A refusal by the server is not retried by Socket.IO itself: try again a bit later.
        const wait = Number(error.data?.details?.retryAfterMs) || 5_000;
        setTimeout(() => s.connect(), Math.min(wait, 60_000));
      }
    });
    s.on('message:new', (message) => {
      set({ messages: mergeCommitted(messages(), [message]) });
      if (message.senderType !== 'visitor') options.onIncoming(message);
    });
    s.on('message:delta', (delta) => {
      set({ messages: applyDelta(messages(), delta, new Date().toISOString()) });
    });
    s.on('message:done', ({ message }) => {
      set({
        messages: mergeCommitted(messages(), [message]),
        typing: { ...cell.get().typing, ai: false },
      });
      options.onIncoming(message);
    });
    s.on('message:update', (message) => set({ messages: mergeCommitted(messages(), [message]) }));
    s.on('message:read', (event) => {
      if (event.reader === 'agent')
        set({ agentReadSeq: Math.max(cell.get().agentReadSeq, event.seq) });
    });
    s.on('typing', (event) => {
      if (event.actor !== 'visitor')
        set({ typing: { ...cell.get().typing, [event.actor]: event.isTyping } });
    });
    s.on('session:update', (session) => set({ session }));
    s.on('availability', onAvailability);
    s.on('config:update', () => options.onConfigUpdate());
  }

  /** Nothing typed is sent until `expiresAt` (null: for good); then the widget comes back. */
  function onBanned(expiresAt: string | null): void {
    set({ isBanned: true, banEndsAt: expiresAt });
    banTimer.waitFor(expiresAt);
  }

  /** Keeps the availability, and asks again when office hours open or close. */
  function onAvailability(availability: TAvailability): void {
    set({ availability });
    if (availability.changesAt) askAvailabilityIn(Date.parse(availability.changesAt) - Date.now());
  }

  /**
   * At least 15 s apart: a visitor's clock running ahead would otherwise ask again and again
   * before the server's `changesAt`. At most a day: longer timers overflow.
   */
  function askAvailabilityIn(ms: number): void {
    clearTimeout(availabilityTimer);
    availabilityTimer = setTimeout(
      () => {
        if (!socket?.connected) return;
        void ask(socket, 'availability:get', {}).then(
          (res) => (res.ok ? onAvailability(res) : askAvailabilityIn(60_000)),
          () => askAvailabilityIn(60_000),
        );
      },
      Math.min(Math.max(ms + 1_000, 15_000), 86_400_000),
    );
  }

  function connect(): void {
    if (socket) {
      // `active` covers connecting and reconnecting: a second connect() would open the
      // namespace twice and start a second visitor.
      if (!socket.active && navigator.onLine) socket.connect();
      return;
    }
    set({ status: 'connecting' });
    socket = io(`${options.serverUrl}/widget`, {
      auth: (cb) =>
        cb({
          widgetKey: options.widgetKey,
          visitorToken: store.read().token ?? undefined,
          previewTicket: options.previewTicket,
        }),
      transports: ['websocket', 'polling'],
      withCredentials: false,
    });
    listen(socket);
  }

  /** Links the visitor to the host's user; true when that makes it reconnect as someone else. */
  async function identify(identity: TIdentify): Promise<boolean> {
    pendingIdentify = identity;
    if (!socket?.connected) return false;
    pendingIdentify = undefined;
    const res = await ask(socket, 'identify', identity);
    if (!res.ok) {
      // Linked on the first connect after the ban instead.
      if (res.error.code === 'BANNED') pendingIdentify = identity;
      else set({ error: res.error.message });
      return false;
    }
    remember({ token: res.visitor.token });
    // For the site's developer, who called identify: the visitor can do nothing about it.
    if (res.ignored?.length) console.warn(`Parley identify: left out ${res.ignored.join(', ')}`);
    if (res.visitor.id === visitorId) return false;
    // Now someone seen before (another device): reconnect as them, to their conversation.
    visitorId = res.visitor.id;
    isIdentified = true;
    socket.disconnect().connect();
    return true;
  }

  window.addEventListener('offline', () => socket?.disconnect());
  window.addEventListener('online', reconnect);
  // Back in view: catch up; or, banned, ask once whether the ban still holds (lifted early, it
  // would otherwise be noticed only at its old end or on a reload).
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    if (cell.get().isBanned) reconnect();
    else void resync().catch(() => undefined);
  });
  store.onExternalChange((value) => {
    const session = cell.get().session;
    if (session && value.sessionId && value.sessionId !== session.id) {
      set({ messages: [], session: null });
      socket?.disconnect().connect(); // another tab started a new conversation
    }
  });

  return {
    state: cell,
    connect,
    identify: (identity: TIdentify) => identify(identity).catch(() => undefined),
    send: (content: string): void => {
      const text = content.trim();
      if (!text) return;
      store.consent(); // sending is an interaction: from here on the token may be stored
      const item = {
        clientId: createClientId(),
        content: text,
        createdAt: new Date().toISOString(),
      };
      set({ messages: addPending(messages(), item) });
      remember({});
      connect();
      void flush();
    },
    retry: (clientId: string): void => {
      set({ messages: setDeliveryState(messages(), clientId, { state: 'queued' }) });
      void flush();
    },
    loadOlder: async (): Promise<void> => {
      const { session } = cell.get();
      const token = store.read().token;
      if (!session || !token) return;
      const page = await fetchOlderMessages({
        serverUrl: options.serverUrl,
        sessionId: session.id,
        before: firstSeq(messages()),
        token,
        previewTicket: options.previewTicket,
      });
      if (page)
        set({ messages: mergeCommitted(messages(), page.messages), hasOlder: page.hasMore });
    },
    markRead: (): void => {
      const seq = lastSeq(messages());
      const session = cell.get().session;
      if (!session || seq <= store.read().readSeq) return;
      remember({ readSeq: seq });
      socket?.emit('message:read', { sessionId: session.id, seq });
    },
    setTyping: (isTyping: boolean): void => {
      const session = cell.get().session;
      if (session && socket?.connected) socket.emit('typing', { sessionId: session.id, isTyping });
    },
    requestHuman: async (): Promise<void> => {
      const session = cell.get().session;
      if (!session || !socket?.connected) return;
      const res = await ask(socket, 'handoff:request', { sessionId: session.id }).catch(() => null);
      if (res?.ok) set({ session: res.session });
    },
    /** Saves (or, with null, withdraws) the email replies go to; the error message otherwise. */
    leaveContact: async (email: string | null, name?: string): Promise<string | null> => {
      if (!socket?.connected) return null;
      const res = await ask(socket, 'visitor:contact', { email, name }).catch(() => null);
      if (!res) return null;
      if (!res.ok) return res.error.message;
      set({ contactEmail: res.contact.email, isContactConfirmed: res.contact.isConfirmed });
      return null;
    },
    /** Mails this conversation to the contact address; the refusal's message, or null. */
    requestTranscript: async (): Promise<string | null> => {
      const session = cell.get().session;
      if (!session || !socket?.connected) return null;
      const res = await ask(socket, 'transcript:request', { sessionId: session.id }).catch(
        () => null,
      );
      return !res || res.ok ? null : res.error.message;
    },
    rate: async (messageId: string, rating: 'up' | 'down'): Promise<void> => {
      if (!socket?.connected) return;
      const res = await ask(socket, 'feedback', { messageId, rating }).catch(() => null);
      if (res?.ok)
        set({ messages: messages().map((m) => (m.id === messageId ? { ...m, rating } : m)) });
    },
    startNewConversation: (): void => {
      remember({ sessionId: null });
      set({ messages: [], session: null, hasOlder: false });
      if (socket?.connected) void openSession().catch(() => undefined);
      else connect();
    },
    reset: (): void => {
      banTimer.stop();
      store.clear();
      set({ ...INITIAL_STATE });
      socket?.disconnect();
      socket = undefined;
    },
  };
}

export type ChatClient = ReturnType<typeof createChatClient>;
