import type { Database } from '@parley/db';
import { serveHostPage, type HostPage } from '@parley/test-kit';
import type { ParleyServer } from '../../../server/src/app/create-server.ts';
import type { ConversationResponder } from '../../../server/src/features/conversations/conversation-responder.ts';
import { seedDemo } from '../../../server/src/features/demo/demo-seed.ts';
import { startTestServer } from '../../../server/test/support/test-server.ts';

export interface ParleyStack {
  serverUrl: string;
  widgetKey: string;
  host: HostPage;
  db: Database;
  server: ParleyServer;
  /** Adds an origin to the widget's allowed origins (another host page). */
  allowOrigin(origin: string): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stands in for the AI pipeline (packages/ai) so answers are known in advance: it streams
 * "Streaming answer to: <question>" in three pieces, echoing the question verbatim (so a payload
 * in it comes back inside an AI answer), with one source.
 */
export const streamingEchoResponder: ConversationResponder = {
  async respond({ message }, output) {
    output.typing(true);
    for (const piece of ['Streaming ', 'answer ', `to: ${message.content}`]) {
      await sleep(400);
      output.delta(piece);
    }
    await output.commit({
      content: `Streaming answer to: ${message.content}`,
      sources: [{ title: 'Parley FAQ', url: 'https://example.com/faq' }],
    });
  },
};

/**
 * The real server in process (on a fresh SQLite database, with the demo seed), and a hostile
 * host page on another loopback origin that embeds its widget.
 */
export async function startParleyStack(): Promise<ParleyStack> {
  // Every page of the suite connects from 127.0.0.1; the test server's limits are generous.
  const {
    url: serverUrl,
    db,
    server,
    close,
  } = await startTestServer({
    kind: 'sqlite',
    mariadbBaseUrl: '',
    responder: streamingEchoResponder,
  });
  // The page needs the key before it exists, and the widget needs the page's origin: the demo
  // key is fixed, so serve the page first and seed the widget with its origin.
  const host = await serveHostPage({ serverUrl, widgetKey: 'wk_demo' });
  const seed = await seedDemo(db, { demoOrigins: [host.origin], serverOrigin: serverUrl });
  return {
    serverUrl,
    widgetKey: seed.widgetKey,
    host,
    db,
    server,
    allowOrigin: async (origin) => {
      const row = await db.models.WidgetConfig.findOne({ where: { widgetKey: seed.widgetKey } });
      await row!.update({ allowedOrigins: [...(row!.allowedOrigins ?? []), origin] });
      // As the admin API does after a change: the server forgets its cached copy of the widget.
      server.conversations.events.emit('widget:updated', {
        widgetId: row!.id,
        widgetKey: row!.widgetKey,
      });
    },
    close: async () => {
      await host.close();
      await close();
    },
  };
}
