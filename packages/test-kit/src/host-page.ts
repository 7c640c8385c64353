import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostPage {
  /** The page's URL, on another loopback port (so another origin) than the Parley server. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

/**
 * What a hostile host page does to embedded widgets: resets every element, stacks things at huge
 * z-indexes (just under the widget's default of 2147483000, which sites can configure) and hides
 * every button. None of it may reach into the widget's shadow root.
 */
export const HOSTILE_CSS = `* { all: unset; }
button { display: none !important; }
.banner { display: block; position: fixed; top: 0; left: 0; right: 0; height: 48px; z-index: 2147482000; background: #fde; }
.stack { display: block; position: relative; z-index: 999999999; }`;

/** The queue stub of SPEC §4.1 plus a record of the widget's events, for tests to read. */
const HOST_SCRIPT = `window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
window.parleyEvents = [];
['ready', 'open', 'close', 'message', 'unread'].forEach(function (name) {
  Parley('on', name, function () { window.parleyEvents.push(name); });
});`;

/**
 * Serves a "customer site" on a free loopback port: a page embedding the widget with one script
 * tag, under a strict Content-Security-Policy (scripts, styles and connections only from the
 * Parley server and the page's own files; no 'unsafe-inline', no 'unsafe-eval') and hostile CSS.
 *
 * @example
 * const host = await serveHostPage({ serverUrl, widgetKey: 'wk_demo' });
 * await page.goto(host.url);
 */
export async function serveHostPage(options: {
  serverUrl: string;
  widgetKey: string;
  /** `script` (default): `data-widget-key` on the script tag; `element`: `<parley-chat>`. */
  embedAs?: 'script' | 'element';
}): Promise<HostPage> {
  const { serverUrl, widgetKey } = options;
  const embed =
    options.embedAs === 'element'
      ? `<parley-chat widget-key="${widgetKey}"></parley-chat>\n<script async src="${serverUrl}/widget.js"></script>`
      : `<script async src="${serverUrl}/widget.js" data-widget-key="${widgetKey}"></script>`;
  const ws = serverUrl.replace(/^http/, 'ws');
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${serverUrl}`,
    `style-src 'self' ${serverUrl}`,
    `connect-src ${serverUrl} ${ws}`,
    `img-src 'self' ${serverUrl} data:`,
    "base-uri 'none'",
  ].join('; ');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Hostile host page</title>
<link rel="stylesheet" href="/hostile.css">
<script src="/host.js"></script>
</head><body>
<div class="banner">A banner at the highest z-index</div>
<div class="stack"><h1>A customer's site</h1><p>Some text. <a href="#top">A link</a></p>
<button type="button">A host button, hidden by the page</button></div>
${embed}
</body></html>`;
  const files: Record<string, [string, string]> = {
    '/': ['text/html; charset=utf-8', html],
    '/hostile.css': ['text/css', HOSTILE_CSS],
    '/host.js': ['text/javascript', HOST_SCRIPT],
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const file = files[path];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': file[0], 'Content-Security-Policy': csp }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
