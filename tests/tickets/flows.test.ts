import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, testClassifier } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

describe('tickets: from a group message to a rating', () => {
  it('repair → accept → progress → resolve → rating (tests/scripts/tickets/repair-to-rating.jsonl)', async () => {
    const { said, tickets } = await simulate(readFileSync('tests/scripts/tickets/repair-to-rating.jsonl', 'utf8'));
    expect(tickets).toEqual([expect.objectContaining({ id: 1, intent: 'repair', category: 'water', status: 'closed', assignee: '李师傅', rating: 5, unit: '3栋2单元1502' })]);
    const group = inGroup(said);
    // confirm: @reporter, restated problem, #id and the promised time, in the same minute
    expect(group[0]).toMatchObject({ at: '2026-11-23T09:00:00+08:00', mentions: ['张阿姨'] });
    expect(group[0]!.text).toMatch(/厨房水管漏水.*#1.*15分钟/);
    expect(group.some((s) => s.text.includes('李师傅接单'))).toBe(true);
    expect(group.some((s) => s.text.includes('师傅在路上，10点前到'))).toBe(true);
    const ask = group.find((s) => s.text.includes('打个分'))!;
    expect(ask).toMatchObject({ at: '2026-11-23T11:00:00+08:00', mentions: ['张阿姨'] });
    expect(ask.text).toContain('已更换厨房水管接头');
    expect(group.at(-1)!.text).toContain('感谢您的评价（5分）');
    const history = inStaff(said).at(-1)!.text;
    for (const step of ['登记', '接单（待接单→处理中）', '进展', '完成（处理中→已完成待评价）', '评价：5分', '关闭（已完成待评价→已关闭）']) expect(history).toContain(step);
  });

  it('a silent complaint is reminded, escalated to the supervisor at 15 minutes and to the manager at 30', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '小区保安晚上值班老是睡觉，太不负责任了' },
      { at: at('09:40') },
      { at: at('09:41'), room: STAFF, from: '王主管', text: '派单 #1 @李师傅' },
      { at: at('10:30') },
    ]);
    expect(tickets[0]).toMatchObject({ intent: 'complaint', status: 'accepted', assignee: '李师傅' });
    expect(inGroup(said)[0]!.text).toMatch(/投诉工单 #1.*15分钟内/);
    const staff = inStaff(said);
    const remind = staff.find((s) => s.text.startsWith('⏰'))!;
    expect(remind.at).toBe('2026-11-23T09:10:00+08:00');
    const supervisor = staff.find((s) => s.text.includes('已超过响应时限'))!;
    expect(supervisor.at).toBe('2026-11-23T09:15:00+08:00');
    expect(supervisor.mentions).toEqual(['王主管']);
    const manager = staff.find((s) => s.text.includes('两倍时限'))!;
    expect(manager.at).toBe('2026-11-23T09:30:00+08:00');
    expect(manager.mentions).toContain('赵经理');
    // once assigned, the response clock stops: nothing more until the 24-hour resolution reminder
    expect(staff.filter((s) => /⏰|⚠️|🔴/.test(s.text) && s.at > '2026-11-23T09:41')).toEqual([]);
    expect(inGroup(said).some((s) => s.text.includes('已安排李师傅处理'))).toBe(true);
  });

  it('an urgent report alerts the on-duty supervisor at once and gives the resident the hotline', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { setup: 'staff', name: '孙主管', role: 'supervisor' },
      { at: at('08:50'), room: STAFF, from: '赵经理', text: '值班 @孙主管' },
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '电梯突然停了，我被困在里面了，快来人' },
    ]);
    expect(tickets[0]).toMatchObject({ urgent: true, category: 'lift' });
    const reply = inGroup(said)[0]!;
    expect(reply.at.startsWith('2026-11-23T09:00')).toBe(true);
    expect(reply.text).toContain('400-800-1234');
    expect(reply.text).toContain('#1');
    const alert = inStaff(said).find((s) => s.text.startsWith('🚨'))!;
    expect(alert.at.startsWith('2026-11-23T09:00')).toBe(true);
    expect(alert.mentions).toEqual(['孙主管']);
    expect(alert.text).toContain('值班：孙主管');
  });

  it('answers an FAQ question from the knowledge base, in the asker\'s script, with no ticket', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '物业费怎么交？' },
      { at: at('09:01'), room: GROUP, from: '陈伯', text: '物業費怎麼交？' },
    ]);
    expect(tickets).toEqual([]);
    const [simplified, traditional] = inGroup(said);
    expect(simplified!.text).toContain('物业费');
    expect(traditional!.text).toContain('物業費');
    expect(inStaff(said)).toEqual([]);
  });

  it('stays silent on an unclear message and asks one question when the bot is @mentioned', async () => {
    // the premise of this test: a vague message the classifier is unsure about (below NLU_THRESHOLD=1, the
    // strictest setting), whichever intent it leans to; vague messages move in and out of any narrower band
    // as the corpus grows and from one training to the next, so take the first that is in it
    const classifier = await testClassifier();
    const text = ['那个东西又不行了', '窗户好像有点问题', '水压有点小', '水龙头有点怪', '灯有时候闪', '墙上有点湿', '门有点响'].find((t) => {
      const u = classifier.classify(t);
      return !u.urgent && !u.request && u.confidence < 1;
    });
    expect(text).toBeDefined();
    if (!text) return;
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text },
      { at: at('09:05'), room: GROUP, from: '张阿姨', text: `@邻里小助手 ${text}` },
    ], { NLU_THRESHOLD: '1' });
    expect(tickets).toEqual([]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({ room: GROUP, at: '2026-11-23T09:05:00+08:00', mentions: ['张阿姨'] });
    expect(said[0]!.text).toMatch(/请问.*？/);
  });

  it('the same resident repeating an open problem adds to the ticket instead of opening another', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:30'), room: GROUP, from: '张阿姨', text: '厨房水管漏水，请尽快来修' },
      { at: at('09:31'), room: STAFF, from: '王主管', text: '查 #1' },
      { at: at('09:32'), room: STAFF, from: '王主管', text: '工单 超时' },
      { at: at('09:33'), room: STAFF, from: '王主管', text: '/stats 今天' },
      { at: at('09:40') },
    ]);
    expect(tickets).toHaveLength(1);
    expect(inStaff(said).find((s) => s.text.startsWith('超时工单'))!.text).toContain('#1 待接单【水管/用水】');
    const stats = inStaff(said).find((s) => s.text.startsWith('📊'))!.text;
    expect(stats).toContain('今天工单统计：共 1 张（报修1）');
    expect(stats).toContain('按时 0%（0/1）');
    expect(inGroup(said)[1]!.text).toContain('已在工单 #1 中跟进');
    expect(inStaff(said).find((s) => s.text.startsWith('工单 #1'))!.text).toContain('张阿姨 再次反映：厨房水管漏水，请尽快来修');
  });

  it('three residents reporting the same lift fault make one ticket; all three hear it is fixed', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '电梯又坏了，按了没反应' },
      { at: at('09:10'), room: GROUP, from: '刘先生', text: '3号电梯不动了' },
      { at: at('09:20'), room: GROUP, from: '陈伯', text: '电梯坏了吗？一直停在12楼不动' },
      { at: at('09:25'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('10:30'), room: STAFF, from: '李师傅', text: '完成 #1 已更换控制板' },
      { at: at('10:31'), room: STAFF, from: '王主管', text: '查 #1' },
    ]);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ category: 'lift', status: 'resolved' });
    expect(inGroup(said).find((s) => s.text.includes('第3位反映人'))?.mentions).toEqual(['陈伯']);
    const done = inGroup(said).find((s) => s.text.includes('已处理完成'))!;
    expect([...(done.mentions ?? [])].sort()).toEqual(['刘先生', '张阿姨', '陈伯'].sort());
    expect(done.text).toContain('3栋电梯故障');
    expect(inStaff(said).at(-1)!.text).toContain('（3人）');
    // the lift target is 2 hours
    expect(inGroup(said)[0]!.text).toContain('2小时内处理好');
  });

  it('a resident typing a staff command changes nothing and is answered privately', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:02'), room: GROUP, from: '刘先生', text: '完成 #1' },
      { at: at('09:03'), from: '刘先生', text: '接单 1' },
    ]);
    expect(tickets[0]).toMatchObject({ status: 'open', assignee: null });
    expect(inGroup(said)).toHaveLength(1);
    const privately = said.filter((s) => s.to === '刘先生');
    expect(privately).toHaveLength(2);
    expect(privately[0]!.text).toContain('没有改动任何工单');
  });

  it('the resident saying "没修好" reopens the ticket; the second repair is rated', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('10:00'), room: STAFF, from: '李师傅', text: '完成 #1' },
      { at: at('12:00'), room: GROUP, from: '张阿姨', text: '没修好，还在漏' },
      { at: at('14:00'), room: STAFF, from: '李师傅', text: '/resolve #1 换了新阀门' },
      { at: at('15:00'), room: GROUP, from: '张阿姨', text: '满意' },
      { at: at('15:01'), room: STAFF, from: '王主管', text: '查 #1' },
    ]);
    expect(tickets).toHaveLength(1); // the rating replies opened nothing
    expect(tickets[0]).toMatchObject({ status: 'closed', rating: 4 });
    expect(inGroup(said).find((s) => s.at.startsWith('2026-11-23T12:00'))!.text).toContain('#1 已重新打开');
    const alert = inStaff(said).find((s) => s.text.includes('没修好'))!;
    expect(alert.mentions).toEqual(expect.arrayContaining(['李师傅', '王主管']));
    expect(inStaff(said).at(-1)!.text).toContain('重开（已完成待评价→处理中）：住户反馈：没修好，还在漏');
  });

  it('挂起 pauses the clock: no escalation while waiting, deadlines move by the time waited', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:05'), room: STAFF, from: '李师傅', text: '接单 #1' },
      { at: at('09:10'), room: STAFF, from: '李师傅', text: '挂起 #1 等配件到货' },
      { at: at('10:10', 24), room: STAFF, from: '李师傅', text: '恢复 #1' },
      { at: at('10:30', 25) },
    ]);
    expect(tickets[0]).toMatchObject({ status: 'accepted' });
    expect(inGroup(said).some((s) => s.text.includes('等配件到货'))).toBe(true);
    const timed = inStaff(said).filter((s) => /^(⏰|⚠️|🔴)/.test(s.text));
    // paused 25 hours: the 24-hour deadline (24th 09:00) moves to the 25th 10:00
    expect(inStaff(said).find((s) => s.text.startsWith('▶️'))!.text).toContain('11-25 10:00');
    expect(timed.map((s) => s.at)).toEqual(['2026-11-25T09:55:00+08:00', '2026-11-25T10:00:00+08:00']);
  });

  it('answers unknown ids, impossible transitions, missing arguments and wrong roles clearly', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
      { at: at('09:01'), room: STAFF, from: '李师傅', text: '接单 #99' },
      { at: at('09:02'), room: STAFF, from: '李师傅', text: '完成' },
      { at: at('09:03'), room: STAFF, from: '李师傅', text: '挂起 #1' },
      { at: at('09:04'), room: STAFF, from: '王主管', text: '派单 #1' },
      { at: at('09:05'), room: STAFF, from: '王主管', text: '完成 #1' },
      { at: at('09:06'), room: GROUP, from: '张阿姨', text: '5' },
      { at: at('09:07'), room: STAFF, from: '李师傅', text: '完成 #1' },
      { at: at('09:08'), room: STAFF, from: '李师傅', text: '重开 #1' },
      { at: at('09:09'), room: STAFF, from: '王主管', text: '工单 奇怪' },
      { at: at('09:10'), room: GROUP, from: '王主管', text: '接单 #1' },
    ]);
    const staff = inStaff(said).map((s) => s.text);
    expect(staff).toContain('没有找到工单 #99，请核对编号（发「工单 全部」可查看当前工单）。');
    expect(staff).toContain('请写上工单号，例如：完成 #17 已更换水管');
    expect(staff.some((t) => t.includes('还没有人接单'))).toBe(true); // a technician cannot hold an unaccepted ticket
    expect(staff.some((t) => t.startsWith('请 @ 要派给的同事'))).toBe(true);
    expect(staff.some((t) => t.includes('工单 #1 当前已关闭，不能标记完成'))).toBe(true);
    expect(staff.some((t) => t.includes('请写「工单 我的」'))).toBe(true);
    const privately = said.filter((s) => s.to);
    expect(privately.map((s) => s.to)).toEqual(['李师傅', '王主管']);
    expect(privately[0]!.text).toContain('需要经理或主管权限');
    expect(privately[1]!.text).toContain('请在物业工作群或私聊我时使用');
    expect(tickets[0]).toMatchObject({ status: 'closed', rating: 5 });
  });
});
