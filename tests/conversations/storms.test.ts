import { describe, expect, it } from 'vitest';
import { simulate, type SaidLine } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

/** "09:01:20" on the test day. */
const sec = (hhmmss: string) => `2026-11-23T${hhmmss}+08:00`;
const between = (said: SaidLine[], from: string, to: string) => said.filter((s) => s.at >= from && s.at <= to);

/** Residents of 3栋 writing in the group within three minutes of the lights going out. */
const POWER_CUT: [string, string, string][] = [
  ['20:01:00', '张阿姨', '是不是停电了？我家灯全灭了'],
  ['20:01:10', '刘先生', '我家也没电'],
  ['20:01:15', '陈伯', '+1'],
  ['20:01:25', '小周', '整栋都黑了'],
  ['20:01:30', '孙姐', '几点能来电啊'],
  ['20:01:40', '老赵', '电梯也不动了'],
  ['20:01:45', '小王', '我家也是'],
  ['20:01:50', '钱阿姨', '冰箱里还有好多菜呢'],
  ['20:02:00', '吴先生', '停电了，孩子作业都写不了'],
  ['20:02:05', '郑女士', '+1'],
  ['20:02:15', '冯大爷', '楼里全停电了，物业管管'],
  ['20:02:20', '小周', '哈哈黑灯瞎火的'],
  ['20:02:30', '褚先生', '我们家也没电了'],
  ['20:02:40', '卫女士', '什么时候来电？'],
  ['20:02:45', '蒋先生', '同上'],
  ['20:02:50', '沈阿姨', '没电了，热水器也用不了'],
  ['20:03:00', '韩先生', '我家也停了'],
  ['20:03:10', '杨女士', '1单元也停电了'],
  ['20:03:20', '朱先生', '+1'],
  ['20:03:30', '秦阿姨', '停电了吗？还是我家跳闸'],
  ['20:03:40', '尤先生', '我这也是，全黑'],
  ['20:03:50', '许女士', '怎么又停电了'],
  ['20:03:55', '何先生', '几点能恢复供电'],
];

describe('a building-wide power cut: one incident, one voice', () => {
  it('twenty-odd residents in three minutes make one ticket, three group messages at most, every reporter hears it is back', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      ...POWER_CUT.map(([t, from, text]) => ({ at: sec(t), room: GROUP, from, text })),
      { at: at('20:09'), room: GROUP, from: '钱阿姨', text: '有蜡烛的邻居吗' },
      { at: at('20:12'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('20:30'), room: STAFF, from: '李师傅', text: '进度 #1 配电房总开关跳闸，正在排查原因，预计21点半前恢复' },
      { at: at('20:50'), room: GROUP, from: '孙姐', text: '还要多久啊' },
      { at: at('21:00'), room: STAFF, from: '李师傅', text: '进度 #1 找到短路的线路了，正在更换' },
      { at: at('21:30'), room: STAFF, from: '李师傅', text: '完成 #1 配电房总开关跳闸，已复位，全楼恢复供电' },
      { at: at('21:40') },
    ]);
    if (process.env.SHOW) console.log(JSON.stringify(said, null, 1), tickets);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'power', status: 'resolved', urgent: false });
    const group = inGroup(said);
    const storm = between(group, sec('20:01:00'), sec('20:04:59'));
    expect(storm.length).toBeLessThanOrEqual(3);
    expect(new Set(group.map((s) => s.text)).size).toBe(group.length);
    expect(between(inStaff(said), sec('20:01:00'), sec('20:06:00')).length).toBeLessThanOrEqual(3);
    // no flat number asked of a building-wide fault
    expect(group.some((s) => s.text.includes('门牌号'))).toBe(false);
    const reporters = new Set(POWER_CUT.filter(([, , text]) => !/冰箱|哈哈/.test(text)).map(([, from]) => from));
    // one update while it lasts: the first progress note; accepting it and the second note stay in the staff room
    expect(group.filter((s) => s.text.includes('有新进展'))).toHaveLength(1);
    expect(group.some((s) => s.text.includes('接单'))).toBe(false);
    expect(inStaff(said).some((s) => s.text.includes('群里已发过一次进展'))).toBe(true);
    // a reporter asking later is answered from the incident's state
    const asked = group.find((s) => s.mentions?.includes('孙姐') && s.at >= at('20:50') && s.at < at('20:51'))!;
    expect(asked.text).toMatch(/工单 #1.*李师傅正在处理.*预计21点半前恢复/);
    const resolved = group.filter((s) => s.text.includes('已处理完成'));
    expect(resolved).toHaveLength(1);
    for (const r of reporters) expect(resolved[0]!.mentions).toContain(r);
  });
});
