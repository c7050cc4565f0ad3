import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

/** What the building group and the staff room see after one resident's message. */
async function report(text: string, env: Record<string, string> = {}) {
  const { said, tickets } = await simulate([...SETUP, { at: at('09:00'), room: GROUP, from: '张阿姨', text }, { at: at('09:05') }], env);
  return { group: inGroup(said), staff: inStaff(said), tickets };
}

describe('urgency through the bot', () => {
  it('"着 火 了" typed with spaces raises the urgent staff alert and gives the resident the hotline', async () => {
    const { group, staff, tickets } = await report('着 火 了');
    expect(tickets).toEqual([expect.objectContaining({ urgent: true })]);
    expect(staff.filter((s) => s.text.startsWith('🚨'))).toHaveLength(1);
    expect(staff[0]!.text).toContain('值班');
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toContain('情况紧急');
    expect(group[0]!.text).toContain('400-800-1234');
  });

  it.each([
    ['电\u200b梯坏了，困\u200b人了', 'lift'],
    ['煤\u200b气泄漏了', 'gas'],
    ['着\u200d火了', null],
    ['着\ufeff火了', null],
  ])('sees through invisible characters: %j is urgent', async (text, category) => {
    const { staff, tickets } = await report(text);
    expect(tickets).toEqual([expect.objectContaining({ urgent: true, ...(category ? { category } : {}) })]);
    expect(staff.some((s) => s.text.startsWith('🚨'))).toBe(true);
  });

  it('a staff command with a zero-width character in it is still a command', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:01'), room: '阳光花园物业工作群', from: '王主管', text: '接\u200b单 #1' },
      { at: at('09:05') },
    ]);
    expect(inGroup(said).some((s) => s.text.includes('接单'))).toBe(true);
  });

  it('a person in danger with nothing to repair still alerts staff at once', async () => {
    const { staff, tickets } = await report('快来人 楼下花坛边有个老人倒在地上 叫他没反应');
    expect(tickets).toEqual([expect.objectContaining({ urgent: true })]);
    expect(staff.some((s) => s.text.startsWith('🚨'))).toBe(true);
  });

  it('a question asked in danger is an urgent ticket, not an answer from the FAQ', async () => {
    // the network reads a question about the resident's own charger; the sparks make it an emergency
    const { group, staff, tickets } = await report('我的手机充电器在冒烟 还有火花 怎么办');
    expect(tickets).toEqual([expect.objectContaining({ urgent: true, intent: 'repair' })]);
    expect(staff.some((s) => s.text.startsWith('🚨'))).toBe(true);
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toContain('情况紧急');
  });

  it('the grey band: staff are asked to look now, the resident gets the usual acknowledgement', async () => {
    // thresholds that put every message in the grey band
    const env = { URGENT_THRESHOLD: '1', POSSIBLY_URGENT_THRESHOLD: '0' };
    const { group, staff, tickets } = await report('厨房水管漏水了，麻烦派人来看看', env);
    expect(tickets).toEqual([expect.objectContaining({ urgent: false, intent: 'repair' })]);
    expect(group).toHaveLength(1);
    expect(group[0]!.text).toMatch(/已登记为报修工单 #1/);
    expect(group[0]!.text).not.toContain('紧急');
    const look = staff.filter((s) => s.text.startsWith('⚠️ 可能紧急'));
    expect(look).toHaveLength(1);
    expect(look[0]!.text).toContain('工单 #1');
    expect(look[0]!.text).toContain('请现在安排人去看一下');
    expect(staff.some((s) => s.text.startsWith('🚨'))).toBe(false);
    expect(staff.some((s) => s.text.startsWith('🆕'))).toBe(true);
  });

  it('the grey band on chatter: a look-now note to staff, silence in the group, no ticket', async () => {
    const { group, staff, tickets } = await report('今天天气真好', { URGENT_THRESHOLD: '1', POSSIBLY_URGENT_THRESHOLD: '0' });
    expect(tickets).toEqual([]);
    expect(group).toEqual([]);
    expect(staff.map((s) => s.text)).toEqual([expect.stringMatching(/^⚠️ 可能紧急：.*今天天气真好/)]);
  });

  it('calm talk about danger opens nothing and alerts no one', async () => {
    for (const text of ['明天上午消防演习，警铃会响，大家别紧张', '刚才楼下的火已经灭了，虚惊一场']) {
      const { group, staff, tickets } = await report(text);
      expect({ text, tickets, group, staff }).toEqual({ text, tickets: [], group: [], staff: [] });
    }
  });

  it('a plain request to send someone about a fault is answered; a remark about the cat is not', async () => {
    const lift = await report('电梯不动了，我妈下不了楼，麻烦赶紧派人看看');
    expect(lift.tickets).toEqual([expect.objectContaining({ intent: 'repair', category: 'lift' })]);
    expect(lift.group[0]!.text).toContain('#1');
    const cat = await report('小区那只橘猫又胖了一圈');
    expect(cat).toEqual({ group: [], staff: [], tickets: [] });
  });
});
