import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

/** 合并 #a #b in chat: the same operation the console's merge uses (domain/tickets/operations.ts merge). */
describe('合并 #a #b', () => {
  it('folds a second report of the same leak into the first: its reporter is told once, staff see it, a technician may not', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:01'), room: GROUP, from: '老陈', text: '今天天气不错啊' },
      { at: at('09:02'), room: GROUP, from: '刘先生', text: '我家卫生间天花板在滴水，应该是楼上漏下来的' },
      { at: at('09:02'), room: GROUP, from: '老陈', text: '+1' },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '合并 #1 #2' },
      { at: at('09:06'), room: STAFF, from: '王主管', text: '合并 #1' },
      { at: at('09:07'), room: STAFF, from: '王主管', text: '合并 #1 #2' },
      { at: at('09:08'), room: STAFF, from: '王主管', text: '合并 #1 #2' },
      { at: at('09:20') },
    ]);
    expect(tickets.map((t) => [t.id, t.status])).toEqual([[1, 'open'], [2, 'closed']]);
    const staffSaw = inStaff(said).map((s) => s.text);
    expect(staffSaw.filter((t) => t.includes('工单 #2 已并入 #1'))).toHaveLength(1);
    expect(staffSaw.join('\n')).toContain('请写两张工单');
    const privately = said.filter((s) => s.to === '李师傅').map((s) => s.text).join('\n');
    expect(privately).toContain('「合并」需要');
    // the second merge of the same pair is refused by the state rule: #2 is closed now
    expect(staffSaw.join('\n')).toContain('工单 #2 当前已关闭，不能合并');
    const told = inGroup(said).filter((s) => s.text.includes('已合并到 #1'));
    expect(told).toHaveLength(1);
    expect(told[0]!.mentions).toEqual(['刘先生']);
    expect(inGroup(said).some((s) => s.text.includes('已合并') && s.mentions?.includes('张阿姨'))).toBe(false);
  });
});
