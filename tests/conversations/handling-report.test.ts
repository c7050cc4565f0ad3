import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, STAFF, SETUP, at, inGroup, inStaff } from '../helpers/community.js';

const LIFT = [
  ...SETUP,
  { at: at('08:00'), room: GROUP, from: '刘先生', text: '电梯卡在5楼不动了，按钮也没反应' },
  { at: at('08:03'), room: GROUP, from: '孙姐', text: '电梯坏了吗？我要送孩子上学' },
  { at: at('08:05'), room: STAFF, from: '李师傅', text: '接单 #1' },
  { at: at('08:40'), room: STAFF, from: '李师傅', text: '进度 #1 控制板烧了，配件9点半送到' },
  { at: at('10:10'), room: STAFF, from: '李师傅', text: '完成 #1 更换电梯主控板，试运行正常' },
];

describe('handling reports of serious incidents', () => {
  it('a lift fault: drafted from the record on resolve, the supervisor confirms, the group gets it once', async () => {
    const { said } = await simulate([
      ...LIFT,
      { at: at('10:30'), room: STAFF, from: '王主管', text: '报告 #1 确认' },
      { at: at('10:35'), room: STAFF, from: '王主管', text: '报告 #1 确认' },
      { at: at('10:40') },
    ]);
    const ask = inStaff(said).find((s) => s.text.startsWith('📝'))!;
    expect(ask.at.slice(11, 16)).toBe('10:10');
    expect(ask.mentions).toEqual(['王主管']);
    for (const part of ['工单 #1', '2位住户反映', '08:05 李师傅接单', '控制板烧了', '更换电梯主控板，试运行正常', '11月23日10:10']) expect(ask.text).toContain(part);
    const reports = inGroup(said).filter((s) => s.text.startsWith('【处理报告】'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.at.slice(11, 16)).toBe('10:30');
    expect(inStaff(said).some((s) => s.text.includes('不会重复发送'))).toBe(true);
  });

  it('an edited report goes out as written; a resident cannot confirm one; an unconfirmed one is reminded after 24 hours', async () => {
    const edited = await simulate([
      ...LIFT,
      { at: at('10:20'), room: GROUP, from: '刘先生', text: '报告 #1 确认' },
      { at: at('10:30'), room: STAFF, from: '王主管', text: '报告 #1 修改 【处理报告】3栋电梯今早8点故障停运，李师傅更换主控板后于10:10恢复运行。给大家添麻烦了。' },
    ]);
    const reports = inGroup(edited.said).filter((s) => s.text.startsWith('【处理报告】'));
    expect(reports.map((s) => s.text)).toEqual(['【处理报告】3栋电梯今早8点故障停运，李师傅更换主控板后于10:10恢复运行。给大家添麻烦了。']);
    expect(reports[0]!.at.slice(11, 16)).toBe('10:30');
    expect(edited.said.some((s) => s.to === '刘先生' && s.text.includes('工作人员的指令'))).toBe(true);

    const forgotten = await simulate([...LIFT, { at: at('10:30', 24) }, { at: at('11:00', 24) }]);
    const reminders = inStaff(forgotten.said).filter((s) => s.text.includes('处理报告还没有确认'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.at.slice(0, 16)).toBe('2026-11-24T10:10');
    expect(inGroup(forgotten.said).some((s) => s.text.startsWith('【处理报告】'))).toBe(false);
  });
});
