import { describe, expect, it } from 'vitest';
import { arrearsList, type ArrearsRow } from '../../src/domain/fees/arrears.js';
import { simulateWithLedger } from './run.js';

const GROUP = '阳光花园3栋业主群';
const STAFF_ROOM = '阳光花园物业工作群';
const SETUP = [
  { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
  { setup: 'resident', name: '李先生', room: GROUP, unit: '3栋1单元0801' },
  { setup: 'resident', name: '陈伯', room: GROUP, unit: '3栋3单元0301' },
];
const bill = (unit: string, amountCents: number) => ({ community: '阳光花园', building: '3栋', unit, period: '2026-11', amountCents, dueDate: '2026-11-30' });
const LEDGER = [bill('2单元1502', 128_050), bill('1单元0801', 96_000), bill('3单元0301', 88_800)];

/**
 * 陈伯's hall light is fixed on 10 November and he rates it 2; 张阿姨 complains about the night
 * guard on 20 November and it is only dealt with on 2 December; 李先生 has no complaint.
 */
const STORY = [
  ...SETUP,
  { at: '2026-11-10T09:00:00+08:00', room: GROUP, from: '陈伯', text: '楼道灯坏了，晚上黑乎乎的' },
  { at: '2026-11-10T09:05:00+08:00', room: STAFF_ROOM, from: '李师傅', text: '接单 #1' },
  { at: '2026-11-10T14:00:00+08:00', room: STAFF_ROOM, from: '李师傅', text: '完成 #1' },
  { at: '2026-11-10T15:00:00+08:00', room: GROUP, from: '陈伯', text: '2' },
  { at: '2026-11-20T09:00:00+08:00', room: GROUP, from: '张阿姨', text: '小区保安晚上值班老是睡觉，太不负责任了' },
  { at: '2026-11-20T09:10:00+08:00', room: STAFF_ROOM, from: '王主管', text: '派单 #2 @李师傅' },
];

describe('arrears from dissatisfaction: fix the problem first', () => {
  it('no private reminder to a household with an open complaint or a rating of 2 lately; the staff room hears it once a week; others are reminded', async () => {
    const said = await simulateWithLedger(LEDGER, [
      ...STORY,
      // 李先生 pays on 1 December; 张阿姨's complaint is dealt with on 2 December and she rates it 5
      { at: '2026-12-01T15:00:00+08:00', room: STAFF_ROOM, from: '王主管', text: '已缴 3栋1单元0801 2026-11' },
      { at: '2026-12-02T11:00:00+08:00', room: STAFF_ROOM, from: '李师傅', text: '完成 #2 已和保安队长谈过，夜班加了巡查' },
      { at: '2026-12-02T12:00:00+08:00', room: GROUP, from: '张阿姨', text: '5' },
      { at: '2026-12-12T12:00:00+08:00' },
    ]);
    const days = (lines: typeof said) => lines.map((s) => s.at.slice(0, 10));
    const reminders = (name: string) => said.filter((s) => s.to === name && s.text.includes('物业费'));

    // the household without a complaint: reminded as usual (then it paid)
    expect(days(reminders('李先生'))).toEqual(['2026-11-27']);
    // open complaint until 2 December: nothing before, then the weekly reminder resumes
    expect(days(reminders('张阿姨'))).toEqual(['2026-12-03', '2026-12-10']);
    // rated 2 on 10 November at 15:00: held for 30 days, reminded from 11 December
    expect(days(reminders('陈伯'))).toEqual(['2026-12-11']);

    const holds = said.filter((s) => s.room === STAFF_ROOM && s.text.startsWith('【暂缓催缴】'));
    const about = (unit: string) => holds.filter((s) => s.text.includes(unit));
    // once per household per week (ISO weeks 48, 49, 50), at the daily run, never daily
    expect(days(about('3栋2单元1502'))).toEqual(['2026-11-27', '2026-11-30']);
    expect(days(about('3栋3单元0301'))).toEqual(['2026-11-27', '2026-11-30', '2026-12-07']);
    for (const h of holds) expect(h.at.slice(11, 16)).toBe('10:00');
    expect(holds).toHaveLength(5);
    expect(about('3栋2单元1502')[0]!.text).toContain('有未解决的投诉工单 #2');
    expect(about('3栋2单元1502')[0]!.text).toContain('请先把工单 #2 处理好');
    expect(about('3栋3单元0301')[0]!.text).toContain('11月10日给工单 #1 打了 2 分');
    // staff see the reason, not the amount; residents never see any of it
    for (const h of holds) expect(h.text).not.toMatch(/1,280\.50|888\.00/);
    expect(said.filter((s) => s.room === GROUP && /暂缓|催缴|#2.*投诉.*未解决/.test(s.text))).toEqual([]);
    // the group reminder names no one and goes out once, as before
    expect(days(said.filter((s) => s.room === GROUP && s.text.startsWith('【温馨提示】')))).toEqual(['2026-11-27']);
  });

  it('the arrears list shows each household with amount, periods and why it is held', async () => {
    let rows: ArrearsRow[] = [];
    await simulateWithLedger(LEDGER, [...STORY, { at: '2026-11-28T12:00:00+08:00' }], {}, async (db, config) => {
      rows = await arrearsList(db, config, new Date('2026-11-28T12:00:00+08:00'));
      expect(await arrearsList(db, config, new Date('2026-11-28T12:00:00+08:00'), { overdueOnly: true })).toEqual([]);
      expect((await arrearsList(db, config, new Date('2026-12-01T12:00:00+08:00'), { overdueOnly: true })).map((r) => r.unit))
        .toEqual(['1单元0801', '2单元1502', '3单元0301']);
    });
    expect(rows.map((r) => [r.label, r.amount, r.periods, r.overdue, r.residents])).toEqual([
      ['阳光花园3栋1单元0801', '960.00', ['2026-11'], false, 1],
      ['阳光花园3栋2单元1502', '1,280.50', ['2026-11'], false, 1],
      ['阳光花园3栋3单元0301', '888.00', ['2026-11'], false, 1],
    ]);
    const [li, zhang, chen] = rows as [ArrearsRow, ArrearsRow, ArrearsRow];
    expect(li.holds).toEqual([]);
    expect(li.holdReason).toBeNull();
    expect(zhang.holds).toEqual([{ kind: 'open-ticket', ticketId: 2, intent: 'complaint', status: 'accepted' }]);
    expect(zhang.holdReason).toBe('该户有未解决的投诉工单 #2（处理中）——请先把问题解决好，暂不私信催缴');
    expect(chen.holds).toEqual([{ kind: 'low-rating', ticketId: 1, rating: 2, ratedAt: new Date('2026-11-10T15:00:00+08:00') }]);
    expect(chen.holdReason).toContain('11月10日给工单 #1 打了 2 分');
  });
});
