import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FileBox } from 'file-box';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { MIGRATIONS_DIR, runMigrations } from '../../src/db/migrate.js';
import { createScratchDatabase } from '../../src/db/provision.js';
import type { IncomingMessage } from '../../src/domain/incoming.js';
import type { Classifier } from '../../src/nlu/types.js';
import type { Ctx } from '../../src/domain/context.js';
import type { StoredMessage } from '../../src/domain/types.js';
import { MessageRecorder } from '../../src/pipeline/recorder.js';
import { MessageProcessor } from '../../src/pipeline/processor.js';
import { testClassifier } from '../helpers/simulate.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from './harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

function incoming(over: Partial<IncomingMessage>): IncomingMessage {
  return {
    msgId: `m-${Math.random().toString(36).slice(2)}`, roomId: null, roomTopic: null, talkerId: 'wxid_direct', talkerName: '赵女士',
    text: '你好', kind: 'text', mentionsBot: false, mentionIds: [], sentAt: new Date('2026-11-23T08:59:58+08:00'), ...over,
  };
}

describe('the message pipeline', () => {
  it('stores every message with its id, room, sender, text, type and time; never the bot\'s own', async () => {
    h = await Harness.start();
    await h.say('张阿姨', REPAIR);
    await h.say('王先生', '早上好');
    await h.say('张阿姨', '你好，请问物业费在哪里交？', null);
    await h.sendAll();
    expect(h.said.length).toBeGreaterThan(0); // the bot did talk, and its own messages came back through the puppet

    const rows = await h.messages();
    expect(rows).toHaveLength(3);
    expect(h.core.recorder.seen).toBe(3);
    const now = new Date('2026-11-23T09:00:00+08:00');
    const [repair, hello, direct] = rows as [StoredMessage, StoredMessage, StoredMessage];
    expect(repair).toMatchObject({
      roomId: h.room(GROUP).id, talkerId: h.personId('张阿姨'), talkerName: '张阿姨', text: REPAIR, type: 'text',
      receivedAt: now, status: 'handled', attempts: 1, error: null,
    });
    expect(repair.msgId).toMatch(/\S{6,}/);
    expect(now.getTime() - repair.sentAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(now.getTime() - repair.sentAt.getTime()).toBeLessThan(10_000);
    expect(repair.handledAt).toEqual(now);
    expect(repair.outcome).toMatchObject({ intent: 'repair' });
    expect(hello).toMatchObject({ talkerName: '王先生', text: '早上好', roomId: h.room(GROUP).id, status: 'handled' });
    expect(direct).toMatchObject({ roomId: null, talkerId: h.personId('张阿姨'), status: 'handled' });
    expect(new Set(rows.map((r) => r.msgId)).size).toBe(3);
    expect(rows.some((r) => r.talkerId === h!.world.botUser.id)).toBe(false);
  });

  it('records a message before any handler sees it', async () => {
    h = await Harness.start();
    const { db } = h.db;
    const recorder = new MessageRecorder(db, h.clock, h.log, () => {});
    const msg = incoming({ msgId: 'wx-before-1', text: '楼道灯坏了' });
    await recorder.receive(msg);
    const [stored] = await h.messages();
    expect(stored).toMatchObject({ msgId: 'wx-before-1', status: 'pending', attempts: 0, outcome: null, text: '楼道灯坏了', talkerName: '赵女士' });

    const seenByHandler: { status: string; committed: number }[] = [];
    const processor = new MessageProcessor(h.core.svc, async (ctx) => {
      // another connection sees the committed row while the handler runs
      const [row] = await h!.db.sql<{ status: string }[]>`select status from messages where msg_id = ${ctx.msg.msgId}`;
      seenByHandler.push({ status: row!.status, committed: 1 });
      ctx.outcome.seen = true;
    });
    expect(await processor.drain()).toBe(1);
    expect(seenByHandler).toEqual([{ status: 'pending', committed: 1 }]);
    const [after] = await h.messages();
    expect(after).toMatchObject({ status: 'handled', attempts: 1, outcome: { seen: true } });
  });

  it('records picture and voice messages but does not classify them; other non-text is only recorded', async () => {
    h = await Harness.start();
    const zhang = h.world.person('张阿姨');
    const before = h.core.recorder.seen;
    zhang.say(FileBox.fromBase64(Buffer.from([0xff, 0xd8, 0xff, 0xe0]).toString('base64'), 'leak.jpg')).to(h.room(GROUP));
    await h.waitSeen(before);
    await h.core.recorder.flush();
    // an image whose "text" reads like a repair, handed straight to the intake
    await h.core.recorder.receive(incoming({ msgId: 'wx-image-2', roomId: h.room(GROUP).id, roomTopic: GROUP, talkerId: zhang.id, talkerName: '张阿姨', kind: 'image', text: REPAIR }));
    await h.core.recorder.receive(incoming({ msgId: 'wx-voice-3', kind: 'voice', text: '[语音]' }));
    await h.core.recorder.receive(incoming({ msgId: 'wx-emoticon-4', kind: 'emoticon', text: '[表情]' }));
    await h.driver.settle();
    await h.sendAll();

    const rows = await h.messages();
    // pictures and voice go through the media handler (they may belong to a ticket); nothing is classified
    expect(rows.map((r) => [r.type, r.status])).toEqual([['image', 'handled'], ['image', 'handled'], ['voice', 'handled'], ['emoticon', 'ignored']]);
    expect(rows[0]).toMatchObject({ text: '[图片]', talkerId: zhang.id, roomId: h.room(GROUP).id, outcome: { media: 'image' } });
    expect(rows[3]).toMatchObject({ outcome: { skipped: 'not text' } });
    expect(await h.tickets()).toEqual([]);
    expect(h.said).toEqual([]);
  });

  it('retries a message whose handler throws, marks it failed after 3 attempts and goes on with the next', async () => {
    const real = await testClassifier();
    const calls = new Map<string, number>();
    const classifier: Classifier = {
      faqAnswer: (t) => real.faqAnswer(t),
      classify(text) {
        calls.set(text, (calls.get(text) ?? 0) + 1);
        if (text.includes('坏数据')) throw new Error('classifier exploded on 坏数据');
        if (text.includes('电梯') && calls.get(text) === 1) throw new Error('a passing hiccup');
        return real.classify(text);
      },
    };
    h = await Harness.start({ classifier });
    await h.say('张阿姨', '坏数据：厨房水管漏水了');
    await h.say('刘先生', REPAIR);
    await h.say('王先生', '3栋的电梯按钮没反应了，困在一楼了');
    await h.sendAll();

    const rows = await h.messages();
    expect(rows.map((r) => [r.talkerName, r.status, r.attempts])).toEqual([
      ['张阿姨', 'failed', 3], ['刘先生', 'handled', 1], ['王先生', 'handled', 2],
    ]);
    expect(rows[0]!.error).toContain('classifier exploded');
    expect(calls.get('坏数据：厨房水管漏水了')).toBe(3);
    const tickets = await h.tickets();
    expect(tickets.map((t) => t.reporterName).sort()).toEqual(['刘先生', '王先生']);
    // the failed attempt left nothing behind: one acknowledgement per ticket, none for the failed message
    const group = h.saidIn(GROUP);
    for (const t of tickets) expect(group.filter((s) => s.text.includes(`#${t.id}`) && s.mentionNames.includes(t.reporterName))).toHaveLength(1);
    expect(group.some((s) => s.mentionNames.includes('张阿姨'))).toBe(false);
    expect(h.logLines.some((l) => l.includes('"level":"error"') && l.includes('"msg":"handling a message failed"'))).toBe(true);
  });

  it('many workers, failing handlers: each attempt is counted once, each success takes effect once', async () => {
    h = await Harness.start();
    const recorder = new MessageRecorder(h.db.db, h.clock, h.log, () => {});
    const batch = Array.from({ length: 36 }, (_, i) => incoming({
      msgId: `wx-race-${i}`, roomId: `race-${i % 6}@chatroom`, roomTopic: `楼栋${i % 6}群`, talkerId: `wxid_r${i}`, text: `消息${i}`,
    }));
    for (const m of batch) await recorder.receive(m);
    const runs = new Map<string, number>();
    const handler = async (ctx: Ctx) => {
      const i = Number(ctx.msg.msgId.slice('wx-race-'.length));
      const n = (runs.get(ctx.msg.msgId) ?? 0) + 1;
      runs.set(ctx.msg.msgId, n);
      await ctx.reply(`回复${i}（第${n}次）`); // undone when the attempt fails
      await new Promise((r) => setTimeout(r, 1));
      if (i % 5 === 0) throw new Error(`always fails ${i}`);
      if (i % 2 === 0 && n === 1) throw new Error(`fails once ${i}`);
    };
    const a = new MessageProcessor(h.core.svc, handler);
    const b = new MessageProcessor(h.core.svc, handler);
    await Promise.all([a.drain(4), b.drain(4), a.drain(2)]);

    const rows = (await h.messages()).filter((m) => m.msgId.startsWith('wx-race-'));
    const replies = (await h.outbox()).map((o) => o.text);
    for (const row of rows) {
      const i = Number(row.msgId.slice('wx-race-'.length));
      expect(runs.get(row.msgId), row.msgId).toBe(row.attempts);
      if (i % 5 === 0) {
        expect(row).toMatchObject({ status: 'failed', attempts: 3, error: `always fails ${i}` });
        expect(replies.filter((t) => t.startsWith(`回复${i}（`))).toEqual([]);
      } else {
        expect(row).toMatchObject({ status: 'handled', attempts: i % 2 === 0 ? 2 : 1 });
        expect(replies.filter((t) => t.startsWith(`回复${i}（`))).toEqual([`回复${i}（第${row.attempts}次）`]);
      }
    }
    expect(rows).toHaveLength(36);
  });

  it('two processes migrating a fresh database at the same time both succeed', async () => {
    const scratch = await createScratchDatabase(inject('pgServerUrl'), 'linli_test_race');
    const a = connect(scratch.url, { max: 2 });
    const b = connect(scratch.url, { max: 2 });
    try {
      await Promise.all([runMigrations(a.sql), runMigrations(b.sql), runMigrations(a.sql)]);
      const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      const [applied] = await a.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied!.n).toBe(journal.entries.length);
      const tables = await b.sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public'`;
      expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['messages', 'outbox', 'tickets', 'rooms', 'staff', 'send_state']));
      await runMigrations(b.sql); // and again later: nothing to do
      const [again] = await a.sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(again!.n).toBe(journal.entries.length);
    } finally {
      await a.close();
      await b.close();
      await scratch.dispose();
    }
  });

  it('follows rooms by id: a topic change keeps the mapping', async () => {
    h = await Harness.start();
    const changer = h.world.person('张阿姨');
    const group = h.room(GROUP);
    group.topic('阳光花园三栋邻里交流群').by(changer);
    for (let i = 0; i < 500 && (await h.roomRow(GROUP))?.topic !== '阳光花园三栋邻里交流群'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await h.roomRow(GROUP)).toMatchObject({
      id: group.id, topic: '阳光花园三栋邻里交流群', community: '阳光花园', building: '3栋', mappingConfirmed: true, isStaffRoom: false,
    });
    await h.say('刘先生', REPAIR);
    const [ticket] = await h.tickets();
    expect(ticket).toMatchObject({ roomId: group.id, community: '阳光花园', building: '3栋' });

    // a group first seen with a guessed mapping keeps that guess when renamed to something unguessable
    const other = h.world.createRoom('翠湖苑B座住户群');
    await h.say('赵女士', '大家好', '翠湖苑B座住户群');
    expect(await h.roomRow('翠湖苑B座住户群')).toMatchObject({ community: '翠湖苑', building: 'B座', mappingConfirmed: false });
    other.topic('业主交流群').by(h.world.person('赵女士'));
    for (let i = 0; i < 500 && (await h.db.db.execute<{ topic: string }>(sql`select topic from rooms where id = ${other.id}`))[0]?.topic !== '业主交流群'; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const [renamed] = await h.db.db.execute<{ topic: string; community: string; building: string }>(sql`select topic, community, building from rooms where id = ${other.id}`);
    expect(renamed).toEqual({ topic: '业主交流群', community: '翠湖苑', building: 'B座' });
    // the staff room is still the staff room
    expect((await h.roomRow(STAFF_ROOM))?.isStaffRoom).toBe(true);
  });
});
