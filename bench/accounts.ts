import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { VirtualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createCore, type Core } from '../src/core.js';
import { connect } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase } from '../src/db/provision.js';
import { roomAccounts } from '../src/db/schema.js';
import { silentLogger } from '../src/log.js';
import type { Classifier } from '../src/nlu/types.js';
import { PRIORITY } from '../src/outbox/enqueue.js';
import { Outbound } from '../src/outbox/outbound.js';
import { VirtualDriver } from '../src/runtime/virtual.js';
import { seedBenchRooms } from './pipeline.js';
import { seededRandom } from '../src/clock.js';

const GROUPS = 300;

/**
 * A notice to 300 groups with `accounts` bot accounts on one database, on the virtual clock with
 * the default send gap (1.5 s plus up to 1.5 s of jitter per account): each group is in one
 * account, spread evenly, and every account sends its own groups in parallel. Returns the sends
 * per minute of virtual time, from the notice to its last send.
 */
export async function benchBroadcast(serverUrl: string, classifier: Classifier, accounts: number): Promise<{ accounts: number; sends: number; minutes: number; sends_per_min: number }> {
  const scratch = await createScratchDatabase(serverUrl, 'linli_bench_broadcast');
  const database = connect(scratch.url, { max: 4 });
  try {
    await runMigrations(database.sql);
    await seedBenchRooms(database, GROUPS);
    const names = Array.from({ length: accounts }, (_, i) => `bot${i + 1}`);
    const start = new Date('2026-11-23T10:00:00+08:00');
    const clock = new VirtualClock(start);
    const sent: Date[] = [];
    const config = loadConfig({});
    const cores: Core[] = names.map((account, i) => createCore({
      config, clock, log: silentLogger, db: database.db, classifier, random: seededRandom(i + 1), account,
      transport: { send: async () => { sent.push(clock.now()); } },
    }));
    const roomIds = Array.from({ length: GROUPS }, (_, i) => `${String(i).padStart(6, '0')}@chatroom`);
    await database.db.insert(roomAccounts).values([
      ...roomIds.map((roomId, i) => ({ roomId, account: names[i % accounts]!, joinedAt: start })),
      ...names.map((account) => ({ roomId: 'staff@chatroom', account, joinedAt: start })),
    ]);
    for (const core of cores) await core.presence.login(null);
    await cores[0]!.presence.rebalance();
    await database.db.transaction(async (tx) => {
      await new Outbound(tx, start, silentLogger).toRooms(roomIds, '【物业通知】本周六上午停水，请提前储水', { key: 'notice:bench', kind: 'notice', priority: PRIORITY.scheduled });
    });
    const driver = new VirtualDriver(cores, clock);
    await driver.flushSends(6 * 3600_000);
    const last = sent[sent.length - 1] ?? start;
    const minutes = (last.getTime() - start.getTime()) / 60_000;
    return { accounts, sends: sent.length, minutes: Math.round(minutes * 100) / 100, sends_per_min: Math.round((sent.length / minutes) * 10) / 10 };
  } finally {
    await database.close();
    await scratch.dispose();
  }
}

/**
 * The pipeline with `processes` bot processes on one database: each a real process
 * (bench/pipeline-worker.ts) with its own account and its own share of 300 groups, `total`
 * messages handed over at once, split evenly. Throughput = all messages / (all handled in the
 * database − first handed over), in wall time. Run with 1 and with 3 for a like-for-like comparison.
 */
export async function benchProcesses(serverUrl: string, processes: number, total: number): Promise<{ processes: number; n: number; msgs_per_s: number }> {
  const perProcess = Math.floor(total / processes);
  const scratch = await createScratchDatabase(serverUrl, 'linli_bench_processes');
  const database = connect(scratch.url, { max: 2 });
  try {
    await runMigrations(database.sql);
    await seedBenchRooms(database, GROUPS);
    const workers = ['a', 'b', 'c', 'd'].slice(0, processes).map((account, i) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/pipeline-worker.ts', scratch.url, account, String(i), String(processes), String(perProcess)], { stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout! });
      const next = () => new Promise<string>((resolve, reject) => {
        lines.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`pipeline worker ${account} exited (${code})`)));
      });
      return { child, next };
    });
    await Promise.all(workers.map(async (w) => { if ((await w.next()) !== 'READY') throw new Error('worker not ready'); }));
    const done = workers.map((w) => w.next());
    for (const w of workers) w.child.stdin!.write('GO\n');
    const started = (await Promise.all(done)).map((l) => (JSON.parse(l) as { t0: number }).t0);
    const n = processes * perProcess;
    // every process handles any pending message: the end is when the database has them all handled
    for (;;) {
      const [row] = await database.sql<{ n: number }[]>`select count(*)::int as n from messages where status <> 'pending'`;
      if (row!.n >= n) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (Date.now() - Math.min(...started)) / 1000;
    const exited = workers.map((w) => new Promise((r) => w.child.once('exit', r)));
    for (const w of workers) w.child.stdin!.end();
    await Promise.all(exited);
    return { processes, n, msgs_per_s: Math.round(n / seconds) };
  } finally {
    await database.close();
    await scratch.dispose();
  }
}
