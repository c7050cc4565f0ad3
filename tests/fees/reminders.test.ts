import { describe, expect, it } from 'vitest';
import { simulateWithLedger } from './run.js';

const GROUP = '阳光花园3栋业主群';
const STAFF_ROOM = '阳光花园物业工作群';
const SETUP = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'room', room: '阳光花园5栋业主群', community: '阳光花园', building: '5栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
  { setup: 'resident', name: '李先生', room: GROUP, unit: '3栋1单元0801' },
];
const LEDGER = [
  { community: '阳光花园', building: '3栋', unit: '2单元1502', period: '2026-11', amountCents: 128_050, dueDate: '2026-11-30' },
  { community: '阳光花园', building: '3栋', unit: '1单元0801', period: '2026-11', amountCents: 96_000, dueDate: '2026-11-30' },
];

describe('fee reminders over a month with a due date (30 November)', () => {
  it('reminds the group once, and each unpaid household privately once a week until paid', async () => {
    const said = await simulateWithLedger(LEDGER, [
      ...SETUP,
      { at: '2026-11-20T09:00:00+08:00' },
      // 李先生 pays at the front desk on 2 December, 张阿姨 on 14 December
      { at: '2026-12-02T15:00:00+08:00', room: STAFF_ROOM, from: '王主管', text: '已缴 3栋1单元0801 2026-11' },
      { at: '2026-12-14T15:00:00+08:00', room: STAFF_ROOM, from: '王主管', text: '已缴 阳光花园3栋2单元1502 2026-11' },
      { at: '2026-12-31T12:00:00+08:00' },
    ]);
    const group = said.filter((s) => s.room === GROUP);
    expect(group).toHaveLength(1);
    expect(group[0]!.at).toBe('2026-11-27T10:00:00+08:00');
    expect(group[0]!.text).toContain('11月30日截止');
    expect(group[0]!.mentions).toEqual([]);
    // names no household and no amount
    for (const bad of ['1,280.50', '960', '张阿姨', '李先生', '1502', '0801']) expect(group[0]!.text).not.toContain(bad);
    // the other building has no bill due: no reminder there
    expect(said.some((s) => s.room === '阳光花园5栋业主群')).toBe(false);

    const toZhang = said.filter((s) => s.to === '张阿姨');
    expect(toZhang.map((s) => s.at.slice(0, 10))).toEqual(['2026-11-27', '2026-12-04', '2026-12-11']);
    expect(toZhang[0]!.text).toContain('1,280.50');
    expect(toZhang[0]!.text).toContain('2026-11');
    expect(toZhang[0]!.text).toContain('分期');
    expect(toZhang[1]!.text).toContain('已过缴费日期');
    const toLi = said.filter((s) => s.to === '李先生');
    expect(toLi.map((s) => s.at.slice(0, 10))).toEqual(['2026-11-27']);
    expect(toLi[0]!.text).toContain('960.00');
    expect(toLi[0]!.text).not.toContain('1,280.50');
    // the payments were confirmed to staff without broadcasting anything
    expect(said.filter((s) => s.room === STAFF_ROOM && s.text.startsWith('已登记：'))).toHaveLength(2);
  });
});
