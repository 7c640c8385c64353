import type { Request, RequestHandler, Response } from 'express';
import type { WidgetConfig } from '@parley/db';
import { PREVIEW_TICKET_HEADER } from '@parley/protocol';
import type { WidgetService } from './widget-service.ts';

const ALLOWED_HEADERS = `Authorization, Content-Type, If-None-Match, ${PREVIEW_TICKET_HEADER}`;

/**
 * Admits a public request for `widget`: a cross-origin browser request must come from an
 * allowed origin (else `ORIGIN_NOT_ALLOWED`, and no CORS header, so the browser reveals
 * nothing); a same-origin one (the embed page) sends no Origin but `Sec-Fetch-Site`; the
 * dashboard's sandboxed preview sends `Origin: null` and its ticket in `x-parley-preview`. On
 * success the response may be read by exactly that origin.
 */
export function admitPublicRequest(
  widgets: WidgetService,
  widget: WidgetConfig,
  http: { req: Request; res: Response },
): void {
  const { req, res } = http;
  const origin = req.get('origin');
  const isSameOrigin = origin === undefined && req.get('sec-fetch-site') === 'same-origin';
  if (!isSameOrigin)
    widgets.assertOriginAllowed(widget, {
      origin,
      ownHost: req.get('host'),
      previewTicket: req.get(PREVIEW_TICKET_HEADER),
    });
  res.vary('Origin');
  if (origin !== undefined) {
    res.set('Access-Control-Allow-Origin', origin);
    res.set('Access-Control-Expose-Headers', 'ETag');
  }
  // Helmet's default (same-origin) is meant for the dashboard, not for the public widget API.
  res.set('Cross-Origin-Resource-Policy', 'cross-origin');
}

/**
 * Preflight for the public routes. It only says which methods and headers may be sent; the
 * real request is checked against the widget's origins, and without its CORS header the
 * browser cannot read the answer.
 */
export const publicPreflight: RequestHandler = (req, res) => {
  const origin = req.get('origin');
  res.vary('Origin');
  if (origin) res.set('Access-Control-Allow-Origin', origin);
  res.set('Access-Control-Allow-Methods', 'GET');
  res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  res.set('Access-Control-Max-Age', '600');
  res.status(204).end();
};
