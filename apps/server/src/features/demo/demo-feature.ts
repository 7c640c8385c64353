import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '@parley/db';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { serveDemoPage } from './demo-page.ts';
import { DEMO_WIDGET_KEY, seedDemo } from './demo-seed.ts';

export interface RunningDemo {
  /** The demo host page, e.g. http://127.0.0.1:3001/ */
  url: string;
  widgetKey: string;
  close(): Promise<void>;
}

/** On by default for the embedded database, off for MySQL unless `DEMO=true`. */
export function isDemoEnabled(config: Config, db: Database): boolean {
  return config.DEMO ?? db.target.dialect === 'sqlite';
}

async function hasDemoWidget(db: Database): Promise<boolean> {
  return (await db.models.WidgetConfig.count({ where: { widgetKey: DEMO_WIDGET_KEY } })) > 0;
}

/** The address browsers use: a wildcard listen address is reached as loopback. */
function browserHost(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/**
 * Starts the demo (SPEC §3): seeds it on an empty database, serves the demo host page on
 * `DEMO_PORT` and prints where to go. Resolves with `null` when the demo is off or the database
 * already held other widgets.
 *
 * @example
 * const demo = await startDemo({ config, db, logger, serverUrl: 'http://127.0.0.1:3000' });
 */
export async function startDemo(options: {
  config: Config;
  db: Database;
  logger: Logger;
  serverUrl: string;
}): Promise<RunningDemo | null> {
  const { config, db, logger } = options;
  if (!isDemoEnabled(config, db)) return null;
  const host = browserHost(config.HOST);
  const serverUrl = config.PUBLIC_URL?.replace(/\/+$/, '') ?? options.serverUrl;
  if ((await db.models.WidgetConfig.count()) > 0 && !(await hasDemoWidget(db))) return null;
  let server: Server;
  try {
    server = await serveDemoPage({
      host: config.HOST,
      port: config.DEMO_PORT,
      serverUrl,
      widgetKey: DEMO_WIDGET_KEY,
    });
  } catch (error) {
    logger.warn({ port: config.DEMO_PORT, err: error }, 'demo page not served: port unavailable');
    return null;
  }
  const { port } = server.address() as AddressInfo;
  const demoOrigins = [`http://${host}:${port}`, `http://localhost:${port}`];
  const seed = await seedDemo(db, { demoOrigins, serverOrigin: new URL(serverUrl).origin });
  if (seed.isNew) logger.info({ widgetKey: seed.widgetKey }, 'demo widget, rule and FAQ seeded');
  const url = `http://${host}:${port}/`;
  logger.info(
    { dashboard: `${serverUrl}/admin`, demo: url },
    `Parley demo: chat at ${url} (dashboard: ${serverUrl}/admin)`,
  );
  return {
    url,
    widgetKey: DEMO_WIDGET_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
