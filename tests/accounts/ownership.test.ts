import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountPresence, STALE_MS } from '../../src/accounts/presence.js';
import { VirtualClock } from '../../src/clock.js';
import { messages, outbox, rooms } from '../../src/db/schema.js';
import { ensureRoom } from '../../src/domain/rooms.js';
import { silentLogger } from '../../src/log.js';
import { MessageRecorder } from '../../src/pipeline/recorder.js';
import { enqueue } from '../../src/outbox/enqueue.js';
import { OutboxSender } from '../../src/outbox/sender.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const TZ = 'Asia/Shanghai';

describe('group ownership between two accounts (heartbeats on the virtual clock)', () => {
  let db: TestDatabase;
  let clock: VirtualClock;
  let presence: Record<'a' | 'b', AccountPresence>;
  let recorder: Record<'a' | 'b', MessageRecorder>;

  beforeEach(async () => {
    db = await freshDatabase();
    clock = new VirtualClock('2026-11-23T09:00:00+08:00');
    presence = { a: new AccountPresence(db.db, clock, silentLogger, 'a', TZ), b: new AccountPresence(db.db, clock, silentLogger, 'b', TZ) };
    recorder = {
      a: new MessageRecorder(db.db, clock, silentLogger, () => {}, 1000, presence.a),
      b: new MessageRecorder(db.db, clock, silentLogger, () => {}, 1000, presence.b),
    };
    const now = clock.now();
    for (const [id, topic] of [['shared@chatroom', '阳光花园3栋业主群'], ['only-a@chatroom', '阳光花园5栋业主群'], ['only-b@chatroom', '阳光花园6栋业主群'], ['staff@chatroom', '物业工作群']]) {
      await ensureRoom(db.db, id!, topic!, now);
    }
    await db.db.update(rooms).set({ isStaffRoom: true }).where(eq(rooms.id, 'staff@chatroom'));
    await presence.a.login('bot-a');
    await presence.b.login('bot-b');
    await presence.a.joined(['shared@chatroom', 'only-a@chatroom', 'staff@chatroom']);
    await presence.b.joined(['shared@chatroom', 'only-b@chatroom', 'staff@chatroom']);
  });
  afterEach(async () => { await db.dispose(); });

  const said = (msgId: string, text: string, sentAt = clock.now()) => ({
    msgId, roomId: 'shared@chatroom', roomTopic: '阳光花园3栋业主群', talkerId: 'wxid_zhang', talkerName: '张阿姨', text,
    kind: 'text' as const, mentionsBot: false, mentionIds: [], sentAt,
  });
  const owner = async (id: string) => (await db.db.select().from(rooms).where(eq(rooms.id, id)))[0]!.ownerAccount;
  const statuses = async (text: string) => (await db.db.select().from(messages).where(eq(messages.text, text)).orderBy(messages.id)).map((m) => [m.account, m.status]);

  it('one account owns a shared group; the other keeps copies; a stopped owner\'s group moves, with what it missed, and comes back without repeats', async () => {
    const first = await presence.a.rebalance();
    expect(first.moved.map((m) => m.roomId).sort()).toEqual(['only-a@chatroom', 'only-b@chatroom', 'shared@chatroom', 'staff@chatroom']);
    const o = (await owner('shared@chatroom')) as 'a' | 'b';
    const n = o === 'a' ? 'b' : 'a';
    expect(await owner('only-a@chatroom')).toBe('a');
    expect(await owner('only-b@chatroom')).toBe('b');

    // both accounts hear the same message, each with its own id: the owner handles it, the other keeps a copy
    await recorder[n].receive(said('n-1', '电梯又坏了'));
    await recorder[o].receive(said('o-1', '电梯又坏了'));
    expect(await statuses('电梯又坏了')).toEqual([[n, 'shadow'], [o, 'pending']]);

    // the owner's process stops: its heartbeat goes stale, then a message only the other heard
    clock.advance(STALE_MS + 1000);
    await presence[n].beat();
    await recorder[n].receive(said('n-2', '楼道灯也不亮了'));
    expect(await statuses('楼道灯也不亮了')).toEqual([[n, 'shadow']]);
    const moved = await presence[n].rebalance();
    expect(moved.moved).toEqual(expect.arrayContaining([{ roomId: 'shared@chatroom', from: o, to: n }]));
    expect(await owner('shared@chatroom')).toBe(n);
    // what the owner had recorded stays a copy; what only the other heard is handled now
    expect(await statuses('电梯又坏了')).toEqual([[n, 'shadow'], [o, 'pending']]);
    expect(await statuses('楼道灯也不亮了')).toEqual([[n, 'pending']]);
    // the group only the stopped account is in is reported unserved, once
    expect(moved.unserved).toEqual([`only-${o}@chatroom`]);
    expect((await presence[n].rebalance()).unserved).toEqual([]);
    const reports = (await db.db.select().from(outbox).where(eq(outbox.kind, 'unserved'))).map((r) => r.text);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain(o === 'a' ? '阳光花园5栋业主群' : '阳光花园6栋业主群');

    // it comes back: the group returns to it, WeChat syncs the message it missed, which is not handled twice
    await presence[o].login(null);
    const back = await presence[o].rebalance();
    expect(back.moved).toEqual(expect.arrayContaining([{ roomId: 'shared@chatroom', from: n, to: o }]));
    expect(back.restored).toEqual([`only-${o}@chatroom`]);
    const missedAt = (await db.db.select().from(messages).where(eq(messages.msgId, 'n-2')))[0]!.sentAt;
    await recorder[o].receive(said('o-2', '楼道灯也不亮了', new Date(missedAt.getTime() + 1000)));
    expect(await statuses('楼道灯也不亮了')).toEqual([[n, 'pending'], [o, 'shadow']]);
    // a new message from then on is the owner's again
    await recorder[o].receive(said('o-3', '谢谢'));
    expect(await statuses('谢谢')).toEqual([[o, 'pending']]);
  });

  it('a send the stopped owner was making is not repeated by the account that takes its group: unknown, reported', async () => {
    await presence.a.rebalance();
    const o = (await owner('shared@chatroom')) as 'a' | 'b';
    const n = o === 'a' ? 'b' : 'a';
    await enqueue(db.db, clock.now(), { to: { roomId: 'shared@chatroom' }, text: '【物业通知】明天停电' });
    // the owner claimed it and was handing it to WeChat when its process died (its connection is gone: no such backend)
    await db.db.update(outbox).set({ status: 'sending', attempts: 1, claimedAt: clock.now(), claimedBy: 2_000_000_000, account: o })
      .where(eq(outbox.text, '【物业通知】明天停电'));
    clock.advance(STALE_MS + 1000);
    await presence[n].beat();
    expect((await presence[n].rebalance()).moved.map((m) => m.roomId)).toContain('shared@chatroom');
    const delivered: (string | null)[] = [];
    const reported: string[] = [];
    const sender = new OutboxSender(db.db, clock, { send: async (m) => { delivered.push(m.text); } }, {
      account: n, minGapMs: 1000, jitterMs: 0, dailyCap: 100, maxAttempts: 3, backoffMs: 1000, timezone: TZ, quietHours: null,
    }, () => 0, silentLogger, async (row) => { reported.push(row.text); });
    expect((await sender.recoverInFlight()).map((r) => r.text)).toEqual(['【物业通知】明天停电']);
    for (let i = 0; i < 5; i++, clock.advance(2000)) await sender.sendNext();
    expect(delivered).not.toContain('【物业通知】明天停电');
    expect(reported).toEqual(['【物业通知】明天停电']);
    expect((await db.db.select().from(outbox).where(eq(outbox.text, '【物业通知】明天停电')))[0]).toMatchObject({ status: 'unknown', account: o });
  });

  it('a logged-out account gives up its groups at once, and sends nothing', async () => {
    await presence.a.rebalance();
    await presence.a.logout();
    await presence.b.rebalance();
    expect(await owner('shared@chatroom')).toBe('b');
    expect(await owner('staff@chatroom')).toBe('b');
    expect(await owner('only-a@chatroom')).toBe('a');
    expect((await db.db.select().from(rooms).where(eq(rooms.id, 'only-a@chatroom')))[0]!.unservedSince).not.toBeNull();
    expect(await presence.b.overview()).toEqual([
      { name: 'a', live: false, owns: 1, members: 3 },
      { name: 'b', live: true, owns: 3, members: 3 },
    ]);

    // queued for a's own group and for the shared one: b sends the shared one, a sends nothing
    await enqueue(db.db, clock.now(), { to: { roomId: 'only-a@chatroom' }, text: '给5栋的消息' });
    await enqueue(db.db, clock.now(), { to: { roomId: 'shared@chatroom' }, text: '给3栋的消息' });
    const delivered: { account: string; roomId: string | null }[] = [];
    const senderOf = (account: 'a' | 'b') => new OutboxSender(db.db, clock, { send: async (m) => { delivered.push({ account, roomId: m.roomId }); } }, {
      account, minGapMs: 1000, jitterMs: 0, dailyCap: 100, maxAttempts: 3, backoffMs: 1000, timezone: TZ, quietHours: null,
    }, () => 0, silentLogger);
    expect((await senderOf('a').sendNext()).attempted).toBe(false);
    expect(await senderOf('a').nextWakeAt()).toBeNull();
    // b sends the unserved report to the staff room (now b's) and the shared group's message, nothing of a's group
    for (let i = 0; i < 5; i++, clock.advance(2000)) await senderOf('b').sendNext();
    expect(delivered).toEqual([{ account: 'b', roomId: 'staff@chatroom' }, { account: 'b', roomId: 'shared@chatroom' }]);
    const rows = await db.db.select().from(outbox).where(eq(outbox.kind, 'reply')).orderBy(outbox.id);
    expect(rows.map((r) => [r.roomId, r.status, r.account])).toEqual([['only-a@chatroom', 'pending', null], ['shared@chatroom', 'sent', 'b']]);

    // a logs back in: its group's message goes out through it
    await presence.a.login(null);
    await presence.a.rebalance();
    expect((await senderOf('a').sendNext()).attempted).toBe(true);
    expect(delivered.slice(2)).toEqual([{ account: 'a', roomId: 'only-a@chatroom' }]);
  });
});
