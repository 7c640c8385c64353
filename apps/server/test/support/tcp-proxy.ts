import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  /** `host:port` to connect to instead of the target. */
  address: string;
  /** Stops passing bytes either way, on open and new connections: a stalled peer or network. */
  freeze(): void;
  /** Passes bytes again, those held first. */
  thaw(): void;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy to `target` (`host:port`) that can stall: while frozen it reads nothing
 * from either side, so what was sent waits and no answer comes, as when a database hangs or a
 * network drops packets without closing anything.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = splitHostPort(target);
  const sockets = new Set<Socket>();
  let isFrozen = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    if (isFrozen) socket.pause();
  };
  const server = createServer((client) => {
    const upstream = createConnection({ host, port });
    track(client);
    track(upstream);
    // Not `pipe`: a pipe resumes a paused source by itself when its destination drains.
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    freeze() {
      isFrozen = true;
      sockets.forEach((socket) => socket.pause());
    },
    thaw() {
      isFrozen = false;
      sockets.forEach((socket) => socket.resume());
    },
    async close() {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitHostPort(target: string): [string, number] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at), Number(target.slice(at + 1))];
}
