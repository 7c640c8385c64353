// A connection load child: reports `loaded`; on `go` opens `visitors` visitors on the bare wire
// protocol (handshake, token, `session:start` for Parley) with 50 under way at a time, reports
// `ready`, then holds them idle until it is ended. Loading first keeps the children's own start
// (compiling this file) out of the measured time.
import type WebSocket from 'ws';
import { openRawVisitor } from './raw-visitor.ts';
import { inBatches } from './stats.ts';
import type { ChildMessage, LoadJob } from './visitor-client.ts';

const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
const sockets: WebSocket[] = [];
let failed = 0;
let firstError: string | undefined;
process.send?.({ type: 'loaded' } satisfies ChildMessage);
await new Promise((resolve) => process.once('message', resolve));
const startedAt = performance.now();
await inBatches(
  Array.from({ length: job.visitors }, (_, index) => index),
  50,
  async () => {
    try {
      sockets.push(await openRawVisitor(job));
    } catch (error) {
      failed++;
      firstError ??= String(error);
    }
  },
);
const ready: ChildMessage = {
  type: 'ready',
  sessions: sockets.length,
  connectMs: performance.now() - startedAt,
  failed,
  ...(firstError ? { firstError } : {}),
};
process.send?.(ready);
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  for (const socket of sockets) socket.terminate();
  process.exit(0);
});
