import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { buildWebServer } from '../../src/web/server.js';
import { GROUP, Harness, STAFF_ROOM } from '../foundation/harness.js';
import { signInDemo } from '../helpers/web.js';

/**
 * A ticket's record lists exactly the bot messages Outbound queued about it (outbox.ticket_id),
 * not every message that happens to contain "#N".
 */
const SETUP: object[] = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
  { setup: 'resident', name: '刘先生', room: GROUP, unit: '3栋1单元801' },
  { setup: 'resident', name: '孙姐', room: GROUP, unit: '3栋1单元502' },
  { setup: 'resident', name: '陈伯', room: GROUP, unit: '3栋2单元302' },
];

let h: Harness;
let app: FastifyInstance;
const at = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+08:00`);

const signIn = (name: string) => signInDemo(app, h, name);

beforeAll(async () => {
  h = await Harness.start({ setup: SETUP });
  ({ app } = await buildWebServer({
    db: h.db.db, config: loadConfig({ WEB_PORT: '0' }), clock: h.clock, log: h.log, wechat: () => ({ mode: 'simulator', loggedIn: true }), wake: () => h.core.wake(),
  }));
});
afterAll(async () => {
  await app?.close();
  await h?.stop();
});

describe('the ticket record lists the bot messages sent about the ticket', () => {
  it('links escalations, the incident acknowledgement, the resolved message and the rating thanks to #1, and a console note on #2 quoting "#1" to #2', async () => {
    // a water cut in 3栋: neighbours report it within minutes, with chatter in between
    await h.driver.advanceTo(at('09:00'));
    await h.say('张阿姨', '我家水龙头一滴水都没有，停水了？');
    await h.driver.advanceTo(at('09:01'));
    await h.say('刘先生', '我家也没水');
    await h.driver.advanceTo(at('09:02'));
    await h.say('孙姐', '早饭都做不了了');
    await h.driver.advanceTo(at('09:03'));
    await h.say('陈伯', '+1 同样没水');
    // nobody takes it within the respond time: the staff room is reminded, then the supervisor is alerted
    await h.driver.advanceTo(at('09:20'));
    await h.say('王主管', '派单 #1 @李师傅', STAFF_ROOM);
    // an unrelated repair, and a progress note on it that quotes the water ticket
    await h.driver.advanceTo(at('09:30'));
    await h.say('孙姐', '我家卫生间的灯坏了，不亮了，麻烦派个电工来看看');
    await h.driver.advanceTo(at('09:35'));
    const wang = await signIn('王主管');
    const noted = await wang.post('/tickets/2/action', { action: 'progress', note: '和 #1 停水无关，电工下午两点上门' });
    expect(noted.body).toContain('已记录工单 #2 的进展');
    await h.driver.settle();
    await h.driver.advanceTo(at('10:00'));
    await h.say('李师傅', '完成 #1 水泵继电器已更换，供水恢复', STAFF_ROOM);
    await h.driver.advanceTo(at('10:05'));
    await h.say('张阿姨', '5');
    await h.sendAll();

    const tickets = await h.tickets();
    expect(tickets.map((t) => t.id)).toEqual([1, 2]);
    const rows = await h.outbox();
    if (process.env.SHOW) console.log(rows.map((r) => `${r.ticketId ?? '-'} ${r.status} ${r.text.slice(0, 70)}`).join('\n'));
    const one = (pred: (text: string) => boolean) => {
      const found = rows.filter((r) => pred(r.text));
      expect(found.length).toBeGreaterThan(0);
      return found;
    };
    const escalations = one((t) => t.includes('工单 #1') && (t.includes('时限')));
    const ack = one((t) => t.startsWith('各位邻居') && t.includes('工单 #1'));
    const resolved = one((t) => t.includes('工单 #1') && t.includes('已处理完成'));
    const thanks = one((t) => t.startsWith('感谢您的评价'));
    for (const r of [...escalations, ...ack, ...resolved, ...thanks]) expect({ text: r.text, ticketId: r.ticketId }).toEqual({ text: r.text, ticketId: 1 });
    expect(thanks[0]!.text).not.toContain('#1'); // linked though it does not name the ticket

    const quoting = one((t) => t.includes('停水无关'));
    for (const r of quoting) expect({ text: r.text, ticketId: r.ticketId }).toEqual({ text: r.text, ticketId: 2 });
    expect(quoting.some((r) => /#1([^0-9]|$)/.test(r.text))).toBe(true); // the old "#1" text match would have listed it under #1

    const page = await wang.get('/tickets/1');
    expect(page.statusCode).toBe(200);
    const botLines = page.body.split('<li class="rec bot">').slice(1).map((l) => l.slice(0, l.indexOf('</li>')));
    const linked = rows.filter((r) => r.ticketId === 1);
    expect(botLines).toHaveLength(linked.length);
    for (const r of [escalations[0]!, ack[0]!, resolved[0]!, thanks[0]!]) {
      const line = botLines.find((l) => l.includes(r.text.slice(0, 12)));
      expect(line, r.text).toBeDefined();
      expect(r.status).toBe('sent');
      expect(line).toContain('<span class="send sent">已送达</span>');
    }
    expect(page.body).not.toContain('停水无关');
    expect((await wang.get('/tickets/2')).body).toContain('停水无关');
  });
});
