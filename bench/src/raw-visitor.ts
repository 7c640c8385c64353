import WebSocket from 'ws';
import { BENCH_ORIGIN, type LoadJob } from './visitor-client.ts';

/**
 * A visitor on the bare wire protocol (Engine.IO 4 over a WebSocket, Socket.IO 5 packets): the
 * frames the widget's client sends when it connects and starts a session, without the client
 * library's own work. The connection phase uses it for Parley and for the echo baseline alike:
 * the load children share the server's 2 cores, and socket.io-client spends about 2 ms of CPU
 * per connect, more than the echo server itself, so the figure would measure the load generator.
 */

/** `session:start` as the widget sends it (its first ack id is 0). */
const START = `42/widget,0${JSON.stringify(['session:start', { page: { url: `${BENCH_ORIGIN}/pricing`, title: 'Pricing' } }])}`;
const TIMEOUT_MS = 15_000;

/**
 * Opens one visitor: handshake, namespace connect (widget key; the echo server's default
 * namespace), then for Parley `session:start`, checking its ack. Resolves with the open socket,
 * which answers the server's pings until it is closed.
 */
export function openRawVisitor(
  job: Pick<LoadJob, 'url' | 'mode' | 'widgetKey'>,
): Promise<WebSocket> {
  const isParley = job.mode === 'parley';
  const ws = new WebSocket(
    `${job.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
    {
      perMessageDeflate: false,
      ...(isParley ? { headers: { origin: BENCH_ORIGIN } } : {}),
    },
  );
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error('connect timed out')), TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      resolve(ws);
    };
    ws.on('error', fail);
    ws.on('message', (data: Buffer) => {
      const frame = data.toString();
      if (frame === '2') return ws.send('3');
      if (frame.startsWith('0{'))
        return ws.send(
          isParley ? `40/widget,${JSON.stringify({ widgetKey: job.widgetKey })}` : '40',
        );
      if (!isParley) {
        if (frame.startsWith('40')) done();
        else if (frame.startsWith('44')) fail(new Error(`connect_error ${frame}`));
        return;
      }
      if (frame.startsWith('40/widget,')) ws.send(START);
      else if (frame.startsWith('44/widget,')) fail(new Error(`connect_error ${frame}`));
      else if (frame.startsWith('43/widget,0[')) {
        const [ack] = JSON.parse(frame.slice('43/widget,0'.length)) as [
          { ok: boolean; error?: { code: string } },
        ];
        if (ack.ok) done();
        else fail(new Error(`session:start failed: ${ack.error?.code}`));
      }
    });
  });
}
