import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { seededRandom, VirtualClock } from '../../src/clock.js';
import { connect } from '../../src/db/connect.js';
import { outbox } from '../../src/db/schema.js';
import { silentLogger } from '../../src/log.js';
import { enqueue, PRIORITY } from '../../src/outbox/enqueue.js';
import { OutboxSender, type SenderOptions, type Transport } from '../../src/outbox/sender.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';
import { waitFor } from '../helpers/wait.js';

const OPTIONS: SenderOptions = {
  account: 'bot', minGapMs: 1000, jitterMs: 0, dailyCap: 1000, maxAttempts: 3, backoffMs: 5000,
  timezone: 'Asia/Shanghai', quietHours: { start: '21:00', end: '08:00' },
};

let db: TestDatabase;
beforeAll(async () => { db = await freshDatabase(); });
afterAll(async () => { await db.dispose(); });
beforeEach(async () => { await db.db.execute(sql`truncate outbox, send_state restart identity`); });

function recorder(clock: VirtualClock): Transport & { sent: { text: string; at: string }[] } {
  const sent: { text: string; at: string }[] = [];
  return { sent, async send(m) { sent.push({ text: m.text, at: clock.now().toISOString() }); } };
}

describe('the send queue and rows held for later', () => {
  it('a reply is not held back by an earlier broadcast in the same group that waits for the morning', async () => {
    const clock = new VirtualClock('2026-11-23T21:30:00+08:00');
    const t = recorder(clock);
    const sender = new OutboxSender(db.db, clock, t, OPTIONS, seededRandom(1), silentLogger);
    await enqueue(db.db, clock.now(), { to: { roomId: 'g@chatroom' }, text: 'notice', priority: PRIORITY.scheduled, kind: 'notice' });
    clock.set(new Date('2026-11-23T22:00:00+08:00'));
    await enqueue(db.db, clock.now(), { to: { roomId: 'g@chatroom' }, text: 'reply' });
    expect((await sender.sendNext()).attempted).toBe(true);
    expect(t.sent).toEqual([{ text: 'reply', at: '2026-11-23T14:00:00.000Z' }]);
    // the notice waits for 08:00
    expect((await sender.nextWakeAt())?.toISOString()).toBe('2026-11-24T00:00:00.000Z');
  });

  it('a row scheduled for later does not hold back a reply queued after it', async () => {
    const clock = new VirtualClock('2026-11-23T10:00:00+08:00');
    const t = recorder(clock);
    const sender = new OutboxSender(db.db, clock, t, OPTIONS, seededRandom(1), silentLogger);
    await enqueue(db.db, clock.now(), { to: { contactId: 'wxid_a' }, text: 'tomorrow', notBefore: new Date('2026-11-24T10:00:00+08:00') });
    await enqueue(db.db, clock.now(), { to: { contactId: 'wxid_a' }, text: 'now' });
    await sender.sendNext();
    expect(t.sent.map((s) => s.text)).toEqual(['now']);
  });

  it('a send that never comes back is treated as a failure and retried', async () => {
    const clock = new VirtualClock('2026-11-23T10:00:00+08:00');
    const attempts: string[] = [];
    const hanging: Transport = {
      send: () => {
        attempts.push(clock.now().toISOString());
        return attempts.length === 1 ? new Promise(() => {}) : Promise.resolve();
      },
    };
    const sender = new OutboxSender(db.db, clock, hanging, { ...OPTIONS, sendTimeoutMs: 100 }, seededRandom(1), silentLogger);
    await enqueue(db.db, clock.now(), { to: { roomId: 'g@chatroom' }, text: 'hello' });
    expect((await sender.sendNext()).attempted).toBe(true);
    const [afterTimeout] = await db.db.select().from(outbox);
    expect(afterTimeout).toMatchObject({ status: 'pending', attempts: 1 });
    expect(afterTimeout?.lastError).toContain('did not answer');
    clock.advance(5000);
    await sender.sendNext();
    const [sent] = await db.db.select().from(outbox);
    expect(sent?.status).toBe('sent');
    expect(attempts).toEqual(['2026-11-23T02:00:00.000Z', '2026-11-23T02:00:05.000Z']);
  });
});

describe('recovering rows left in sending', () => {
  it('leaves a row claimed by a sender that is still connected, and recovers one whose sender is gone', async () => {
    const clock = new VirtualClock('2026-11-23T10:00:00+08:00');
    const reported: number[] = [];
    const sender = new OutboxSender(db.db, clock, recorder(clock), OPTIONS, seededRandom(1), silentLogger, async (r) => { reported.push(r.id); });
    await enqueue(db.db, clock.now(), { to: { roomId: 'a@chatroom' }, text: 'in flight elsewhere' });
    await enqueue(db.db, clock.now(), { to: { roomId: 'b@chatroom' }, text: 'claimed by a dead process' });
    // another live process: a connection that stays open
    const other = connect(db.url, { max: 1 });
    const lease = await other.sql.reserve();
    const [live] = await lease<{ pid: number }[]>`select pg_backend_pid() as pid`;
    // a process that died: its connection is closed
    const gone = connect(db.url, { max: 1 });
    const [dead] = await gone.sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    await gone.close();
    await waitFor(async () => (await db.sql`select 1 from pg_stat_activity where pid = ${dead!.pid}`).length === 0, { what: 'the closed connection to leave pg_stat_activity' });
    await db.db.update(outbox).set({ status: 'sending', claimedBy: live!.pid, claimedAt: clock.now() }).where(eq(outbox.text, 'in flight elsewhere'));
    await db.db.update(outbox).set({ status: 'sending', claimedBy: dead!.pid, claimedAt: clock.now() }).where(eq(outbox.text, 'claimed by a dead process'));

    const recovered = await sender.recoverInFlight();
    expect(recovered.map((r) => r.text)).toEqual(['claimed by a dead process']);
    expect(reported).toHaveLength(1);
    const byText = Object.fromEntries((await db.db.select().from(outbox)).map((r) => [r.text, r.status]));
    expect(byText).toEqual({ 'in flight elsewhere': 'sending', 'claimed by a dead process': 'unknown' });

    // a claim older than any send can take is stale whoever made it
    clock.advance(11 * 60_000);
    expect((await sender.recoverInFlight()).map((r) => r.text)).toEqual(['in flight elsewhere']);
    lease.release();
    await other.close();
  });
});
