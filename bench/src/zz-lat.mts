// Probe: connect and session:start latencies against a built server on SQLite.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { openDatabase } from '@parley/db';
import { spawnServer } from '@parley/test-kit';
import { connectVisitor, startSession, BENCH_ORIGIN } from './visitor-client.ts';
import { inBatches, percentiles } from './stats.ts';
import { cpuSecondsOf } from './phases.ts';
const dir = mkdtempSync('/tmp/perfconn/sq-');
const env = { JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'info', DEMO: 'false', DATA_DIR: dir, RATE_LIMIT_CONNECTIONS_PER_IP: '1000000', RATE_LIMIT_EVENTS_PER_VISITOR: '1000000' };
const ready = async (server: any) => { for (let i = 0; i < 400; i++) { if ((await fetch(`${server.url}/readyz`).then((r) => r.status, () => 0)) === 200) return; await new Promise((r) => setTimeout(r, 50)); } };
let server = await spawnServer({ env, args: ['--migrate'], entry: 'built' });
await ready(server); await server.stop();
server = await spawnServer({ env, entry: 'built', nodeArgs: process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/perfconn/lat'] : [] }); await ready(server);
const db = openDatabase({ url: undefined, sqliteStorage: `${dir}/parley.sqlite` });
const widgetKey = `wk_${randomBytes(12).toString('hex')}`;
await db.models.WidgetConfig.create({ widgetKey, name: 'Bench', allowedOrigins: [BENCH_ORIGIN] });
const job = { url: server.url, mode: 'parley' as const, widgetKey, visitors: 1, durationMs: 0 };
for (const [n, c] of [[20, 1], [Number(process.argv[2] ?? 500), Number(process.argv[3] ?? 50)]]) {
  const conn: number[] = []; const start: number[] = []; const socks: any[] = [];
  const t0 = performance.now(); const sc0 = cpuSecondsOf(server.child.pid!); const cc0 = process.cpuUsage();
  await inBatches(Array.from({ length: n! }, (_, i) => i), c!, async () => {
    const a = performance.now(); const s = await connectVisitor(job); const b = performance.now();
    await startSession(s); const e = performance.now(); conn.push(b - a); start.push(e - b); socks.push(s);
  });
  const ms = performance.now() - t0; const scpu = cpuSecondsOf(server.child.pid!) - sc0; const cc = process.cpuUsage(cc0);
  console.log(`server cpu per connection ${(scpu / n! * 1000).toFixed(2)} ms; client ${((cc.user + cc.system) / 1000 / n!).toFixed(2)} ms`);
  console.log(`n=${n} c=${c}: ${(n! / ms * 1000).toFixed(0)}/s connect ${JSON.stringify(percentiles(conn))} start ${JSON.stringify(percentiles(start))}`);
  for (const s of socks) s.close();
}
await server.stop(); await db.close();
process.exit(0);
