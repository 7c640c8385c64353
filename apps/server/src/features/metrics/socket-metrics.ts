import type { Namespace } from 'socket.io';
import type { ServerMetrics } from './server-metrics.ts';

/**
 * Times every acked event of a namespace: a socket middleware swaps the ack callback for one
 * that records the time from arrival to ack. Handlers stay unaware of metrics.
 */
export function timeAcks(nsp: Namespace, metrics: ServerMetrics): void {
  nsp.on('connection', (socket) => {
    socket.use((packet, next) => {
      const last = packet.length - 1;
      const ack: unknown = packet[last];
      const event = typeof packet[0] === 'string' ? packet[0] : 'unknown';
      if (last > 0 && typeof ack === 'function') {
        const startedAt = performance.now();
        packet[last] = (response: unknown) => {
          const ok = (response as { ok?: unknown } | null)?.ok === true;
          metrics.observeAck({ namespace: nsp.name, event, ok }, performance.now() - startedAt);
          (ack as (response: unknown) => void)(response);
        };
      }
      next();
    });
  });
}
