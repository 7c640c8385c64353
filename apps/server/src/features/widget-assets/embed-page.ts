import { PREVIEW_TICKET_PATTERN } from '../widgets/preview-ticket.ts';

/** Widget keys as issued: letters, digits, `_` and `-`. Anything else never reaches the page. */
export const WIDGET_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The `/embed/:widgetKey` page for sites that prefer an iframe: the loader in embed mode, which
 * shows the panel full-frame without a launcher. With a preview ticket (`?preview=`, the
 * dashboard's sandboxed preview) it is instead a blank page with the widget as a site shows it,
 * launcher and all, the ticket handed to the loader. Nothing but the validated key and ticket
 * is interpolated.
 */
export function renderEmbedPage(widgetKey: string, previewTicket?: string): string {
  if (!WIDGET_KEY_PATTERN.test(widgetKey)) throw new Error('invalid widget key');
  if (previewTicket !== undefined && !PREVIEW_TICKET_PATTERN.test(previewTicket))
    throw new Error('invalid preview ticket');
  const mode = previewTicket === undefined ? 'data-embed' : `data-preview="${previewTicket}"`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Chat</title>
</head>
<body>
<script async src="/widget.js" data-widget-key="${widgetKey}" ${mode}></script>
</body>
</html>
`;
}

/**
 * The embed page's own policy: scripts, styles and connections only from this server, and framing
 * only by the widget's allowed origins, with the socket's meaning: an empty list allows none,
 * `*` every origin. This server's own pages (the dashboard) may always frame it; the preview
 * page (`isPreview`) only they may frame.
 */
export function embedPageCsp(allowedOrigins: readonly string[] | null, isPreview = false): string {
  const list = (allowedOrigins ?? []).map((entry) => entry.trim()).filter(Boolean);
  const ancestors = isPreview ? "'self'" : list.includes('*') ? '*' : ["'self'", ...list].join(' ');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}
