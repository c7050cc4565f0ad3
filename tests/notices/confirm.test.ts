import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';

const STAFF_ROOM = '阳光花园物业工作群';
const SUN3 = '阳光花园3栋业主群';
const SUN5 = '阳光花园5栋业主群';
const SETUP = [
  { setup: 'room', room: SUN3, community: '阳光花园', building: '3栋' },
  { setup: 'room', room: SUN5, community: '阳光花园', building: '5栋' },
  { setup: 'staff-room', room: STAFF_ROOM },
  { setup: 'staff', name: '王主管', role: 'supervisor' },
  { setup: 'resident', name: '张阿姨', room: SUN3, unit: '3栋2单元1502' },
];
const at = (t: string, day = 23) => `2026-11-${day}T${t}:00+08:00`;
const say = (t: string, text: string) => ({ at: at(t), room: STAFF_ROOM, from: '王主管', text });
type Said = Awaited<ReturnType<typeof simulate>>['said'];
const answers = (said: Said) => said.filter((s) => s.room === STAFF_ROOM && s.mentions?.includes('王主管')).map((s) => s.text);
const notices = (said: Said, room: string) => said.filter((s) => s.room === room && s.text.startsWith('【物业通知】'));

describe('notices that would flood the groups wait for the sender\'s 确认', () => {
  it('fifty 定时通知 for the same minute: the first is scheduled, each further one is held until confirmed', async () => {
    const { said } = await simulate([
      ...SETUP,
      ...Array.from({ length: 50 }, (_, i) => say('10:00', `定时通知 明天9:00 全部 第${i + 1}条：明天上午停水`)),
      say('10:01', '确认'),
      { at: at('09:30', 24) },
    ]);
    const replies = answers(said);
    expect(replies).toHaveLength(51);
    expect(replies[0]).toMatch(/^已安排定时通知（编号 \d+）：11月24日\(周二\) 09:00/);
    const held = replies.slice(1, 50);
    for (const h of held) {
      expect(h).toContain('前后10分钟内已有 1 条通知发往这些群');
      expect(h).toContain('11月24日(周二) 09:00｜「第1条：明天上午停水」');
      expect(h).toMatch(/确认请在5分钟内回复「确认 \d+」/);
    }
    // 确认 without a number takes the latest: the fiftieth
    expect(replies[50]).toMatch(/^已安排定时通知（编号 \d+）：11月24日\(周二\) 09:00/);
    for (const room of [SUN3, SUN5]) {
      expect(notices(said, room).map((s) => s.text)).toEqual(['【物业通知】第1条：明天上午停水', '【物业通知】第50条：明天上午停水']);
    }
  });

  it('a 5,000-character notice is held and goes out unchanged only once confirmed; the same notice twice in ten minutes is held', async () => {
    const long = `明天停水。${'停水检修请提前储水'.repeat(555)}`;
    expect(long.length).toBe(5000);
    const { said } = await simulate([
      ...SETUP,
      say('10:00', `通知 阳光花园 ${long}`),
      say('10:02', '确认'),
      say('10:30', '通知 阳光花园3栋 今天下午电梯保养'),
      say('10:33', '通知 阳光花园3栋 今天下午电梯保养'),
      { at: at('10:45') },
    ]);
    const replies = answers(said);
    expect(replies[0]).toContain('这条通知有 5000 字，超过 500 字，在群里会刷满几屏，请核对内容');
    expect(replies[0]).toContain('「确认 1」');
    expect(replies[0]!.length).toBeLessThan(400);
    expect(replies[1]).toBe('已安排发出通知：阳光花园，共 2 个业主群。');
    for (const room of [SUN3, SUN5]) {
      const sent = notices(said, room);
      expect(sent[0]!.text).toBe(`【物业通知】${long}`);
      expect(sent[0]!.at >= at('10:02')).toBe(true);
    }
    expect(replies[2]).toBe('已安排发出通知：阳光花园3栋，共 1 个业主群。');
    expect(replies[3]).toContain('前后10分钟内已有 1 条通知发往这些群：\n· 11月23日(周一) 10:30｜「今天下午电梯保养」');
    expect(notices(said, SUN3).filter((s) => s.text.includes('电梯保养'))).toHaveLength(1);
  });

  it('the size is set by NOTICE_CONFIRM_CHARS', async () => {
    const { said } = await simulate([
      ...SETUP,
      say('10:00', '通知 阳光花园3栋 今天下午三点到五点电梯保养，请走楼梯'),
    ], { NOTICE_CONFIRM_CHARS: '10' });
    expect(answers(said)[0]).toContain('这条通知有 18 字，超过 10 字');
    expect(notices(said, SUN3)).toHaveLength(0);
  });
});
