import { createServer } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { recordWritesOfNewConnections } from '../../test/support/socket-writes.ts';
import { coalesceWrites } from './coalesce-writes.ts';

describe('coalesced socket writes', () => {
  const stops: Array<() => void> = [];
  afterEach(() => stops.splice(0).forEach((stop) => stop()));

  async function pair(
    transports: string[],
  ): Promise<{ io: Server; server: Socket; client: ClientSocket; writes: string[][] }> {
    const http = createServer();
    const writes = recordWritesOfNewConnections(http);
    const io = new Server(http, { perMessageDeflate: false });
    coalesceWrites(io);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const client = connect(`http://127.0.0.1:${port}`, { transports, reconnection: false });
    const server = await new Promise<Socket>((resolve) => io.once('connection', resolve));
    stops.push(() => {
      client.close();
      void io.close();
    });
    return { io, server, client, writes };
  }

  it("sends a new WebSocket's 101 response and its open packet in one network write", async () => {
    const { writes } = await pair(['websocket']);
    const [first] = writes[0]!;
    expect(first).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n[\s\S]*\r\n\r\n\x81.0\{"sid":/);
  });

  /** What a server answers a bare WebSocket upgrade request with, until it closes. */
  async function rawUpgrade(io: Server, http: ReturnType<typeof createServer>, eio: number) {
    coalesceWrites(io);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    stops.push(() => void io.close());
    const { port } = http.address() as AddressInfo;
    const tcp = netConnect(port, '127.0.0.1');
    tcp.end(
      [
        `GET /socket.io/?EIO=${eio}&transport=websocket HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        '',
        '',
      ].join('\r\n'),
    );
    const chunks: Buffer[] = [];
    tcp.on('data', (chunk: Buffer) => chunks.push(chunk));
    await new Promise((resolve) => tcp.once('close', resolve));
    return Buffer.concat(chunks).toString();
  }

  it('still answers an upgrade refused before its 101 with the error response', async () => {
    const http = createServer();
    const io = new Server(http, { allowRequest: (_request, answer) => answer('refused', false) });
    expect(await rawUpgrade(io, http, 4)).toMatch(/^HTTP\/1\.1 (400|403) /);
  });

  it('still answers an upgrade refused after its 101 (an old protocol) with the error response', async () => {
    const http = createServer();
    const io = new Server(http);
    const answer = await rawUpgrade(io, http, 3);
    expect(answer).toMatch(/^HTTP\/1\.1 101 /);
    expect(answer).toContain('HTTP/1.1 400 Bad Request');
  });

  it('delivers, in order, what was emitted in the tick that closed every connection', async () => {
    const { io, server, client } = await pair(['websocket']);
    await new Promise<void>((resolve) =>
      client.connected ? resolve() : client.once('connect', resolve),
    );
    const heard: string[] = [];
    const gone = new Promise<void>((resolve) => client.once('disconnect', () => resolve()));
    client.onAny((event: string) => heard.push(event));
    server.emit('first');
    server.emit('second');
    io.engine.close();
    await gone;
    expect(heard).toEqual(['first', 'second']);
  });

  it('delivers what was emitted while a connection upgrades to a WebSocket and is dropped', async () => {
    const { server, client } = await pair(['polling', 'websocket']);
    const heard: string[] = [];
    client.onAny((event: string) => heard.push(event));
    const reason = new Promise<string>((resolve) => client.once('disconnect', resolve));
    // Dropped while the polling transport has a request out (not writable): engine.io finishes
    // the upgrade first, then closes, and the packet must not be left behind in its buffer.
    server.conn.once('upgrading', () => {
      const dropWhenBusy = () => {
        if (server.conn.transport.writable) return setImmediate(dropWhenBusy);
        server.emit('bye');
        server.disconnect(true);
      };
      dropWhenBusy();
    });
    expect(await reason).toBe('io server disconnect');
    expect(heard).toEqual(['bye']);
  });
});
