import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';

const STAFF_ROOM = '阳光花园物业工作群';
const SUN3 = '阳光花园3栋业主群';
const SUN5 = '阳光花园5栋业主群';
const LAKE3 = '翠湖苑3栋业主群';
const SETUP = [
  { setup: 'room', room: SUN3, community: '阳光花园', building: '3栋' },
  { setup: 'room', room: SUN5, community: '阳光花园', building: '5栋' },
  { setup: 'room', room: LAKE3, community: '翠湖苑', building: '3栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'staff', name: '赵经理', role: 'manager' },
  { setup: 'resident', name: '张阿姨', room: SUN3, unit: '3栋2单元1502' },
];
const at = (t: string) => `2026-11-23T${t}:00+08:00`;
const say = (t: string, text: string, from = '王主管', room: string | null = STAFF_ROOM) =>
  (room ? { at: at(t), room, from, text } : { at: at(t), from, text });

describe('a notice reaches only the community meant', () => {
  it('a bare 3栋 that two communities have is asked about, or read as the community of the group it was sent in', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('10:00', '通知 3栋 今天下午停水'),
      say('10:01', '通知 3栋 今天下午3栋停水检修', '王主管', SUN3),
    ]);
    const answers = said.filter((s) => s.mentions?.includes('王主管') || s.to === '王主管');
    expect(answers[0]!.text).toBe('「3栋」在 阳光花园、翠湖苑 都有，请写明是哪个小区的，例如「阳光花园3栋」或「翠湖苑3栋」。没有发出任何通知。');
    expect(said.some((s) => s.text === '【物业通知】今天下午停水')).toBe(false);
    // sent in 阳光花园3栋's group: 阳光花园's 3栋 only, and answered privately
    expect(said.filter((s) => s.text === '【物业通知】今天下午3栋停水检修').map((s) => s.room)).toEqual([SUN3]);
    expect(answers[1]!.to).toBe('王主管');
    expect(answers[1]!.text).toContain('已安排发出通知：阳光花园3栋，共 1 个业主群');
  });

  it('a broadcast to more than one community lists its groups and waits for the sender\'s own 确认, for 5 minutes', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('10:20', '通知 全部 明天上午消防演练'),
      say('10:21', '确认 1', '赵经理'),
      say('10:22', '确认'),
      say('10:40', '定时通知 明天9:00 全部 明天电梯保养'),
      say('10:46', '确认'),
      say('11:00', '通知 阳光花园 今天下午清洗水箱'),
    ]);
    const toWang = said.filter((s) => s.room === STAFF_ROOM && s.mentions?.includes('王主管')).map((s) => s.text);
    expect(toWang[0]).toBe([
      '请核对这条通知（发往全部业主群）：「明天上午消防演练」',
      '将发往 2 个小区的 3 个业主群：',
      `· ${SUN3}（阳光花园 3栋）`,
      `· ${SUN5}（阳光花园 5栋）`,
      `· ${LAKE3}（翠湖苑 3栋）`,
      '确认请在5分钟内回复「确认 1」；不发就不用回复，5分钟后自动作废。',
    ].join('\n'));
    const toZhao = said.filter((s) => s.room === STAFF_ROOM && s.mentions?.includes('赵经理')).map((s) => s.text);
    expect(toZhao).toEqual(['编号 1 不是您发起的，须由发起人本人确认。没有任何改动。']);
    expect(toWang[1]).toBe('已安排发出通知：全部业主群，共 3 个业主群。');
    const drill = said.filter((s) => s.text === '【物业通知】明天上午消防演练');
    expect(drill.map((s) => s.room).sort()).toEqual([LAKE3, SUN3, SUN5].sort());
    for (const s of drill) expect(s.at >= at('10:22')).toBe(true);
    // the scheduled one was held and its confirmation came too late: nothing scheduled, nothing sent
    expect(toWang[2]).toContain('请核对这条定时通知（发往全部业主群）：「明天电梯保养」');
    expect(toWang[3]).toContain('没有待您确认的操作');
    expect(said.some((s) => s.text.includes('明天电梯保养') && s.room !== STAFF_ROOM)).toBe(false);
    // one community: no confirmation needed
    expect(toWang[4]).toBe('已安排发出通知：阳光花园，共 2 个业主群。');
  });
});
