import { randomUUID } from 'node:crypto';
import type { TFlaggedContent, TSession } from '@parley/protocol';
import type { DatabaseKind } from '@parley/test-kit';
import type { ConversationResponder } from '../../src/features/conversations/conversation-responder.ts';
import { seedWidget } from './seed-widget.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import {
  ask,
  askOk,
  connectWidget,
  type TestSocket,
  type WidgetTestSocket,
} from './widget-client.ts';

/** What the test responder says for `say <key>` (so the visitor never types it). */
export const ANSWERS: Record<string, string> = {
  mild: 'Answer: darn good',
  threat: 'Answer: kill yourself',
  refund: 'Answer: refunds take 5 days',
};

/**
 * A test responder: `say <key>` answers `ANSWERS[key]` at once, `stream <key>` streams it in two
 * deltas first, `break <key>` streams it and fails; anything else gets "Noted.".
 */
export const echoResponder: ConversationResponder = {
  async respond({ message }, output) {
    const [verb, key = ''] = message.content.split(' ');
    const said = ANSWERS[key];
    if (verb === 'break' && said !== undefined) {
      output.delta(said);
      throw new Error('provider connection reset');
    }
    if (said === undefined || (verb !== 'say' && verb !== 'stream'))
      return void (await output.commit({ content: 'Noted.' }));
    if (verb === 'stream') {
      output.delta(said.slice(0, 8));
      output.delta(said.slice(8));
    }
    await output.commit({ content: said });
  },
};

export interface Tab {
  socket: WidgetTestSocket;
  /** Every event this tab received, in order. */
  received: Array<[string, unknown]>;
}

export interface ModerationFixture {
  t: TestServer;
  widgetKey: string;
  flagsCreated: TFlaggedContent[];
  /** A widget tab; with `sessionId` (and its visitor's token) another tab of that session. */
  open(join?: {
    visitorToken: string;
    sessionId: string;
  }): Promise<Tab & { session: TSession; visitorToken: string }>;
  close(): Promise<void>;
}

export async function startModerationFixture(
  kind: DatabaseKind,
  mariadbBaseUrl: string,
  env: Record<string, string> = {},
): Promise<ModerationFixture> {
  const t = await startTestServer({ kind, mariadbBaseUrl, env, responder: echoResponder });
  const widget = await seedWidget(t.db);
  const flagsCreated: TFlaggedContent[] = [];
  t.server.moderation.events.on('flag:created', ({ flag }) => flagsCreated.push(flag));
  const sockets: TestSocket[] = [];
  return {
    t,
    widgetKey: widget.widgetKey,
    flagsCreated,
    async open(join) {
      const socket = await connectWidget(t.url, {
        widgetKey: widget.widgetKey,
        ...(join ? { visitorToken: join.visitorToken } : {}),
      });
      sockets.push(socket);
      const received: Array<[string, unknown]> = [];
      socket.onAny((event: string, payload: unknown) => received.push([event, payload]));
      const ack = await askOk(socket, 'session:start', {
        ...(join ? { sessionId: join.sessionId } : {}),
        page: { url: 'https://shop.example.com/', title: 'Shop' },
      });
      return { socket, received, session: ack.session, visitorToken: ack.visitor.token };
    },
    async close() {
      for (const socket of sockets) socket.close();
      await t.close();
    },
  };
}

/** Sends as the visitor; resolves with the ack, accepted or refused. */
export const send = (socket: WidgetTestSocket, sessionId: string, content: string) =>
  ask(socket, 'message:send', { sessionId, clientId: randomUUID(), content });

/** Polls until `check` returns a value (not undefined), or fails after 10 s. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
