import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { outbox } from '../../src/db/schema.js';
import { MessageRecorder } from '../../src/pipeline/recorder.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { silentLogger } from '../../src/log.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { testClassifier } from '../helpers/simulate.js';
import { waitFor } from '../helpers/wait.js';
import { GROUP, Harness, STAFF_ROOM } from './harness.js';

describe('kill -9 and restart: nothing is lost', () => {
  it('a new core on the same database handles what the old one recorded, sends what it queued, and reports the send it was in', async () => {
    const db = await freshDatabase();
    try {
      // the first process: sets up, records three messages, queues sends, and dies before handling any of it
      const first = await Harness.start({ db });
      const groupId = first.room(GROUP).id;
      const zhang = first.personId('张阿姨');
      const liu = first.personId('刘先生');
      const recorder = new MessageRecorder(db.db, first.clock, silentLogger, () => {});
      const at = first.clock.now();
      for (const [i, who, name, text] of [
        [1, zhang, '张阿姨', '我家厨房水管漏水了，麻烦派人来看看'],
        [2, liu, '刘先生', '我家卫生间马桶堵了，麻烦来修一下'],
        [3, liu, '刘先生', '谢谢'],
      ] as const) {
        await recorder.receive({ msgId: `wx-restart-${i}`, roomId: groupId, roomTopic: GROUP, talkerId: who, talkerName: name, text, kind: 'text', mentionsBot: false, mentionIds: [], sentAt: at });
      }
      await enqueue(db.db, at, { to: { roomId: groupId }, text: '【通知】明天上午9点至11点停水，请提前储水。', priority: 2, kind: 'notice' });
      await enqueue(db.db, at, { to: { contactId: zhang }, text: '您的快递已放在前台，请尽快来取。' });
      await enqueue(db.db, at, { to: { roomId: groupId }, text: '电梯维保已完成，感谢大家配合。' });
      await db.db.update(outbox).set({ status: 'sending', attempts: 1 }).where(eq(outbox.text, '电梯维保已完成，感谢大家配合。'));
      first.core.recorder.stop();
      await first.world.stop();
      expect((await first.messages()).map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
      expect(first.said).toEqual([]);

      // the restarted process: a new core on the same database, started as startLive starts it
      const second = await Harness.start({ db, start: '2026-11-23T09:05:00+08:00' });
      try {
        const reported = await second.core.sender.recoverInFlight();
        expect(reported.map((r) => r.text)).toEqual(['电梯维保已完成，感谢大家配合。']);
        await second.driver.settle();
        await second.sendAll();

        expect((await second.messages()).map((m) => [m.msgId, m.status])).toEqual([
          ['wx-restart-1', 'handled'], ['wx-restart-2', 'handled'], ['wx-restart-3', 'handled'],
        ]);
        const tickets = await second.tickets();
        expect(tickets.map((t) => t.reporterName).sort()).toEqual(['刘先生', '张阿姨']);
        const group = second.saidIn(GROUP);
        for (const t of tickets) expect(group.filter((s) => s.text.includes(`#${t.id}`) && s.mentionNames.includes(t.reporterName))).toHaveLength(1);
        expect(group.filter((s) => s.text.includes('明天上午9点至11点停水'))).toHaveLength(1);
        expect(second.saidTo('张阿姨').filter((s) => s.text.includes('快递'))).toHaveLength(1);
        // the interrupted send is not repeated; the staff room is told to follow up
        expect(second.said.some((s) => s.text.includes('电梯维保已完成') && s.roomId === groupId)).toBe(false);
        const staffNotes = second.saidIn(STAFF_ROOM).filter((s) => s.text.includes('电梯维保已完成'));
        expect(staffNotes).toHaveLength(1);
        expect(staffNotes[0]!.text).toContain('可能未送达');
        const rows = await second.outbox();
        expect(rows.find((r) => r.text.startsWith('电梯维保'))?.status).toBe('unknown');
        expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'unknown')).toEqual([]);
      } finally {
        await second.stop();
      }
    } finally {
      await db.dispose();
    }
  });
});

describe('kill -9 of a real bot process', () => {
  const FIXTURE = path.resolve('tests/fixtures/foundation-bot.ts');
  const N = 4;
  let db: TestDatabase;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    await testClassifier(); // the children load the cached model instead of each training one
    db = await freshDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'linli-foundation-bot-'));
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await db?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function startBot(sentFile: string): { child: ChildProcess; started: Promise<void>; stderr: () => string } {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, db.url, sentFile, String(N)], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const started = new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); if (out.includes('STARTED')) resolve(); });
      child.on('exit', (code) => reject(new Error(`the bot exited early (${code}): ${err}`)));
    });
    return { child, started, stderr: () => err };
  }

  const sentLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

  const until = (what: string, check: () => Promise<boolean> | boolean, ms: number) => waitFor(check, { what, timeout: ms, interval: 100 });

  it('a second process on the same database finishes the work: every message handled, every reply sent once', async () => {
    const file = path.join(dir, 'sent.jsonl');
    const first = startBot(file);
    await first.started;
    await until('the first sends', () => sentLines(file).length >= 2, 30_000);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const sql = connect(db.url, { max: 1 }).sql;
    try {
      const left = await sql<{ n: number }[]>`select count(*)::int as n from outbox where status in ('pending', 'sending')`;
      const recorded = await sql<{ n: number }[]>`select count(*)::int as n from messages`;
      // the kill landed mid-way: work was left for the second process
      expect(left[0]!.n + (N - recorded[0]!.n)).toBeGreaterThan(0);

      const second = startBot(file);
      await second.started;
      await until('every message handled and every send done', async () => {
        const [m] = await sql<{ n: number }[]>`select count(*)::int as n from messages where status not in ('pending')`;
        const [o] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where status in ('pending', 'sending')`;
        return m!.n === N && o!.n === 0;
      }, 60_000);
      second.child.kill('SIGTERM');
      const code = await new Promise((r) => second.child.once('exit', r));
      expect(code, second.stderr()).toBe(0);

      const messages = await sql<{ msg_id: string; status: string }[]>`select msg_id, status from messages order by msg_id`;
      expect(messages.map((m) => m.msg_id)).toEqual(Array.from({ length: N }, (_, i) => `wx-fixture-${i + 1}`));
      expect(messages.every((m) => m.status === 'handled')).toBe(true);

      const rows = await sql<{ id: number; room_id: string | null; contact_id: string | null; text: string; mention_ids: string[]; status: string }[]>`
        select id, room_id, contact_id, text, mention_ids, status from outbox order by id`;
      expect(rows.every((r) => r.status === 'sent' || r.status === 'unknown')).toBe(true);
      const unknown = rows.filter((r) => r.status === 'unknown');
      expect(unknown.length).toBeLessThanOrEqual(1); // only a send the kill interrupted

      const lines = sentLines(file);
      expect(new Set(lines).size).toBe(lines.length); // nothing sent twice
      const key = (r: { room_id: string | null; contact_id: string | null; text: string; mention_ids: string[] }) =>
        JSON.stringify({ roomId: r.room_id, contactId: r.contact_id, text: r.text, mentionIds: r.mention_ids });
      expect(new Set(rows.map(key)).size).toBe(rows.length);
      for (const r of rows) {
        const times = lines.filter((l) => l === key(r)).length;
        if (r.status === 'sent') expect(times, r.text).toBe(1);
        else expect(times, r.text).toBeLessThanOrEqual(1);
      }
      for (const l of lines) expect(rows.some((r) => key(r) === l), l).toBe(true);
      // each resident's report became a ticket whose number reached the group
      const tickets = await sql<{ id: number }[]>`select id from tickets order by id`;
      expect(tickets.length).toBe(N);
      for (const t of tickets) {
        expect(lines.some((l) => l.includes('fixture-group@chatroom') && l.includes(`#${t.id}`))).toBe(true);
      }
      // an interrupted send is reported to the staff room rather than repeated (one that was itself for the
      // staff room is not reported there again: the kill lands on either kind of send)
      if (unknown.some((r) => r.room_id !== 'fixture-staff@chatroom')) {
        expect(lines.some((l) => l.includes('fixture-staff@chatroom') && l.includes('可能未送达'))).toBe(true);
      }
    } finally {
      await sql.end();
    }
  }, 120_000);
});
