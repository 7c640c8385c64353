import type { TMessage, TNotification, TSession, TSessionSummary } from '@parley/protocol';
import type { ApiClient } from './api-client.ts';
import type { LiveSocket } from './live-inbox.ts';

/** The agent's opt-in alerts, kept in this browser. */
export interface AlertPrefs {
  sound: boolean;
  desktop: boolean;
}

const PREFS_KEY = 'parley.alerts';

export interface AttentionSnapshot {
  /** Session id → unread visitor messages (the server's count, kept live). */
  counts: Record<string, number>;
  total: number;
  notifications: TNotification[];
  unreadNotifications: number;
  prefs: AlertPrefs;
}

/**
 * What needs the agent: unread counts read from the server and kept live from the `/admin`
 * socket, the server's notifications, and opt-in sound and desktop alerts for new
 * conversations, handoffs and messages in conversations the agent holds.
 */
export class Attention {
  private counts: Record<string, number> = {};
  private notifications: TNotification[] = [];
  private prefs: AlertPrefs;
  private viewing: string | null = null;
  private readonly held = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private audio: AudioContext | undefined;
  /** A session another page asked the inbox to open (from a notification). */
  pendingOpen: string | null = null;

  constructor(
    private readonly api: ApiClient,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage,
  ) {
    this.prefs = readPrefs(storage.getItem(PREFS_KEY));
  }

  snapshot(): AttentionSnapshot {
    return {
      counts: this.counts,
      total: Object.values(this.counts).reduce((sum, count) => sum + count, 0),
      notifications: this.notifications,
      unreadNotifications: this.notifications.filter((item) => !item.read).length,
      prefs: this.prefs,
    };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads counts and notifications from the server (on sign-in and after every reconnect). */
  async load(): Promise<void> {
    const [unread, notes] = await Promise.all([
      this.api.call('GET /api/v1/unread'),
      this.api.call('GET /api/v1/notifications'),
    ]);
    // The open conversation is being read as it arrives: the server learns it on `view`.
    this.counts = this.viewing ? withoutKey(unread.sessions, this.viewing) : unread.sessions;
    this.notifications = notes.items;
    this.emit();
  }

  /** Follows the live socket; returns the function that stops. */
  attach(live: LiveSocket): () => void {
    const reload = () => void this.load().catch(() => undefined);
    const onMessage = (message: TMessage) => this.onMessage(message);
    const onSession = (session: TSessionSummary) => {
      if (session.status === 'agent' && session.assignedUserId === this.api.session?.user.id)
        this.held.add(session.id);
      this.alert(
        'New conversation',
        session.title ?? session.pageUrl ?? 'A visitor started a chat',
      );
    };
    const onHandoff = (session: TSession) => {
      this.alert('A visitor asked for a person', session.title ?? 'Handoff requested');
      reload();
    };
    const onFlag = () => reload();
    // Back at the tab with a conversation open: what arrived meanwhile is read now.
    const onVisible = () => {
      if (document.visibilityState === 'visible' && this.viewing && this.counts[this.viewing])
        this.markRead(this.viewing);
    };
    document.addEventListener('visibilitychange', onVisible);
    live
      .on('connect', reload)
      .on('message:new', onMessage)
      .on('session:new', onSession)
      .on('handoff:requested', onHandoff)
      .on('flag:new', onFlag);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      live
        .off('connect', reload)
        .off('message:new', onMessage)
        .off('session:new', onSession)
        .off('handoff:requested', onHandoff)
        .off('flag:new', onFlag);
    };
  }

  /** The conversation on screen (null: none); opening one marks it read on the server. */
  view(sessionId: string | null, lastSeq?: number): void {
    this.viewing = sessionId;
    if (!sessionId) return;
    this.markRead(sessionId, lastSeq);
  }

  /** This agent now holds (or no longer holds) the conversation: its messages alert. */
  hold(sessionId: string, isHeld: boolean): void {
    if (isHeld) this.held.add(sessionId);
    else this.held.delete(sessionId);
  }

  async readNotification(id: string): Promise<void> {
    this.notifications = this.notifications.map((item) =>
      item.id === id ? { ...item, read: true } : item,
    );
    this.emit();
    await this.api.post(`/notifications/${id}/read`);
  }

  async readAllNotifications(): Promise<void> {
    this.notifications = this.notifications.map((item) => ({ ...item, read: true }));
    this.emit();
    await this.api.post('/notifications/read');
  }

  /** Turns an alert on or off; desktop alerts first ask the browser's permission. */
  async setPref(name: keyof AlertPrefs, isOn: boolean): Promise<void> {
    if (name === 'desktop' && isOn) {
      const permission =
        typeof Notification === 'undefined' ? 'denied' : await Notification.requestPermission();
      isOn = permission === 'granted';
    }
    if (name === 'sound' && isOn) this.audio ??= new AudioContext();
    this.prefs = { ...this.prefs, [name]: isOn };
    this.storage.setItem(PREFS_KEY, JSON.stringify(this.prefs));
    this.emit();
  }

  private onMessage(message: TMessage): void {
    // A blocked message is for the moderation queue: no count, no sound, no notification.
    if (message.senderType !== 'visitor' || message.status === 'moderated') return;
    if (message.sessionId === this.viewing && document.visibilityState === 'visible') {
      this.markRead(message.sessionId, message.seq);
      return;
    }
    this.counts = {
      ...this.counts,
      [message.sessionId]: (this.counts[message.sessionId] ?? 0) + 1,
    };
    this.emit();
    if (this.held.has(message.sessionId)) this.alert('New message', message.content);
  }

  private markRead(sessionId: string, seq?: number): void {
    this.counts = withoutKey(this.counts, sessionId);
    this.emit();
    const body = seq === undefined ? {} : { seq };
    void this.api
      .call('POST /api/v1/sessions/:id/read', { params: { id: sessionId }, body })
      .catch(() => undefined);
  }

  private alert(title: string, body: string): void {
    if (this.prefs.sound) this.beep();
    if (this.prefs.desktop && typeof Notification !== 'undefined')
      if (Notification.permission === 'granted')
        new Notification(`Parley: ${title}`, { body: body.slice(0, 140), tag: 'parley' });
  }

  /** A short two-tone chime, made here so there is no sound file to serve. */
  private beep(): void {
    this.audio ??= new AudioContext();
    const ctx = this.audio;
    const gain = ctx.createGain();
    gain.gain.setValueAtTime(0.15, ctx.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + 0.4);
    gain.connect(ctx.destination);
    [880, 660].forEach((frequency, index) => {
      const tone = ctx.createOscillator();
      tone.frequency.value = frequency;
      tone.connect(gain);
      tone.start(ctx.currentTime + index * 0.15);
      tone.stop(ctx.currentTime + index * 0.15 + 0.15);
    });
  }

  private emit(): void {
    this.listeners.forEach((listener) => listener());
  }
}

function withoutKey(counts: Record<string, number>, key: string): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([id]) => id !== key));
}

function readPrefs(text: string | null): AlertPrefs {
  try {
    const parsed = JSON.parse(text ?? '{}') as Partial<AlertPrefs>;
    return { sound: parsed.sound === true, desktop: parsed.desktop === true };
  } catch {
    return { sound: false, desktop: false };
  }
}
