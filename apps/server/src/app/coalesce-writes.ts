import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

/** What this needs of an engine.io connection and its WebSocket's TCP socket (not public API). */
interface EngineSocket {
  readyState: string;
  flush(): void;
  close(...args: unknown[]): unknown;
  transport: { name: string; socket?: { _socket?: { cork(): void; uncork(): void } } };
}

/**
 * Packets sent to a connection while the current tick runs go out in one network write.
 *
 * engine.io writes a packet the moment it is emitted, one WebSocket frame and one `writev` each:
 * a message's copy to the sending tab and its ack, emitted one after the other when its batch
 * commits, cost two system calls and woke the tab twice. Here the flush waits for the rest of
 * the tick (`process.nextTick`: after the code that emitted, before any I/O), and the frames of
 * one flush are corked into one write. Order is kept: the buffer is engine.io's own. A closing
 * connection flushes at once, and a close sends what waits first, as engine.io did: its close
 * may discard the buffer.
 *
 * A new WebSocket's `101 Switching Protocols` and engine.io's open packet leave in one write too:
 * ws writes the 101 as a system call of its own, and the open packet follows a few microtasks
 * later (engine.io's handshake is async). The TCP socket is corked from the moment the upgrade
 * is accepted (ws's `headers` event, after the checks that refuse with a 400 before any 101)
 * until the end of that turn of the event loop (`setImmediate`).
 *
 * @example
 *   const io = new Server(httpServer);
 *   coalesceWrites(io);
 */
export function coalesceWrites(io: Server): void {
  io.engine.on('headers', (_headers: unknown, req: IncomingMessage) => {
    if (req.headers.upgrade?.toLowerCase() !== 'websocket') return;
    const tcp = req.socket;
    tcp.cork();
    setImmediate(() => tcp.uncork());
  });
  // engine.io can still refuse after the 101 (an old protocol version, a failed handshake): it
  // writes its 400 and destroys the socket at once, which would drop what the cork holds.
  io.engine.on('connection_error', ({ req }: { req: IncomingMessage }) => {
    if (req.socket.writableCorked > 0) req.socket.uncork();
  });
  io.engine.on('connection', (socket: EngineSocket) => {
    const flush = socket.flush.bind(socket);
    const close = socket.close.bind(socket);
    let isScheduled = false;
    const flushNow = () => {
      isScheduled = false;
      // Polling sends a flush as one response already; only a WebSocket writes frame by frame.
      const tcp =
        socket.transport.name === 'websocket' ? socket.transport.socket?._socket : undefined;
      tcp?.cork();
      try {
        flush();
      } finally {
        tcp?.uncork();
      }
    };
    socket.flush = () => {
      if (socket.readyState !== 'open') return flushNow();
      if (isScheduled) return;
      isScheduled = true;
      process.nextTick(() => {
        if (isScheduled) flushNow();
      });
    };
    socket.close = (...args: unknown[]) => {
      if (isScheduled) flushNow();
      return close(...args);
    };
  });
}
