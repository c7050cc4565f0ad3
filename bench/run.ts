/**
 * npm run bench — prints a table and writes bench/results.json.
 * Uses DATABASE_URL's server when set, otherwise a throw-away embedded PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { freePort } from '../src/boot.js';
import { connect } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import { silentLogger } from '../src/log.js';
import { loadClassifier } from '../src/nlu/index.js';
import { benchBoard } from './board.js';
import { benchClassify } from './classify.js';
import { benchOfferedLoad, benchRawInsert, benchSustained, seedBenchRooms, seedResidents } from './pipeline.js';
import { benchBroadcast, benchProcesses } from './accounts.js';

const TARGETS = {
  classify_p99_ms: 2, pipeline_p99_ms: 25, board_page_ms: 200, sustained_msgs_per_s: 500, cold_start_ms: 3000, rss_mb: 300,
};

function tsx(args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--expose-gc', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

async function main(): Promise<void> {
  const log = silentLogger;
  const server = process.env.DATABASE_URL
    ? await createScratchDatabase(process.env.DATABASE_URL, 'linli_bench')
    : await startScratchServer(log, await freePort());
  const results: Record<string, unknown> = { machine: { cpus: cpus().length, node: process.version }, database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded' };
  // BENCH_ONLY=accounts runs only the bot-account measures (broadcast spread, three processes)
  const only = process.env.BENCH_ONLY;
  try {
    if (only === 'accounts') {
      await benchAccounts(server.url, results);
      process.stdout.write(JSON.stringify({ accounts: results.accounts }, null, 2) + '\n');
      return;
    }
    process.stderr.write('classification…\n');
    results.classify = await benchClassify();

    const database = connect(server.url, { max: 10 });
    await runMigrations(database.sql);
    await seedBenchRooms(database, 200);
    const classifier = await loadClassifier();
    process.stderr.write('database insert rate…\n');
    const raw = await benchRawInsert(database, 5000, 4);
    process.stderr.write('pipeline at 200 msg/s…\n');
    const offered = await benchOfferedLoad(database, classifier, 200, 10);
    process.stderr.write('pipeline sustained…\n');
    const sustained = await benchSustained(database, classifier, 5000);
    results.pipeline = {
      offered_msgs_per_s: 200, ...offered, sustained_msgs_per_s: sustained.msgs_per_s,
      raw_insert_rows_per_s: raw.rows_per_s,
      share_of_insert_rate: Math.round((sustained.msgs_per_s / raw.rows_per_s) * 1000) / 1000,
    };
    await database.close();

    await benchAccounts(server.url, results);

    process.stderr.write('cold start…\n');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'linli-cold-'));
    chmodSync(dataDir, 0o755);
    try {
      const port = String(await freePort());
      const first = JSON.parse(tsx(['bench/cold-start.ts', dataDir, port])) as { ready_ms: number };
      const again = JSON.parse(tsx(['bench/cold-start.ts', dataDir, port])) as { ready_ms: number; db_ms: number };
      results.cold_start = { first_ever_ms: first.ready_ms, ready_ms: again.ready_ms, database_ready_ms: again.db_ms };
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }

    process.stderr.write('console board with 100,000 tickets…\n');
    const boardDb = await createScratchDatabase(server.url.replace(/\/[^/]*$/, '/postgres'), 'linli_board');
    try {
      const b = connect(boardDb.url, { max: 4 });
      await runMigrations(b.sql);
      results.board = await benchBoard(b);
      await b.close();
    } finally {
      await boardDb.dispose();
    }

    process.stderr.write('memory with 2,000 rooms and 100,000 residents…\n');
    const memDb = await createScratchDatabase(server.url.replace(/\/[^/]*$/, '/postgres'), 'linli_mem');
    try {
      const m = connect(memDb.url, { max: 2 });
      await runMigrations(m.sql);
      await seedBenchRooms(m, 2000);
      await seedResidents(m, 2000, 100_000);
      await m.close();
      results.memory = JSON.parse(tsx(['bench/memory.ts', memDb.url]));
    } finally {
      await memDb.dispose();
    }
  } finally {
    await server.dispose();
  }
  writeFileSync(new URL('./results.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), targets: TARGETS, ...results }, null, 2) + '\n');
  printTable(results);
}

/** Sends per minute of a 300-group notice with 1, 2 and 4 accounts (virtual time), and the pipeline with three processes. */
async function benchAccounts(serverUrl: string, results: Record<string, unknown>): Promise<void> {
  const admin = serverUrl.replace(/\/[^/]*$/, '/postgres');
  const classifier = await loadClassifier();
  const broadcast = [];
  for (const n of [1, 2, 4]) {
    process.stderr.write(`300-group notice with ${n} account(s)…\n`);
    broadcast.push(await benchBroadcast(admin, classifier, n));
  }
  process.stderr.write('pipeline with one process, then three, on one database…\n');
  const one = await benchProcesses(admin, 1, 6000);
  const three = await benchProcesses(admin, 3, 6000);
  results.accounts = { broadcast, one_process: one, three_processes: three };
}

function printTable(r: Record<string, any>): void {
  const rows: [string, string, string, boolean][] = [
    ['classification p50', `${r.classify.p50_ms} ms`, '', true],
    ['classification p99', `${r.classify.p99_ms} ms`, `≤ ${TARGETS.classify_p99_ms} ms`, r.classify.p99_ms <= TARGETS.classify_p99_ms],
    ['classification rate', `${r.classify.msgs_per_s} msg/s`, '', true],
    ['pipeline p50 @200 msg/s', `${r.pipeline.p50_ms} ms`, '', true],
    ['pipeline p99 @200 msg/s', `${r.pipeline.p99_ms} ms`, `≤ ${TARGETS.pipeline_p99_ms} ms`, r.pipeline.p99_ms <= TARGETS.pipeline_p99_ms],
    ['pipeline sustained', `${r.pipeline.sustained_msgs_per_s} msg/s`, `≥ ${TARGETS.sustained_msgs_per_s} msg/s`, r.pipeline.sustained_msgs_per_s >= TARGETS.sustained_msgs_per_s],
    ['raw single-row inserts', `${r.pipeline.raw_insert_rows_per_s} rows/s`, '', true],
    ['pipeline / insert rate', `${Math.round(r.pipeline.share_of_insert_rate * 100)}%`, '', true],
    ['cold start to ready', `${r.cold_start.ready_ms} ms (first ever ${r.cold_start.first_ever_ms} ms)`, `≤ ${TARGETS.cold_start_ms} ms`, r.cold_start.ready_ms <= TARGETS.cold_start_ms],
    ['board page, 100,000 tickets (median)', `${r.board.median_ms} ms`, '', true],
    ['board page, 100,000 tickets (p95 / max)', `${r.board.p95_ms} / ${r.board.max_ms} ms`, `≤ ${TARGETS.board_page_ms} ms`, r.board.max_ms <= TARGETS.board_page_ms],
    ...(r.accounts.broadcast as { accounts: number; sends_per_min: number; minutes: number }[]).map((b): [string, string, string, boolean] =>
      [`300-group notice, ${b.accounts} account${b.accounts > 1 ? 's' : ''}`, `${b.sends_per_min} sends/min (${b.minutes} min)`, '', true]),
    ['pipeline, 3 processes on one database', `${r.accounts.three_processes.msgs_per_s} msg/s (1 process: ${r.accounts.one_process.msgs_per_s} msg/s)`, '', true],
    ['RSS, 2,000 rooms / 100,000 residents', `${r.memory.rss_mb} MB`, `≤ ${TARGETS.rss_mb} MB`, r.memory.rss_mb <= TARGETS.rss_mb],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  process.stdout.write(`| measure | result | target | |\n|---|---|---|---|\n`);
  for (const [a, b, c, ok] of rows) process.stdout.write(`| ${a.padEnd(w0)} | ${b.padEnd(w1)} | ${c} | ${c ? (ok ? 'met' : 'NOT met') : ''} |\n`);
}

await main();
