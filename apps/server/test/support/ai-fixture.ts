import { randomUUID } from 'node:crypto';
import type { TMessage, TSession } from '@parley/protocol';
import { askOk, connectWidget, type WidgetTestSocket } from './widget-client.ts';

/** A visitor tab with a fresh session that records every event it receives. */
export interface VisitorTab {
  socket: WidgetTestSocket;
  session: TSession;
  events: Array<[string, unknown]>;
  /** Sends a message and resolves with the next committed non-visitor message(s). */
  ask(content: string, expectedReplies?: number): Promise<TMessage[]>;
  close(): void;
}

export async function openVisitorTab(
  baseUrl: string,
  options: { widgetKey: string; page?: { url: string; title: string } },
): Promise<VisitorTab> {
  const socket = await connectWidget(baseUrl, { widgetKey: options.widgetKey });
  const events: Array<[string, unknown]> = [];
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  const page = options.page ?? { url: 'https://shop.example.com/help', title: 'Help' };
  const { session } = await askOk(socket, 'session:start', { page });
  const replies: TMessage[] = [];
  const waiters: Array<() => void> = [];
  const onReply = (message: TMessage) => {
    if (message.senderType === 'visitor') return;
    replies.push(message);
    waiters.splice(0).forEach((wake) => wake());
  };
  socket.on('message:new', onReply);
  socket.on('message:done', ({ message }: { message: TMessage }) => onReply(message));
  return {
    socket,
    session,
    events,
    async ask(content, expectedReplies = 1) {
      replies.length = 0;
      events.length = 0;
      await askOk(socket, 'message:send', {
        sessionId: session.id,
        clientId: randomUUID(),
        content,
      });
      const deadline = Date.now() + 15_000;
      while (replies.length < expectedReplies) {
        if (Date.now() > deadline) throw new Error(`no reply to "${content}"`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return [...replies];
    },
    close: () => socket.close(),
  };
}
