import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../../logging/create-logger.ts';

/**
 * The connections one node keeps to Redis: `commands` (adapter publishes, rate-limit counters,
 * Parley's own broadcasts) and two subscribers (the Socket.IO adapter's, and Parley's channel).
 */
export interface RedisConnections {
  commands: Redis;
  adapterSubscriber: Redis;
  eventSubscriber: Redis;
  close(): Promise<void>;
}

/**
 * Opens the connections. None of them can crash the process: errors are logged once per outage,
 * ioredis reconnects by itself, and commands fail at once while Redis is away (no queue that
 * grows in memory), so callers degrade to this node alone until it is back.
 */
export function openRedisConnections(url: string, logger: Logger): RedisConnections {
  const connect = (role: string, options: RedisOptions) => {
    const client = new Redis(url, { connectionName: `parley-${role}`, ...options });
    let isDown = false;
    client.on('error', (error: Error) => {
      if (isDown) return;
      isDown = true;
      logger.warn({ err: error, role }, 'Redis unreachable; this node runs alone until it is back');
    });
    client.on('ready', () => {
      if (isDown) logger.info({ role }, 'Redis reachable again');
      isDown = false;
    });
    return client;
  };
  // Subscriptions are queued until connected and restored by ioredis after a reconnect.
  const subscriberOptions: RedisOptions = { maxRetriesPerRequest: null };
  const connections = {
    commands: safePublisher(connect('commands', { enableOfflineQueue: false }), logger),
    adapterSubscriber: connect('adapter-sub', subscriberOptions),
    eventSubscriber: connect('events-sub', subscriberOptions),
  };
  return {
    ...connections,
    async close() {
      await Promise.all(
        Object.values(connections).map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}

/**
 * The Socket.IO adapter publishes without awaiting; a rejected publish (Redis away) would be an
 * unhandled rejection, which ends a Node process. Here it is logged at debug and dropped.
 */
function safePublisher(client: Redis, logger: Logger): Redis {
  const original = client.publish.bind(client);
  const guarded = (channel: string | Buffer, message: string | Buffer) =>
    original(channel, message).catch((error: unknown) => {
      logger.debug({ err: error }, 'Redis publish dropped');
      return 0;
    });
  Object.assign(client, { publish: guarded });
  return client;
}
