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
const LEDGER = [
  { community: '阳光花园', building: '3栋', unit: '2单元1502', period: '2026-11', amountCents: 128_050, dueDate: '2026-12-31' },
  { community: '阳光花园', building: '3栋', unit: '1单元0801', period: '2026-11', amountCents: 96_000, dueDate: '2026-12-31' },
];
const at = (t: string) => `2026-11-23T${t}:00+08:00`;
const FIGURES = /\d[\d,]*\.\d{2}|\d\s*元/;

describe('"我家物业费交了吗": answered privately, from the ledger, only to the bound household', () => {
  it('keeps figures out of the group and away from an unbound resident; binding unlocks the answer', async () => {
    const said = await simulateWithLedger(LEDGER, [
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '我家物业费交了吗' },
      { at: at('09:05'), room: GROUP, from: '王先生', text: '物业费交了没' },
      { at: at('09:10'), from: '王先生', text: '还欠多少' },
      { at: at('09:15'), room: GROUP, from: '王先生', text: '绑定 3栋1单元0801' },
      { at: at('09:20'), from: '王先生', text: '绑定 3栋1单元0801' },
      { at: at('09:25'), from: '王先生', text: '我家还欠多少' },
      { at: at('09:30'), room: STAFF_ROOM, from: '王主管', text: '待确认绑定' },
      // binding 1 is 张阿姨's (set up confirmed); 王先生's request is number 2
      { at: at('09:35'), room: STAFF_ROOM, from: '王主管', text: '确认绑定 2' },
      { at: at('09:40'), from: '王先生', text: '物业费交了没' },
      { at: at('09:45'), from: '张阿姨', text: '绑定 9栋9单元9999' },
    ]);
    const inGroup = said.filter((s) => s.room === GROUP);
    expect(inGroup.length).toBeGreaterThanOrEqual(2);
    for (const s of inGroup) expect(s.text).not.toMatch(FIGURES);
    expect(inGroup.find((s) => s.mentions?.includes('张阿姨'))?.text).toContain('私信');
    expect(inGroup.find((s) => s.mentions?.includes('王先生'))?.text).toContain('私信');

    const toZhang = said.filter((s) => s.to === '张阿姨');
    expect(toZhang[0]!.at).toBe(at('09:00'));
    expect(toZhang[0]!.text).toContain('阳光花园3栋2单元1502');
    expect(toZhang[0]!.text).toContain('1,280.50');
    expect(toZhang[0]!.text).not.toContain('960');

    const toWang = said.filter((s) => s.to === '王先生').map((s) => s.text);
    // unbound: how to bind, no figures (in reply to the group question and to the private one)
    expect(toWang[0]).toContain('绑定');
    expect(toWang[0]).not.toMatch(FIGURES);
    expect(toWang[1]).toContain('绑定');
    expect(toWang[1]).not.toMatch(FIGURES);
    // "绑定" in the group: asked to do it privately, nothing created
    expect(toWang[2]).toContain('私聊');
    expect(toWang[3]).toContain('已收到，您申请绑定阳光花园3栋1单元0801');
    // pending: still no figures
    expect(toWang[4]).toContain('等管家核实');
    expect(toWang[4]).not.toMatch(FIGURES);
    expect(toWang[5]).toContain('您已成功绑定阳光花园3栋1单元0801');
    expect(toWang[6]).toContain('960.00');
    expect(toWang[6]).not.toContain('1,280.50');

    const staffSaid = said.filter((s) => s.room === STAFF_ROOM).map((s) => s.text);
    expect(staffSaid.filter((t) => t.includes('申请绑定'))).toHaveLength(1);
    expect(staffSaid.some((t) => t.includes('待确认的绑定（1条）') && t.includes('编号 2｜王先生｜阳光花园3栋1单元0801'))).toBe(true);
    expect(staffSaid.some((t) => t.includes('已确认绑定编号 2'))).toBe(true);
    expect(said.find((s) => s.to === '张阿姨' && s.text.includes('9栋9单元9999'))?.text).toContain('没有找到');
  });
});
