/**
 * The console's ticket board with 100,000 tickets: server time of one page (query + HTML),
 * measured through Fastify's inject (no network), for the default view and the usual filters.
 * Run alone with `npx tsx bench/board.ts [postgres://server]` (else an embedded server); `npm run bench` runs it too.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { freePort } from '../src/boot.js';
import { systemClock } from '../src/clock.js';
import { createScratchDatabase, startScratchServer } from '../src/db/provision.js';
import { loadConfig } from '../src/config.js';
import { connect, type Database } from '../src/db/connect.js';
import { runMigrations } from '../src/db/migrate.js';
import { silentLogger } from '../src/log.js';
import { openSession } from '../src/web/auth/sessions.js';
import { buildWebServer } from '../src/web/server.js';

export const BOARD_TICKETS = 100_000;
const RUNS = 15;

export async function seedTickets(database: Database, n: number): Promise<void> {
  const { sql } = database;
  await sql`insert into staff (contact_id, name, role, created_at)
    select 'wx-s' || i, '员工' || i, (array['manager','supervisor','agent','technician'])[1 + i % 4], now() from generate_series(0, 19) i
    on conflict do nothing`;
  await sql`insert into rooms (id, topic, community, building, created_at, updated_at)
    select 'room-' || i, '阳光花园' || (1 + i % 40) || '栋业主群', '阳光花园', (1 + i % 40) || '栋', now(), now() from generate_series(0, 39) i
    on conflict do nothing`;
  // a year of tickets, one every five minutes: a tenth still open (most long overdue), a fifth being worked on
  await sql`insert into tickets (intent, category, status, urgent, room_id, reporter_id, reporter_name, community, building, summary,
      assignee_id, created_at, accepted_at, resolved_at, closed_at, respond_due_at, resolve_due_at, rating)
    select (array['repair','complaint','inquiry'])[1 + i % 3],
      (array['water','power','lift','doors','noise','hygiene','parking','other'])[1 + i % 8],
      case when i % 10 = 0 then 'open' when i % 10 in (1, 2) then 'accepted' when i % 10 = 3 then 'paused' when i % 10 = 4 then 'resolved' else 'closed' end,
      i % 37 = 0, 'room-' || (i % 40), 'wx-r' || i, '住户' || i, '阳光花园', (1 + i % 40) || '栋', '厨房水管漏水了，麻烦派人来看看 ' || i,
      case when i % 10 = 0 then null else 'wx-s' || (i % 20) end,
      t, case when i % 10 = 0 then null else t + interval '10 minutes' end,
      case when i % 10 >= 4 then t + interval '5 hours' end, case when i % 10 >= 5 then t + interval '3 days' end,
      t + interval '15 minutes', t + interval '24 hours', case when i % 10 >= 5 then 1 + i % 5 end
    from (select i, now() - (i * interval '5 minutes') as t from generate_series(1, ${n}) i) s`;
  await sql`analyze tickets`;
}

const VIEWS: [string, string][] = [
  ['default (all, nearest deadline first)', '/'],
  ['not finished', '/?status=active'],
  ['overdue', '/?overdue=1'],
  ['one building', '/?community=阳光花园&building=17栋'],
  ['category + intent', '/?category=lift&intent=repair'],
  ['one assignee, in progress', '/?assignee=wx-s3&status=accepted'],
  ['urgent', '/?urgent=1'],
  ['a month', '/?from=2026-06-01&to=2026-06-30'],
  ['page 40', '/?page=40'],
  ['closed, page 100', '/?status=closed&page=100'],
];

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { median_ms: r(at(0.5)), p95_ms: r(at(0.95)), max_ms: r(s.at(-1)!) };
}

/** Seeds `BOARD_TICKETS` tickets into a migrated database and times board pages. */
export async function benchBoard(database: Database): Promise<{ tickets: number; median_ms: number; p95_ms: number; max_ms: number; views: Record<string, ReturnType<typeof stats>> }> {
  await seedTickets(database, BOARD_TICKETS);
  const config = loadConfig({});
  const { app } = await buildWebServer({ db: database.db, config, clock: systemClock, log: silentLogger, wechat: () => ({ mode: 'simulator', loggedIn: true }) });
  const token = await openSession(database.db, config, new Date(), 'wx-s1');
  const all: number[] = [];
  const views: Record<string, ReturnType<typeof stats>> = {};
  try {
    for (const [name, url] of VIEWS) {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 2; i++) {
        const t0 = performance.now();
        const res = await app.inject({ method: 'GET', url: encodeURI(url), cookies: { linli_session: token } });
        const ms = performance.now() - t0;
        if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
        if (i >= 2) times.push(ms); // the first two warm the caches
      }
      views[name] = stats(times);
      all.push(...times);
    }
  } finally {
    await app.close();
  }
  return { tickets: BOARD_TICKETS, ...stats(all), views };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const external = process.argv[2] ?? process.env.DATABASE_URL;
  const server = external ? await createScratchDatabase(external, 'linli_board') : await startScratchServer(silentLogger, await freePort());
  try {
    const database = connect(server.url, { max: 4 });
    await runMigrations(database.sql);
    const r = await benchBoard(database);
    await database.close();
    process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  } finally {
    await server.dispose();
  }
}
