import type { Server } from 'socket.io';
import { waitAtMost } from './wait-at-most.ts';

/** What this needs of an engine.io connection (its buffer is not public API, but stable since 3.x). */
interface EngineClient {
  readyState: string;
  writeBuffer: unknown[];
  transport: {
    writable: boolean;
    on(event: 'ready', listener: () => void): void;
    off(event: 'ready', listener: () => void): void;
  };
  on(event: 'close', listener: () => void): void;
  off(event: 'close', listener: () => void): void;
}

const isFlushed = (client: EngineClient) =>
  client.readyState !== 'open' || (client.writeBuffer.length === 0 && client.transport.writable);

/**
 * Resolves once every connection has handed its queued packets to the network (or after
 * `timeoutMs`). Acks of one group commit are emitted together; most of them wait in
 * engine.io's write buffer while the first frame is written, and closing the transports
 * without this would drop them although their messages are committed.
 */
export async function flushSockets(io: Server, timeoutMs: number): Promise<void> {
  // engine.io keeps its connections in a protected field; read it without widening the type.
  const clients = Reflect.get(io.engine, 'clients') as Record<string, EngineClient>;
  const pending = Object.values(clients).filter((client) => !isFlushed(client));
  if (pending.length === 0) return;
  const flushed = pending.map(
    (client) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (!isFlushed(client)) return;
          client.transport.off('ready', check);
          client.off('close', check);
          resolve();
        };
        // 'ready': the transport is writable again ('drain' comes just before it is). The engine's
        // own listener, registered first, has by then handed it what waited (or scheduled that).
        client.transport.on('ready', check);
        client.on('close', check);
      }),
  );
  await waitAtMost(Promise.all(flushed), timeoutMs);
}
