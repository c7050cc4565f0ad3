import { describe, expect, it } from 'vitest';
import { simulate, type SaidLine } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

const sec = (hhmmss: string) => `2026-11-23T${hhmmss}+08:00`;
const between = (said: SaidLine[], from: string, to: string) => said.filter((s) => s.at >= from && s.at <= to);

/** A Saturday morning without water in 3栋: twelve-odd residents in five minutes, with chatter. */
const WATER_CUT: [string, string, string][] = [
  ['07:40:00', '刘先生', '我家水龙头一滴水都没有，停水了？'],
  ['07:40:30', '孙姐', '我家也没水'],
  ['07:41:00', '陈伯', '没有通知停水啊'],
  ['07:41:20', '小周', '+1 刚准备洗澡'],
  ['07:41:40', '王太太', '我家也沒水了'],
  ['07:42:00', '老赵', '一样'],
  ['07:42:10', '钱阿姨', '早饭都做不了了'],
  ['07:42:30', '吴先生', '几点能来水？'],
  ['07:43:00', '郑女士', '楼上楼下都停水了'],
  ['07:43:20', '冯大爷', '同样没水'],
  ['07:43:50', '褚先生', '物业快看看是不是水泵坏了'],
  ['07:44:20', '卫女士', '我们家也是'],
  ['07:44:50', '蒋先生', '什么时候来水啊，急用'],
];

describe('a water cut and an emergency inside an incident', () => {
  it('a water cut: one ticket, at most three group messages, one escalation chain, everyone hears the water is back', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      ...WATER_CUT.map(([t, from, text]) => ({ at: sec(t), room: GROUP, from, text })),
      { at: at('08:30'), room: STAFF, from: '王主管', text: '派单 #1 @李师傅' },
      { at: at('08:40'), room: GROUP, from: '小周', text: '有人知道附近哪有桶装水卖吗' },
      { at: at('09:50'), room: STAFF, from: '李师傅', text: '完成 #1 二次供水水泵故障，已更换水泵继电器，供水恢复' },
      { at: at('10:00') },
    ]);
    if (process.env.SHOW) console.log(said.map((s) => `${s.at.slice(11, 19)} ${s.room ?? s.to} ${s.text.slice(0, 90)} [${s.mentions?.length ?? 0}]`).join('\n'));
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'water', status: 'resolved' });
    const group = inGroup(said);
    expect(between(group, sec('07:40:00'), sec('07:45:59')).length).toBeLessThanOrEqual(3);
    expect(new Set(group.map((s) => s.text)).size).toBe(group.length);
    expect(between(inStaff(said), sec('07:40:00'), sec('07:45:00')).length).toBeLessThanOrEqual(3);
    // one escalation chain: each level at most once
    const staff = inStaff(said);
    expect(staff.filter((s) => s.text.includes('已超过响应时限'))).toHaveLength(1);
    expect(staff.filter((s) => s.text.includes('两倍时限'))).toHaveLength(1);
    const done = group.filter((s) => s.text.includes('已处理完成'));
    expect(done).toHaveLength(1);
    for (const who of ['刘先生', '孙姐', '陈伯', '小周', '王太太', '老赵', '吴先生', '郑女士', '冯大爷', '褚先生', '卫女士', '蒋先生']) {
      expect(done[0]!.mentions).toContain(who);
    }
    expect(done[0]!.mentions).not.toContain('钱阿姨');
  });

  it('someone trapped in the lift during a power cut is alerted at once as its own urgent ticket', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: sec('19:30:00'), room: GROUP, from: '刘先生', text: '怎么突然停电了' },
      { at: sec('19:30:20'), room: GROUP, from: '孙姐', text: '我家也没电' },
      { at: sec('19:30:40'), room: GROUP, from: '陈伯', text: '+1' },
      { at: sec('19:31:00'), room: GROUP, from: '小周', text: '电梯也停了' },
      { at: sec('19:31:30'), room: GROUP, from: '王太太', text: '我老公被困在电梯里了！！快来人救救他' },
      { at: sec('19:32:00'), room: GROUP, from: '老赵', text: '我家也是没电' },
      { at: sec('19:32:30'), room: GROUP, from: '钱阿姨', text: '2号电梯也停了，还好里面没人' },
      { at: at('19:40') },
    ]);
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).toMatchObject({ category: 'power', urgent: false });
    expect(tickets[1]).toMatchObject({ category: 'lift', urgent: true, reporter: '王太太' });
    const alert = inStaff(said).find((s) => s.text.startsWith('🚨'))!;
    expect(alert.at < sec('19:31:40')).toBe(true);
    const told = inGroup(said).find((s) => s.mentions?.includes('王太太') && s.text.includes('紧急'))!;
    expect(told.at < sec('19:31:40')).toBe(true);
  });
});
