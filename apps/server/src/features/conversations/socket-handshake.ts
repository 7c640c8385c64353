import type { IncomingMessage } from 'node:http';
import type { Socket } from 'socket.io';
import { AppError, ZWidgetHandshakeAuthSchema } from '@parley/protocol';
import type { WidgetService } from '../widgets/widget-service.ts';
import type { RateLimits } from './rate-limits.ts';
import type { VisitorService } from './visitor-service.ts';

/** What a `/widget` socket carries once admitted. */
export interface WidgetSocketData {
  widgetId: string;
  widgetKey: string;
  visitorId: string;
  visitorToken: string;
  ip: string;
  /** Sessions this socket may relay typing for (started, resumed or written to here). */
  sessionIds: Set<string>;
  /**
   * The visitor was created by this handshake and has started no session yet: its token has
   * not left the server, so `session:start` has no open session to look for.
   */
  isNewVisitor: boolean;
  /** The dashboard's preview (admitted by its ticket, not by an allowed origin). */
  isPreview: boolean;
}

interface HandshakeParts {
  widgets: WidgetService;
  visitors: VisitorService;
  limits: RateLimits;
  /** The client's address as Express resolves `req.ip` (same `TRUST_PROXY`). */
  clientAddress: (request: IncomingMessage) => string;
}

/**
 * Admits a `/widget` connection: a well-formed `auth`, the connection rate per address, a known
 * active widget, an allowed Origin (or the dashboard preview's ticket), a valid token (or a new visitor), no ban. Anything else
 * refuses it; the reason reaches the client as `connect_error` with `data.code`.
 */
export async function admitWidgetSocket(
  parts: HandshakeParts,
  socket: Socket,
): Promise<WidgetSocketData> {
  const auth = ZWidgetHandshakeAuthSchema.safeParse(socket.handshake.auth);
  if (!auth.success)
    throw new AppError('INVALID_PAYLOAD', 'auth needs a widgetKey', { field: 'auth' });
  const ip = parts.clientAddress(socket.request);
  await parts.limits.consume('connectionsPerIp', ip);
  const widget = await parts.widgets.findActiveByKey(auth.data.widgetKey);
  const { origin, host } = socket.handshake.headers;
  parts.widgets.assertOriginAllowed(widget, {
    origin,
    ownHost: host,
    previewTicket: auth.data.previewTicket,
  });
  const visitor = await parts.visitors.connect({
    widget,
    visitorToken: auth.data.visitorToken,
    ip,
  });
  return {
    widgetId: widget.id,
    widgetKey: widget.widgetKey,
    visitorId: visitor.id,
    visitorToken: visitor.token,
    ip,
    sessionIds: new Set(),
    isNewVisitor: visitor.isNew,
    // Admitted above, so a `null` origin with a ticket had a valid one.
    isPreview: origin === 'null' && auth.data.previewTicket !== undefined,
  };
}
