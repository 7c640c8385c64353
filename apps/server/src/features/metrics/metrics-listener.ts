import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Registry } from 'prom-client';
import { createErrorHandler, notFoundHandler } from '../../http/error-handler.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createMetricsRoutes } from './metrics-routes.ts';

export interface MetricsListener {
  /** Listens and resolves with `http://host:port` (port 0 picks a free one). */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A second HTTP listener that serves `/metrics` and nothing else, bound to loopback by default
 * (`METRICS_HOST`), so a scraper on the same machine needs no token and the public port shows
 * nothing. `token`, when set, is required here too.
 *
 * @example
 * const listener = createMetricsListener({ registry, token: undefined, logger });
 * await listener.listen(9464, '127.0.0.1'); // 'http://127.0.0.1:9464'
 */
export function createMetricsListener(parts: {
  registry: Registry;
  token: string | undefined;
  logger: Logger;
}): MetricsListener {
  const app = express();
  app.disable('x-powered-by');
  app.use(createMetricsRoutes(parts.registry, { token: parts.token, isPublic: false }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(parts.logger));
  let server: Server | undefined;
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const listening = createServer(app);
        server = listening;
        listening.once('error', reject);
        listening.listen(port, host, () => {
          const address = listening.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server?.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
