import { describe, expect, it } from 'vitest';
import { simulate } from './helpers/simulate.js';

const SETUP = [
  { setup: 'room', room: '阳光花园3栋业主群', community: '阳光花园', building: '3栋' },
  { setup: 'staff-room', room: '阳光花园物业工作群' },
  { setup: 'staff', name: '李师傅', role: 'technician' },
  { setup: 'resident', name: '张阿姨', room: '阳光花园3栋业主群', unit: '3栋2单元1502' },
];

describe('simulate: a message flows from a building group to a ticket and a queued reply', () => {
  it('opens a ticket for a repair, acknowledges it in the group and stays silent on chit-chat', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: '2026-11-23T09:00:00+08:00', room: '阳光花园3栋业主群', from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: '2026-11-23T09:01:00+08:00', room: '阳光花园3栋业主群', from: '王先生', text: '早上好' },
    ]);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ id: 1, intent: 'repair', reporter: '张阿姨', status: 'open' });
    const ack = said.find((s) => s.room === '阳光花园3栋业主群');
    expect(ack?.mentions).toEqual(['张阿姨']);
    expect(ack?.text).toContain('#1');
    expect(ack?.at).toBe('2026-11-23T09:00:00+08:00');
    expect(said.some((s) => s.room === '阳光花园物业工作群' && s.text.includes('#1'))).toBe(true);
    // nothing in reply to "早上好"
    expect(said.filter((s) => s.room === '阳光花园3栋业主群')).toHaveLength(1);
  });

  it('spaces sends by at least the minimum gap (in virtual time)', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: '2026-11-23T09:00:00+08:00', room: '阳光花园3栋业主群', from: '张阿姨', text: '楼道灯坏了，麻烦修一下' },
      { at: '2026-11-23T09:00:00+08:00', room: '阳光花园3栋业主群', from: '刘先生', text: '地下车库的排水沟堵了，积了好多水' },
    ]);
    const times = said.map((s) => new Date(s.at).getTime());
    expect(times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it('gives the same output for the same script', async () => {
    const script = [...SETUP, { at: '2026-11-23T09:00:00+08:00', room: '阳光花园3栋业主群', from: '张阿姨', text: '电梯按钮没反应了' }];
    const a = await simulate(script);
    const b = await simulate(script);
    expect(a.raw).toEqual(b.raw);
  });
});
