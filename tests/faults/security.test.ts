import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { staff } from '../../src/db/schema.js';
import { containsPersonalData } from '../../src/domain/privacy.js';
import type { Classifier } from '../../src/nlu/types.js';
import { testClassifier } from '../helpers/simulate.js';
import { GROUP, Harness, REPAIR, STAFF_ROOM } from '../foundation/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

async function eventCount(harness: Harness): Promise<number> {
  const [row] = await harness.db.db.execute<{ n: number }>(sql`select count(*)::int as n from ticket_events`);
  return row!.n;
}

describe('staff commands are authorised by contact id, never by name', () => {
  it('a resident who renames himself "李师傅" cannot complete, accept or assign a ticket, and is answered privately', async () => {
    h = await Harness.start();
    await h.say('张阿姨', REPAIR);
    await h.say('李师傅', '接单 #1', STAFF_ROOM);
    await h.sendAll();
    const realId = h.personId('李师傅');
    const [accepted] = await h.tickets();
    expect(accepted).toMatchObject({ id: 1, status: 'accepted', assigneeId: realId });
    const events = await eventCount(h);

    const imposter = h.world.mocker.createContact({ id: 'wxid_imposter', name: '李师傅' });
    const group = h.room(GROUP);
    const groupSaidBefore = h.saidIn(GROUP).length;
    const saidBefore = h.said.length;
    const attempts: [string, boolean][] = [
      ['完成 #1', true], ['/完成 #1 已修好', true], ['接单 #1', true], ['挂起 #1', true], ['派单 #1 @李师傅', true],
      ['完成 #1', false], ['/添加员工 @李师傅 经理', false], ['重开 #1', false],
    ];
    for (const [text, inGroup] of attempts) {
      await h.world.say(imposter, text, inGroup ? group : null);
      await h.driver.settle();
    }
    await h.sendAll();

    expect(await h.tickets()).toEqual([accepted]);
    expect(await eventCount(h)).toBe(events);
    expect((await h.db.db.select().from(staff)).map((s) => s.contactId).sort()).toEqual([h.personId('王主管'), realId].sort());
    // nothing new in the residents' group; every refusal went to the imposter privately
    expect(h.saidIn(GROUP)).toHaveLength(groupSaidBefore);
    const answers = h.said.slice(saidBefore);
    expect(answers.length).toBeGreaterThanOrEqual(attempts.length);
    for (const a of answers) {
      expect(a.roomId).toBeNull();
      expect(a.toId).toBe('wxid_imposter');
    }
    expect(answers.some((a) => a.text.includes('权限'))).toBe(true);
    const rows = (await h.messages()).filter((m) => m.talkerId === 'wxid_imposter');
    expect(rows).toHaveLength(attempts.length);
    expect(rows.every((r) => r.status === 'handled' && r.talkerName === '李师傅')).toBe(true);

    // the real 李师傅 still can
    await h.say('李师傅', '完成 #1 已更换水管', STAFF_ROOM);
    expect((await h.tickets())[0]!.status).toBe('resolved');
  });
});

describe('personal data', () => {
  const PHONE = '13800138000';
  const REPORT = `我家卫生间漏水了，电话${PHONE}，或者打138-0013-8000，身份证11010519491231002X`;

  it('phone and ID numbers in a report are masked in everything posted in a group, and never logged in clear', async () => {
    const real = await testClassifier();
    const classifier: Classifier = {
      faqAnswer: (t) => real.faqAnswer(t),
      classify(text) {
        // a failure whose message carries the resident's words into the log
        if (text.includes('请回电')) throw new Error(`cannot classify: ${text}`);
        return real.classify(text);
      },
    };
    h = await Harness.start({ classifier });
    await h.say('刘先生', REPORT);
    await h.say('刘先生', `请回电 ${PHONE}`);
    await h.say('刘先生', `@邻里小助手 我的电话是${PHONE}，有事打我`);
    await h.sendAll();
    const [ticket] = await h.tickets();
    expect(ticket).toBeDefined();
    expect(containsPersonalData(ticket!.summary)).toBe(false);
    expect(ticket!.summary).not.toContain(PHONE);

    await h.say('李师傅', `接单 #${ticket!.id}`, STAFF_ROOM);
    await h.say('李师傅', `查 #${ticket!.id}`, STAFF_ROOM);
    await h.say('李师傅', '工单 全部', STAFF_ROOM);
    await h.say('李师傅', `进度 #${ticket!.id} 师傅电话13912345678，十分钟后到`, STAFF_ROOM);
    await h.sendAll();

    const inGroups = h.said.filter((s) => s.roomId);
    expect(inGroups.length).toBeGreaterThanOrEqual(5);
    expect(inGroups.some((s) => s.text.includes('138****8000'))).toBe(true); // the report was shown, masked
    for (const s of inGroups) {
      expect(containsPersonalData(s.text), s.text).toBe(false);
      expect(s.text).not.toContain(PHONE);
      expect(s.text).not.toContain('11010519491231002X');
    }
    // the stored outbox rows for groups are masked too (the send path adds nothing back)
    for (const r of (await h.outbox()).filter((o) => o.roomId)) expect(containsPersonalData(r.text), r.text).toBe(false);

    // the log saw the numbers (debug lines, the failure above) and masked every one
    const log = h.logLines.join('\n');
    expect(h.logLines.some((l) => l.includes('"level":"error"') && l.includes('"msg":"handling a message failed"') && l.includes('138****8000'))).toBe(true);
    for (const line of h.logLines) expect(containsPersonalData(line), line).toBe(false);
    expect(log).not.toContain(PHONE);
    expect(log).not.toContain('13912345678');
  });
});
