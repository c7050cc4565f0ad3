import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { connect, type Database } from '../../src/db/connect.js';
import { outbox, rooms, staff } from '../../src/db/schema.js';
import { silentLogger } from '../../src/log.js';
import { enqueue, type OutgoingMessage } from '../../src/outbox/enqueue.js';
import { OutboxSender, type OutboxRow, type SenderOptions, type Transport } from '../../src/outbox/sender.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

interface Sent { roomId: string | null; contactId: string | null; text: string; at: number }

/** A transport that records every send with the virtual time it happened at; `fail` decides which sends throw. */
class RecordingTransport implements Transport {
  readonly sent: Sent[] = [];
  readonly attempts: Sent[] = [];
  constructor(private readonly clock: VirtualClock, private readonly fail: (text: string, attempt: number) => boolean = () => false) {}
  async send(m: { roomId: string | null; contactId: string | null; text: string }): Promise<void> {
    const rec = { roomId: m.roomId, contactId: m.contactId, text: m.text, at: this.clock.now().getTime() };
    this.attempts.push(rec);
    const n = this.attempts.filter((a) => a.text === m.text).length;
    if (this.fail(m.text, n)) throw new Error(`WeChat refused "${m.text}"`);
    this.sent.push(rec);
  }
}

const DAY = '2026-11-23T10:00:00+08:00';
const ms = (iso: string) => new Date(iso).getTime();

function options(over: Partial<SenderOptions> = {}): SenderOptions {
  return {
    account: 'bot', minGapMs: 1000, jitterMs: 0, dailyCap: 1000, maxAttempts: 5, backoffMs: 5000,
    timezone: 'Asia/Shanghai', quietHours: { start: '21:00', end: '08:00' }, ...over,
  };
}

let db: TestDatabase;

beforeAll(async () => { db = await freshDatabase(); });
afterAll(async () => { await db.dispose(); });
beforeEach(async () => { await db.db.execute(sql`truncate outbox, send_state restart identity`); });

function put(clock: VirtualClock, m: Partial<OutgoingMessage> & { text: string }, to: OutgoingMessage['to'] = { roomId: 'r1@chatroom' }) {
  return enqueue(db.db, clock.now(), { to, ...m });
}

/** Drives a sender on the virtual clock until nothing is left, or `until`. */
async function run(sender: OutboxSender, clock: VirtualClock, until = Number.POSITIVE_INFINITY): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    const r = await sender.sendNext();
    if (r.attempted) continue;
    if (!r.nextAt || r.nextAt.getTime() > until) return;
    if (r.nextAt > clock.now()) clock.set(r.nextAt);
  }
  throw new Error('the send queue did not drain');
}

async function rows(): Promise<OutboxRow[]> {
  return db.db.select().from(outbox).orderBy(outbox.id);
}

describe('OutboxSender', () => {
  it('sends the rows of one conversation in id order, except that urgent rows go ahead of ordinary ones', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock);
    await put(clock, { text: 'A1' }, { roomId: 'a@chatroom' });
    await put(clock, { text: 'B1', priority: 2 }, { roomId: 'b@chatroom' });
    await put(clock, { text: 'A2', priority: 0 }, { roomId: 'a@chatroom' });
    await put(clock, { text: 'C1' }, { contactId: 'wxid_c' });
    await put(clock, { text: 'A3', priority: 2 }, { roomId: 'a@chatroom' });
    await put(clock, { text: 'B2', priority: 0 }, { roomId: 'b@chatroom' });
    await put(clock, { text: 'C2', priority: 0 }, { contactId: 'wxid_c' });
    await put(clock, { text: 'C3' }, { contactId: 'wxid_c' });
    await put(clock, { text: 'A4', priority: 0 }, { roomId: 'a@chatroom' });
    await run(new OutboxSender(db.db, clock, t, options(), seededRandom(1), silentLogger), clock);
    const order = t.sent.map((s) => s.text);
    expect(order).toEqual(['A2', 'B2', 'C2', 'A4', 'A1', 'C1', 'C3', 'B1', 'A3']);
    expect(t.sent.find((s) => s.text === 'C1')).toMatchObject({ roomId: null, contactId: 'wxid_c' });
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1 && r.sentAt)).toBe(true);
  });

  it('an urgent alert does not wait behind ordinary rows of its conversation, nor behind their retries', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock, (text, n) => text === 'notice 0' && n === 1);
    for (let i = 0; i < 50; i++) await put(clock, { text: `notice ${i}` }, { roomId: 'staff@chatroom' });
    const sender = new OutboxSender(db.db, clock, t, options({ backoffMs: 60_000 }), seededRandom(1), silentLogger);
    expect((await sender.sendNext()).attempted).toBe(true); // notice 0 refused: retried in a minute
    clock.set(new Date(ms(DAY) + 1000));
    await put(clock, { text: 'ALERT', priority: 0, kind: 'alert' }, { roomId: 'staff@chatroom' });
    expect(await sender.nextWakeAt()).toEqual(clock.now());
    await run(sender, clock, ms(DAY) + 1000);
    expect(t.sent.map((s) => s.text)).toEqual(['ALERT']);
    await run(sender, clock);
    // the ordinary rows keep their order behind the retry
    expect(t.sent.slice(1).map((s) => s.text)).toEqual(Array.from({ length: 50 }, (_, i) => `notice ${i}`));
  });

  it('sends urgent alerts before replies before scheduled messages', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock);
    await put(clock, { text: 'notice', priority: 2, kind: 'notice' }, { roomId: 'n@chatroom' });
    await put(clock, { text: 'reply-1' }, { roomId: 'r1@chatroom' });
    await put(clock, { text: 'notice-2', priority: 2, kind: 'notice' }, { roomId: 'n2@chatroom' });
    await put(clock, { text: 'reply-2' }, { contactId: 'wxid_x' });
    await put(clock, { text: 'ALERT', priority: 0, kind: 'alert' }, { roomId: 'staff@chatroom' });
    await run(new OutboxSender(db.db, clock, t, options(), seededRandom(1), silentLogger), clock);
    expect(t.sent.map((s) => s.text)).toEqual(['ALERT', 'reply-1', 'reply-2', 'notice', 'notice-2']);
  });

  it('keeps the minimum gap plus a seeded jitter between sends', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock);
    for (let i = 0; i < 8; i++) await put(clock, { text: `m${i}` }, { roomId: `room${i % 3}@chatroom` });
    const opts = options({ minGapMs: 1500, jitterMs: 1500 });
    await run(new OutboxSender(db.db, clock, t, opts, seededRandom(42), silentLogger), clock);
    expect(t.sent).toHaveLength(8);
    const gaps = t.sent.slice(1).map((s, i) => s.at - t.sent[i]!.at);
    const expected = seededRandom(42);
    expect(gaps).toEqual(gaps.map(() => 1500 + Math.floor(expected() * 1501)));
    for (const g of gaps) {
      expect(g).toBeGreaterThanOrEqual(1500);
      expect(g).toBeLessThanOrEqual(3000);
    }
    expect(new Set(gaps).size).toBeGreaterThan(1);
    expect(t.sent[0]!.at).toBe(ms(DAY));
  });

  it('stops at the daily cap and resumes after local midnight', async () => {
    const clock = new VirtualClock('2026-11-23T23:50:00+08:00');
    const t = new RecordingTransport(clock);
    for (let i = 0; i < 5; i++) await put(clock, { text: `m${i}` }, { roomId: `room${i}@chatroom` });
    const sender = new OutboxSender(db.db, clock, t, options({ dailyCap: 3, quietHours: null }), seededRandom(1), silentLogger);
    await run(sender, clock, ms('2026-11-23T23:59:59+08:00'));
    expect(t.sent.map((s) => s.text)).toEqual(['m0', 'm1', 'm2']);
    const blocked = await sender.sendNext();
    expect(blocked.attempted).toBe(false);
    expect(blocked.nextAt).toEqual(new Date('2026-11-24T00:00:00+08:00'));
    await run(sender, clock);
    expect(t.sent.map((s) => s.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(t.sent[3]!.at).toBe(ms('2026-11-24T00:00:00+08:00'));
    const [state] = await db.db.execute<{ day: string; sent_today: number }>(sql`select day, sent_today from send_state`);
    expect(state).toMatchObject({ day: '2026-11-24', sent_today: 2 });
  });

  it('keeps the end of the daily cap for urgent and staff-facing messages; at the cap nextWakeAt says midnight', async () => {
    const clock = new VirtualClock('2026-11-23T10:00:00+08:00');
    await db.db.insert(rooms).values({ id: 'staff@chatroom', topic: '物业工作群', isStaffRoom: true, createdAt: clock.now(), updatedAt: clock.now() });
    await db.db.insert(staff).values({ contactId: 'wxid_boss', name: '赵经理', role: 'manager', createdAt: clock.now() });
    try {
      const t = new RecordingTransport(clock);
      for (let i = 0; i < 8; i++) await put(clock, { text: `ordinary ${i}` }, { roomId: `group${i}@chatroom` });
      const sender = new OutboxSender(db.db, clock, t, options({ dailyCap: 8, dailyReserve: 3, quietHours: null }), seededRandom(1), silentLogger);
      await run(sender, clock, ms('2026-11-23T23:00:00+08:00'));
      expect(t.sent.map((s) => s.text)).toEqual(['ordinary 0', 'ordinary 1', 'ordinary 2', 'ordinary 3', 'ordinary 4']);
      // ordinary traffic stopped short of the reserve: the next wake-up is midnight, not now
      expect(await sender.nextWakeAt()).toEqual(new Date('2026-11-24T00:00:00+08:00'));
      await put(clock, { text: 'ALERT', priority: 0, kind: 'alert' }, { roomId: 'group9@chatroom' });
      await put(clock, { text: 'to the staff room', kind: 'staff' }, { roomId: 'staff@chatroom' });
      await put(clock, { text: 'to a manager privately' }, { contactId: 'wxid_boss' });
      await put(clock, { text: 'to a resident privately' }, { contactId: 'wxid_resident' });
      expect(await sender.nextWakeAt()).toEqual(clock.now());
      await run(sender, clock, ms('2026-11-23T23:00:00+08:00'));
      expect(t.sent.slice(5).map((s) => s.text)).toEqual(['ALERT', 'to the staff room', 'to a manager privately']);
      // the cap itself is reached: nothing more today, even urgent, and no busy waiting
      await put(clock, { text: 'ALERT 2', priority: 0, kind: 'alert' }, { roomId: 'group9@chatroom' });
      expect((await sender.sendNext()).attempted).toBe(false);
      expect(await sender.nextWakeAt()).toEqual(new Date('2026-11-24T00:00:00+08:00'));
      await run(sender, clock);
      expect(t.sent.slice(8).map((s) => s.text)).toEqual(['ALERT 2', 'ordinary 5', 'ordinary 6', 'ordinary 7', 'to a resident privately']);
      expect(t.sent[8]!.at).toBe(ms('2026-11-24T00:00:00+08:00'));
    } finally {
      await db.db.delete(rooms);
      await db.db.delete(staff);
    }
  });

  it('holds scheduled messages during quiet hours but not replies or alerts', async () => {
    const clock = new VirtualClock('2026-11-23T21:30:00+08:00');
    const t = new RecordingTransport(clock);
    await put(clock, { text: 'broadcast', priority: 2, kind: 'notice' }, { roomId: 'n@chatroom' });
    await put(clock, { text: 'reply' }, { roomId: 'r@chatroom' });
    await put(clock, { text: 'alert', priority: 0 }, { roomId: 's@chatroom' });
    const sender = new OutboxSender(db.db, clock, t, options(), seededRandom(1), silentLogger);
    await run(sender, clock, ms('2026-11-24T07:59:59+08:00'));
    expect(t.sent.map((s) => s.text)).toEqual(['alert', 'reply']);
    expect(await sender.nextWakeAt()).toEqual(new Date('2026-11-24T08:00:00+08:00'));
    await run(sender, clock);
    expect(t.sent.map((s) => s.text)).toEqual(['alert', 'reply', 'broadcast']);
    expect(t.sent[2]!.at).toBe(ms('2026-11-24T08:00:00+08:00'));
  });

  it('retries a refused send with exponential backoff, then marks it failed and reports it', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock, (text) => text === 'refused');
    const failed: OutboxRow[] = [];
    const sender = new OutboxSender(db.db, clock, t, options({ maxAttempts: 4, backoffMs: 5000 }), seededRandom(1), silentLogger,
      async (row) => { failed.push(row); });
    await put(clock, { text: 'refused' }, { roomId: 'x@chatroom' });
    await put(clock, { text: 'after' }, { roomId: 'x@chatroom' });
    await put(clock, { text: 'elsewhere' }, { roomId: 'y@chatroom' });
    await run(sender, clock);
    const t0 = ms(DAY);
    expect(t.attempts.filter((a) => a.text === 'refused').map((a) => a.at - t0)).toEqual([0, 5000, 15000, 35000]);
    // the other conversation is not held up; the later message of the same conversation waits its turn
    expect(t.sent.find((s) => s.text === 'elsewhere')!.at - t0).toBe(1000);
    expect(t.sent.find((s) => s.text === 'after')!.at - t0).toBe(36000);
    expect(t.sent.map((s) => s.text)).toEqual(['elsewhere', 'after']);
    const [refused] = (await rows()).filter((r) => r.text === 'refused');
    expect(refused).toMatchObject({ status: 'failed', attempts: 4, lastError: 'WeChat refused "refused"', sentAt: null });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: refused!.id, status: 'failed', attempts: 4 });
  });

  it("nextWakeAt points at the real next send: a retry's backoff, the end of quiet hours, nothing blocked", async () => {
    const clock = new VirtualClock('2026-11-24T07:50:00+08:00');
    const t = new RecordingTransport(clock, (text, n) => text === 'retry me' && n === 1);
    const sender = new OutboxSender(db.db, clock, t, options({ backoffMs: 40 * 60_000 }), seededRandom(1), silentLogger);
    await put(clock, { text: 'retry me' }, { roomId: 'x@chatroom' });
    await put(clock, { text: 'behind the retry' }, { roomId: 'x@chatroom' });
    await put(clock, { text: 'morning notice', priority: 2 }, { roomId: 'n@chatroom' });
    expect((await sender.sendNext()).attempted).toBe(true);
    // the row behind the failed one is not "due now" although its not_before has passed
    clock.set(new Date('2026-11-24T07:51:00+08:00'));
    expect((await sender.sendNext()).attempted).toBe(false);
    expect(await sender.nextWakeAt()).toEqual(new Date('2026-11-24T08:00:00+08:00'));
    await run(sender, clock);
    expect(t.sent.map((s) => [s.text, new Date(s.at).toISOString()])).toEqual([
      ['morning notice', '2026-11-24T00:00:00.000Z'],
      ['retry me', '2026-11-24T00:30:00.000Z'],
      ['behind the retry', '2026-11-24T00:30:01.000Z'],
    ]);
    expect(await sender.nextWakeAt()).toBeNull();
  });

  it('a send that fails once and then goes through is sent once, not reported', async () => {
    const clock = new VirtualClock(DAY);
    const t = new RecordingTransport(clock, (_text, attempt) => attempt < 3);
    const failed: OutboxRow[] = [];
    const sender = new OutboxSender(db.db, clock, t, options({ backoffMs: 2000 }), seededRandom(1), silentLogger, async (r) => { failed.push(r); });
    await put(clock, { text: 'flaky' });
    await run(sender, clock);
    expect(t.attempts.map((a) => a.at - ms(DAY))).toEqual([0, 2000, 6000]);
    expect(t.sent).toHaveLength(1);
    expect((await rows())[0]).toMatchObject({ status: 'sent', attempts: 3 });
    expect(failed).toEqual([]);
  });

  it('recoverInFlight marks rows left "sending" as unknown, reports them and never resends them', async () => {
    const clock = new VirtualClock(DAY);
    await put(clock, { text: 'in flight when killed' }, { roomId: 'x@chatroom' });
    await put(clock, { text: 'queued behind it' }, { roomId: 'x@chatroom' });
    await db.db.update(outbox).set({ status: 'sending', attempts: 1 }).where(eq(outbox.text, 'in flight when killed'));
    const t = new RecordingTransport(clock);
    const reported: OutboxRow[] = [];
    const sender = new OutboxSender(db.db, clock, t, options(), seededRandom(1), silentLogger, async (r) => { reported.push(r); });
    // while the row is 'sending', the conversation waits
    expect((await sender.sendNext()).attempted).toBe(false);
    const recovered = await sender.recoverInFlight();
    expect(recovered.map((r) => r.text)).toEqual(['in flight when killed']);
    expect(reported.map((r) => [r.text, r.status])).toEqual([['in flight when killed', 'unknown']]);
    await run(sender, clock);
    expect(t.sent.map((s) => s.text)).toEqual(['queued behind it']);
    const all = await rows();
    expect(all.map((r) => r.status)).toEqual(['unknown', 'sent']);
    expect(all[0]!.lastError).toMatch(/stopped while sending/);
    expect(await sender.recoverInFlight()).toEqual([]);
  });

  it('a dedupe key makes enqueue idempotent', async () => {
    const clock = new VirtualClock(DAY);
    expect(await put(clock, { text: 'notice', dedupeKey: 'notice:1:room@1', priority: 2 })).toBe(true);
    expect(await put(clock, { text: 'notice again', dedupeKey: 'notice:1:room@1', priority: 2 })).toBe(false);
    expect(await put(clock, { text: 'other slot', dedupeKey: 'notice:1:room@2', priority: 2 })).toBe(true);
    expect(await put(clock, { text: 'no key' })).toBe(true);
    expect(await put(clock, { text: 'no key' })).toBe(true);
    expect((await rows()).map((r) => r.text)).toEqual(['notice', 'other slot', 'no key', 'no key']);
    // also idempotent after the first one was sent
    const t = new RecordingTransport(clock);
    await run(new OutboxSender(db.db, clock, t, options(), seededRandom(1), silentLogger), clock);
    expect(await put(clock, { text: 'notice', dedupeKey: 'notice:1:room@1', priority: 2 })).toBe(false);
    expect(t.sent.filter((s) => s.text === 'notice')).toHaveLength(1);
  });

  it('enqueue inside a rolled-back transaction queues nothing', async () => {
    const clock = new VirtualClock(DAY);
    await expect(db.db.transaction(async (tx) => {
      await enqueue(tx, clock.now(), { to: { roomId: 'x@chatroom' }, text: 'never' });
      throw new Error('the state change failed');
    })).rejects.toThrow('the state change failed');
    expect(await rows()).toEqual([]);
  });

  it('two senders on one database send each row exactly once, never closer than the gap', async () => {
    const clock = new VirtualClock(DAY);
    for (let i = 0; i < 30; i++) await put(clock, { text: `m${i}`, priority: (i % 3) as 0 | 1 | 2 }, { roomId: `room${i % 4}@chatroom` });
    const t = new RecordingTransport(clock);
    const other: Database = connect(db.url, { max: 3 });
    try {
      const opts = options({ minGapMs: 1000, jitterMs: 500 });
      const a = new OutboxSender(db.db, clock, t, opts, seededRandom(1), silentLogger);
      const b = new OutboxSender(other.db, clock, t, opts, seededRandom(2), silentLogger);
      for (let i = 0; i < 1000; i++) {
        const [ra, rb] = await Promise.all([a.sendNext(), b.sendNext(), a.sendNext(), b.sendNext()]);
        if (ra!.attempted || rb!.attempted) continue;
        const next = [ra!.nextAt, rb!.nextAt].filter((d): d is Date => !!d).sort((x, y) => x.getTime() - y.getTime())[0];
        if (!next) break;
        if (next > clock.now()) clock.set(next);
        else if (!(await a.nextWakeAt())) break;
      }
    } finally {
      await other.close();
    }
    const texts = t.sent.map((s) => s.text);
    expect(texts).toHaveLength(30);
    expect(new Set(texts).size).toBe(30);
    for (let i = 1; i < t.sent.length; i++) expect(t.sent[i]!.at - t.sent[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    for (let r = 0; r < 4; r++) {
      // in id order per conversation, urgent rows (i % 3 === 0) ahead of the others
      const mine = t.sent.filter((s) => s.roomId === `room${r}@chatroom`).map((s) => Number(s.text.slice(1)));
      const urgent = mine.filter((i) => i % 3 === 0);
      const ordinary = mine.filter((i) => i % 3 !== 0);
      expect(mine).toEqual([...urgent.sort((x, y) => x - y), ...ordinary.sort((x, y) => x - y)]);
    }
    expect((await rows()).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });
});
