// Probe: the statements a new visitor connection costs on MariaDB (general log).
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import { openDatabase } from '@parley/db';
import { spawnServer, startMariaDb } from '@parley/test-kit';
import { connectVisitor, startSession, BENCH_ORIGIN } from './visitor-client.ts';
const mariadb = await startMariaDb();
const url = `${mariadb.baseUrl}/parley_probe`;
const admin = await createConnection(mariadb.baseUrl);
await admin.query('CREATE DATABASE parley_probe');
const env = { JWT_SECRET: randomBytes(32).toString('hex'), DATABASE_URL: url, LOG_LEVEL: 'info', DEMO: 'false', DATA_DIR: '/tmp/perfconn/data' };
const ready = async (server: any) => {
for (let i = 0; i < 200; i++) { if ((await fetch(`${server.url}/readyz`).then((r) => r.status, () => 0)) === 200) break; await new Promise((r) => setTimeout(r, 50)); }
};
let server = await spawnServer({ env, args: ['--migrate'], entry: 'built' });
await ready(server); await server.stop();
server = await spawnServer({ env, entry: 'built' }); await ready(server);
const db = openDatabase({ url, sqliteStorage: '' });
const widgetKey = `wk_${randomBytes(12).toString('hex')}`;
await db.models.WidgetConfig.create({ widgetKey, name: 'Bench', allowedOrigins: [BENCH_ORIGIN] });
const job = { url: server.url, mode: 'parley' as const, widgetKey, visitors: 1, durationMs: 0 };
// warm up (widget cache)
const w = await connectVisitor(job); await startSession(w); w.close();
await new Promise((r) => setTimeout(r, 300));
await admin.query("SET GLOBAL log_output='TABLE'"); await admin.query('SET GLOBAL general_log=1');
const n = Number(process.argv[2] ?? 3);
const socks = [];
for (let i = 0; i < n; i++) { const s = await connectVisitor(job); await startSession(s); socks.push(s); }
await new Promise((r) => setTimeout(r, 300));
await admin.query('SET GLOBAL general_log=0');
const [rows] = await admin.query("SELECT thread_id, LEFT(argument, 200) AS a FROM mysql.general_log WHERE command_type IN ('Query','Execute') AND argument NOT LIKE '%general_log%'");
for (const r of rows as any[]) console.log(r.thread_id, r.a);
console.log('statements per connection', (rows as any[]).length / n);
for (const s of socks) s.close();
await server.stop(); await db.close(); await admin.end(); await mariadb.stop();
process.exit(0);
