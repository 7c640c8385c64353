import type { Server as HttpServer } from 'node:http';
import type { Socket } from 'node:net';
import type { Server } from 'socket.io';

/**
 * Records what the server writes to one client's TCP socket, one string per network write (a
 * `write` or a corked `writev`), as the client's engine.io id finds it among the server's
 * connections (engine.io and ws internals: stable since engine.io 3 and ws 2).
 */
export function recordServerWrites(io: Server, engineId: string): string[] {
  const clients = Reflect.get(io.engine, 'clients') as Record<string, object>;
  const transport = Reflect.get(clients[engineId]!, 'transport') as object;
  const tcp = Reflect.get(Reflect.get(transport, 'socket') as object, '_socket') as Socket;
  return recordWrites(tcp);
}

/**
 * Records the network writes of every TCP connection the server accepts from now on, from its
 * first byte (the HTTP upgrade's response included): one list per connection, in accept order.
 */
export function recordWritesOfNewConnections(httpServer: HttpServer): string[][] {
  const connections: string[][] = [];
  httpServer.prependListener('connection', (tcp: Socket) => connections.push(recordWrites(tcp)));
  return connections;
}

function recordWrites(tcp: Socket): string[] {
  const writes: string[] = [];
  const write = tcp._write.bind(tcp);
  const writev = tcp._writev!.bind(tcp);
  tcp._write = (chunk, encoding, callback) => {
    writes.push(Buffer.from(chunk).toString('latin1'));
    write(chunk, encoding, callback);
  };
  tcp._writev = (chunks, callback) => {
    writes.push(chunks.map(({ chunk }) => Buffer.from(chunk).toString('latin1')).join(''));
    writev(chunks, callback);
  };
  return writes;
}
