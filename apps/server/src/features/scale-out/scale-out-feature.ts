import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import { createRateLimits, type RateLimits } from '../conversations/rate-limits.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import type { ModerationFeature } from '../moderation/moderation-feature.ts';
import { openRedisConnections } from './redis-connections.ts';
import { redisRateLimiter } from './shared-rate-limits.ts';

/** Parley's own broadcasts between nodes (Socket.IO rooms travel on the adapter's channels). */
const EVENTS_CHANNEL = 'parley:events';

const ZNodeEventSchema = z.object({
  origin: z.string(),
  type: z.enum(['rules:changed', 'widgets:changed']),
});

/**
 * What makes several nodes behind one load balancer act as one: rooms shared through the
 * Socket.IO Redis adapter (so `message:new`, `config:update` and staff events reach sockets on
 * every node), rate limits counted in Redis, and changes to moderation rules and widgets
 * broadcast so every node drops its cached copies at once.
 */
export interface ScaleOut {
  /** Rate limits shared by every node; pass to `createServer` as `limits`. */
  limits: RateLimits;
  /** Installs the adapter on `io` and links the moderation rule cache to the other nodes. */
  attach(parts: {
    io: Server;
    moderation: ModerationFeature;
    conversations?: Pick<ConversationFeature, 'events' | 'caches'>;
  }): void;
  close(): Promise<void>;
}

/** Undefined without `REDIS_URL`: a single node needs no Redis and nothing changes. */
export function createScaleOut(parts: { config: Config; logger: Logger }): ScaleOut | undefined {
  const { config, logger } = parts;
  if (!config.REDIS_URL) return undefined;
  const redis = openRedisConnections(config.REDIS_URL, logger);
  const nodeId = randomUUID();
  const detach: Array<() => void> = [];
  return {
    limits: createRateLimits(config, redisRateLimiter(redis.commands)),
    attach({ io, moderation, conversations }) {
      io.adapter(createAdapter(redis.commands, redis.adapterSubscriber, { key: 'parley:io' }));
      const announce = (type: NodeEvent['type']) => () =>
        void redis.commands.publish(EVENTS_CHANNEL, JSON.stringify({ origin: nodeId, type }));
      detach.push(moderation.events.on('rules:changed', announce('rules:changed')));
      if (conversations)
        detach.push(conversations.events.on('widget:updated', announce('widgets:changed')));
      // Invalidate only: re-emitting the local event would announce the change again, forever.
      const forget: Record<NodeEvent['type'], () => void> = {
        'rules:changed': () => moderation.cache.invalidate(),
        'widgets:changed': () => conversations?.caches.forgetWidgets(),
      };
      const onMessage = (channel: string, text: string) => {
        if (channel !== EVENTS_CHANNEL) return;
        const event = parseEvent(text);
        if (event && event.origin !== nodeId) forget[event.type]();
      };
      redis.eventSubscriber.on('message', onMessage);
      redis.eventSubscriber.subscribe(EVENTS_CHANNEL).catch((error: unknown) => {
        logger.error({ err: error }, 'cannot subscribe to Parley events on Redis');
      });
      detach.push(() => redis.eventSubscriber.off('message', onMessage));
    },
    async close() {
      for (const off of detach.splice(0)) off();
      await redis.close();
    },
  };
}

type NodeEvent = z.infer<typeof ZNodeEventSchema>;

function parseEvent(text: string): NodeEvent | undefined {
  try {
    const parsed = ZNodeEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
