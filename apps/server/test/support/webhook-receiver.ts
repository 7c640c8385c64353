import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  /** The status this receiver answered with. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in arrival order, answered or not. */
  received: ReceivedDelivery[];
  /** Answers this status from now on (500 to fail, 200 to recover). */
  answerWith(status: number): void;
  /** Resolves once `count` requests were answered 2xx; fails after `timeoutMs`. */
  accepted(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  /** Resolves once `count` requests arrived at all. */
  arrived(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real HTTP endpoint on loopback that records what a webhook sender POSTs, like a CRM would
 * receive it.
 *
 * @example
 * const receiver = await startWebhookReceiver();
 * receiver.answerWith(500); // failing until told otherwise
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedDelivery[] = [];
  const waiters = new Set<() => void>();
  let status = 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'down');
      waiters.forEach((check) => check());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const isAccepted = (d: ReceivedDelivery) => d.status >= 200 && d.status < 300;

  const waitFor = (done: () => boolean, what: string, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what}; got ${received.length} requests`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    url: `http://127.0.0.1:${port}/hooks/parley`,
    received,
    answerWith: (next) => {
      status = next;
    },
    async accepted(count, timeoutMs = 20_000) {
      await waitFor(
        () => received.filter(isAccepted).length >= count,
        `expected ${count} accepted`,
        timeoutMs,
      );
      return received.filter(isAccepted);
    },
    arrived: (count, timeoutMs = 20_000) =>
      waitFor(() => received.length >= count, `expected ${count} requests`, timeoutMs),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
