import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

const SEPARATOR = '- - - - - - - - - - - - - - -';
const quoting = (author: string, text: string, reply: string) => `「${author}：${text}」\n${SEPARATOR}\n${reply}`;

describe('follow-ups go to the right ticket', () => {
  it('a resident quoting the bot\'s "accepted" message to chase it gets #1\'s status, the technician is nudged, no new ticket', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '卫生间的水管一直在滴水，麻烦派个师傅来看看' },
      { at: at('09:04'), room: GROUP, from: '刘先生', text: '今天天气不错啊' },
      { at: at('09:06'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('09:30'), room: GROUP, from: '陈伯', text: '有人知道快递柜在哪吗' },
      { at: at('12:40'), room: GROUP, from: '张阿姨', text: quoting('邻里小助手', '@张阿姨 您好，工单 #1 已由李师傅接单，会尽快和您联系处理。', '都三个多小时了，还是没人来啊') },
      { at: at('12:45') },
    ]);
    expect(tickets).toHaveLength(1);
    const answer = inGroup(said).find((s) => s.at >= at('12:40'))!;
    expect(answer.mentions).toEqual(['张阿姨']);
    expect(answer.text).toMatch(/#1.*李师傅.*09:06接单/);
    const nudge = inStaff(said).find((s) => s.text.startsWith('📣'))!;
    expect(nudge.mentions).toEqual(['李师傅']);
    expect(nudge.text).toContain('都三个多小时了，还是没人来啊');
    // the quoted message leaks nowhere
    for (const s of said) expect(s.text).not.toContain('- - -');
    expect(nudge.text).not.toContain('已由李师傅接单');
  });

  it('a chase naming #id of an overdue complaint moves the escalation on to the manager at once', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '楼下烧烤摊天天晚上吵到十二点，太扰民了' },
      { at: at('09:18'), room: GROUP, from: '张阿姨', text: '#1 怎么还没人联系我？' },
      { at: at('09:25') },
    ]);
    expect(tickets).toHaveLength(1);
    const answer = inGroup(said).find((s) => s.at >= at('09:18'))!;
    expect(answer.text).toMatch(/#1.*还在安排专人.*已超过承诺的09:15.*已上报主管/);
    const staff = inStaff(said);
    const manager = staff.find((s) => s.text.includes('两倍时限'))!;
    expect(manager.at < at('09:19')).toBe(true);
    expect(manager.mentions).toContain('赵经理');
    expect(staff.some((s) => s.text.startsWith('📣') && s.mentions?.includes('王主管'))).toBe(true);
  });

  it('an @bot status question gets the ticket\'s status, not a generic answer', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('08:50'), room: GROUP, from: '刘先生', text: '早上好各位' },
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '我家厨房的灯不亮了，开关按了没反应' },
      { at: at('09:03'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('09:20'), room: STAFF, from: '李师傅', text: '进度 #1 需要换镇流器，下午两点上门' },
      { at: at('10:10'), room: GROUP, from: '张阿姨', text: '@邻里小助手 师傅几点到啊' },
      { at: at('10:15') },
    ]);
    expect(tickets).toHaveLength(1);
    const answer = inGroup(said).find((s) => s.at >= at('10:10'))!;
    expect(answer.text).toContain('#1');
    expect(answer.text).toContain('下午两点上门');
    expect(answer.text).not.toMatch(/24小时内回复/);
    expect(inStaff(said).find((s) => s.text.startsWith('📣'))!.mentions).toEqual(['李师傅']);
  });

  it('a resident with two open tickets is asked which one, then the chase naming #2 goes to #2', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '我家卫生间地漏堵了，麻烦来通一下' },
      { at: at('09:10'), room: GROUP, from: '张阿姨', text: '还有我家阳台的晾衣架坏了，也请师傅看看' },
      { at: at('11:00'), room: GROUP, from: '张阿姨', text: '怎么还没人来？' },
      { at: at('11:02'), room: GROUP, from: '张阿姨', text: '#2 还没人来' },
      { at: at('11:05') },
    ]);
    expect(tickets).toHaveLength(2);
    const which = inGroup(said).find((s) => s.at >= at('11:00'))!;
    expect(which.text).toMatch(/2张.*#1.*#2.*哪一张/);
    expect(inGroup(said).find((s) => s.at >= at('11:02'))!.text).toMatch(/^工单 #2/);
    expect(inStaff(said).filter((s) => s.text.startsWith('📣'))).toHaveLength(1);
  });
});
