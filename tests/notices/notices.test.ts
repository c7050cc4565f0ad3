import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';

const STAFF_ROOM = '阳光花园物业工作群';
const SETUP = [
  { setup: 'room', room: '阳光花园3栋业主群', community: '阳光花园', building: '3栋' },
  { setup: 'room', room: '阳光花园5栋业主群', community: '阳光花园', building: '5栋' },
  { setup: 'room', room: '翠湖苑1栋业主群', community: '翠湖苑', building: '1栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'staff', name: '小刘', role: 'agent' },
  { setup: 'resident', name: '张阿姨', room: '阳光花园3栋业主群', unit: '3栋2单元1502' },
];
const say = (at: string, text: string, from = '王主管', room: string | undefined = STAFF_ROOM) =>
  (room ? { at: `2026-11-23T${at}:00+08:00`, room, from, text } : { at: `2026-11-23T${at}:00+08:00`, from, text });

describe('notices: now, later, listed, cancelled, for supervisors and managers only', () => {
  it('holds a notice scheduled for 22:00 until 08:00, while a reply at 22:00 goes out at once', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('19:00', '定时通知 今晚10点 阳光花园 明天上午9点到12点停水，请提前储水'),
      { at: '2026-11-23T22:00:30+08:00', room: '阳光花园3栋业主群', from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: '2026-11-24T09:00:00+08:00' },
    ]);
    const confirm = said.find((s) => s.room === STAFF_ROOM && s.text.includes('已安排定时通知'));
    expect(confirm?.text).toContain('11月23日(周一) 22:00');
    expect(confirm?.text).toContain('共 2 个业主群');
    expect(confirm?.text).toContain('08:00 发出');
    const notices = said.filter((s) => s.text.startsWith('【物业通知】'));
    expect(notices.map((s) => s.room).sort()).toEqual(['阳光花园3栋业主群', '阳光花园5栋业主群']);
    for (const n of notices) expect(n.at >= '2026-11-24T08:00:00+08:00' && n.at < '2026-11-24T08:01:00+08:00').toBe(true);
    const ack = said.find((s) => s.room === '阳光花园3栋业主群' && s.mentions?.includes('张阿姨'));
    expect(ack?.at).toBe('2026-11-23T22:00:30+08:00');
  });

  it('sends now to the scope, refuses agents, explains bad times and scopes, lists and cancels', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('10:00', '通知 全部 今天下午电梯例行检查'),
      // two communities: the groups are listed first and the sender confirms
      say('10:00', '确认'),
      say('10:01', '通知 全部 测试', '小刘'),
      say('10:02', '定时通知 明天 全部 测试'),
      say('10:03', '定时通知 明天9:00 8栋 测试'),
      say('10:04', '定时通知 明天9:00 翠湖苑 明天上午打药，请关好窗'),
      say('10:05', '定时通知 每周一 8:00 阳光花园3栋 每周一垃圾分类宣传'),
      say('10:06', '通知列表'),
      say('10:07', '取消通知 4'),
      say('10:08', '通知列表'),
      { at: '2026-11-30T09:00:00+08:00' },
    ]);
    const staffSaid = said.filter((s) => s.room === STAFF_ROOM).map((s) => s.text);
    const now = said.filter((s) => s.text === '【物业通知】今天下午电梯例行检查');
    expect(now.map((s) => s.room).sort()).toEqual(['翠湖苑1栋业主群', '阳光花园3栋业主群', '阳光花园5栋业主群']);
    expect(staffSaid.some((t) => t.startsWith('请核对这条通知（发往全部业主群）') && t.includes('将发往 2 个小区的 3 个业主群'))).toBe(true);
    expect(staffSaid.some((t) => t.includes('已安排发出通知') && t.includes('共 3 个业主群'))).toBe(true);
    // the agent is refused privately and nothing is sent
    expect(said.find((s) => s.to === '小刘')?.text).toContain('需要经理或主管权限');
    expect(said.some((s) => s.text === '【物业通知】测试')).toBe(false);
    expect(staffSaid.some((t) => t.includes('请写上具体几点'))).toBe(true);
    expect(staffSaid.some((t) => t.includes('没有找到「8栋」'))).toBe(true);
    // the one-off went to 翠湖苑 at 09:00 the next day
    const spray = said.filter((s) => s.room !== STAFF_ROOM && s.text.includes('明天上午打药'));
    expect(spray.map((s) => [s.room, s.at.slice(0, 16)])).toEqual([['翠湖苑1栋业主群', '2026-11-24T09:00']]);
    // ids follow the built-in schedules (digest, fees): the two notices are 3 and 4
    expect(staffSaid.some((t) => t.startsWith('已安排定时通知（编号 3）') && t.includes('翠湖苑，目前共 1 个业主群'))).toBe(true);
    expect(staffSaid.some((t) => t.startsWith('已安排定时通知（编号 4）') && t.includes('第一次：11月30日(周一) 08:00'))).toBe(true);
    const list = staffSaid.filter((t) => t.startsWith('待发的定时通知'));
    expect(list[0]).toContain('编号 3｜11月24日(周二) 09:00｜翠湖苑');
    expect(list[0]).toContain('编号 4｜每周一 08:00，下次 11月30日(周一) 08:00｜阳光花园3栋');
    expect(staffSaid.some((t) => t.includes('已取消定时通知（编号 4）'))).toBe(true);
    expect(list[1]).not.toContain('编号 4');
    // the cancelled weekly notice never went out (Monday 30 November 08:00 passed)
    expect(said.some((s) => s.text.includes('垃圾分类宣传') && s.room !== STAFF_ROOM)).toBe(false);
  });

  it('repeats a weekly notice every Monday morning, once each', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('10:00', '定时通知 每周一 8:00 阳光花园3栋 本周垃圾分类请大家配合'),
      { at: '2026-12-08T12:00:00+08:00' },
    ]);
    const sent = said.filter((s) => s.text.includes('本周垃圾分类') && s.room === '阳光花园3栋业主群').map((s) => s.at.slice(0, 16));
    expect(sent).toEqual(['2026-11-30T08:00', '2026-12-07T08:00']);
  });

  it('holds a notice sent during quiet hours as a schedule for the morning; an urgent notice goes at once', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('23:00', '通知 阳光花园 明早电梯保养'),
      say('23:01', '紧急通知 阳光花园3栋 3栋地下室进水，请勿进入'),
      { at: '2026-11-24T08:30:00+08:00' },
    ]);
    const held = said.filter((s) => s.text === '【物业通知】明早电梯保养');
    expect(held).toHaveLength(2);
    for (const h of held) expect(h.at.startsWith('2026-11-24T08:00')).toBe(true);
    const urgent = said.filter((s) => s.text.includes('地下室进水'));
    expect(urgent.map((s) => [s.room, s.at.slice(0, 16)])).toEqual([['阳光花园3栋业主群', '2026-11-23T23:01']]);
    expect(said.find((s) => s.room === STAFF_ROOM && s.text.includes('现在是免打扰时段'))?.text).toContain('08:00');
  });

  it('今晚12点 is midnight, not noon; a date just passed is asked about, next year is said', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('19:00', '定时通知 今晚12点 阳光花园3栋 今晚零点起停水检修'),
      { at: '2026-12-01T10:00:00+08:00', room: STAFF_ROOM, from: '王主管', text: '定时通知 11月30日 18:00 阳光花园3栋 电梯年检' },
      { at: '2026-12-01T10:01:00+08:00', room: STAFF_ROOM, from: '王主管', text: '定时通知 2027年11月30日 18:00 阳光花园3栋 电梯年检' },
      { at: '2026-12-01T10:02:00+08:00' },
    ]);
    // the answers to 王主管 (the daily digests go to the staff room too)
    const staffSaid = said.filter((s) => s.room === STAFF_ROOM && s.mentions?.includes('王主管')).map((s) => s.text);
    expect(staffSaid[0]).toContain('已安排定时通知（编号 3）：11月24日(周二) 00:00');
    // released at the end of quiet hours, never at noon on the 23rd
    const sent = said.filter((s) => s.text.includes('今晚零点起停水检修') && s.room !== STAFF_ROOM);
    expect(sent.map((s) => s.at.slice(0, 16))).toEqual(['2026-11-24T08:00']);
    expect(staffSaid[1]).toContain('是指明年（2027年）11月30日吗？请加上年份确认');
    expect(staffSaid[2]).toMatch(/^已安排定时通知（编号 \d+）：2027年11月30日\(周二\) 18:00/);
    expect(staffSaid).toHaveLength(3);
  });
});
