import { io, type Socket } from 'socket.io-client';

/** The origin the bench widget allows; browsers send it, so the load generator does too. */
export const BENCH_ORIGIN = 'https://bench.example.com';

/** What a load child is asked to do (argv[2], JSON). */
export interface LoadJob {
  url: string;
  /** `parley`: `/widget` with session:start + message:send; `echo`: the raw baseline. */
  mode: 'parley' | 'echo';
  widgetKey: string;
  visitors: number;
  durationMs: number;
  /**
   * Paced (open loop): each visitor sends one message every `sendEveryMs`, at a random phase,
   * without waiting for the ack, and latency runs from the time the send was due. Unset: the
   * closed loop, each visitor sending again as soon as it is acked.
   */
  sendEveryMs?: number;
}

/** One visitor socket as the widget opens it: websocket only, Origin header, widget key. */
export function connectVisitor(job: LoadJob): Promise<Socket> {
  const socket =
    job.mode === 'echo'
      ? io(job.url, { transports: ['websocket'], forceNew: true, reconnection: false })
      : io(`${job.url}/widget`, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          auth: { widgetKey: job.widgetKey },
          extraHeaders: { origin: BENCH_ORIGIN },
        });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error('connect timed out'));
    }, 15_000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
  });
}

const PAGE = { url: 'https://bench.example.com/pricing', title: 'Pricing' };

/** `session:start`; resolves with the session id or rejects with the ack's error. */
export async function startSession(socket: Socket): Promise<string> {
  const ack = (await socket.timeout(15_000).emitWithAck('session:start', { page: PAGE })) as {
    ok: boolean;
    session?: { id: string };
    error?: { code: string };
  };
  if (!ack.ok || !ack.session) throw new Error(`session:start failed: ${ack.error?.code}`);
  return ack.session.id;
}

/** Messages between the child and the orchestrator (IPC). */
export type ChildMessage =
  | { type: 'loaded' }
  | { type: 'ready'; sessions: number; connectMs: number; failed: number; firstError?: string }
  | { type: 'result'; latencies: number[]; errors: number; elapsedMs: number }
  | { type: 'error'; message: string };
