import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

describe('staff commands typed in a building group are answered privately', () => {
  it('帮助, 值班, 值班 @某人, 添加员工, 员工列表, 本群: the group hears nothing, the staff member hears it all', async () => {
    const { said } = await simulate([
      ...SETUP,
      { setup: 'resident', name: '小陈', room: GROUP },
      { setup: 'resident', name: '刘先生', room: GROUP },
      { at: at('09:00'), room: GROUP, from: '赵经理', text: '帮助' },
      { at: at('09:01'), room: GROUP, from: '赵经理', text: '值班' },
      { at: at('09:02'), room: GROUP, from: '赵经理', text: '值班 @王主管' },
      { at: at('09:03'), room: GROUP, from: '赵经理', text: '添加员工 @小陈 维修 陈建国' },
      { at: at('09:04'), room: GROUP, from: '王主管', text: '员工列表' },
      { at: at('09:05'), room: GROUP, from: '赵经理', text: '本群' },
      { at: at('09:06'), room: GROUP, from: '李师傅', text: '值班 @李师傅' },
      // a resident's report in between is still answered in the group
      { at: at('09:07'), room: GROUP, from: '刘先生', text: '楼道灯坏了，麻烦修一下' },
      { at: at('09:08'), room: STAFF, from: '王主管', text: '帮助' },
    ]);
    // the crowd sees only the answer to the resident's report
    expect(inGroup(said)).toHaveLength(1);
    expect(inGroup(said)[0]!.mentions).toEqual(['刘先生']);
    expect(inGroup(said)[0]!.text).toContain('报修工单 #1');

    const toManager = said.filter((s) => s.to === '赵经理').map((s) => s.text);
    expect(toManager).toHaveLength(5);
    expect(toManager[0]).toMatch(/^可用指令/);
    expect(toManager[0]).toContain('添加员工 @某人 角色 [姓名]');
    expect(toManager[1]).toBe('当前没有设置值班，紧急情况会通知全部主管。设置：值班 @某人（主管或经理）');
    expect(toManager[2]).toBe('已设置王主管（主管）值班，紧急报修和超时升级会先通知王主管。');
    expect(toManager[3]).toBe('已添加员工：陈建国（维修师傅）。');
    expect(toManager[4]).toMatch(/^本群：阳光花园 3栋/);
    // work that belongs in the staff room is refused privately, as before
    expect(said.filter((s) => s.to === '王主管').map((s) => s.text)[0]).toContain('请在物业工作群或私聊我时使用');
    expect(said.filter((s) => s.to === '李师傅').map((s) => s.text)).toEqual(['设置值班需要主管或经理权限。']);
    // in the staff room the list is answered in the room
    expect(inStaff(said).some((s) => s.text.startsWith('可用指令') && s.mentions?.includes('王主管'))).toBe(true);
  });

  it("a resident's 帮助 gets residents' help: how to report, ask, rate and bind a home", async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), from: '张阿姨', text: '帮助' },
      { at: at('09:01'), room: GROUP, from: '张阿姨', text: '帮助' },
      // "帮助 …" with more words is a message, not a request for the help text
      { at: at('09:02'), room: GROUP, from: '张阿姨', text: '帮助 我家厨房水管漏水了' },
    ]);
    const privately = said.filter((s) => s.to === '张阿姨').map((s) => s.text);
    expect(privately).toHaveLength(1);
    for (const help of [privately[0]!, inGroup(said)[0]!.text]) {
      expect(help).toContain('报修、投诉：直接在群里说明问题和位置');
      expect(help).toContain('评价：维修完成后我会请您打 1–5 分');
      expect(help).toContain('绑定 3栋2单元1502');
      expect(help).not.toContain('工作人员的指令');
      expect(help).not.toContain('接单');
    }
    expect(tickets).toHaveLength(1);
    expect(tickets[0]!.category).toBe('water');
  });
});
