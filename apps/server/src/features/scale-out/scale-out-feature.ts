import { randomUUID } from 'node:crypto';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import { z } from 'zod';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logging/create-logger.ts';
import type { ConversationFeature } from '../conversations/conversation-feature.ts';
import {
  createRateLimits,
  type RateLimiterFactory,
  type RateLimits,
} from '../conversations/rate-limits.ts';
import type { ModerationFeature } from '../moderation/moderation-feature.ts';
import { openRedisConnections } from './redis-connections.ts';
import { redisRateLimiter } from './shared-rate-limits.ts';

/** Parley's own broadcasts between nodes (Socket.IO rooms travel on the adapter's channels). */
const EVENTS_CHANNEL = 'parley:events';

const ZNodeEventSchema = z.discriminatedUnion('type', [
  z.object({ origin: z.string(), type: z.literal('rules:changed') }),
  z.object({ origin: z.string(), type: z.literal('widgets:changed') }),
  z.object({ origin: z.string(), type: z.literal('bans:changed') }),
  /** Stop the AI answers a node is streaming for a session or a visitor (takeover, close, ban). */
  z.object({
    origin: z.string(),
    type: z.literal('answers:stop'),
    sessionId: z.string().optional(),
    visitorId: z.string().optional(),
    why: z.string(),
  }),
]);
type TNodeEvent = z.infer<typeof ZNodeEventSchema>;

/** How long `/readyz` waits for Redis to answer a PING. */
const PING_TIMEOUT_MS = 1_000;

/**
 * What makes several nodes behind one load balancer act as one: rooms shared through the
 * Socket.IO Redis adapter (so `message:new`, `config:update` and staff events reach sockets on
 * every node), rate limits counted in Redis, changes to moderation rules, widgets and bans broadcast
 * so every node drops its cached copies at once, and stops of AI answers (takeover, close, ban)
 * broadcast so the node streaming the answer stops it, whichever node the agent or admin acted on.
 */
export interface ScaleOut {
  /** Rate limits shared by every node; pass to `createServer` as `limits`. */
  limits: RateLimits;
  /** Builds more limiters counted in Redis (the sign-in throttle). */
  rateLimiter: RateLimiterFactory;
  /** Installs the adapter on `io`; links the rule cache and answer stops to the other nodes. */
  attach(parts: {
    io: Server;
    moderation: ModerationFeature;
    conversations: ConversationFeature;
  }): void;
  /** Whether Redis answers a PING now (for `/readyz`). */
  isRedisReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** Undefined without `REDIS_URL`: a single node needs no Redis and nothing changes. */
export function createScaleOut(parts: { config: Config; logger: Logger }): ScaleOut | undefined {
  const { config, logger } = parts;
  if (!config.REDIS_URL) return undefined;
  const redis = openRedisConnections(config.REDIS_URL, logger);
  const nodeId = randomUUID();
  const detach: Array<() => void> = [];
  const rateLimiter = redisRateLimiter(redis.commands);
  return {
    limits: createRateLimits(config, rateLimiter),
    rateLimiter,
    attach({ io, moderation, conversations }) {
      io.adapter(createAdapter(redis.commands, redis.adapterSubscriber, { key: 'parley:io' }));
      const publish = (event: TNodeEvent) =>
        void redis.commands.publish(EVENTS_CHANNEL, JSON.stringify(event));
      const { dispatcher } = conversations.service;
      detach.push(
        moderation.events.on('rules:changed', () =>
          publish({ origin: nodeId, type: 'rules:changed' }),
        ),
        conversations.events.on('widget:updated', () =>
          publish({ origin: nodeId, type: 'widgets:changed' }),
        ),
        conversations.events.on('bans:changed', () =>
          publish({ origin: nodeId, type: 'bans:changed' }),
        ),
        conversations.events.on('session:updated', ({ session }) => {
          if (session.status === 'agent' || session.status === 'closed')
            publish({
              origin: nodeId,
              type: 'answers:stop',
              sessionId: session.id,
              why: `session is ${session.status}`,
            });
        }),
        conversations.events.on('visitor:banned', ({ visitorId }) =>
          publish({ origin: nodeId, type: 'answers:stop', visitorId, why: 'visitor banned' }),
        ),
      );
      const onMessage = (channel: string, text: string) => {
        if (channel !== EVENTS_CHANNEL) return;
        const event = parseEvent(text);
        // Act only: re-emitting locally would announce the event again, echoing forever.
        if (!event || event.origin === nodeId) return;
        if (event.type === 'rules:changed') moderation.cache.invalidate();
        else if (event.type === 'widgets:changed') conversations.caches.forgetWidgets();
        else if (event.type === 'bans:changed') conversations.caches.forgetBans();
        else if (event.sessionId) dispatcher.stopSession(event.sessionId, event.why);
        else if (event.visitorId) dispatcher.stopVisitor(event.visitorId, event.why);
      };
      redis.eventSubscriber.on('message', onMessage);
      redis.eventSubscriber.subscribe(EVENTS_CHANNEL).catch((error: unknown) => {
        logger.error({ err: error }, 'cannot subscribe to Parley events on Redis');
      });
      detach.push(() => redis.eventSubscriber.off('message', onMessage));
    },
    isRedisReachable: () =>
      Promise.race([
        redis.commands.ping().then(
          (reply) => reply === 'PONG',
          () => false,
        ),
        new Promise<boolean>((resolve) =>
          setTimeout(() => resolve(false), PING_TIMEOUT_MS).unref(),
        ),
      ]),
    async close() {
      for (const off of detach.splice(0)) off();
      await redis.close();
    },
  };
}

function parseEvent(text: string): TNodeEvent | undefined {
  try {
    const parsed = ZNodeEventSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
