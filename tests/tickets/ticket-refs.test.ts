import { describe, expect, it } from 'vitest';
import { parseTicketRef, parseTicketRefs } from '../../src/domain/tickets/args.js';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, STAFF, at, inGroup, inStaff } from '../helpers/community.js';

describe('ticket numbers in commands', () => {
  it('reads several numbers and full-width digits', () => {
    expect(parseTicketRefs('#1 #2')).toEqual({ ids: [1, 2], rest: '' });
    expect(parseTicketRefs('#1、#2，#3 已修好')).toEqual({ ids: [1, 2, 3], rest: '已修好' });
    expect(parseTicketRefs('＃１ ＃１２')).toEqual({ ids: [1, 12], rest: '' });
    expect(parseTicketRefs('#１７ 师傅在路上')).toEqual({ ids: [17], rest: '师傅在路上' });
    expect(parseTicketRefs('#1 #1')).toEqual({ ids: [1], rest: '' });
    // without "#", a second number is text unless the command takes no text
    expect(parseTicketRefs('#1 10 点到')).toEqual({ ids: [1], rest: '10 点到' });
    expect(parseTicketRefs('1 2 3', { bareExtras: true })).toEqual({ ids: [1, 2, 3], rest: '' });
    expect(parseTicketRefs('#1 3栋已修', { bareExtras: true })).toEqual({ ids: [1], rest: '3栋已修' });
    expect(parseTicketRef('＃８：等配件')).toEqual({ id: 8, rest: '等配件' });
    expect(parseTicketRefs('明天')).toBeNull();
  });

  it('接单 #1 #2 takes both; ＃１ and #１ are read as digits; a note is refused for several tickets; a missing number is named', async () => {
    const reports = ['厨房水管漏水了', '小区门口的路灯坏了', '楼道里堆满了杂物没人清理', '我家卫生间灯不亮了', '我家阳台的窗户关不上了'];
    const { said, tickets } = await simulate([
      ...SETUP,
      ...reports.map((text, i) => ({ at: at(`09:0${i}`), room: GROUP, from: `住户${i + 1}`, text })),
      { at: at('09:10'), room: STAFF, from: '李师傅', text: '接单 #1 #2' },
      { at: at('09:11'), room: STAFF, from: '李师傅', text: '接单＃３' },
      { at: at('09:12'), room: STAFF, from: '李师傅', text: '接单 #４ #99' },
      { at: at('09:20'), room: STAFF, from: '李师傅', text: '完成 #1 #2 都修好了' },
      { at: at('09:21'), room: STAFF, from: '李师傅', text: '完成 #3 #4' },
      { at: at('09:22'), room: STAFF, from: '王主管', text: '查 #1 #5' },
    ]);
    expect(tickets.map((t) => [t.id, t.status, t.assignee])).toEqual([
      [1, 'accepted', '李师傅'], [2, 'accepted', '李师傅'], [3, 'resolved', '李师傅'], [4, 'resolved', '李师傅'], [5, 'open', null],
    ]);
    const staff = inStaff(said).map((s) => s.text);
    expect(staff.filter((t) => t.startsWith('👌 李师傅 已接单'))).toHaveLength(4);
    expect(staff).toContain('没有找到工单 #99，请核对编号（发「工单 全部」可查看当前工单）。');
    expect(staff.some((t) => t.startsWith('说明只写给一张工单'))).toBe(true);
    expect(staff.filter((t) => t.startsWith('✅ 工单'))).toHaveLength(2);
    expect(staff.filter((t) => /^工单 #[15] /.test(t))).toHaveLength(2);
    // the refused 完成 told no resident anything
    expect(inGroup(said).some((s) => s.text.includes('都修好了'))).toBe(false);
  }, 120_000);
});
