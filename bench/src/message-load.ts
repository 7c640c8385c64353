// A load child: opens `visitors` sockets, starts a session each (Parley), reports `ready`,
// then on `go` sends messages for `durationMs`, in a closed loop (each visitor waits for its ack
// before the next) or paced (`sendEveryMs`), and reports every ack latency. Bounded by time and
// by count.
import { createClientId } from '@parley/protocol';
import type { Socket } from 'socket.io-client';
import { inBatches } from './stats.ts';
import { connectVisitor, startSession, type ChildMessage, type LoadJob } from './visitor-client.ts';

const MAX_MESSAGES_PER_VISITOR = 100_000;
const job = JSON.parse(process.argv[2] ?? '{}') as LoadJob;
/** Resolves once the message has left for the parent (a large result takes a while to write). */
const send = (message: ChildMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });

interface Visitor {
  socket: Socket;
  sessionId: string;
}

async function openVisitors(): Promise<{
  visitors: Visitor[];
  failed: number;
  firstError: string | undefined;
}> {
  const visitors: Visitor[] = [];
  let failed = 0;
  let firstError: string | undefined;
  await inBatches(
    Array.from({ length: job.visitors }, (_, index) => index),
    50,
    async () => {
      try {
        const socket = await connectVisitor(job);
        const sessionId = job.mode === 'parley' ? await startSession(socket) : '';
        visitors.push({ socket, sessionId });
      } catch (error) {
        failed++;
        firstError ??= String(error);
      }
    },
  );
  return { visitors, failed, firstError };
}

/** One message and its ack; resolves with whether the ack said ok (a timeout is not). */
async function sendOne({ socket, sessionId }: Visitor, sent: number): Promise<boolean> {
  const content = `Bench message ${sent} from a visitor`;
  try {
    const ack = (await (job.mode === 'echo'
      ? socket.timeout(10_000).emitWithAck('echo', { content })
      : socket
          .timeout(10_000)
          .emitWithAck('message:send', { sessionId, clientId: createClientId(), content }))) as {
      ok: boolean;
    };
    return ack.ok;
  } catch {
    return false;
  }
}

/** Each visitor sends again as soon as its previous message is acked. */
async function closedLoop(visitor: Visitor, deadline: number, latencies: number[]) {
  let errors = 0;
  for (let sent = 0; sent < MAX_MESSAGES_PER_VISITOR && performance.now() < deadline; sent++) {
    const t0 = performance.now();
    if (await sendOne(visitor, sent)) latencies.push(performance.now() - t0);
    else errors++;
  }
  return errors;
}

/**
 * Each visitor sends every `everyMs` from a random phase, acked or not. Latency runs from the
 * time the send was due, so a late load generator counts against the figure, not for it.
 */
async function pacedLoop(
  visitor: Visitor,
  pace: { deadline: number; everyMs: number },
  latencies: number[],
) {
  const { deadline, everyMs } = pace;
  let errors = 0;
  const acks: Array<Promise<void>> = [];
  let due = performance.now() + Math.random() * everyMs;
  for (let sent = 0; sent < MAX_MESSAGES_PER_VISITOR && due < deadline; sent++, due += everyMs) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const dueAt = due;
    acks.push(
      sendOne(visitor, sent).then((ok) => {
        if (ok) latencies.push(performance.now() - dueAt);
        else errors++;
      }),
    );
  }
  await Promise.all(acks);
  return errors;
}

async function runLoop(visitors: Visitor[]): Promise<void> {
  const latencies: number[] = [];
  const startedAt = performance.now();
  const deadline = startedAt + job.durationMs;
  const { sendEveryMs } = job;
  const errors = await Promise.all(
    visitors.map((visitor) =>
      sendEveryMs === undefined
        ? closedLoop(visitor, deadline, latencies)
        : pacedLoop(visitor, { deadline, everyMs: sendEveryMs }, latencies),
    ),
  );
  await send({
    type: 'result',
    latencies,
    errors: errors.reduce((sum, count) => sum + count, 0),
    elapsedMs: performance.now() - startedAt,
  });
}

const connectStarted = performance.now();
const { visitors, failed, firstError } = await openVisitors();
await send({
  type: 'ready',
  sessions: visitors.length,
  connectMs: performance.now() - connectStarted,
  failed,
  ...(firstError ? { firstError } : {}),
});
process.once('message', () => {
  runLoop(visitors)
    .catch((error: unknown) => send({ type: 'error', message: String(error) }))
    .finally(() => {
      for (const visitor of visitors) visitor.socket.close();
      // The result has been written to the parent: exiting cannot cut it short.
      process.exit(0);
    });
});
process.on('disconnect', () => process.exit(0));
