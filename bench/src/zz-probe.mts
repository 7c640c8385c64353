// Probe: N connects against URL in mode, 50 in flight, one process; prints connects/s.
import { connectVisitor } from './visitor-client.ts';
import { inBatches } from './stats.ts';
const [url, mode, n] = process.argv.slice(2);
const sockets: any[] = [];
const t0 = performance.now();
await inBatches(Array.from({ length: Number(n) }, (_, i) => i), 50, async () => {
  sockets.push(await connectVisitor({ url: url!, mode: mode as 'echo', widgetKey: '', visitors: 0, durationMs: 0 }));
});
const ms = performance.now() - t0;
console.log(`${n} connects in ${ms.toFixed(0)} ms: ${(Number(n) / ms * 1000).toFixed(0)}/s; cpu ${JSON.stringify(process.cpuUsage())}`);
for (const s of sockets) s.close();
process.exit(0);
