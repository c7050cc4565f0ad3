import { describe, expect, it } from 'vitest';
import { simulateWithLedger } from './run.js';

const GROUP = '阳光花园3栋业主群';
const STAFF_ROOM = '阳光花园物业工作群';
const SETUP = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
  { setup: 'resident', name: '王先生', room: GROUP },
];
const LEDGER = [{ community: '阳光花园', building: '3栋', unit: '2单元1502', period: '2026-11', amountCents: 128_050, dueDate: '2026-12-31' }];
const at = (t: string) => `2026-11-23T${t}:00+08:00`;
const FIGURES = /1,280\.50/;

describe('a second person binding to a unit that is already bound', () => {
  it('staff are told who holds it (masked); a plain 确认绑定 is refused with the reason; 共同 confirms it', async () => {
    const said = await simulateWithLedger(LEDGER, [
      ...SETUP,
      { at: at('08:50'), from: '张阿姨', text: '我家物业费交了吗' },
      { at: at('09:00'), from: '王先生', text: '绑定 3栋2单元1502' },
      { at: at('09:05'), room: STAFF_ROOM, from: '王主管', text: '确认绑定 2' },
      { at: at('09:06'), room: STAFF_ROOM, from: '王主管', text: '待确认绑定' },
      { at: at('09:07'), from: '王先生', text: '物业费交了吗' },
      { at: at('09:08'), room: STAFF_ROOM, from: '王主管', text: '确认绑定 2 好的' },
      { at: at('09:10'), room: STAFF_ROOM, from: '王主管', text: '确认绑定 2 共同' },
      { at: at('09:15'), from: '王先生', text: '我家还欠多少' },
    ]);
    const staffSaid = said.filter((s) => s.room === STAFF_ROOM).map((s) => s.text);
    const request = staffSaid.find((t) => t.includes('申请绑定'))!;
    expect(request).toContain('⚠️ 该房屋已绑定：张**。');
    expect(request).toContain('「确认绑定 2 共同」');
    expect(request).not.toContain('张阿姨');
    const answers = said.filter((s) => s.room === STAFF_ROOM && s.mentions?.includes('王主管')).map((s) => s.text);
    expect(answers[0]).toBe('绑定编号 2 没有确认：阳光花园3栋2单元1502 已绑定 张**，再绑定一位后，对方也会收到本户的欠费金额和提醒。'
      + '核实是同住家人后请回复「确认绑定 2 共同」；不符请回复「拒绝绑定 2」。');
    expect(answers[1]).toContain('· 编号 2｜王先生｜阳光花园3栋2单元1502｜⚠️ 该户已绑定 张**');
    expect(answers[2]).toContain('请写上绑定编号');
    expect(answers[3]).toBe('已确认绑定编号 2：阳光花园3栋2单元1502（与 张** 共同绑定，已私信告知原绑定住户）。已私信通知住户。');

    const toWang = said.filter((s) => s.to === '王先生').map((s) => s.text);
    // until the explicit confirmation, no figures
    expect(toWang.slice(0, 2).some((t) => FIGURES.test(t))).toBe(false);
    expect(toWang[1]).toContain('等管家核实');
    expect(toWang[2]).toContain('您已成功绑定阳光花园3栋2单元1502');
    expect(toWang[3]).toMatch(FIGURES);
    // the household's first member hears that someone else now sees the account
    const toZhang = said.filter((s) => s.to === '张阿姨').map((s) => s.text);
    expect(toZhang.at(-1)).toBe('您好，您绑定的阳光花园3栋2单元1502新增了一位绑定住户（王**），对方也能查询本户缴费情况。如不是您的家人，请联系物业服务中心 400-800-1234。');
  });
});
