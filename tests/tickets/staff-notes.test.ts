import { describe, expect, it } from 'vitest';
import { doorNumbersIn, planNote, withPrivateMark } from '../../src/domain/tickets/notes.js';
import { simulate, type SaidLine } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at, inGroup, inStaff } from '../helpers/community.js';

const REPORT = { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' };
const ACCEPT = { at: at('09:01'), room: STAFF, from: '李师傅', text: '接单 #1' };
const privatelyTo = (said: SaidLine[], name: string) => said.filter((s) => s.to === name);
/** Figures that must not reach a group: amounts, door numbers, phone numbers. */
const FIGURES = /\d{3,}|元/;

describe('planNote: where a staff note may go', () => {
  it('reads amounts, door numbers, phone and ID numbers and the 私 mark', () => {
    expect(planNote('师傅在路上，10点前到', ['1502'])).toMatchObject({ audience: 'group', reasons: [] });
    expect(planNote('已更换水管，材料费120元，业主尚欠物业费1280元请尽快到前台缴纳', ['1502'])).toMatchObject({ audience: 'reporter', reasons: ['amount'] });
    expect(planNote('费用：¥80', [])).toMatchObject({ audience: 'reporter', reasons: ['amount'] });
    expect(planNote('您家还有欠费未结清', [])).toMatchObject({ audience: 'reporter', reasons: ['amount'] });
    expect(planNote('漏水来自楼上3栋2单元1602，已联系', ['1502'])).toMatchObject({ audience: 'reporter', reasons: ['other-unit'] });
    expect(planNote('已到3栋2单元1502门口', ['1502'])).toMatchObject({ audience: 'reporter', reasons: ['unit'] });
    expect(planNote('3-2-1602业主欠费800元，已催缴', ['1502'])).toMatchObject({ audience: 'none' });
    expect(planNote('1602室业主电话13812345678', ['1502'])).toMatchObject({ audience: 'none', text: '1602室业主电话138****5678' });
    expect(planNote('师傅电话139 1234 5678，十分钟后到', [])).toMatchObject({ audience: 'reporter', reasons: ['personal-number'], text: '师傅电话139 1234 5678，十分钟后到' });
    for (const marked of ['私 明天上午十点上门', '私：明天上午十点上门', '（私）明天上午十点上门', '(私) 明天上午十点上门', '【私信】明天上午十点上门']) {
      expect(planNote(marked, [])).toMatchObject({ audience: 'reporter', reasons: ['marked'], text: '明天上午十点上门' });
    }
    expect(planNote('私家车挡住了维修通道，已联系车主', [])).toMatchObject({ audience: 'group' });
    expect(doorNumbersIn('2026-12-01 09:00 更换了120元的阀门，共2单元1502和1601室')).toEqual(['1502', '1601']);
    // the mark as typed survives the reading that joins "私 明天" into "私明天"
    expect(withPrivateMark('私明天上午十点上门', '进度 #1 私 明天上午十点上门')).toBe('（私）明天上午十点上门');
    expect(withPrivateMark('私家车挡住了通道', '进度 #1 私家车挡住了通道')).toBe('私家车挡住了通道');
    expect(withPrivateMark('私：明天上门', '进度 #1 私：明天上门')).toBe('私：明天上门');
  });
});

describe('staff notes in a conversation', () => {
  it('完成 with money owed: the group hears it is done, with no figure; the reporter gets the note privately; staff hear what was withheld', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      REPORT, ACCEPT,
      { at: at('11:00'), room: STAFF, from: '李师傅', text: '完成 #1 已更换水管，材料费120元，业主尚欠物业费1280元请尽快到前台缴纳' },
      { at: at('11:05') },
    ]);
    expect(tickets[0]).toMatchObject({ status: 'resolved' });
    const after = said.filter((s) => s.at >= at('11:00'));
    for (const s of inGroup(after)) expect(s.text, s.text).not.toMatch(/1280|120元|欠/);
    const mine = privatelyTo(after, '张阿姨');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.text).toContain('已更换水管，材料费120元，业主尚欠物业费1280元');
    expect(mine[0]!.text).toContain('打个分');
    // nobody else reported it, so nothing about it goes to the group
    expect(inGroup(after)).toEqual([]);
    const staffLine = inStaff(after).find((s) => s.text.startsWith('✅'))!;
    expect(staffLine.text).toContain('说明含金额或欠费，只私信发给了报修人，没有发到群里');
  });

  it('a note naming another household and an amount reaches no resident; the group only hears there is progress', async () => {
    const { said } = await simulate([
      ...SETUP,
      REPORT, ACCEPT,
      { at: at('10:00'), room: STAFF, from: '李师傅', text: '进度 #1 漏水是楼上3栋2单元1602造成的，该户尚欠物业费800元，已联系' },
      { at: at('10:05') },
    ]);
    const after = said.filter((s) => s.at >= at('10:00'));
    for (const s of after.filter((x) => x.room !== STAFF)) expect(s.text, s.text).not.toMatch(/1602|800|欠/);
    expect(privatelyTo(after, '张阿姨')).toEqual([]);
    expect(inGroup(after).map((s) => [s.text, s.mentions])).toEqual([['您好，工单 #1 有新进展，李师傅正在跟进处理。', ['张阿姨']]]);
    expect(inStaff(after).map((s) => s.text)).toEqual([
      '已记录工单 #1 的进展，没有转告说明内容。（说明含金额或欠费、其他住户的房号，涉及其他住户，没有转告住户，群里只说了有进展。）',
    ]);
  });

  it('phone numbers, door numbers and the 私 mark go to the reporter privately; a plain note goes to the group', async () => {
    const { said } = await simulate([
      ...SETUP,
      REPORT, ACCEPT,
      { at: at('09:10'), room: STAFF, from: '李师傅', text: '进度 #1 师傅电话13912345678，十分钟后到' },
      { at: at('09:20'), room: STAFF, from: '李师傅', text: '进度 #1 漏水来自楼上1602室，已上去查看' },
      { at: at('09:30'), room: STAFF, from: '李师傅', text: '进度 #1 （私）阀门需要更换，明天上午十点上门' },
      { at: at('09:40'), room: STAFF, from: '李师傅', text: '进度 #1 师傅在路上，10点前到' },
      { at: at('09:50'), room: STAFF, from: '李师傅', text: '挂起 #1 私 等您家里有人时再上门' },
    ]);
    const mine = privatelyTo(said, '张阿姨').map((s) => s.text);
    expect(mine).toEqual([
      '您好，工单 #1 有新进展：师傅电话13912345678，十分钟后到（李师傅）',
      '您好，工单 #1 有新进展：漏水来自楼上1602室，已上去查看（李师傅）',
      '您好，工单 #1 有新进展：阀门需要更换，明天上午十点上门（李师傅）',
      '您好，工单 #1 需要稍等：等您家里有人时再上门。条件具备后我们会马上继续处理并通知您。',
    ]);
    const group = inGroup(said).filter((s) => s.at > at('09:05'));
    expect(group.map((s) => [s.text, s.mentions])).toEqual([['您好，工单 #1 有新进展：师傅在路上，10点前到（李师傅）', ['张阿姨']]]);
    const staff = inStaff(said).map((s) => s.text);
    expect(staff).toContain('已记录工单 #1 的进展，并私信转告了报修人。（说明含电话或证件号，只私信发给了报修人，没有发到群里。）');
    expect(staff).toContain('已记录工单 #1 的进展，并私信转告了报修人。（说明含标了「私」，只私信发给了报修人，没有发到群里。）');
    expect(staff).toContain('已记录工单 #1 的进展，并转告了住户。');
    // the staff room and the record keep the phone number masked
    for (const s of inStaff(said)) expect(s.text).not.toContain('13912345678');
  });

  it('a shared fault: the first reporter gets the private note, the neighbours in the group hear it is done without it', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '电梯又坏了，按了没反应' },
      { at: at('09:10'), room: GROUP, from: '刘先生', text: '3号电梯不动了' },
      { at: at('09:25'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('10:30'), room: STAFF, from: '李师傅', text: '完成 #1 已更换控制板，费用2000元由维修基金支付' },
    ]);
    const done = inGroup(said).filter((s) => s.text.includes('已处理完成'));
    expect(done).toHaveLength(1);
    expect(done[0]!.mentions).toEqual(['刘先生']);
    expect(done[0]!.text).not.toMatch(FIGURES);
    expect(privatelyTo(said, '张阿姨').map((s) => s.text)).toEqual([
      '您好，工单 #1（3栋电梯故障）已处理完成：已更换控制板，费用2000元由维修基金支付。请您为这次服务打个分：回复 1-5（5分最满意）；如果还没弄好，直接回复「没修好」，我们马上再安排。',
    ]);
  });
});
