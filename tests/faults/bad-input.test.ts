import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/commands/registry.js';
import { allCommands } from '../../src/pipeline/handlers.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM, type Said } from '../foundation/harness.js';

const CJK = /[\u4e00-\u9fff]/;

/** A reply a resident or staff member can act on: Chinese, no leaked internals. */
function expectClear(said: Said[]): void {
  for (const s of said) {
    expect(s.text.trim().length, s.text).toBeGreaterThan(0);
    expect(s.text, s.text).toMatch(CJK);
    expect(s.text).not.toMatch(/undefined|NaN|\[object|null|Error|stack|SELECT|drizzle/i);
  }
}

let h: Harness;
let seq = 0;

/** Hands a message straight to the intake (as the adapter does) and waits until it has been handled. */
async function feed(text: string, from: string, roomTopic: string | null) {
  const msgId = `wx-prop-${++seq}`;
  await h.core.recorder.receive({
    msgId, roomId: roomTopic ? h.room(roomTopic).id : null, roomTopic, talkerId: h.personId(from), talkerName: from,
    text, kind: 'text', mentionsBot: text.includes('@邻里小助手'), mentionIds: [], sentAt: h.clock.now(),
  });
  await h.core.drainMessages();
  const [row] = await h.db.db.execute<{ status: string; error: string | null }>(sql`select status, error from messages where msg_id = ${msgId}`);
  return row;
}

beforeAll(async () => {
  h = await Harness.start();
  await h.say('张阿姨', REPAIR);
  await h.sendAll();
});
afterAll(async () => { await h.stop(); });

async function snapshot() {
  const tickets = await h.tickets();
  const [events] = await h.db.db.execute<{ n: number }>(sql`select count(*)::int as n from ticket_events`);
  return { tickets, events: events!.n };
}

describe('bad input through the whole bot', () => {
  it('odd resident messages get a clear reply or silence, and change no ticket', async () => {
    const before = await snapshot();
    expect(before.tickets).toHaveLength(1);
    const saidBefore = h.said.length;
    const inputs = [
      '😀😂👍🏻🎉🙏',
      '\u0000\u0007\u001b[2J\u001b[31m',
      '你好\u0000\u0007啊\u001b',
      "'); drop table tickets; --",
      '1 or 1=1',
      "Robert'); DELETE FROM messages WHERE ('1'='1",
      '${process.exit()}',
      '<script>alert(1)</script>',
      '\u202e\u200b\ufeff',
    ];
    for (const text of inputs) await h.say('刘先生', text);
    // a mini-program card: recorded as it came, not acted on
    const xml = '<msg><appmsg appid="wx123" sdkver="0"><title>水管漏水报修</title><des>点击进入</des><type>33</type><url>https://example.invalid/a?b=1&amp;c=2</url></appmsg></msg>';
    await h.core.recorder.receive({
      msgId: 'wx-app-1', roomId: h.room(GROUP).id, roomTopic: GROUP, talkerId: h.personId('刘先生'), talkerName: '刘先生',
      text: xml, kind: 'app', mentionsBot: false, mentionIds: [], sentAt: h.clock.now(),
    });
    await h.driver.settle();
    await h.sendAll();

    const rows = (await h.messages()).slice(1);
    expect(rows.map((r) => r.status)).toEqual([...inputs.map(() => 'handled'), 'ignored']);
    expect(rows.map((r) => r.text)).toEqual([...inputs.map((t) => t.replace(/\u0000/g, '')), xml]);
    expect(await snapshot()).toEqual(before);
    expectClear(h.said.slice(saidBefore));
    // nothing the bot said to anyone echoes a script or SQL
    expect(h.said.slice(saidBefore).some((s) => /drop table|<script>/i.test(s.text))).toBe(false);
  });

  it('a 10,000-character message is stored whole and handled', async () => {
    const saidBefore = h.said.length;
    const long = '楼下装修太吵了，每天早上七点就开始电钻，'.repeat(500).slice(0, 10_000);
    expect(long).toHaveLength(10_000);
    await h.say('刘先生', long);
    await h.sendAll();
    const last = (await h.messages()).at(-1)!;
    expect(last.status).toBe('handled');
    expect(last.text).toHaveLength(10_000);
    expectClear(h.said.slice(saidBefore));
    // whatever the bot posts stays a reasonable size
    for (const s of h.said.slice(saidBefore)) expect(s.text.length).toBeLessThan(1500);
  });

  it('malformed and unknown staff commands get a clear answer or silence and change nothing', async () => {
    const before = await snapshot();
    const cases: [string, RegExp | null][] = [
      ['接单', /工单号/],
      ['接单 #abc', /工单号/],
      ['完成', /工单号/],
      ['查 #424242', /#424242/],
      ['完成 #424242', /#424242/],
      ['接单 #99999999999999', null],
      ['/foo', null],
      ['/', null],
      ['#', null],
      ['派单 #1', null],
      ['工单 火星', null],
    ];
    for (const [text, expected] of cases) {
      const saidBefore = h.said.length;
      await h.say('李师傅', text, STAFF_ROOM);
      await h.sendAll();
      const answers = h.said.slice(saidBefore);
      expectClear(answers);
      // never posted in a residents' group
      expect(answers.some((s) => s.roomId === h.room(GROUP).id), text).toBe(false);
      if (expected) expect(answers.some((s) => expected.test(s.text)), `${text} → ${answers.map((a) => a.text).join(' | ')}`).toBe(true);
    }
    const rows = (await h.messages()).slice(-cases.length);
    expect(rows.every((r) => r.status === 'handled')).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('the database is intact afterwards and the bot still works', async () => {
    const [counts] = await h.db.db.execute<{ t: number; m: number; o: number }>(sql`
      select (select count(*)::int from tickets) as t, (select count(*)::int from messages) as m, (select count(*)::int from outbox) as o`);
    expect(counts!.t).toBeGreaterThanOrEqual(1);
    expect(counts!.m).toBeGreaterThan(20);
    const [failed] = await h.db.db.execute<{ n: number }>(sql`select count(*)::int as n from messages where status in ('failed', 'pending')`);
    expect(failed!.n).toBe(0);
    const saidBefore = h.said.length;
    const ticketsBefore = (await h.tickets()).length;
    await h.say('张阿姨', '我家卫生间马桶堵了，麻烦来修一下');
    await h.sendAll();
    const tickets = await h.tickets();
    expect(tickets).toHaveLength(ticketsBefore + 1);
    expect(h.said.slice(saidBefore).some((s) => s.text.includes(`#${tickets.at(-1)!.id}`))).toBe(true);
  });
});

describe('property: parseCommand', () => {
  const commands = allCommands();
  const keywords = commands.flatMap((c) => c.keywords);
  const cjkKeywords = keywords.filter((k) => !/^[a-z]/i.test(k));
  const anyText = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.tuple(fc.constantFrom('', '/', '#', '＃', '／', ' ', '\u2005', ...keywords), fc.string({ maxLength: 20 }), fc.constantFrom('', ' ', '#1', '＃17 ', ':', '：', '\u0000'))
      .map(([a, b, c]) => a + c + b),
  );

  it('never throws, and a match is a real keyword of its command with trimmed arguments found in the text', () => {
    fc.assert(fc.property(anyText, (text) => {
      const parsed = parseCommand(text, commands);
      if (!parsed) return;
      expect(parsed.command.keywords).toContain(parsed.keyword);
      expect(parsed.args).toBe(parsed.args.trim());
      expect(text.replace(/＃/g, '#').replace(/／/g, '/')).toContain(parsed.args.replace(/＃/g, '#').replace(/／/g, '/'));
      const lowered = text.toLowerCase();
      expect(lowered).toContain(parsed.keyword.toLowerCase());
      // English aliases only with an explicit prefix
      if (/^[a-z]/i.test(parsed.keyword)) expect(parsed.explicit).toBe(true);
      expect(parseCommand(text, commands)).toEqual(parsed);
    }), { numRuns: 3000 });
  });

  it('a keyword followed by a space is always that command (or a longer keyword it begins)', () => {
    fc.assert(fc.property(fc.constantFrom(...cjkKeywords), fc.string({ maxLength: 30 }), (keyword, rest) => {
      const parsed = parseCommand(`${keyword} ${rest}`, commands);
      expect(parsed).not.toBeNull();
      expect(parsed!.keyword.startsWith(keyword) || keyword.startsWith(parsed!.keyword)).toBe(true);
      if (parsed!.keyword === keyword) expect(parsed!.args).toBe(rest.replace(/^[\s\u2005:：]+/, '').trim());
    }), { numRuns: 1000 });
  });
});

describe('property: the message pipeline', () => {
  const control = fc.constantFrom('\u0000', '\u0001', '\u0007', '\b', '\u000b', '\u001b', '\u007f', '\u200b', '\u2028', '\ufeff', '\ud800', '\n', '\t');
  const prefix = fc.constantFrom('', '', '/', '#', '＃', '／', '接单', '接单 #', '完成 #', '查 ', '派单 #1 @', '工单', '帮助', '挂起 #1 ',
    '绑定 ', '已缴 ', '@邻里小助手 ', '/accept ', '#1', '1', '5', '评价 ', '值班', '进度 #1 ', '统计', '群列表');
  const body = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.array(fc.oneof(control, fc.constantFrom('漏', '水', '电梯', '#', '1', ' ', '😀', "'", ';', '--')), { maxLength: 30 }).map((xs) => xs.join('')),
    fc.constantFrom("'); drop table tickets; --", '1 or 1=1', '厨房水管漏水了', '谢谢', '好的', ''),
  );
  const text = fc.tuple(prefix, body).map(([p, b]) => p + b);

  it('a resident, a technician and a supervisor can send anything: every message is handled or ignored, none fails', async () => {
    for (const [from, room, runs] of [['刘先生', GROUP, 120], ['李师傅', STAFF_ROOM, 80], ['王主管', null, 60]] as const) {
      await fc.assert(fc.asyncProperty(text, async (t) => {
        const row = await feed(t, from, room);
        expect(row?.error ?? null, `${JSON.stringify(t)} → ${row?.error}`).toBeNull();
        expect(['handled', 'ignored']).toContain(row?.status);
      }), { numRuns: runs });
    }
    const [bad] = await h.db.db.execute<{ n: number }>(sql`select count(*)::int as n from messages where status not in ('handled', 'ignored')`);
    expect(bad!.n).toBe(0);
    // and what the bot queued in reply can be sent
    await h.sendAll(2 * 60_000);
    const [failedSends] = await h.db.db.execute<{ n: number }>(sql`select count(*)::int as n from outbox where status = 'failed'`);
    expect(failedSends!.n).toBe(0);
    expect(h.logLines.filter((l) => l.includes('"level":"error"'))).toEqual([]);
  }, 120_000);
});
