import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outbox, rooms, scheduleRuns, schedules } from '../../src/db/schema.js';
import { localParts } from '../../src/domain/time.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const WORKER = path.join(ROOT, 'tests/fixtures/schedule-worker.ts');

interface Sent { pid: number; roomId: string | null; text: string }

function startWorker(env: Record<string, string>): { child: ChildProcess; done: Promise<number | null>; out: () => string } {
  // node --import tsx runs the file in this very process, so SIGKILL hits the worker itself
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += String(d); });
  child.stderr!.on('data', (d) => { output += String(d); });
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done, out: () => output };
}

function readSends(file: string): Sent[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sent);
}

async function addRooms(db: TestDatabase, n: number): Promise<string[]> {
  const now = new Date();
  const ids = Array.from({ length: n }, (_, i) => `${String(100000 + i)}@chatroom`);
  await db.db.insert(rooms).values(ids.map((id, i) => ({
    id, topic: `阳光花园${i + 1}栋业主群`, community: '阳光花园', building: `${i + 1}栋`, mappingConfirmed: true, createdAt: now, updatedAt: now,
  })));
  return ids;
}

let db: TestDatabase | null = null;
afterEach(async () => {
  await db?.dispose();
  db = null;
});

describe('schedules across real processes sharing one database', () => {
  it('two bot processes firing the same schedules race for each slot; one claims it and each group gets it once', async () => {
    db = await freshDatabase();
    const roomIds = await addRooms(db, 20);
    const now = Date.now();
    const created = new Date(now - 3600_000);
    // a one-off notice that fell due a minute ago, and a daily notice whose slot was ten minutes ago
    const tenAgo = localParts(new Date(now - 10 * 60_000), 'Asia/Shanghai');
    const made = await db.db.insert(schedules).values([
      { kind: 'notice', runAt: new Date(now - 60_000), scope: {}, payload: { text: '明天停水' }, createdAt: created },
      { kind: 'notice', cron: `${tenAgo.minute} ${tenAgo.hour} * * *`, scope: {}, payload: { text: '每日提醒' }, createdAt: created },
    ]).returning({ id: schedules.id });
    // Every claim attempt is recorded, a losing one too: a BEFORE INSERT trigger fires even when
    // ON CONFLICT DO NOTHING then skips the row.
    await db.sql.unsafe(`
      create table claim_attempts (schedule_id int not null, slot timestamptz not null, claimed_by text not null);
      create function record_claim_attempt() returns trigger language plpgsql as $$
        begin insert into claim_attempts values (new.schedule_id, new.slot, new.claimed_by); return new; end $$;
      create trigger record_claim_attempt before insert on schedule_runs for each row execute function record_claim_attempt();`);
    // The gate: while this transaction holds schedule_runs in SHARE mode, a process can read the
    // schedules but its claim (an INSERT) waits. Both processes are let go only once both wait.
    const gate = await db.sql.reserve();
    await gate`begin`;
    await gate`lock table schedule_runs in share mode`;

    const dir = mkdtempSync(path.join(tmpdir(), 'linli-two-'));
    const file = path.join(dir, 'sends.jsonl');
    const env = { DATABASE_URL: db.url, SENDS_FILE: file, GAP_MS: '5', RUN_JOB: '1' };
    const a = startWorker(env);
    const b = startWorker(env);
    try {
      await waitFor(async () => {
        const [w] = await db!.sql<{ n: number }[]>`
          select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
          where c.relname = 'schedule_runs' and not l.granted`;
        return w!.n === 2;
      }, { timeout: 30_000, what: () => `both processes waiting to claim a slot\n${a.out()}\n${b.out()}` });
    } finally {
      await gate`commit`;
      gate.release();
    }
    const codes = await Promise.all([a.done, b.done]);
    expect(codes, `${a.out()}\n${b.out()}`).toEqual([0, 0]);
    for (const w of [a, b]) {
      expect(w.out()).toContain(`ready ${w.child.pid}`);
      expect(w.out()).toContain('job ran at');
    }

    // both processes attempted both slots; each slot was claimed once
    const who = [a, b].map((w) => `${hostname()}:${w.child.pid}`).sort();
    const attempts = await db.sql<{ schedule_id: number; slot: string | Date; claimed_by: string }[]>`select * from claim_attempts`;
    const runs = await db.db.select().from(scheduleRuns);
    expect(runs).toHaveLength(2);
    for (const { id } of made) {
      const run = runs.find((r) => r.scheduleId === id);
      expect(run?.status).toBe('done');
      const tries = attempts.filter((t) => t.schedule_id === id);
      expect(tries.map((t) => t.claimed_by).sort()).toEqual(who);
      expect(tries.every((t) => new Date(t.slot).getTime() === run!.slot.getTime())).toBe(true);
      expect(who).toContain(run!.claimedBy);
    }

    // exactly one send per group and notice
    const sends = readSends(file);
    for (const text of ['【物业通知】明天停水', '【物业通知】每日提醒']) {
      const rooms = sends.filter((s) => s.text === text).map((s) => s.roomId);
      expect(rooms.sort()).toEqual([...roomIds].sort());
    }
    expect(sends).toHaveLength(40);
  }, 60_000);

  it('a 300-group broadcast killed half-way is resumed by another process: each group once, no gap', async () => {
    db = await freshDatabase();
    const roomIds = await addRooms(db, 300);
    await db.db.insert(schedules).values({ kind: 'notice', runAt: new Date(Date.now() - 60_000), scope: {}, payload: { text: '消防演练通知' }, createdAt: new Date(Date.now() - 3600_000) });
    const dir = mkdtempSync(path.join(tmpdir(), 'linli-crash-'));
    const file = path.join(dir, 'sends.jsonl');
    const first = startWorker({ DATABASE_URL: db.url, SENDS_FILE: file, GAP_MS: '15', RUN_JOB: '1' });
    await waitFor(() => readSends(file).length >= 100, { timeout: 30_000, what: 'the first 100 sends' });
    first.child.kill('SIGKILL');
    expect(await first.done).toBeNull(); // killed, not exited
    const beforeResume = readSends(file).length;
    expect(beforeResume).toBeGreaterThanOrEqual(100);
    expect(beforeResume).toBeLessThan(300);

    // the second process recovers in-flight rows, runs the job again (nothing to claim) and drains
    const second = startWorker({ DATABASE_URL: db.url, SENDS_FILE: file, GAP_MS: '15', RUN_JOB: '1', RECOVER: '1' });
    expect(await second.done, second.out()).toBe(0);

    const sends = readSends(file);
    const sentRooms = sends.map((s) => s.roomId);
    expect(new Set(sentRooms).size).toBe(sentRooms.length); // no duplicates
    const rows = await db.db.select().from(outbox);
    expect(rows).toHaveLength(300); // queued exactly once, though the job ran twice
    const byStatus = (s: string) => rows.filter((r) => r.status === s);
    // a row interrupted between the transport and the `sent` mark is `unknown` (reported, not repeated)
    expect(byStatus('unknown').length).toBeLessThanOrEqual(1);
    expect(byStatus('sent').length + byStatus('unknown').length).toBe(300);
    const covered = new Set([...byStatus('sent').map((r) => r.roomId), ...byStatus('unknown').map((r) => r.roomId)]);
    expect([...covered].sort()).toEqual([...roomIds].sort());
    // everything marked sent was really handed to the transport, and the second process did send
    for (const r of byStatus('sent')) expect(sentRooms).toContain(r.roomId);
    expect(new Set(sends.map((s) => s.pid)).size).toBe(2);
  }, 90_000);
});
