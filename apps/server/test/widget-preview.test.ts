import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  PREVIEW_TICKET_HEADER,
  ZPreviewTicketSchema,
  type TMessage,
  type TPreviewTicket,
} from '@parley/protocol';
import { DATABASE_KINDS } from '@parley/test-kit';
import type { ConversationResponder } from '../src/features/conversations/conversation-responder.ts';
import { PREVIEW_TICKET_LIFETIME_S } from '../src/features/widgets/preview-ticket.ts';
import { api, createAgent, setupAdmin } from './support/admin-client.ts';
import { seedWidget } from './support/seed-widget.ts';
import { startTestServer, type TestServer } from './support/test-server.ts';
import { askOk, connectWidget, refusalOf, type TestSocket } from './support/widget-client.ts';

/** What a sandboxed iframe (an opaque origin) sends as its Origin. */
const SANDBOXED = 'null';
const page = { url: 'http://preview/', title: 'Preview' };

const echo: ConversationResponder = {
  async respond({ message }, output) {
    await output.commit({ content: `AI: ${message.content}` });
  },
};

describe.each(DATABASE_KINDS)("the dashboard's sandboxed widget preview on %s", (kind) => {
  let t: TestServer;
  let adminToken: string;
  let agentToken: string;
  let widget: { id: string; widgetKey: string };
  let otherWidget: { id: string; widgetKey: string };
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    t = await startTestServer({ kind, mariadbBaseUrl: inject('mariadbBaseUrl'), responder: echo });
    adminToken = (await setupAdmin(t.url)).accessToken;
    agentToken = (await createAgent(t.url, adminToken)).accessToken;
    // Listed origins only, as a real widget has: `null` is not among them.
    widget = await seedWidget(t.db, { allowedOrigins: ['https://shop.example.com'] });
    otherWidget = await seedWidget(t.db, { allowedOrigins: ['https://shop.example.com'] });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });

  const askTicket = (widgetId: string, token?: string) =>
    api<TPreviewTicket & { error?: { code: string } }>(
      t.url,
      `POST /api/v1/widgets/${widgetId}/preview-ticket`,
      { token },
    );
  const ticketFor = async (widgetId: string) => {
    const answer = await askTicket(widgetId, adminToken);
    expect(answer.status).toBe(200);
    return ZPreviewTicketSchema.parse(answer.body).ticket;
  };
  const configFrom = (widgetKey: string, headers: Record<string, string>) =>
    fetch(`${t.url}/api/v1/widgets/${widgetKey}/config`, { headers });

  it('refuses a sandboxed page (Origin: null) without a ticket: socket and REST', async () => {
    expect((await refusalOf(t.url, { widgetKey: widget.widgetKey, origin: SANDBOXED }))?.code).toBe(
      'ORIGIN_NOT_ALLOWED',
    );
    const config = await configFrom(widget.widgetKey, { origin: SANDBOXED });
    expect(config.status).toBe(403);
    expect(config.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('admits Origin: null with a valid ticket for the widget: config, then a chat that is answered', async () => {
    // A JWT counts whole seconds, so the ticket was issued at the start of the second of the
    // request: between `before` rounded down and `after`.
    const before = Math.floor(Date.now() / 1000) * 1000;
    const answer = await askTicket(widget.id, adminToken);
    const after = Date.now();
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { ticket, expiresAt } = ZPreviewTicketSchema.parse(answer.body);
    expect(Date.parse(expiresAt)).toBeGreaterThanOrEqual(before + PREVIEW_TICKET_LIFETIME_S * 1000);
    expect(Date.parse(expiresAt)).toBeLessThanOrEqual(after + PREVIEW_TICKET_LIFETIME_S * 1000);

    // The browser asks first whether it may send the ticket header from `null`.
    const preflight = await fetch(`${t.url}/api/v1/widgets/${widget.widgetKey}/config`, {
      method: 'OPTIONS',
      headers: {
        origin: SANDBOXED,
        'access-control-request-method': 'GET',
        'access-control-request-headers': PREVIEW_TICKET_HEADER,
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      PREVIEW_TICKET_HEADER,
    );
    const config = await configFrom(widget.widgetKey, {
      origin: SANDBOXED,
      [PREVIEW_TICKET_HEADER]: ticket,
    });
    expect(config.status).toBe(200);
    expect(config.headers.get('access-control-allow-origin')).toBe(SANDBOXED);
    expect(((await config.json()) as { widgetKey: string }).widgetKey).toBe(widget.widgetKey);

    const socket = await connectWidget(t.url, {
      widgetKey: widget.widgetKey,
      origin: SANDBOXED,
      previewTicket: ticket,
    });
    sockets.push(socket);
    const started = await askOk(socket, 'session:start', { page });
    expect(started.ok).toBe(true);
    const answered = new Promise<TMessage>((resolve) =>
      socket.on('message:new', (message: TMessage) => {
        if (message.senderType === 'ai') resolve(message);
      }),
    );
    const sent = await askOk(socket, 'message:send', {
      sessionId: started.session.id,
      clientId: 'p1',
      content: 'hello from the preview',
    });
    expect(sent.ok).toBe(true);
    expect((await answered).content).toBe('AI: hello from the preview');

    // History paging (REST, visitor token) is admitted the same way.
    const history = await fetch(
      `${t.url}/api/v1/sessions/${started.session.id}/messages?before=1000`,
      {
        headers: {
          origin: SANDBOXED,
          authorization: `Bearer ${started.visitor.token}`,
          [PREVIEW_TICKET_HEADER]: ticket,
        },
      },
    );
    expect(history.status).toBe(200);
    const withoutTicket = await fetch(
      `${t.url}/api/v1/sessions/${started.session.id}/messages?before=1000`,
      { headers: { origin: SANDBOXED, authorization: `Bearer ${started.visitor.token}` } },
    );
    expect(withoutTicket.status).toBe(403);
  });

  it("refuses another widget's ticket, an expired one and a forged one", async () => {
    const othersTicket = await ticketFor(otherWidget.id);
    const expired = t.server.conversations.previewTickets.issue(
      widget.widgetKey,
      new Date(Date.now() - (PREVIEW_TICKET_LIFETIME_S + 60) * 1000),
    ).ticket;
    const valid = await ticketFor(widget.id);
    const [head, body, signature] = valid.split('.') as [string, string, string];
    const forged = `${head}.${body}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const previewTicket of [othersTicket, expired, forged, 'not-a-ticket']) {
      const refusal = await refusalOf(t.url, {
        widgetKey: widget.widgetKey,
        origin: SANDBOXED,
        previewTicket,
      });
      expect(refusal?.code).toBe('ORIGIN_NOT_ALLOWED');
      expect(refusal?.details?.field).toBe('previewTicket');
      const config = await configFrom(widget.widgetKey, {
        origin: SANDBOXED,
        [PREVIEW_TICKET_HEADER]: previewTicket,
      });
      expect(config.status).toBe(403);
      expect(config.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('a ticket admits only the sandboxed preview, not another site', async () => {
    const ticket = await ticketFor(widget.id);
    const refusal = await refusalOf(t.url, {
      widgetKey: widget.widgetKey,
      origin: 'https://evil.example.net',
      previewTicket: ticket,
    });
    expect(refusal?.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('gives tickets to admins only', async () => {
    const anonymous = await askTicket(widget.id);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error?.code).toBe('UNAUTHORIZED');
    const agent = await askTicket(widget.id, agentToken);
    expect(agent.status).toBe(403);
    expect(agent.body.error?.code).toBe('FORBIDDEN');
    expect(agent.body).not.toHaveProperty('ticket');
    const unknown = await askTicket('00000000-0000-4000-8000-000000000000', adminToken);
    expect(unknown.status).toBe(404);
    expect((await askTicket('nope', adminToken)).status).toBe(400);
  });

  it('serves the preview page only with a valid ticket, frameable only by this server', async () => {
    const ticket = await ticketFor(widget.id);
    const preview = await fetch(
      `${t.url}/embed/${widget.widgetKey}?preview=${encodeURIComponent(ticket)}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('no-store');
    // The widget's own sites may frame `/embed`, but only the dashboard frames the preview.
    const ancestors = (response: Response) =>
      /frame-ancestors ([^;]*)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(ancestors(await fetch(`${t.url}/embed/${widget.widgetKey}`))).toBe(
      "'self' https://shop.example.com",
    );
    expect(ancestors(preview)).toBe("'self'");
    const html = await preview.text();
    expect(html).toContain(`data-widget-key="${widget.widgetKey}" data-preview="${ticket}"`);
    expect(html).not.toContain('data-embed');

    const othersTicket = await ticketFor(otherWidget.id);
    for (const bad of [othersTicket, '"><script>alert(1)</script>']) {
      const refused = await fetch(
        `${t.url}/embed/${widget.widgetKey}?preview=${encodeURIComponent(bad)}`,
      );
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain('<script');
    }
  });
});
