/**
 * npm run bench:statements — how many SQL statements the group-message path costs, and which.
 * Sends the bench's message mix one at a time (each waits for the previous to be handled) through a
 * core whose connection counts every statement; prints statements per message and the commonest.
 */
import { readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import type postgres from 'postgres';
import { freePort } from '../src/boot.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCore } from '../src/core.js';
import { connect } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchMessage, seedBenchRooms } from './pipeline.js';

const N = Number(process.env.N ?? 2000);
/** messages per second offered; 0: one at a time */
const RATE = Number(process.env.RATE ?? 0);
/** only the bench's chit-chat (the commonest group traffic) */
const CHAT_ONLY = process.env.CHAT_ONLY === '1';
const message = (i: number) => benchMessage(CHAT_ONLY ? Math.floor(i / 6) * 10 + (i % 6) : i, 200);
const server = process.env.DATABASE_URL
  ? await createScratchDatabase(process.env.DATABASE_URL, 'linli_bench_statements')
  : await startScratchServer(silentLogger, await freePort());
try {
  let counting = false;
  // each write is a round trip's flush: statements sent together share one
  let writes = 0;
  const write = Socket.prototype.write;
  Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (counting) writes++;
    return write.apply(this, args);
  } as Socket['write'];
  const seen = new Map<string, number>();
  const database = connect(server.url, {
    max: 10,
    debug: (_connection, query) => {
      if (!counting) return;
      const key = query.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').replace(/(\(\?(, \?)*\)(, )?)+/g, '(…)').slice(0, 160);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    },
  });
  const { sql: client, db } = database;
  await runMigrations(client);
  await seedBenchRooms(database, 200);
  const classifier = await loadClassifier();
  let resolveOne: () => void = () => {};
  const core = createCore({
    config: loadConfig({}), clock: systemClock, log: silentLogger, db, classifier,
    transport: { send: async () => {} }, random: Math.random, account: 'bench', onHandled: () => resolveOne(),
  });
  const one = (i: number) => new Promise<void>((r) => { resolveOne = r; void core.recorder.receive(message(i)); });
  // warm-up: every room seen once, as in a running bot
  for (let i = 0; i < 400; i++) await one(i);
  counting = true;
  const cpu0 = { node: process.cpuUsage(), db: await databaseCpu(client) };
  if (RATE) {
    // the bench's offered load: messages arrive every 1000/RATE ms, whatever is still in flight
    let done = 0;
    await new Promise<void>((all) => {
      resolveOne = () => { if (++done === N) all(); };
      const t0 = Date.now();
      void (async () => {
        for (let i = 400; i < 400 + N; i++) {
          const wait = t0 + ((i - 400) * 1000) / RATE - Date.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
          void core.recorder.receive(message(i));
        }
      })();
    });
  } else {
    for (let i = 400; i < 400 + N; i++) await one(i);
  }
  counting = false;
  const nodeCpu = process.cpuUsage(cpu0.node);
  const dbMs = cpuDelta(cpu0.db, await databaseCpu(client));
  const total = [...seen.values()].reduce((a, b) => a + b, 0);
  process.stdout.write(`${N} group messages${CHAT_ONLY ? ' (chit-chat only)' : ''}, ${RATE ? `${RATE} msg/s offered` : 'one at a time'}: ${(total / N).toFixed(2)} statements, ${(writes / N).toFixed(2)} writes to the server per message\n`);
  process.stdout.write(`CPU per message: ${((nodeCpu.user + nodeCpu.system) / 1000 / N).toFixed(3)} ms in this process, ${(dbMs / N).toFixed(3)} ms in PostgreSQL's processes\n`);
  for (const [q, n] of [...seen].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 25))) process.stdout.write(`${(n / N).toFixed(3).padStart(7)}  ${q}\n`);
  // tables read by sequential scans during the run: a lookup without its index
  const scans = await client<{ relname: string; seq_scan: number; seq_tup_read: number; idx_scan: number }[]>`
    select relname, seq_scan::int, seq_tup_read::int, coalesce(idx_scan, 0)::int as idx_scan from pg_stat_user_tables
    where seq_tup_read > 0 order by seq_tup_read desc limit 10`;
  process.stdout.write('sequential scans since the start (table, scans, rows read, index scans):\n');
  for (const t of scans) process.stdout.write(`  ${t.relname} ${t.seq_scan} ${t.seq_tup_read} ${t.idx_scan}\n`);
  await client.end();
} finally {
  await server.dispose();
}

/** CPU milliseconds used so far by each of the server's processes (Linux /proc; ticks of 10 ms). */
async function databaseCpu(client: postgres.Sql): Promise<Map<number, number>> {
  const pids = await client<{ pid: number }[]>`select pid from pg_stat_activity`;
  const used = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch { /* not on this machine's /proc (a remote DATABASE_URL) */ }
  }
  return used;
}

function cpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}
