// The baseline: a bare Socket.IO server that acks every `echo` with its payload, with the
// same transport settings as Parley (websocket frames, no compression). Run as a child.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, { perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  socket.on('echo', (payload: unknown, ack: unknown) => {
    if (typeof ack === 'function') (ack as (value: unknown) => void)({ ok: true, payload });
  });
});
httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  process.send?.({ type: 'listening', port });
});
process.on('disconnect', () => process.exit(0));
