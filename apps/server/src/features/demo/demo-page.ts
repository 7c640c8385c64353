import { createServer, type Server } from 'node:http';

/**
 * The demo host page: a plain "customer site" on its own port, so the embed is truly
 * cross-origin, served with the strict CSP SPEC §4.1 promises the widget works under.
 */
export function renderDemoPage(serverUrl: string, widgetKey: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Parley demo — a customer's site</title>
</head>
<body>
<h1>Acme Widgets Ltd.</h1>
<p>This page stands for your website. It runs on another origin than Parley, under a strict
Content-Security-Policy, and embeds the chat with one script tag.</p>
<p>Open the chat in the corner and ask, for example, “How do I embed the widget?” or
“Which AI providers are supported?”.</p>
<pre>&lt;script async src="${serverUrl}/widget.js" data-widget-key="${widgetKey}"&gt;&lt;/script&gt;</pre>
<script async src="${serverUrl}/widget.js" data-widget-key="${widgetKey}"></script>
</body>
</html>
`;
}

/** The policy a site needs for Parley (docs/csp.md), and nothing else. */
export function demoPageCsp(serverUrl: string): string {
  const ws = serverUrl.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    `script-src ${serverUrl}`,
    `style-src ${serverUrl}`,
    `connect-src ${serverUrl} ${ws}`,
    `img-src ${serverUrl} data:`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Serves the demo page on `host:port`; resolves once listening. */
export function serveDemoPage(options: {
  host: string;
  port: number;
  serverUrl: string;
  widgetKey: string;
}): Promise<Server> {
  const html = renderDemoPage(options.serverUrl, options.widgetKey);
  const csp = demoPageCsp(options.serverUrl);
  const server = createServer((req, res) => {
    if (req.url !== '/' && req.url !== '/index.html') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': csp,
        'Cache-Control': 'no-cache',
      })
      .end(html);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve(server));
  });
}
